import { addDays } from '../../../../shared/domain/dates.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateLong, formatWareki } from '../../lib/format.ts';

/** The board's day: previous, next, back to today (the same as the [ ] t keys). */
export function DateNav({
  date,
  today,
  onChange,
}: {
  date: string;
  today: string;
  onChange: (date: string) => void;
}) {
  const { t, i18n } = useT();
  return (
    <fieldset className="date-nav">
      <legend className="visually-hidden">{t('today.date')}</legend>
      <button type="button" onClick={() => onChange(addDays(date, -1))} aria-keyshortcuts="[">
        ‹ {t('today.prevDay')} <kbd>[</kbd>
      </button>
      <div className="date-current">
        <strong>{formatDateLong(date, i18n.language)}</strong>
        <span className="wareki">{formatWareki(date)}</span>
      </div>
      <button type="button" onClick={() => onChange(addDays(date, 1))} aria-keyshortcuts="]">
        {t('today.nextDay')} › <kbd>]</kbd>
      </button>
      {date !== today ? (
        <button type="button" onClick={() => onChange(today)} aria-keyshortcuts="t">
          {t('today.backToToday')} <kbd>t</kbd>
        </button>
      ) : null}
    </fieldset>
  );
}
