import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupsView } from '../../../shared/ipc/views.ts';
import { AppCore } from '../app-core.ts';
import { openDatabase } from '../db/connection.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../db/migrations-fs.ts';
import { call, openTestCore, testCoreOptions } from '../test-support.ts';
import { BACKUP_SETTING, type BackupReason, BackupService } from './backup-service.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-backup-'));
  dirs.push(dir);
  return dir;
}

/**
 * A live database shaped like the app's (WAL, app_setting) with two tables that every write fills
 * together, so a torn copy would show as unequal counts; big enough that the backup API needs many
 * event-loop turns.
 */
function liveDatabase(rows = 20_000): { sqlite: BetterSqlite3.Database; dbPath: string; dir: string } {
  const dir = tempDir();
  const dbPath = join(dir, 'futasato.db');
  const sqlite = new BetterSqlite3(dbPath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec(`CREATE TABLE app_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE a (id INTEGER PRIMARY KEY, pad TEXT NOT NULL) STRICT;
    CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL) STRICT;`);
  const write = pairWriter(sqlite);
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) write();
  })();
  return { sqlite, dbPath, dir };
}

function pairWriter(sqlite: BetterSqlite3.Database): () => void {
  const a = sqlite.prepare('INSERT INTO a (pad) VALUES (?)');
  const b = sqlite.prepare('INSERT INTO b (a_id) VALUES (?)');
  return sqlite.transaction(() => {
    const id = a.run('x'.repeat(180)).lastInsertRowid;
    b.run(id);
  });
}

const count = (db: BetterSqlite3.Database, table: string) =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** A clock the test moves by hand. */
function clock(start = new Date(2025, 5, 2, 9, 30, 0)) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const DAY = 86_400_000;

