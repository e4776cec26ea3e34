/** Sync status, conflicts and backups (plain JSON, camelCase, never raw rows). */

/** Sync: what the shell's indicator and the 同期 page show. Counts and codes only. */
export type SyncPhaseView =
  | 'not_enrolled'
  | 'idle'
  | 'syncing'
  | 'offline'
  | 'error'
  | 'update_required'
  | 'revoked'
  | 'clock_skew';

export interface SyncRunView {
  startedAt: string;
  finishedAt: string | null;
  trigger: string;
  outcome: 'running' | 'ok' | 'error';
  errorCode: string | null;
  requests: number;
  pushed: number;
  pulled: number;
  conflicts: number;
  quarantined: number;
  bytesUp: number;
  bytesDown: number;
}

export interface SyncStatusView {
  phase: SyncPhaseView;
  serverUrl: string | null;
  lastSuccessAt: string | null;
  /** Operations waiting to go up, and since when the oldest has waited. */
  waiting: number;
  oldestWaitingAt: string | null;
  /** Bytes of photos and files waiting to upload. */
  waitingPhotoBytes: number;
  quarantined: number;
  openConflicts: number;
  lastError: { code: string; message: string; at: string } | null;
  clockWarning: { code: string; message: string; at: string } | null;
  recentRuns: SyncRunView[];
}

export interface QuarantinedOpView {
  seq: number;
  table: string;
  op: string;
  reasonCode: string | null;
  message: string | null;
  createdAt: string;
}

export interface ConflictSideView {
  values: Record<string, string | number | null>;
  /** When the write was made (from its clock) and by which laptop. */
  at: string;
  authorDevice: string;
}

export interface ConflictView {
  id: string;
  table: string;
  rowId: string;
  /** A label for the record (a family's name), read locally. */
  recordLabel: string;
  field: string;
  columns: string[];
  kind: 'overwrite' | 'edit_vs_delete';
  /** The value the losing author had seen (the common base), when known locally. */
  current: Record<string, string | number | null>;
  lost: ConflictSideView;
  won: ConflictSideView;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

/** Local backups of this laptop's database (local safety copies), for the 同期 page and support. */
export interface BackupView {
  /** The file name inside `folder`. */
  name: string;
  reason: 'before-first-sync' | 'before-migration' | 'daily';
  createdAt: string;
  sizeBytes: number;
}

export interface BackupsView {
  /** Where the copies are (docs/operations.md: how to restore one with the app closed). */
  folder: string;
  /** Newest first. */
  backups: BackupView[];
  lastDailyAt: string | null;
  /** The last failed backup, until one succeeds. */
  lastError: { reason: string; message: string; at: string } | null;
}
