import { useCallback, useEffect, useRef, useState } from 'react';
import type { FamilySort } from '../../../../shared/domain/enums.ts';
import type { FamilySummary } from '../../../../shared/ipc/views.ts';
import { call } from '../../lib/api.ts';
import type { ListFilters } from './list-filters.ts';

const PAGE = 100;

/**
 * The family list as a sparse array filled page by page as the user scrolls, so 10,000 families cost
 * one small query at a time. Answers for an older query are dropped when they arrive late.
 */
export function useFamilyPages(query: string, filters: ListFilters & { sort?: FamilySort }) {
  const [total, setTotal] = useState<number | null>(null);
  const [rows, setRows] = useState<(FamilySummary | undefined)[]>([]);
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  const [version, setVersion] = useState(0);
  // Compared as text so a filter object rebuilt on every render does not restart the list.
  const filterKey = JSON.stringify(filters);

  const loadPage = useCallback(
    async (page: number, gen: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const result = await call('families.list', {
        ...(JSON.parse(filterKey) as ListFilters & { sort?: FamilySort }),
        query,
        offset: page * PAGE,
        limit: PAGE,
      });
      if (gen !== generation.current) return;
      setTotal(result.total);
      setRows((prev) => {
        const next =
          prev.length === result.total
            ? prev.slice()
            : Array.from({ length: result.total }, (_, i) => prev[i]);
        result.items.forEach((item, i) => {
          next[page * PAGE + i] = item;
        });
        return next;
      });
    },
    [query, filterKey],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-runs the first page after a data change.
  useEffect(() => {
    const gen = ++generation.current;
    requested.current = new Set();
    loadPage(0, gen).catch(() => undefined);
  }, [loadPage, version]);

  useEffect(() => window.api.subscribe('data.changed', () => setVersion((v) => v + 1)), []);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / PAGE); p <= Math.floor(end / PAGE); p++) {
        loadPage(p, generation.current).catch(() => undefined);
      }
    },
    [loadPage],
  );

  return { total, rows, ensureRange };
}
