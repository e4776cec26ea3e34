import { useId } from 'react';
import { useT } from '../../i18n/use-t.ts';

const KEYS = [
  { keys: ['j'], label: 'today:keys.next' },
  { keys: ['k'], label: 'today:keys.previous' },
  { keys: ['g'], label: 'today:keys.good' },
  { keys: ['d'], label: 'today:keys.detail' },
  { keys: ['Enter'], label: 'today:keys.enter' },
  { keys: ['['], label: 'today:keys.prevDay' },
  { keys: [']'], label: 'today:keys.nextDay' },
  { keys: ['t'], label: 'today:keys.today' },
] as const;

/** The board's shortcuts, always on screen: nobody finds a shortcut they are not shown. */
export function KeyLegend() {
  const { t } = useT();
  const id = useId();
  return (
    <section className="key-legend" aria-labelledby={id}>
      <h2 id={id}>{t('today:keys.title')}</h2>
      <ul>
        {KEYS.map((k) => (
          <li key={k.label}>
            {k.keys.map((key) => (
              <kbd key={key}>{key}</kbd>
            ))}{' '}
            {t(k.label)}
          </li>
        ))}
      </ul>
    </section>
  );
}
