import type { Role } from '../domain/enums.ts';
import { SYNCED_RECORDS } from '../records/registry.ts';
import type { RecordSpec } from '../records/types.ts';
import { LONGEST_TEXT } from '../text/valid-text.ts';

export type { ColumnKind, ColumnSpec } from '../records/types.ts';

/**
 * The synced tables as the wire sees them: which columns an operation may carry, of what kind, and
 * how they merge. One declaration serves the laptop (what it pushes and how it applies a pull) and the
 * server (what it accepts): the table registry (shared/records/registry.ts), of which this is the
 * wire's view. `tests/unit/sync-tables.test.ts` checks it against the SQLite schema, so a migration
 * that adds a column without declaring it fails the build.
 *
 * Bookkeeping columns (`BOOKKEEPING`: id, municipality_id, created_*, updated_*) never travel as
 * changes: the server derives them from the authenticated device, so a laptop cannot claim another
 * author or town.
 */

/** What the wire needs of a record kind. */
export type TableSpec = Pick<RecordSpec, 'columns' | 'groups' | 'appendOnly' | 'roles'>;

/** Longest text a synced column takes, in characters: the longest the app's forms accept. */
export const MAX_TEXT = LONGEST_TEXT;

export const SYNC_TABLES = SYNCED_RECORDS;

export type SyncTableName = keyof typeof SYNC_TABLES;

type ServerWritten = {
  [K in SyncTableName]: (typeof SYNC_TABLES)[K] extends { serverWritten: true } ? K : never;
}[SyncTableName];

/** Tables a laptop writes itself (everything but what only the server creates: conflict records). */
export const DEVICE_TABLES = (Object.keys(SYNC_TABLES) as SyncTableName[]).filter(
  (t) => (SYNC_TABLES[t] as RecordSpec).serverWritten !== true,
) as Exclude<SyncTableName, ServerWritten>[];

/** Columns of sync_conflict a device may write: it resolves conflicts, it never invents them. */
export const CONFLICT_RESOLUTION_COLUMNS = ['resolved_at', 'resolved_by', 'resolution'] as const;

export function isSyncTable(name: string): name is SyncTableName {
  return Object.hasOwn(SYNC_TABLES, name);
}

export function tableSpec(name: SyncTableName): TableSpec {
  return SYNC_TABLES[name];
}

export function tablesForRole(role: Role): SyncTableName[] {
  return (Object.keys(SYNC_TABLES) as SyncTableName[]).filter((t) =>
    (SYNC_TABLES[t].roles as readonly Role[]).includes(role),
  );
}

/** Tables a role's device may push changes to: those it receives, less those kept to other writers. */
export function tablesWritableBy(role: Role): SyncTableName[] {
  return tablesForRole(role).filter((t) => {
    const writers = (SYNC_TABLES[t] as RecordSpec).writers;
    return writers === undefined || writers.includes(role);
  });
}

/**
 * The merge unit a column belongs to: its group's key (members joined by '+') or the column itself.
 */
export function mergeUnitOf(table: SyncTableName, column: string): string {
  const groups: readonly (readonly string[])[] = (SYNC_TABLES[table] as TableSpec).groups ?? [];
  const group = groups.find((g) => g.includes(column));
  return group ? group.join('+') : column;
}
