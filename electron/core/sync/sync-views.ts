import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';
import { decodeHlc } from '../../../shared/hlc.ts';
import type {
  ConflictSideView,
  ConflictView,
  QuarantinedOpView,
  SyncRunView,
  SyncStatusView,
} from '../../../shared/ipc/views.ts';
import { recordSpec, SYNCED_RECORDS, type SyncedRecordName } from '../../../shared/records/registry.ts';
import type { RecordLabel } from '../../../shared/records/types.ts';
import { type ColumnSpec, SYNC_TABLES, type SyncTableName } from '../../../shared/sync/tables.ts';
import { valueFault } from '../../../shared/sync/validate.ts';
import { normalizePhone } from '../../../shared/text/contact.ts';
import { readSetting } from '../db/settings.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';
import type { SyncEngine } from './engine.ts';

/**
 * What people see of sync: the indicator and 同期 page (status, waiting work, recent runs), the
 * operations the server set aside, and the conflict review (競合の確認). Reads are local; resolving a
 * conflict is an ordinary edit through the write path, so it syncs like any other.
 */

type Row = Record<string, string | number | null>;

/**
 * The query that reads a record's label: its own column, or one reached by following references
 * (a stay → its family → family_name). Table and column names come from the registry only.
 */
export function labelQuery(table: string, label: RecordLabel): string {
  const steps = 'via' in label ? label.via : [];
  const joins = steps.map(
    (step, i) => ` JOIN ${step.table} t${i + 1} ON t${i + 1}.id = t${i}.${step.column}`,
  );
  return `SELECT t${steps.length}.${label.column} FROM ${table} t0${joins.join('')} WHERE t0.id = ?`;
}

function side(json: string): ConflictSideView {
  const parsed = JSON.parse(json) as { values?: Row; hlc?: string; author?: string; erased?: boolean };
  const millis = parsed.hlc ? decodeHlc(parsed.hlc).millis : 0;
  return {
    values: parsed.values ?? {},
    at: new Date(millis).toISOString(),
    authorDevice: parsed.author ?? '',
  };
}

export class SyncViews {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly engine: SyncEngine;
  private readonly writer: RecordWriter;
  private readonly actor: Actor;
  private readonly actorName: string;

  constructor(
    sqlite: BetterSqlite3.Database,
    engine: SyncEngine,
    writer: RecordWriter,
    actor: Actor,
    actorName: string,
  ) {
    this.sqlite = sqlite;
    this.engine = engine;
    this.writer = writer;
    this.actor = actor;
    this.actorName = actorName;
  }

  private setting(key: string): string | null {
    return readSetting(this.sqlite, key);
  }

  status(serverUrl: string | null): SyncStatusView {
    const waiting = this.sqlite
      .prepare("SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE state = 'pending'")
      .get() as { n: number; oldest: string | null };
    const quarantined = this.sqlite
      .prepare("SELECT count(*) FROM outbox WHERE state = 'quarantined'")
      .pluck()
      .get() as number;
    const openConflicts = this.sqlite
      .prepare('SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL AND deleted_at IS NULL')
      .pluck()
      .get() as number;
    // Photos wait as blob uploads the server has not confirmed (attachments/upload-queue.ts): the
    // bytes still to send, previews and originals (held-back originals included), each content once.
    const photoBytes = this.sqlite
      .prepare("SELECT coalesce(sum(size_bytes - upload_offset), 0) FROM blob_upload WHERE state <> 'done'")
      .pluck()
      .get() as number;
    const runs = this.sqlite.prepare('SELECT * FROM sync_run ORDER BY id DESC LIMIT 20').all() as Record<
      string,
      string | number | null
    >[];
    return {
      phase: this.engine.phase,
      serverUrl,
      lastSuccessAt: this.setting('sync.last_success_at'),
      waiting: waiting.n,
      oldestWaitingAt: waiting.oldest,
      waitingPhotoBytes: photoBytes,
      quarantined,
      openConflicts,
      lastError: this.engine.lastError,
      clockWarning: this.engine.clockWarning,
      recentRuns: runs.map(
        (r): SyncRunView => ({
          startedAt: String(r.started_at),
          finishedAt: r.finished_at === null ? null : String(r.finished_at),
          trigger: String(r.trigger),
          outcome: r.outcome as SyncRunView['outcome'],
          errorCode: r.error_code === null ? null : String(r.error_code),
          requests: Number(r.requests),
          pushed: Number(r.pushed),
          pulled: Number(r.pulled),
          conflicts: Number(r.conflicts),
          quarantined: Number(r.quarantined),
          bytesUp: Number(r.bytes_up),
          bytesDown: Number(r.bytes_down),
        }),
      ),
    };
  }

