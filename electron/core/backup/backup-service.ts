import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Logger } from 'pino';
import type { Migration } from '../db/migrator.ts';
import { readSetting, writeSetting } from '../db/settings.ts';
import { type AtRestSecret, openKeyed } from '../encryption/keys.ts';

/**
 * Local safety (docs/sync-principles.md#local-safety-copies: field workers lost work to a sync nobody
 * watched, and asked for a local copy first). Copies of the live database go to
 * `<folder of the database>/backups/futasato-<reason>-<YYYYMMDD-HHmmss>.db` (local time):
 * - before the first sync of an enrolment, before a schema migration, and once a day;
 * - taken inside SQLite with `VACUUM INTO`, one read transaction, so the copy is one consistent moment
 *   even while the app writes — never a file copy of a WAL database. With encryption at rest the copy is
 *   encrypted with the live database's key (the online backup API and sqlite3_serialize would write
 *   it in clear with this driver), so a backup is as protected as the database (docs/security.md);
 * - written under a `.partial` name and renamed only after `PRAGMA integrity_check` on the copy passes,
 *   so a crash, a full disk or a damaged copy never leaves a file that looks like a good backup;
 * - each copy is a single self-contained file (rollback journal, not WAL), so restoring one is copying
 *   one file (docs/operations.md).
 * The core runs in plain Node: no electron here.
 */

