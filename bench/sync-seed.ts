/**
 * The `large` sample town on the server, for `npm run bench:sync`.
 *
 * Sample data can never be enrolled (by design: it is fiction, and `sample.loaded` marks the database),
 * so it is loaded into a scratch core, read back table by table, and pushed to the server as insert
 * operations from a seeding device of its own, straight to the server's port (not through the shaped
 * link), in batches the server accepts. Only the columns that travel (shared/sync/tables.ts) are sent;
 * the server derives the bookkeeping columns itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppCore } from '../electron/core/app-core.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import type { SyncedTableName } from '../electron/core/db/schema.ts';
import { ServerClient } from '../electron/core/sync/server-client.ts';
import { RecordWriter } from '../electron/core/write/record-writer.ts';
import type { SampleSize } from '../shared/domain/enums.ts';
import { HybridLogicalClock } from '../shared/hlc.ts';
import { newId } from '../shared/ids.ts';
import {
  DEFAULT_LIMITS,
  PROTOCOL_VERSION,
  type PushOp,
  SCHEMA_VERSION,
  type WireValue,
} from '../shared/sync/protocol.ts';
import { DEVICE_TABLES, SYNC_TABLES } from '../shared/sync/tables.ts';

export type SyncedRow = Record<string, WireValue> & { id: string };

/** Every synced table's rows (id + the columns that travel), in the order a town grows. */
export type TownRows = Map<string, SyncedRow[]>;

export function syncedColumns(table: string): string[] {
  return Object.keys((SYNC_TABLES as Record<string, { columns: object }>)[table]?.columns ?? {});
}

/** Reads the synced rows of a laptop's database (ids and the columns that travel), table by table. */
export function readSyncedRows(
  core: AppCore,
  tables: readonly string[] = Object.keys(SYNC_TABLES),
): TownRows {
  const out: TownRows = new Map();
  for (const table of tables) {
    const columns = syncedColumns(table);
    const rows = core.database.sqlite
      .prepare(`SELECT id, ${columns.join(', ')} FROM ${table} ORDER BY created_at, id`)
      .all() as SyncedRow[];
    out.set(table, rows);
  }
  return out;
}

