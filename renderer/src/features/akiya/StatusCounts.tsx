import { PROPERTY_STATUSES, type PropertyStatus } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * 候補 n, 調査済 n, …: how many properties each status holds under the other filters. Each count is a
 * toggle that adds its status to the filter (several may be on); すべて clears them.
 */
export function StatusCounts({
  counts,
  selected,
  onChange,
}: {
  counts: Record<PropertyStatus, number> | null;
  selected: PropertyStatus[];
  onChange: (next: PropertyStatus[]) => void;
}) {
  const { t } = useT();
  const total = counts ? PROPERTY_STATUSES.reduce((n, s) => n + counts[s], 0) : 0;
  const toggle = (s: PropertyStatus) =>
    onChange(
      selected.includes(s)
        ? selected.filter((x) => x !== s)
        : PROPERTY_STATUSES.filter((x) => x === s || selected.includes(x)),
    );
  return (
    <fieldset className="akiya-counts">
      <legend className="visually-hidden">{t('akiya:counts.label')}</legend>
      <button
        type="button"
        className="akiya-count"
        aria-pressed={selected.length === 0}
        onClick={() => onChange([])}
      >
        {t('akiya:counts.all', { count: total })}
      </button>
      {PROPERTY_STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          className={`akiya-count status-${s}`}
          aria-pressed={selected.includes(s)}
          data-status={s}
          onClick={() => toggle(s)}
        >
          {t('akiya:counts.status', { status: t(`akiya:status.${s}`), count: counts?.[s] ?? 0 })}
        </button>
      ))}
    </fieldset>
  );
}
