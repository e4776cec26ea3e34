import { useEffect, useRef, useState } from 'react';
import type { PropertyStatus } from '../../../../shared/domain/enums.ts';
import type { RegisterView } from '../../../../shared/ipc/views/akiya-register.ts';
import { call } from '../../lib/api.ts';
import type { RegisterFilters, RegisterOrder } from './register-state.ts';

/**
 * The register for the current search, filters and order. A town has a few thousand properties, so
 * one answer holds them all (the list is virtualised, not paged); an answer to an older question is
 * dropped when it arrives after a newer one. A data change anywhere reloads it.
 */
export function useRegister(
  query: string,
  statuses: PropertyStatus[],
  filters: RegisterFilters,
  order: RegisterOrder,
): { view: RegisterView | null; failed: boolean } {
  const [view, setView] = useState<RegisterView | null>(null);
  const [failed, setFailed] = useState(false);
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  // Compared as text, so an object rebuilt on every render does not ask again.
  const key = JSON.stringify({ query, statuses, filters, order });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks again after a data change.
  useEffect(() => {
    const gen = ++generation.current;
    const input = JSON.parse(key) as {
      query: string;
      statuses: PropertyStatus[];
      filters: RegisterFilters;
      order: RegisterOrder;
    };
    call('akiya.register', { query: input.query, statuses: input.statuses, ...input.filters, ...input.order })
      .then((v) => {
        if (gen !== generation.current) return;
        setView(v);
        setFailed(false);
      })
      .catch(() => {
        if (gen === generation.current) setFailed(true);
      });
  }, [key, version]);

  useEffect(() => window.api.subscribe('data.changed', () => setVersion((v) => v + 1)), []);

  return { view, failed };
}