describe('BackupService', () => {
  it('copies a database that is being written to, consistently, into one verified file', async () => {
    const { sqlite, dbPath, dir } = liveDatabase();
    const before = count(sqlite, 'a');
    const service = new BackupService({ sqlite, dbPath });
    const write = pairWriter(sqlite);
    // Writes keep coming on the same connection, as the app's do; VACUUM INTO copies inside one read
    // transaction, so each write lands wholly before or wholly after the copy's moment.
    let writes = 0;
    let done = false;
    const writer = (async () => {
      while (!done) {
        write();
        writes += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const info = await service.backup('daily');
    done = true;
    await writer;
    expect(writes).toBeGreaterThan(0);

    expect(info.name).toMatch(/^futasato-daily-\d{8}-\d{6}\.db$/);
    expect(info.path).toBe(join(dir, 'backups', info.name));
    // One self-contained file: no partial, no -wal/-shm beside it.
    expect(readdirSync(join(dir, 'backups'))).toEqual([info.name]);

    const copy = new BetterSqlite3(info.path, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const a = count(copy, 'a');
      expect(count(copy, 'b')).toBe(a);
      expect(a).toBeGreaterThan(before);
      expect(a).toBeLessThanOrEqual(count(sqlite, 'a'));
    } finally {
      copy.close();
    }
    expect(readdirSync(join(dir, 'backups'))).toEqual([info.name]);
    sqlite.close();
  });

  it('lists backups newest first with reason, time and size', async () => {
    const { sqlite, dbPath } = liveDatabase(100);
    const c = clock();
    const service = new BackupService({ sqlite, dbPath, now: c.now });
    expect(service.list()).toEqual([]);
    await service.backup('before-first-sync');
    c.advance(60_000);
    await service.backup('daily');
    // Twice in the same second: a second name, not an overwrite.
    await service.backup('daily');
    const list = service.list();
    expect(list.map((b) => [b.reason, b.name])).toEqual([
      ['daily', 'futasato-daily-20250602-093100-1.db'],
      ['daily', 'futasato-daily-20250602-093100.db'],
      ['before-first-sync', 'futasato-before-first-sync-20250602-093000.db'],
    ]);
    expect(list[2]?.createdAt).toBe(new Date(2025, 5, 2, 9, 30, 0).toISOString());
    for (const b of list) expect(b.sizeBytes).toBeGreaterThan(0);
    sqlite.close();
  });

  it('keeps the newest N of a reason, deletes only older ones of that reason, never the newest', async () => {
    const { sqlite, dbPath, dir } = liveDatabase(100);
    const c = clock();
    const service = new BackupService({
      sqlite,
      dbPath,
      now: c.now,
      keep: { daily: 3, 'before-migration': 0 },
    });
    await service.backup('before-first-sync');
    await service.backup('before-migration');
    const dailies: string[] = [];
    for (let i = 0; i < 5; i++) {
      c.advance(DAY);
      dailies.push((await service.backup('daily')).name);
    }
    const byReason = (reason: BackupReason) =>
      service
        .list()
        .filter((b) => b.reason === reason)
        .map((b) => b.name);
    expect(byReason('daily')).toEqual(dailies.slice(2).reverse());
    expect(byReason('before-first-sync')).toHaveLength(1);
    // keep 0 is read as 1: the newest copy of a reason is never deleted.
    c.advance(DAY);
    const newest = (await service.backup('before-migration')).name;
    expect(byReason('before-migration')).toEqual([newest]);
    // The live database is untouched.
    expect(existsSync(dbPath)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.startsWith('futasato.db'))).toContain('futasato.db');
    expect(count(sqlite, 'a')).toBe(100);
    sqlite.close();
  });

  it('discards a copy that fails its integrity check, and rotates nothing away for it', async () => {
    const { sqlite, dbPath, dir } = liveDatabase(5_000);
    const c = clock();
    let damage = false;
    const service = new BackupService({
      sqlite,
      dbPath,
      now: c.now,
      keep: { daily: 1 },
      // The disk returns garbage for a few pages of the copy.
      onCopied: (partial) => {
        if (!damage) return;
        const fd = openSync(partial, 'r+');
        try {
          const page = sqlite.pragma('page_size', { simple: true }) as number;
          for (let p = 3; p < 8; p++) writeSync(fd, Buffer.alloc(page, 0xab), 0, page, p * page);
        } finally {
          closeSync(fd);
        }
      },
    });
    const good = await service.backup('daily');
    damage = true;
    c.advance(DAY);
    await expect(service.backup('daily')).rejects.toThrow(/backup \(daily\) failed/);
    expect(service.lastError).toMatchObject({ reason: 'daily' });
    expect(service.lastError?.message).toMatch(/integrity check of the copy failed|malformed/);
    // Nothing new looks like a backup, nothing half-written is left, and the good copy is still there.
    expect(readdirSync(join(dir, 'backups'))).toEqual([good.name]);
    expect(service.list().map((b) => b.name)).toEqual([good.name]);
    // The next good copy clears the error (and then rotation may replace the old one).
    damage = false;
    c.advance(DAY);
    const next = await service.backup('daily');
    expect(service.lastError).toBeNull();
    expect(service.list().map((b) => b.name)).toEqual([next.name]);
    sqlite.close();
  });

  it('takes at most one daily copy per calendar day', async () => {
    const { sqlite, dbPath } = liveDatabase(100);
    const c = clock(new Date(2025, 5, 2, 8, 0, 0));
    const service = new BackupService({ sqlite, dbPath, now: c.now });
    expect(await service.maybeDaily()).not.toBeNull();
    c.advance(10 * 60 * 60_000); // 18:00, same day
    expect(await service.maybeDaily()).toBeNull();
    c.advance(7 * 60 * 60_000); // 01:00 the next day
    expect(await service.maybeDaily()).not.toBeNull();
    expect(service.list().filter((b) => b.reason === 'daily')).toHaveLength(2);
    expect(
      sqlite.prepare('SELECT value FROM app_setting WHERE key = ?').pluck().get(BACKUP_SETTING.lastDailyAt),
    ).toBe(c.now().toISOString());
    sqlite.close();
  });

  it('copies before the first sync once per enrolment (device id)', async () => {
    const { sqlite, dbPath } = liveDatabase(100);
    const c = clock();
    const service = new BackupService({ sqlite, dbPath, now: c.now });
    expect(await service.beforeFirstSync('device-1')).not.toBeNull();
    c.advance(1000);
    expect(await service.beforeFirstSync('device-1')).toBeNull();
    c.advance(1000);
    expect(await service.beforeFirstSync('device-2')).not.toBeNull();
    expect(service.list().filter((b) => b.reason === 'before-first-sync')).toHaveLength(2);
    sqlite.close();
  });
});

describe('before a schema migration', () => {
  const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
  const v1 = all.filter((m) => m.version === 1);

  it('copies a v1 database with data, as it was, before migrating it', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'futasato.db');
    const old = openDatabase(dbPath, v1);
    const insert = old.sqlite.prepare(
      "INSERT INTO outbox (op_id, municipality_id, table_name, row_id, op, changes, hlc, created_at) VALUES (?, 'kagoshima-yoron', 'family', ?, 'insert', '{}', 'h', 'x')",
    );
    for (let i = 0; i < 50; i++) insert.run(`op-${i}`, `row-${i}`);
    old.sqlite.prepare("INSERT INTO app_setting (key, value) VALUES ('ui.locale', 'ja')").run();
    // Still open, so the rows sit in its WAL, not yet in the main file: the copy must see them anyway.
    expect(existsSync(`${dbPath}-wal`)).toBe(true);

    const current = openDatabase(dbPath, all);
    expect(current.migration.from).toBe(1);
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^futasato-before-migration-\d{8}-\d{6}\.db$/);

    const copy = new BetterSqlite3(join(dir, 'backups', backups[0] ?? ''), { readonly: true });
    try {
      expect(copy.prepare('SELECT max(version) FROM schema_migration').pluck().get()).toBe(1);
      expect(copy.pragma('user_version', { simple: true })).toBe(1);
      expect(copy.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sync_run'").pluck().get()).toBe(
        0,
      );
      expect(count(copy, 'outbox')).toBe(50);
      expect(copy.prepare("SELECT value FROM app_setting WHERE key = 'ui.locale'").pluck().get()).toBe('ja');
    } finally {
      copy.close();
    }
    // The live database moved on, with its rows.
    expect(current.sqlite.prepare('SELECT max(version) FROM schema_migration').pluck().get()).toBe(
      all.at(-1)?.version,
    );
    expect(count(current.sqlite, 'outbox')).toBe(50);
    await current.close();
    await old.close();
  });

  it('copies nothing for a brand-new database or one already up to date', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'futasato.db');
    await openDatabase(dbPath, all).close();
    await openDatabase(dbPath, all).close();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});

