import { useMemo, useRef } from 'react';
import type { BoardStay } from '../../../../shared/ipc/views.ts';

/**
 * Every check-in reloads the whole board, so every stay arrives as a new object. Keeping the previous
 * object when a stay's content has not changed lets the memoised cards skip re-rendering: one check-in
 * re-renders one card, not 300.
 */
export function useStableStays(stays: readonly BoardStay[] | undefined): BoardStay[] {
  const previous = useRef(new Map<string, { json: string; stay: BoardStay }>());
  return useMemo(() => {
    const next = new Map<string, { json: string; stay: BoardStay }>();
    const result = (stays ?? []).map((stay) => {
      const json = JSON.stringify(stay);
      const old = previous.current.get(stay.stayId);
      const kept = old && old.json === json ? old.stay : stay;
      next.set(stay.stayId, { json, stay: kept });
      return kept;
    });
    previous.current = next;
    return result;
  }, [stays]);
}
