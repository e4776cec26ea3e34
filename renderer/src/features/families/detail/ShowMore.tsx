import { useState } from 'react';
import { useT } from '../../../i18n/use-t.ts';

const FIRST = 20;

/**
 * The first rows of a long list, and a button for the rest (a family may have hundreds of entries).
 * Rows that still ask for action (`keep`, e.g. an open follow-up) are shown wherever they fall, in
 * their place in the order: a coordinator who comes from the board to close one must find it.
 */
export function useShowMore<T>(items: readonly T[], keep: (item: T) => boolean = () => false) {
  const { t } = useT();
  const [all, setAll] = useState(false);
  const visible = all ? items : items.filter((item, i) => i < FIRST || keep(item));
  const button =
    items.length > FIRST && !all ? (
      <button type="button" className="small fam-more" onClick={() => setAll(true)}>
        {t('families:detail.showAll', { count: items.length })}
      </button>
    ) : null;
  return { visible, button };
}
