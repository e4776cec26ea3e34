import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../db/migrations-fs.ts';
import { CONVERSION_STEPS, temporaryPathOf } from './convert-database.ts';
import { fileKind } from './keys.ts';

const SENTINEL = 'SENTINEL暗号化確認';
const ROWS = 3_000;
const CHILD = join(import.meta.dirname, 'convert-crash-child.ts');
const migrations = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
const dirs: string[] = [];
let template: string;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-convert-'));
  dirs.push(dir);
  return dir;
}

/** Every file in the folder that holds the sentinel's bytes in clear. */
function filesWithSentinel(dir: string): string[] {
  const needle = Buffer.from(SENTINEL, 'utf8');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => readFileSync(p).includes(needle));
}

beforeAll(() => {
  // A clear database as an installation before encryption left it: full schema, rows in the table and
  // in its WAL (the copy is taken while the connection is open, so the -wal holds recent commits).
  template = tempDir();
  const db = openDatabase(join(template, 'futasato.db'), migrations);
  db.sqlite.exec('CREATE TABLE crash_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
  const insert = db.sqlite.prepare('INSERT INTO crash_probe (note) VALUES (?)');
  db.sqlite.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`${SENTINEL} ${i}`);
  })();
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < 25; i++) insert.run(`${SENTINEL} wal ${i}`);
  copyFileSync(join(template, 'futasato.db'), join(template, 'seed.db'));
  copyFileSync(join(template, 'futasato.db-wal'), join(template, 'seed.db-wal'));
  db.sqlite.close();
  rmSync(join(template, 'futasato.db'));
});

afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs the conversion in a child and crashes it at `step`, or kills it `killAfterMs` after it starts. */
function crashOnce(dbPath: string, secret: Buffer, step: string, killAfterMs: number | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, step], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => {
      err += String(c);
    });
    child.stdout.on('data', (c: Buffer) => {
      if (killAfterMs !== null && String(c).includes('go')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child failed (${code}): ${err}`));
      else resolve();
    });
    child.stdin.end(secret.toString('hex'));
  });
}

describe('converting a clear database', () => {
  it('survives a crash at every step and at random moments (50 runs): one encrypted database, every row, nothing in clear', async () => {
    const runs = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? { step: CONVERSION_STEPS[(i / 2) % CONVERSION_STEPS.length] as string, killAfterMs: null }
        : { step: 'none', killAfterMs: Math.floor(Math.random() * 160) },
    );
    const outcomes = { crashedBeforeRename: 0, crashedAfterRename: 0 };
    const one = async (run: { step: string; killAfterMs: number | null }) => {
      const dir = tempDir();
      const dbPath = join(dir, 'futasato.db');
      copyFileSync(join(template, 'seed.db'), dbPath);
      copyFileSync(join(template, 'seed.db-wal'), `${dbPath}-wal`);
      const secret = randomBytes(32);
      await crashOnce(dbPath, secret, run.step, run.killAfterMs);
      if (fileKind(dbPath) === 'encrypted') outcomes.crashedAfterRename++;
      else outcomes.crashedBeforeRename++;
      // The next start: finishes or redoes the conversion, then opens with the key.
      const db = openDatabase(dbPath, migrations, undefined, secret);
      try {
        const count = db.sqlite.prepare('SELECT count(*) FROM crash_probe').pluck().get();
        expect(count).toBe(ROWS + 25);
        expect(db.sqlite.prepare('SELECT note FROM crash_probe WHERE id = 1').pluck().get()).toBe(
          `${SENTINEL} 0`,
        );
      } finally {
        db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        await db.close();
      }
      expect(fileKind(dbPath)).toBe('encrypted');
      expect(existsSync(temporaryPathOf(dbPath))).toBe(false);
      expect(filesWithSentinel(dir)).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    };
    // Five at a time: a busy two-core machine still finishes in seconds.
    for (let i = 0; i < runs.length; i += 5) await Promise.all(runs.slice(i, i + 5).map(one));
    // Both sides of the rename were exercised.
    expect(outcomes.crashedBeforeRename).toBeGreaterThan(0);
    expect(outcomes.crashedAfterRename).toBeGreaterThan(0);
  }, 240_000);

  it('refuses to open the encrypted database without the key or with another one (stable codes), unchanged', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'futasato.db');
    const secret = randomBytes(32);
    const db = openDatabase(dbPath, migrations, undefined, secret);
    db.sqlite.prepare("INSERT INTO app_setting (key, value) VALUES ('probe', ?)").run(SENTINEL);
    await db.close();
    const before = readFileSync(dbPath);
    expect(() => openDatabase(dbPath, migrations)).toThrow(
      expect.objectContaining({ code: 'DB_KEY_MISSING' }),
    );
    expect(() => openDatabase(dbPath, migrations, undefined, randomBytes(32))).toThrow(
      expect.objectContaining({ code: 'DB_KEY_WRONG' }),
    );
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    const again = openDatabase(dbPath, migrations, undefined, secret);
    expect(again.sqlite.prepare("SELECT value FROM app_setting WHERE key = 'probe'").pluck().get()).toBe(
      SENTINEL,
    );
    await again.close();
    expect(filesWithSentinel(dir)).toEqual([]);
  });
});