describe('the sync.backups channel', () => {
  it('shows the folder, the copies and when the daily one ran', async () => {
    const t = await openTestCore();
    try {
      const empty = (await call(t.core, 'sync.backups')) as BackupsView;
      expect(empty).toEqual({
        folder: join(t.dir, 'backups'),
        backups: [],
        lastDailyAt: null,
        lastError: null,
      });
      await t.core.backups.maybeDaily();
      const view = (await call(t.core, 'sync.backups')) as BackupsView;
      expect(view.backups).toEqual([
        {
          name: expect.stringMatching(/^futasato-daily-/),
          reason: 'daily',
          createdAt: expect.any(String),
          sizeBytes: expect.any(Number),
        },
      ]);
      expect(view.lastDailyAt).not.toBeNull();
    } finally {
      await t.dispose();
    }
  });
});

describe('the daily copy in the running app', () => {
  it('is taken once automatic sync starts, and close waits for it', async () => {
    const t = await openTestCore();
    try {
      await call(t.core, 'profile.setup', {
        municipalityId: 'kagoshima-yoron',
        displayName: '田中 美咲',
        role: 'coordinator',
      });
      t.core.startAutoSync();
      await t.core.close();
      expect(t.core.backups.list().map((b) => b.reason)).toEqual(['daily']);
      const reopened = await AppCore.open(testCoreOptions(t.dir));
      try {
        expect(reopened.getSetting(BACKUP_SETTING.lastDailyAt)).not.toBeNull();
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(t.dir, { recursive: true, force: true });
    }
  });
});