export const BACKUP_REASONS = ['before-first-sync', 'before-migration', 'daily'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** How many copies of each reason are kept (the newest ones). */
export const DEFAULT_KEEP: Readonly<Record<BackupReason, number>> = {
  daily: 7,
  'before-first-sync': 3,
  'before-migration': 3,
};

export interface BackupInfo {
  name: string;
  path: string;
  reason: BackupReason;
  /** When the copy was taken (from its name), ISO 8601. */
  createdAt: string;
  sizeBytes: number;
}

export interface BackupServiceOptions {
  sqlite: BetterSqlite3.Database;
  /** The live database file; backups go to `backups/` beside it. */
  dbPath: string;
  now?: () => Date;
  keep?: Partial<Record<BackupReason, number>>;
  /**
   * Called with the finished copy before it is verified. Tests use it to damage the copy the way a
   * failing disk would; the app leaves it unset.
   */
  onCopied?: (partialPath: string) => void;
  /** Where backups and their failures are logged (the core's log). */
  log?: Logger;
  /** The at-rest secret of an encrypted database: the copies are opened with it to be checked. */
  secret?: AtRestSecret | null;
}

export const BACKUP_SETTING = {
  lastDailyAt: 'backup.last_daily_at',
  /** The device id whose first sync was backed up: once per enrolment, not once per run at cursor 0. */
  firstSyncDevice: 'backup.first_sync_device',
} as const;

const NAME = /^futasato-(before-first-sync|before-migration|daily)-(\d{8})-(\d{6})(?:-(\d+))?\.db$/;
const PARTIAL = '.partial';
/** A `.partial` file this old was left by a crash (a backup in progress rewrites its file constantly). */
const STALE_PARTIAL_MS = 10 * 60_000;

export class BackupService {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly dbPath: string;
  private readonly now: () => Date;
  private readonly keep: Record<BackupReason, number>;
  private readonly onCopied: ((partialPath: string) => void) | undefined;
  private readonly log: Logger | undefined;
  private readonly secret: AtRestSecret | null;
  /** Backups run one after another: a daily one and a first-sync one never race for a name. */
  private queue: Promise<unknown> = Promise.resolve();
  private dailyTimer: ReturnType<typeof setTimeout> | null = null;
  private dailyStopped = true;
  /** The last failure, for the 同期 page (a failed backup is reported, never silent). */
  lastError: { reason: BackupReason; message: string; at: string } | null = null;

  constructor(options: BackupServiceOptions) {
    this.sqlite = options.sqlite;
    this.dbPath = resolve(options.dbPath);
    this.now = options.now ?? (() => new Date());
    this.keep = { ...DEFAULT_KEEP, ...options.keep };
    this.onCopied = options.onCopied;
    this.log = options.log?.child({ part: 'backup' });
    this.secret = options.secret ?? null;
  }

  /** The folder holding the copies. */
  get dir(): string {
    return join(dirname(this.dbPath), 'backups');
  }

  /**
   * Takes a consistent copy with `VACUUM INTO` on the live connection: one read transaction, so the
   * copy is the database as of the moment it began, and it keeps the connection's encryption (the
   * online backup API would not). It runs synchronously on the core's thread; for a town's database
   * (tens of MB) that is a fraction of a second.
   */
  backup(reason: BackupReason): Promise<BackupInfo> {
    return this.enqueue(() => this.online(reason));
  }

  private online(reason: BackupReason): Promise<BackupInfo> {
    return this.take(reason, async (partial) => {
      vacuumInto(this.sqlite, partial);
    });
  }

  /**
   * Runs after every backup queued before it. Check, copy and the setting that records the copy run
   * as one queued step, so two triggers cannot both decide a copy is due, and `whenIdle` covers the
   * setting's write too.
   */
  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The same, synchronously, for openDatabase before it migrates (nothing else uses the connection yet). */
  backupSync(reason: BackupReason): BackupInfo {
    return this.finish(reason, (partial) => vacuumInto(this.sqlite, partial));
  }

  /** Resolves when no backup is in progress (close the database only after this). */
  async whenIdle(): Promise<void> {
    await this.queue;
  }

  /**
   * The sync engine's `beforeFirstFullSync` hook: one copy per enrolment, before anything from the
   * server is stored. Keyed by device id, so a run that failed after the copy (offline) does not copy
   * again, and a laptop enrolled anew (after a restore) gets a fresh one.
   */
  beforeFirstSync(deviceId: string): Promise<BackupInfo | null> {
    return this.enqueue(async () => {
      if (this.setting(BACKUP_SETTING.firstSyncDevice) === deviceId) return null;
      const info = await this.online('before-first-sync');
      this.putSetting(BACKUP_SETTING.firstSyncDevice, deviceId);
      return info;
    });
  }

  /** At most one daily copy per calendar day (local time) while the app runs. */
  maybeDaily(): Promise<BackupInfo | null> {
    return this.enqueue(async () => {
      const last = this.setting(BACKUP_SETTING.lastDailyAt);
      const now = this.now();
      if (last && localDay(new Date(last)) === localDay(now)) return null;
      const info = await this.online('daily');
      this.putSetting(BACKUP_SETTING.lastDailyAt, now.toISOString());
      return info;
    });
  }

  /**
   * Checks now, then every `intervalMs`, whether today's copy is due. The timer never keeps a test
   * process or a closing app alive.
   */
  startDaily(intervalMs = 60 * 60_000): void {
    this.stopDaily();
    const tick = () => {
      this.dailyTimer = null;
      void this.maybeDaily()
        // The failure is in lastError for the 同期 page too; the next tick tries again.
        .catch((error) => this.log?.warn({ err: error }, 'daily backup did not complete'))
        .finally(() => {
          if (this.dailyTimer === null && !this.dailyStopped) {
            this.dailyTimer = setTimeout(tick, intervalMs);
            this.dailyTimer.unref?.();
          }
        });
    };
    this.dailyStopped = false;
    // The first check is queued at once, so a close right after start waits for it.
    tick();
  }

  stopDaily(): void {
    this.dailyStopped = true;
    if (this.dailyTimer !== null) clearTimeout(this.dailyTimer);
    this.dailyTimer = null;
  }

  /** Every finished copy, newest first. In-progress `.partial` files are not backups and not listed. */
  list(): BackupInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const found: (BackupInfo & { order: string })[] = [];
    for (const name of names) {
      const m = NAME.exec(name);
      if (!m) continue;
      const [, reason, day, time, counter] = m as unknown as [string, BackupReason, string, string, string?];
      const path = join(this.dir, name);
      let sizeBytes: number;
      try {
        sizeBytes = statSync(path).size;
      } catch {
        continue; // removed meanwhile
      }
      found.push({
        name,
        path,
        reason,
        createdAt: parseStamp(day, time).toISOString(),
        sizeBytes,
        order: `${day}${time}-${(counter ?? '0').padStart(6, '0')}`,
      });
    }
    found.sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
    return found.map(({ order: _order, ...info }) => info);
  }

  private async take(reason: BackupReason, write: (partial: string) => Promise<void>): Promise<BackupInfo> {
    let names: { partial: string; final: string } | null = null;
    try {
      names = this.prepare(reason);
      await write(names.partial);
    } catch (error) {
      if (names) removeWithSidecars(names.partial);
      throw this.failed(reason, error);
    }
    return this.complete(reason, names.partial, names.final);
  }

  private finish(reason: BackupReason, write: (partial: string) => void): BackupInfo {
    let names: { partial: string; final: string } | null = null;
    try {
      names = this.prepare(reason);
      write(names.partial);
    } catch (error) {
      if (names) removeWithSidecars(names.partial);
      throw this.failed(reason, error);
    }
    return this.complete(reason, names.partial, names.final);
  }

  /** A name no existing backup has (a second copy within the same second gets `-1`, `-2`, …). */
  private prepare(reason: BackupReason): { partial: string; final: string } {
    mkdirSync(this.dir, { recursive: true });
    this.removeStalePartials();
    const stamp = formatStamp(this.now());
    const taken = new Set(readdirSync(this.dir));
    for (let i = 0; ; i++) {
      const name = `futasato-${reason}-${stamp}${i === 0 ? '' : `-${i}`}.db`;
      if (!taken.has(name) && !taken.has(`${name}${PARTIAL}`)) {
        return { partial: join(this.dir, `${name}${PARTIAL}`), final: join(this.dir, name) };
      }
    }
  }

  /** Verifies the copy, then makes it a backup by renaming it; only then are older copies rotated. */
  private complete(reason: BackupReason, partial: string, final: string): BackupInfo {
    try {
      toRollbackJournal(partial, this.secret);
      this.onCopied?.(partial);
      verify(partial, this.secret);
      renameSync(partial, final);
      syncDirectory(this.dir);
    } catch (error) {
      removeWithSidecars(partial);
      throw this.failed(reason, error);
    }
    this.lastError = null;
    this.prune(reason);
    const info = this.list().find((b) => b.path === final);
    if (!info) throw this.failed(reason, new Error(`backup ${final} vanished after it was written`));
    this.log?.info({ reason, file: info.name, sizeBytes: info.sizeBytes }, 'backup taken');
    return info;
  }

  /**
   * Rotation: keeps the newest `keep[reason]` copies of a reason and deletes older copies of THAT
   * reason only. The rule that makes it safe:
   * - it runs only after a new copy of the same reason was written and verified, so the copies it
   *   deletes are always older than a good one (a damaged new copy is discarded before rotation, and
   *   then nothing is deleted);
   * - the newest copy of each reason is never deleted (keep is at least 1), so the first-sync copy —
   *   the one that holds what the laptop had before the server's data came in — survives any number
   *   of daily copies, and the pre-migration copy survives until the next migration;
   * - it only touches files whose whole name matches the backup pattern inside `backups/`, never the
   *   live database or its -wal/-shm.
   * Unsent operations (outbox 'pending'/'quarantined') stay in the live database until the server
   * acknowledges them, so every newer copy holds them too; an older copy is never their only home.
   */
  private prune(reason: BackupReason): void {
    const keep = Math.max(1, this.keep[reason]);
    const mine = this.list().filter((b) => b.reason === reason);
    for (const old of mine.slice(keep)) {
      if (resolve(old.path) === this.dbPath || dirname(resolve(old.path)) !== resolve(this.dir)) continue;
      rmSync(old.path, { force: true });
    }
  }

  /** `.partial` files left by a crash or a killed process: never backups, only clutter. */
  private removeStalePartials(): void {
    const cutoff = Date.now() - STALE_PARTIAL_MS;
    for (const name of readdirSync(this.dir)) {
      if (!name.includes(PARTIAL)) continue;
      const path = join(this.dir, name);
      try {
        if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
      } catch {
        // gone already
      }
    }
  }

  private failed(reason: BackupReason, error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    this.lastError = { reason, message, at: this.now().toISOString() };
    this.log?.error({ reason, err: error }, 'backup failed');
    return new Error(`backup (${reason}) failed: ${message}`, { cause: error });
  }

  private setting(key: string): string | null {
    return readSetting(this.sqlite, key);
  }

  private putSetting(key: string, value: string): void {
    writeSetting(this.sqlite, key, value);
  }
}

