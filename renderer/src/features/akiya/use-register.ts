import { useCallback, useEffect, useRef, useState } from 'react';
import type { PropertyStatus } from '../../../../shared/domain/enums.ts';
import type { RegisterRow, RegisterView } from '../../../../shared/ipc/views/akiya-register.ts';
import { call } from '../../lib/api.ts';
import type { RegisterFilters, RegisterOrder } from './register-state.ts';

const PAGE = 100;

export interface RegisterList {
  /** Null until the first answer. */
  total: number | null;
  /** Sparse: a row not yet loaded is undefined. */
  rows: (RegisterRow | undefined)[];
  summary: Pick<RegisterView, 'statusCounts' | 'districts'> | null;
  failed: boolean;
  ensureRange: (first: number, last: number) => void;
}

/**
 * The register for the current search, filters and order, as a sparse array filled a page at a time
 * as the list scrolls (the core keeps the sorted register, so a page costs little; sending all 3,000
 * rows on every keystroke cost more than the search). An answer to an older question is dropped when
 * it arrives after a newer one. A data change anywhere asks again.
 */
export function useRegister(
  query: string,
  statuses: PropertyStatus[],
  filters: RegisterFilters,
  order: RegisterOrder,
): RegisterList {
  const [total, setTotal] = useState<number | null>(null);
  const [rows, setRows] = useState<(RegisterRow | undefined)[]>([]);
  const [summary, setSummary] = useState<RegisterList['summary']>(null);
  const [failed, setFailed] = useState(false);
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  /** The question (generation) the rows in `rows` answer. */
  const filledFor = useRef(0);
  // Compared as text, so an object rebuilt on every render does not ask again.
  const key = JSON.stringify({ query, statuses, ...filters, ...order });

  const loadPage = useCallback(
    async (page: number, gen: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      try {
        const v = await call('akiya.register', { ...JSON.parse(key), offset: page * PAGE, limit: PAGE });
        if (gen !== generation.current) return;
        setFailed(false);
        setTotal(v.total);
        setSummary({ statusCounts: v.statusCounts, districts: v.districts });
        // The first answer to a new question starts a fresh array: the old answer's rows must not linger.
        const fresh = filledFor.current !== gen;
        filledFor.current = gen;
        setRows((prev) => {
          const next = fresh ? new Array<RegisterRow | undefined>(v.total) : prev.slice();
          next.length = v.total;
          v.rows.forEach((row, i) => {
            next[v.offset + i] = row;
          });
          return next;
        });
      } catch {
        requested.current.delete(page);
        if (gen === generation.current) setFailed(true);
      }
    },
    [key],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks again after a data change.
  useEffect(() => {
    const gen = ++generation.current;
    requested.current = new Set();
    void loadPage(0, gen);
  }, [loadPage, version]);

  useEffect(() => window.api.subscribe('data.changed', () => setVersion((v) => v + 1)), []);

  const ensureRange = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
        void loadPage(p, generation.current);
      }
    },
    [loadPage],
  );

  return { total, rows, summary, failed, ensureRange };
}