  quarantined(): QuarantinedOpView[] {
    const rows = this.sqlite
      .prepare(
        "SELECT seq, table_name, op, reason_code, last_error, created_at FROM outbox WHERE state = 'quarantined' ORDER BY seq",
      )
      .all() as {
      seq: number;
      table_name: string;
      op: string;
      reason_code: string | null;
      last_error: string | null;
      created_at: string;
    }[];
    return rows.map((r) => ({
      seq: r.seq,
      table: r.table_name,
      op: r.op,
      reasonCode: r.reason_code,
      message: r.last_error,
      createdAt: r.created_at,
    }));
  }

  /** The record's name as the registry declares it (its `label`), or '' when the row is not here. */
  private label(table: string, rowId: string): string {
    if (!Object.hasOwn(SYNCED_RECORDS, table)) return '';
    const value = this.sqlite
      .prepare(labelQuery(table, recordSpec(table as SyncedRecordName).label))
      .pluck()
      .get(rowId);
    return typeof value === 'string' ? value : '';
  }

  private toView(r: Row): ConflictView {
    const table = String(r.table_name);
    const field = String(r.field);
    const columns = field.split('+');
    const current: Row = {};
    if (Object.hasOwn(SYNC_TABLES, table)) {
      const known = Object.keys(SYNC_TABLES[table as SyncTableName].columns);
      const usable = columns.filter((c) => known.includes(c));
      if (usable.length > 0) {
        const row = this.sqlite
          .prepare(`SELECT ${usable.join(', ')} FROM ${table} WHERE id = ?`)
          .get(String(r.row_id)) as Row | undefined;
        Object.assign(current, row ?? {});
      }
    }
    return {
      id: String(r.id),
      table,
      rowId: String(r.row_id),
      recordLabel: this.label(table, String(r.row_id)),
      field,
      columns,
      kind: r.kind as ConflictView['kind'],
      current,
      lost: side(String(r.lost)),
      won: side(String(r.won)),
      createdAt: String(r.created_at),
      resolvedAt: r.resolved_at === null ? null : String(r.resolved_at),
      resolution: r.resolution === null ? null : String(r.resolution),
    };
  }

  conflicts(includeResolved: boolean): ConflictView[] {
    const rows = this.sqlite
      .prepare(
        `SELECT * FROM sync_conflict WHERE deleted_at IS NULL ${includeResolved ? '' : 'AND resolved_at IS NULL'}
         ORDER BY created_at DESC LIMIT 500`,
      )
      .all() as Row[];
    return rows.map((r) => this.toView(r));
  }

  /** Conflicts that touched one record: its history shows them. */
  conflictsOf(table: string, rowId: string): ConflictView[] {
    const rows = this.sqlite
      .prepare(
        'SELECT * FROM sync_conflict WHERE table_name = ? AND row_id = ? AND deleted_at IS NULL ORDER BY created_at',
      )
      .all(table, rowId) as Row[];
    return rows.map((r) => this.toView(r));
  }