/**
 * openDatabase's hook, called before it migrates: a database that already has a schema (it is not
 * brand new) and has migrations pending is copied as it is now, reason before-migration. Migrations
 * are forward-only, so this copy is the only way back to the old schema. If the copy cannot be made
 * the open fails and nothing is migrated (the caller tells the user; the data is untouched).
 */
export function backupBeforeMigration(
  sqlite: BetterSqlite3.Database,
  dbPath: string,
  migrations: readonly Migration[],
  options: Omit<BackupServiceOptions, 'sqlite' | 'dbPath'> = {},
): BackupInfo | null {
  if (dbPath === '' || dbPath === ':memory:' || dbPath.startsWith('file:')) return null;
  const hasHistory = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'")
    .get();
  if (!hasHistory) return null;
  const current = Number(sqlite.prepare('SELECT max(version) FROM schema_migration').pluck().get() ?? 0);
  if (current === 0) return null;
  // A database newer than the app has nothing pending here (the migrator refuses it, unchanged).
  if (!migrations.some((m) => m.version > current)) return null;
  return new BackupService({ sqlite, dbPath, ...options }).backupSync('before-migration');
}

/** A consistent copy of the whole database into a new file, flushed to disk, keyed as the source is. */
function vacuumInto(sqlite: BetterSqlite3.Database, partial: string): void {
  sqlite.exec(`VACUUM INTO '${partial.replaceAll("'", "''")}'`);
  const fd = openSync(partial, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A copy must be one self-contained file (restore = copy one file) that verifies read-only cleanly:
 * it is set to a rollback journal, whatever the source used (VACUUM INTO already writes one; this
 * makes it explicit and checks it).
 */
function toRollbackJournal(path: string, secret: AtRestSecret | null): void {
  const db = openKeyed(path, secret, { fileMustExist: true });
  try {
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete')
      throw new Error(`could not switch the copy to a rollback journal (${String(mode)})`);
  } finally {
    db.close();
  }
}

/** A copy counts only if SQLite itself finds it whole. */
function verify(path: string, secret: AtRestSecret | null): void {
  const db = openKeyed(path, secret, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') {
      const problems = rows
        .slice(0, 5)
        .map((r) => r.integrity_check)
        .join('; ');
      throw new Error(`integrity check of the copy failed: ${problems}`);
    }
  } finally {
    db.close();
  }
}

function removeWithSidecars(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** Makes the rename itself durable where the platform allows (Windows cannot open a folder). */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatStamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

function parseStamp(day: string, time: string): Date {
  return new Date(
    Number(day.slice(0, 4)),
    Number(day.slice(4, 6)) - 1,
    Number(day.slice(6, 8)),
    Number(time.slice(0, 2)),
    Number(time.slice(2, 4)),
    Number(time.slice(4, 6)),
  );
}

function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
