import { useId } from 'react';
import { useTranslation } from 'react-i18next';

const KEYS = [
  { keys: ['j'], label: 'board.keys.next' },
  { keys: ['k'], label: 'board.keys.previous' },
  { keys: ['g'], label: 'board.keys.good' },
  { keys: ['d'], label: 'board.keys.detail' },
  { keys: ['Enter'], label: 'board.keys.enter' },
  { keys: ['['], label: 'board.keys.prevDay' },
  { keys: [']'], label: 'board.keys.nextDay' },
  { keys: ['t'], label: 'board.keys.today' },
] as const;

/** The board's shortcuts, always on screen: nobody finds a shortcut they are not shown. */
export function KeyLegend() {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="key-legend" aria-labelledby={id}>
      <h2 id={id}>{t('board.keys.title')}</h2>
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
