import { useState } from 'react';
import { useT } from '../../../i18n/use-t.ts';

const FIRST = 20;

/** The first rows of a long list, and a button for the rest (a family may have hundreds of entries). */
export function useShowMore<T>(items: readonly T[]) {
  const { t } = useT();
  const [all, setAll] = useState(false);
  const visible = all ? items : items.slice(0, FIRST);
  const button =
    items.length > FIRST && !all ? (
      <button type="button" className="small fam-more" onClick={() => setAll(true)}>
        {t('families:detail.showAll', { count: items.length })}
      </button>
    ) : null;
  return { visible, button };
}
