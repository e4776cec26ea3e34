import type { AttachmentItemView, InspectionSheetView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { PhotoStrip } from './PhotoStrip.tsx';
import { inLanguage, points } from './summary-format.ts';

/**
 * Every item, section by section: the answer, its points, the note and the item's photos. 確認できず
 * and 未回答 are said in words (never a 0), with what the item could still add.
 */
export function ItemTable({
  sheet,
  photos,
  onFetched,
}: {
  sheet: InspectionSheetView;
  photos: ReadonlyMap<string, AttachmentItemView[]>;
  onFetched: () => void;
}) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const whole = photos.get('') ?? [];
  return (
    <div className="is-items">
      {sheet.sections.map((s) => (
        <div className="is-table-wrap" key={s.key}>
          <table className="is-table is-item-table" data-testid={`section-${s.key}`}>
            <caption>{inLanguage(s.label, lang)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inspectionSummary:score.item')}</th>
                <th scope="col">{t('inspectionSummary:score.answer')}</th>
                <th scope="col" className="num">
                  {t('inspectionSummary:score.itemPoints')}
                </th>
                <th scope="col">{t('inspectionSummary:score.photos')}</th>
              </tr>
            </thead>
            <tbody>
              {s.items.map((it) => {
                const label = inLanguage(it.label, lang);
                return (
                  <tr key={it.key} data-testid={`item-${it.key}`} data-state={it.state}>
                    <th scope="row">
                      {label}
                      {it.note ? (
                        <div className="is-note">
                          {t('inspectionSummary:score.note')}：{it.note}
                        </div>
                      ) : null}
                    </th>
                    <td>
                      {it.state === 'answered' ? (
                        inLanguage(it.choiceLabel, lang)
                      ) : (
                        <span className="is-missing">
                          {t(
                            it.state === 'could_not_check'
                              ? 'inspectionSummary:score.couldNotCheck'
                              : 'inspectionSummary:score.notAssessed',
                          )}
                        </span>
                      )}
                    </td>
                    <td className="num" data-testid="item-points">
                      {it.points !== null ? (
                        points(it.points)
                      ) : it.category && it.maxPoints > 0 ? (
                        <span className="muted">
                          {t('inspectionSummary:score.upTo', { max: points(it.maxPoints) })}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="is-photo-cell">
                      <PhotoStrip photos={photos.get(it.key) ?? []} itemLabel={label} onFetched={onFetched} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      {whole.length > 0 ? (
        <div className="is-whole">
          <h3>{t('inspectionSummary:photo.whole')}</h3>
          <PhotoStrip photos={whole} itemLabel={t('inspectionSummary:photo.whole')} onFetched={onFetched} />
        </div>
      ) : null}
    </div>
  );
}
