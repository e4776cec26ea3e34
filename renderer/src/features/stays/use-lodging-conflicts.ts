import { useEffect, useState } from 'react';
import type { LodgingConflict } from '../../../../shared/ipc/views.ts';
import { call } from '../../lib/api.ts';

export interface ConflictQuery {
  propertyId: string;
  arrival: string;
  departure: string;
  excludeStayId?: string;
}

/** Other stays in the property on overlapping nights, asked of the core (so it counts every device's). */
export function lodgingConflicts(query: ConflictQuery | null): Promise<LodgingConflict[]> {
  return query ? call('stays.lodgingConflicts', query) : Promise.resolve([]);
}

/** The conflicts for the form's current choice, refreshed as the lodging or the dates change. */
export function useLodgingConflicts(query: ConflictQuery | null): LodgingConflict[] {
  const [conflicts, setConflicts] = useState<LodgingConflict[]>([]);
  const key = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `query`.
  useEffect(() => {
    let current = true;
    lodgingConflicts(query).then(
      (found) => {
        if (current) setConflicts(found);
      },
      // A failed check shows no warning; saving asks again and reports its own error.
      () => {
        if (current) setConflicts([]);
      },
    );
    return () => {
      current = false;
    };
  }, [key]);
  return conflicts;
}
