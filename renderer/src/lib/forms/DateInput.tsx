import { useEffect, useState } from 'react';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { parseJapaneseDate, toWareki } from '../../../../shared/text/japanese-date.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateWithYear } from '../format.ts';
import { DatePicker } from './DatePicker.tsx';

function interpret(raw: string): { date: string | null; error: string | null } {
  if (raw.trim() === '') return { date: null, error: null };
  // Today in Japan, for 12/5 (nearest year) and 明日: read at each keystroke so a laptop left open
  // overnight does not resolve 明日 against yesterday.
  const parsed = parseJapaneseDate(raw, japanDate(new Date()));
  if (parsed.ok) return { date: parsed.date, error: null };
  return {
    date: null,
    error: parsed.error === 'outsideEra' ? 'validation.outsideEra' : 'validation.japaneseDate',
  };
}

/** What the field shows once a date is understood; it parses back to the same date. */
function shownText(date: string, lang: string): string {
  if (lang === 'ja') return toWareki(date);
  return `${Number(date.slice(0, 4))}/${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}

/**
 * A date typed the way office staff type it: 2026/12/5, 令和8年12月5日, R8.12.5, 元年, 12/5, 12月5日,
 * 明日 — any width. On blur a Japanese user sees the full date in 和暦 (令和8年12月5日), an English one
 * 2026/12/5, with the other form and the weekday beside it, so a guessed year is always shown in full.
 * `onChange` receives the ISO date, null when empty, or an error key when the text is not a date (the
 * form refuses to save until it is fixed; the text typed stays for correcting).
 */
export function DateInput({
  value,
  onChange,
  id,
  ...aria
}: {
  value: string | null;
  onChange: (value: { date: string | null; error: string | null }) => void;
  id?: string;
  'aria-describedby'?: string | undefined;
  'aria-invalid'?: boolean | undefined;
}) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const [text, setText] = useState(value ? shownText(value, lang) : '');
  // Take a new value from outside (a reset, a loaded record) but never overwrite what is being typed:
  // half-way through '2026/12/10', '2026/12/1' already parses, and echoing it back as '2026-12-01'
  // would eat the next keystroke.
  useEffect(() => {
    setText((current) =>
      interpret(current).date === (value ?? null) ? current : value ? shownText(value, lang) : '',
    );
  }, [value, lang]);

  return (
    <span className="date-input">
      <input
        id={id}
        {...aria}
        value={text}
        inputMode="text"
        placeholder={t('forms.datePlaceholder')}
        onChange={(e) => {
          setText(e.target.value);
          onChange(interpret(e.target.value));
        }}
        onBlur={() => {
          const r = interpret(text);
          if (r.date) setText(shownText(r.date, lang));
        }}
      />
      <DatePicker
        value={value}
        onPick={(date) => {
          setText(shownText(date, lang));
          onChange({ date, error: null });
        }}
      />
      {value ? (
        <span className="date-wareki date-side">
          {i18n.language === 'ja' ? formatDateWithYear(value, 'ja') : toWareki(value)}
        </span>
      ) : null}
    </span>
  );
}
