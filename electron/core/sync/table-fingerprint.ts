import { SYNC_TABLES } from '../../../shared/sync/tables.ts';

/**
 * The synced tables and columns this build knows, as one stable string (`table:col,col;…`), stored by
 * the sync engine so an updated laptop can tell that it now knows more than when it last pulled.
 */
export function syncedTablesFingerprint(): string {
  return Object.entries(SYNC_TABLES as Record<string, { columns: object }>)
    .map(([table, spec]) => `${table}:${Object.keys(spec.columns).sort().join(',')}`)
    .sort()
    .join(';');
}

/** Whether `current` names a table or column `stored` did not (no stored list: assume it does). */
export function knowsMoreTables(stored: string | null, current: string): boolean {
  if (stored === null) return true;
  const known = new Set(
    stored.split(';').flatMap((t) => {
      const [table, columns = ''] = t.split(':');
      return columns.split(',').map((c) => `${table}.${c}`);
    }),
  );
  return current.split(';').some((t) => {
    const [table, columns = ''] = t.split(':');
    return columns.split(',').some((c) => !known.has(`${table}.${c}`));
  });
}
