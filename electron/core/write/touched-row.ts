import type { SyncedTableName } from '../db/schema.ts';

/**
 * One synced row a write touched. Its own module so the writer and the erasure rules, which import
 * each other's work, do not import each other.
 */
export interface TouchedRow {
  table: SyncedTableName;
  id: string;
}