  resolve(id: string, choice: 'keep' | 'restore' | 'edit', values?: Row): ConflictView {
    const row = this.sqlite.prepare('SELECT * FROM sync_conflict WHERE id = ?').get(id) as Row | undefined;
    if (!row || row.deleted_at !== null) throw new AppError('NOT_FOUND', 'no such conflict');
    if (row.resolved_at !== null)
      throw new AppError('VALIDATION_FAILED', 'validation.conflictResolved', 'id');
    const view = this.toView(row);
    const table = view.table as SyncTableName;
    this.writer.write(this.actor, (tx) => {
      if (choice !== 'keep') {
        const source = choice === 'restore' ? view.lost.values : (values ?? {});
        const patch: Row = {};
        const specs = SYNC_TABLES[table].columns as Record<string, ColumnSpec>;
        for (const column of view.columns) {
          if (!Object.hasOwn(source, column)) {
            throw new AppError('VALIDATION_FAILED', 'validation.required', `values.${column}`);
          }
          let value = source[column] ?? null;
          if (choice === 'edit' && typeof value === 'string') {
            // A value typed in the review gets the same care as in the forms: width and spacing
            // folded, phone numbers in their one stored form, empty means cleared.
            value = value.normalize('NFKC').trim();
            if (value === '') value = null;
            else if (column.endsWith('phone')) {
              const phone = normalizePhone(value);
              if (phone === null)
                throw new AppError('VALIDATION_FAILED', 'validation.phone', `values.${column}`);
              value = phone;
            }
          }
          const spec = specs[column];
          if (spec && valueFault(column, spec, value)) {
            throw new AppError('VALIDATION_FAILED', 'validation.invalid', `values.${column}`);
          }
          patch[column] = value;
        }
        if (view.kind === 'edit_vs_delete' && choice === 'restore') {
          // The edit lost to a deletion: bring the record back, then the edit with it.
          tx.restore(table, view.rowId);
          const edited: Row = {};
          for (const [column, value] of Object.entries(view.lost.values)) {
            if (column !== 'deleted_at') edited[column] = value;
          }
          if (Object.keys(edited).length > 0) tx.update(table, view.rowId, edited as never);
        } else {
          tx.update(table, view.rowId, patch as never);
        }
      }
      tx.update('sync_conflict', id, {
        resolved_at: tx.at,
        resolved_by: this.actorName,
        resolution: choice === 'keep' ? 'kept' : 'restored',
      });
    });
    const after = this.sqlite.prepare('SELECT * FROM sync_conflict WHERE id = ?').get(id) as Row;
    return this.toView(after);
  }

  /**
   * For support: counts, codes, versions and timings. No names, no values, no ids of records. The
   * core's recent log lines come along (already redacted when written, log.ts).
   */
  diagnostics(
    appVersion: string,
    schemaVersion: number,
    recentLog: readonly string[] = [],
  ): { fileName: string; json: string } {
    const status = this.status(null);
    const byTable = this.sqlite
      .prepare('SELECT table_name, state, count(*) AS n FROM outbox GROUP BY table_name, state')
      .all();
    const reasons = this.sqlite
      .prepare(
        "SELECT reason_code, count(*) AS n FROM outbox WHERE state = 'quarantined' GROUP BY reason_code",
      )
      .all();
    const bundle = {
      generatedAt: new Date().toISOString(),
      appVersion,
      schemaVersion,
      platform: process.platform,
      phase: status.phase,
      lastSuccessAt: status.lastSuccessAt,
      waiting: status.waiting,
      oldestWaitingAt: status.oldestWaitingAt,
      quarantined: status.quarantined,
      quarantineReasons: reasons,
      openConflicts: status.openConflicts,
      outboxByTableAndState: byTable,
      lastError: status.lastError ? { code: status.lastError.code, at: status.lastError.at } : null,
      clockWarning: status.clockWarning ? { code: status.clockWarning.code } : null,
      recentRuns: status.recentRuns,
      cursor: this.setting('sync.cursor'),
      acked: this.setting('sync.acked'),
      recentLog: recentLog.map(parseLogLine),
    };
    const stamp = bundle.generatedAt.replace(/[:.]/g, '-');
    return { fileName: `futasato-sync-diagnostics-${stamp}.json`, json: JSON.stringify(bundle, null, 2) };
  }
}

/** A log line as the object it is (a line cut short by a crash stays text). */
function parseLogLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}
