import type { InspectionSheetView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { inLanguage, points } from './summary-format.ts';

/**
 * The measures (不良度, 老朽度 …) with the town's rules shown beside the base: base / town added /
 * multipliers / total, the band, and when answers are missing the worst case; then each category with
 * its cap (最高評点), so a capped sum is visible.
 */
export function ScorePanel({ sheet }: { sheet: InspectionSheetView }) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const { score } = sheet.inspection;
  const town = sheet.townRules !== null;
  return (
    <div className="is-score">
      {score.measures.length > 0 ? (
        <div className="is-table-wrap">
          <table className="is-table" data-testid="measure-table">
            <thead>
              <tr>
                <th scope="col">{t('inspectionSummary:score.measure')}</th>
                <th scope="col" className="num">
                  {t('inspectionSummary:score.base')}
                </th>
                {town ? (
                  <>
                    <th scope="col" className="num">
                      {t('inspectionSummary:score.townAdded')}
                    </th>
                    <th scope="col">{t('inspectionSummary:score.multipliers')}</th>
                  </>
                ) : null}
                <th scope="col" className="num">
                  {t('inspectionSummary:score.total')}
                </th>
                <th scope="col">{t('inspectionSummary:score.band')}</th>
              </tr>
            </thead>
            <tbody>
              {score.measures.map((m) => (
                <tr key={m.key} data-testid={`measure-${m.key}`}>
                  <th scope="row">{inLanguage(m.label, lang)}</th>
                  <td className="num" data-testid="measure-base">
                    {points(m.base)}
                  </td>
                  {town ? (
                    <>
                      <td className="num" data-testid="measure-town">
                        {points(m.townAdded)}
                      </td>
                      <td data-testid="measure-multipliers">
                        {m.multipliers.length
                          ? m.multipliers.map((x) => inLanguage(x.label, lang)).join('、')
                          : t('inspectionSummary:score.none')}
                      </td>
                    </>
                  ) : null}
                  <td className="num strong" data-testid="measure-total">
                    {points(m.total)}
                  </td>
                  <td>
                    <span className={`is-band band-${m.band.key}`}>{inLanguage(m.band.label, lang)}</span>
                    {town && m.baseBand.key !== m.band.key ? (
                      <div className="muted">
                        {t('inspectionSummary:score.baseBand', { band: inLanguage(m.baseBand.label, lang) })}
                      </div>
                    ) : null}
                    {m.provisional ? (
                      <div className="is-provisional" data-testid="measure-provisional">
                        {t('inspectionSummary:score.provisional', { max: points(m.maxPossible) })}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {score.categories.length > 0 ? (
        <div className="is-table-wrap">
          <table className="is-table" data-testid="category-table">
            <thead>
              <tr>
                <th scope="col">{t('inspectionSummary:score.category')}</th>
                <th scope="col" className="num">
                  {t('inspectionSummary:score.raw')}
                </th>
                <th scope="col" className="num">
                  {t('inspectionSummary:score.cap')}
                </th>
                <th scope="col" className="num">
                  {t('inspectionSummary:score.points')}
                </th>
              </tr>
            </thead>
            <tbody>
              {score.categories.map((c) => (
                <tr key={c.key}>
                  <th scope="row">
                    {inLanguage(c.label, lang)}
                    {c.from === 'town' ? t('inspectionSummary:score.town') : ''}
                  </th>
                  <td className="num">{points(c.raw)}</td>
                  <td className="num">{c.cap === null ? '—' : points(c.cap)}</td>
                  <td className="num strong">{points(c.points)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
