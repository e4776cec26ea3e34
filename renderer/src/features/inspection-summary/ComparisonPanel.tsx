import type { ItemChange } from '../../../../shared/ipc/views/inspections.ts';
import type {
  AttachmentItemView,
  InspectionSheetView,
  SheetComparisonItemView,
} from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateLong } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import { PhotoStrip } from './PhotoStrip.tsx';
import { inLanguage, photosByItem, points } from './summary-format.ts';

const GROUPS: readonly Exclude<ItemChange, 'same'>[] = ['worse', 'better', 'new', 'not_assessed'];

/**
 * Side by side with the property's previous finished inspection of the same checklist: what got
 * worse, what got better, what is newly assessed or not assessed now, and (folded) what stayed the
 * same; each item with its answers and points then and now and its photos then beside now.
 */
export function ComparisonPanel({
  sheet,
  photos,
  onFetched,
}: {
  sheet: InspectionSheetView;
  photos: ReadonlyMap<string, AttachmentItemView[]>;
  onFetched: () => void;
}) {
  const { t } = useT();
  const previous = sheet.comparison.previous;
  if (!previous)
    return (
      <p className="muted" data-testid="compare-none">
        {t('inspectionSummary:compare.none')}
      </p>
    );
  return <Compared sheet={sheet} previousId={previous.id} photos={photos} onFetched={onFetched} />;
}

function Compared({
  sheet,
  previousId,
  photos,
  onFetched,
}: {
  sheet: InspectionSheetView;
  previousId: string;
  photos: ReadonlyMap<string, AttachmentItemView[]>;
  onFetched: () => void;
}) {
  const { t, i18n } = useT();
  const before = useCall('attachments.list', { ownerTable: 'inspection', ownerId: previousId });
  const beforePhotos = photosByItem(before.data);
  const { comparison } = sheet;
  const previous = comparison.previous!;
  const rows = (list: SheetComparisonItemView[]) => (
    <ul className="is-compare-list">
      {list.map((c) => (
        <CompareRow
          key={c.itemKey}
          item={c}
          photosNow={photos.get(c.itemKey) ?? []}
          photosBefore={beforePhotos.get(c.itemKey) ?? []}
          onFetched={() => {
            onFetched();
            before.reload();
          }}
        />
      ))}
    </ul>
  );
  const same = comparison.items.filter((c) => c.change === 'same');
  return (
    <div className="is-compare">
      <p data-testid="compare-previous">
        {t('inspectionSummary:compare.previous', {
          date: formatDateLong(previous.inspectedOn, i18n.language),
          surveyor: previous.surveyorName ?? '—',
        })}
      </p>
      <p className="muted" data-testid="compare-counts">
        {t('inspectionSummary:compare.counts', {
          ...comparison.counts,
          notAssessed: comparison.counts.not_assessed,
        })}
      </p>
      {GROUPS.map((g) => {
        const list = comparison.items.filter((c) => c.change === g);
        if (list.length === 0) return null;
        return (
          <div key={g} className={`is-compare-group change-${g}`} data-testid={`compare-${g}`}>
            <h3>{t(`inspectionSummary:compare.${g}`)}</h3>
            {rows(list)}
          </div>
        );
      })}
      {same.length ? (
        <details className="is-compare-group change-same" data-testid="compare-same">
          <summary>{t('inspectionSummary:compare.showSame', { count: same.length })}</summary>
          {rows(same)}
        </details>
      ) : null}
    </div>
  );
}

function CompareRow({
  item,
  photosNow,
  photosBefore,
  onFetched,
}: {
  item: SheetComparisonItemView;
  photosNow: AttachmentItemView[];
  photosBefore: AttachmentItemView[];
  onFetched: () => void;
}) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const label = inLanguage(item.label, lang);
  const side = (answer: typeof item.now, pts: number | null) =>
    answer
      ? `${inLanguage(answer, lang)}${pts !== null ? `（${points(pts)}）` : ''}`
      : t('inspectionSummary:score.notAssessed');
  return (
    <li className="is-compare-row" data-testid={`compare-item-${item.itemKey}`}>
      <h4>{label}</h4>
      <div className="is-compare-sides">
        <div>
          <p className="is-side-label">{t('inspectionSummary:compare.before')}</p>
          <p data-testid="compare-before">{side(item.before, item.beforePoints)}</p>
          {photosBefore.length || photosNow.length ? (
            <PhotoStrip
              photos={photosBefore}
              itemLabel={`${label} ${t('inspectionSummary:compare.photosBefore')}`}
              onFetched={onFetched}
            />
          ) : null}
        </div>
        <div>
          <p className="is-side-label">{t('inspectionSummary:compare.now')}</p>
          <p data-testid="compare-now">{side(item.now, item.nowPoints)}</p>
          {photosBefore.length || photosNow.length ? (
            <PhotoStrip
              photos={photosNow}
              itemLabel={`${label} ${t('inspectionSummary:compare.photosNow')}`}
              onFetched={onFetched}
            />
          ) : null}
        </div>
      </div>
    </li>
  );
}
