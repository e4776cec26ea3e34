import { useCallback, useEffect, useRef, useState } from 'react';
import type { SupporterConnection } from '../../../../shared/domain/enums.ts';
import type { SupporterSummary } from '../../../../shared/ipc/views/community-events.ts';
import { ApiError, call } from '../../lib/api.ts';

const PAGE = 100;

export interface SupporterFilters {
  connection?: SupporterConnection;
  consent?: boolean;
}

/**
 * The register's rows for a search and filters, a page of 100 at a time ("show more" adds the next).
 * An answer for an older search is dropped when it arrives late (typing fast); a data change reloads
 * the first page.
 */
export function useSupporterList(query: string, filters: SupporterFilters) {
  const [rows, setRows] = useState<SupporterSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const ticket = useRef(0);
  const filterKey = JSON.stringify(filters);

  const load = useCallback(
    (offset: number) => {
      const mine = offset === 0 ? ++ticket.current : ticket.current;
      call('supporters.list', {
        query,
        ...(JSON.parse(filterKey) as SupporterFilters),
        offset,
        limit: PAGE,
      }).then(
        (page) => {
          if (mine !== ticket.current) return;
          setRows((prev) =>
            offset === 0 ? page.supporters : [...prev.slice(0, offset), ...page.supporters],
          );
          setTotal(page.total);
          setError(null);
        },
        (e: unknown) => {
          if (mine !== ticket.current) return;
          setError(e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) }));
        },
      );
    },
    [query, filterKey],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads after a data change.
  useEffect(() => load(0), [load, version]);
  useEffect(() => window.api.subscribe('data.changed', () => setVersion((v) => v + 1)), []);

  const more = useCallback(() => load(rows.length), [load, rows.length]);
  return { rows, total, error, more };
}
