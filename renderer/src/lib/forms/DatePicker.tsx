import { useRef } from 'react';
import { useT } from '../../i18n/use-t.ts';

/**
 * A calendar beside a typed date, for a finger on a tablet: the button opens the system's own date
 * picker (Chromium's), whose choice goes into the typed field. Typing stays the main way in.
 */
export function DatePicker({ value, onPick }: { value: string | null; onPick: (date: string) => void }) {
  const { t } = useT();
  const native = useRef<HTMLInputElement>(null);
  const open = () => {
    const input = native.current;
    if (!input) return;
    try {
      input.showPicker();
    } catch {
      // No picker without a user gesture or on an old engine: the typed field still works.
      input.focus();
    }
  };
  return (
    <span className="date-picker">
      <button
        type="button"
        className="date-picker-button"
        onClick={open}
        title={t('device:display.pickDate')}
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" className="date-picker-icon">
          <rect x="3" y="5" width="18" height="16" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M3 10h18M8 3v4M16 3v4" stroke="currentColor" strokeWidth="2" />
        </svg>
        <span className="visually-hidden">{t('device:display.pickDate')}</span>
      </button>
      <input
        ref={native}
        type="date"
        className="date-picker-native"
        tabIndex={-1}
        aria-hidden="true"
        value={value ?? ''}
        onChange={(e) => {
          if (e.target.value) onPick(e.target.value);
        }}
      />
    </span>
  );
}