/** The sample town generated into a throwaway core and read back. */
export async function sampleTownRows(
  size: SampleSize,
  town: string,
): Promise<{ rows: TownRows; createdAt: Map<string, string>; loadMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-sync-bench-sample-'));
  const core = await AppCore.open({
    dbPath: join(dir, 'sample.db'),
    migrations: loadMigrationsFromDir(REPO_MIGRATIONS_DIR),
    appVersion: 'bench',
  });
  try {
    const setup = await core.invoke('profile.setup', {
      municipalityId: town,
      displayName: 'サンプル',
      role: 'coordinator',
    });
    if (!setup.ok) throw new Error(`profile.setup: ${JSON.stringify(setup.error)}`);
    const started = performance.now();
    const loaded = await core.invoke('sample.load', { size });
    if (!loaded.ok) throw new Error(`sample.load: ${JSON.stringify(loaded.error)}`);
    const loadMs = performance.now() - started;
    const rows = readSyncedRows(core, DEVICE_TABLES);
    const createdAt = new Map<string, string>();
    for (const table of DEVICE_TABLES) {
      for (const r of core.database.sqlite.prepare(`SELECT id, created_at FROM ${table}`).all() as {
        id: string;
        created_at: string;
      }[]) {
        createdAt.set(r.id, r.created_at);
      }
    }
    return { rows, createdAt, loadMs };
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes every row into a laptop's database through the app's own write path (RecordWriter: the
 * table, its field clocks, an outbox operation per row), as if it had all been recorded on that
 * laptop before it was enrolled. Returns the number of operations written.
 */
export function writeTown(core: AppCore, rows: TownRows): number {
  const sqlite = core.database.sqlite;
  const profile = sqlite
    .prepare('SELECT id, municipality_id, device_id FROM local_profile LIMIT 1')
    .get() as {
    id: string;
    municipality_id: string;
    device_id: string;
  };
  const last = sqlite.prepare("SELECT value FROM app_setting WHERE key = 'hlc.last'").pluck().get() as
    | string
    | undefined;
  const writer = new RecordWriter(sqlite, new HybridLogicalClock({ node: profile.device_id, last }));
  const actor = { id: profile.id, municipalityId: profile.municipality_id };
  const all: { table: string; row: SyncedRow }[] = [];
  for (const [table, list] of rows) for (const row of list) all.push({ table, row });
  const before = sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  for (let i = 0; i < all.length; i += 1000) {
    writer.write(actor, (tx) => {
      for (const { table, row } of all.slice(i, i + 1000)) {
        tx.insert(table as SyncedTableName, row as never);
      }
    });
  }
  return (sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number) - before;
}

export interface SeedReport {
  ops: number;
  requests: number;
  applied: number;
  quarantined: { table: string; code: string; message: string }[];
  ms: number;
}

/**
 * Enrols a seeding device with `code` and pushes every row as an insert, `batch` operations a request.
 * `onProgress` hears after each request.
 */
export async function seedTown(
  serverUrl: string,
  code: string,
  rows: TownRows,
  createdAt: ReadonlyMap<string, string>,
  options: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<SeedReport> {
  const started = performance.now();
  const client = new ServerClient(serverUrl, { timeoutMs: 300_000 });
  const enrolled = await client.enroll(code, 'sync bench seeder');
  let token = enrolled.access_token;
  const clock = new HybridLogicalClock({ node: 'seed' });
  const batch = Math.min(options.batch ?? DEFAULT_LIMITS.maxOps, DEFAULT_LIMITS.maxOps);
  const all: { table: string; row: SyncedRow }[] = [];
  for (const [table, list] of rows) for (const row of list) all.push({ table, row });

  const report: SeedReport = { ops: all.length, requests: 0, applied: 0, quarantined: [], ms: 0 };
  let seq = 0;
  let acked = 0;
  let cursor = '0';
  for (let i = 0; i < all.length; i += batch) {
    const slice = all.slice(i, i + batch);
    const ops: PushOp[] = slice.map(({ table, row }) => {
      const hlc = clock.now();
      const changes: PushOp['changes'] = {};
      for (const column of syncedColumns(table)) {
        changes[column] = { value: row[column] ?? null, hlc, base: null };
      }
      seq += 1;
      return {
        seq,
        op_id: newId(),
        table,
        row: row.id,
        op: 'insert',
        at: createdAt.get(row.id) ?? new Date().toISOString(),
        changes,
      };
    });
    const body = {
      protocol: PROTOCOL_VERSION,
      schema: SCHEMA_VERSION,
      device_id: enrolled.device_id,
      after_seq: acked,
      ops,
      cursor,
      page_size: 1,
    };
    let answer: Awaited<ReturnType<ServerClient['sync']>>;
    try {
      report.requests += 1;
      answer = await client.sync(token, body);
    } catch (error) {
      if ((error as { code?: string }).code !== 'TOKEN_EXPIRED') throw error;
      token = (await client.refresh(enrolled.device_id, enrolled.refresh_token)).access_token;
      report.requests += 1;
      answer = await client.sync(token, body);
    }
    const { response } = answer;
    acked = response.high_water;
    cursor = response.cursor;
    for (const result of response.results) {
      if (result.status === 'applied' || result.status === 'conflict') report.applied += 1;
      if (result.status === 'quarantined') {
        const op = ops.find((o) => o.seq === result.seq);
        report.quarantined.push({
          table: op?.table ?? '?',
          code: result.reason?.code ?? '?',
          message: result.reason?.message ?? '',
        });
      }
    }
    options.onProgress?.(Math.min(i + batch, all.length), all.length);
  }
  report.ms = performance.now() - started;
  return report;
}
