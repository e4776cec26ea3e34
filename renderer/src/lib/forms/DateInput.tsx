import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseJapaneseDate, toWareki } from '../../../../shared/text/japanese-date.ts';
import { DatePicker } from './DatePicker.tsx';

function interpret(raw: string): { date: string | null; error: string | null } {
  if (raw.trim() === '') return { date: null, error: null };
  const parsed = parseJapaneseDate(raw);
  if (parsed.ok) return { date: parsed.date, error: null };
  return {
    date: null,
    error: parsed.error === 'outsideEra' ? 'validation.outsideEra' : 'validation.japaneseDate',
  };
}

/**
 * A date typed the way office staff type it: 2025/4/1, 令和7年4月1日, R7.4.1, 元年 — any width. On blur
 * it shows the date as 2025-04-01 with its 和暦 beside it. `onChange` receives the ISO date, null when
 * empty, or an error key when the text is not a date (the form refuses to save until it is fixed).
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
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  // Take a new value from outside (a reset, a loaded record) but never overwrite what is being typed:
  // half-way through '2026/12/10', '2026/12/1' already parses, and echoing it back as '2026-12-01'
  // would eat the next keystroke.
  useEffect(() => {
    setText((current) => (interpret(current).date === (value ?? null) ? current : (value ?? '')));
  }, [value]);

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
          if (r.date) setText(r.date);
        }}
      />
      <DatePicker
        value={value}
        onPick={(date) => {
          setText(date);
          onChange({ date, error: null });
        }}
      />
      {value ? <span className="date-wareki">{toWareki(value)}</span> : null}
    </span>
  );
}
