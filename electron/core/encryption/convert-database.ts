import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Logger } from 'pino';
import { AppError } from '../../../shared/errors.ts';
import { type AtRestSecret, applyKey, fileKind, sqliteKeyOf } from './keys.ts';

/**
 * The one-time conversion of a database kept in clear (every installation before encryption at rest)
 * into an encrypted one, safe against a crash at any moment (docs/security.md, "Converting a clear
 * database"). The clear file stays the database until an encrypted, verified, flushed copy replaces it
 * by one atomic rename:
 *   1. the clear database is checkpointed and closed, so its -wal holds nothing the file lacks;
 *   2. `VACUUM INTO <db>.encrypting` copies it, then `PRAGMA rekey` encrypts every page of that copy;
 *   3. the copy is opened with the key, integrity-checked, its row counts compared with the clear one;
 *   4. the copy is flushed; the clear file's empty -wal/-shm are removed (a stale WAL beside the
 *      encrypted file would be replayed into it);
 *   5. rename(<db>.encrypting → <db>), then the folder is flushed.
 * Before step 5 the clear file is whole and is what opens; after it the encrypted one. On the next start
 * `prepareEncryptedDatabase` sees which: a clear database with a leftover `.encrypting` copy is converted
 * again from the start (the copy is discarded), an encrypted one is used as it is.
 */

export const CONVERSION_STEPS = [
  'start',
  'checkpointed',
  'copied',
  'rekeyed',
  'verified',
  'flushed',
  'sidecars-removed',
  'renamed',
] as const;
export type ConversionStep = (typeof CONVERSION_STEPS)[number];

export interface ConversionOptions {
  log?: Logger;
  /** Tests only: called as each step completes (a crash test kills the process there). */
  onStep?: (step: ConversionStep) => void;
}

export function temporaryPathOf(dbPath: string): string {
  return `${dbPath}.encrypting`;
}

function removeWithSidecars(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder; the file's own flush is what matters there.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function sizeOrZero(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Rows per table, the proof that the copy holds what the clear file held. */
function rowCounts(sqlite: BetterSqlite3.Database): Map<string, number> {
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const counts = new Map<string, number>();
  for (const t of tables) {
    counts.set(
      t,
      Number(
        sqlite
          .prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`)
          .pluck()
          .get(),
      ),
    );
  }
  return counts;
}

/**
 * Makes `dbPath` an encrypted database (or leaves it absent for a new one): finishes or rolls back a
 * conversion a crash interrupted, converts a clear file, and checks the key of an encrypted one is
 * not refused outright (that is done by the open that follows). Never deletes the only good copy.
 */
export function prepareEncryptedDatabase(
  dbPath: string,
  secret: AtRestSecret,
  options: ConversionOptions = {},
): 'new' | 'encrypted' | 'converted' {
  if (dbPath === '' || dbPath === ':memory:' || dbPath.startsWith('file:')) return 'new';
  const temp = temporaryPathOf(dbPath);
  const kind = fileKind(dbPath);
  if (kind === 'encrypted') {
    // The rename happened (or there was never a clear file): a copy left beside it is a stale one.
    removeWithSidecars(temp);
    return 'encrypted';
  }
  if (kind === 'missing' || kind === 'empty') {
    if (fileKind(temp) !== 'missing') removeWithSidecars(temp);
    return 'new';
  }
  // A clear database: whatever copy a crash left is unfinished (the rename is the last step).
  removeWithSidecars(temp);
  convertClearDatabase(dbPath, secret, options);
  return 'converted';
}

function convertClearDatabase(dbPath: string, secret: AtRestSecret, options: ConversionOptions): void {
  const step = (s: ConversionStep) => options.onStep?.(s);
  const temp = temporaryPathOf(dbPath);
  step('start');
  // 1. Checkpoint and close: the clear file alone then holds every row.
  const clear = new BetterSqlite3(dbPath, { fileMustExist: true });
  let expected: Map<string, number>;
  try {
    clear.pragma('busy_timeout = 5000');
    clear.pragma('wal_checkpoint(TRUNCATE)');
    expected = rowCounts(clear);
    // 2a. A consistent copy in rollback-journal mode (VACUUM INTO writes a self-contained file).
    clear.exec(`VACUUM INTO '${temp.replaceAll("'", "''")}'`);
  } finally {
    clear.close();
  }
  step('checkpointed');
  if (sizeOrZero(`${dbPath}-wal`) > 0) {
    // Someone else still has the clear database open: it cannot be converted safely now.
    removeWithSidecars(temp);
    throw new AppError('INTERNAL', 'the clear database is still in use; conversion postponed');
  }
  step('copied');
  // 2b. Encrypt every page of the copy (the copy is not yet the database: a crash here discards it).
  const copy = new BetterSqlite3(temp, { fileMustExist: true });
  try {
    copy.pragma("cipher = 'chacha20'");
    copy.pragma(`hexrekey = '${sqliteKeyOf(secret).toString('hex')}'`);
  } finally {
    copy.close();
  }
  step('rekeyed');
  // 3. Verify with a fresh connection and the key.
  if (fileKind(temp) !== 'encrypted') throw new AppError('INTERNAL', 'the copy was not encrypted');
  const check = new BetterSqlite3(temp, { fileMustExist: true });
  try {
    applyKey(check, secret);
    const rows = check.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok')
      throw new AppError('INTERNAL', 'the encrypted copy failed its integrity check');
    const got = rowCounts(check);
    for (const [table, n] of expected) {
      if (got.get(table) !== n) throw new AppError('INTERNAL', `the encrypted copy lacks rows of ${table}`);
    }
  } finally {
    if (check.open) check.close();
  }
  step('verified');
  // 4. Flush the copy, then take away the clear file's (empty) sidecars.
  fsyncFile(temp);
  step('flushed');
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
  rmSync(`${temp}-journal`, { force: true });
  fsyncDir(dirname(dbPath));
  step('sidecars-removed');
  // 5. The atomic switch.
  renameSync(temp, dbPath);
  fsyncDir(dirname(dbPath));
  step('renamed');
  options.log?.info('the local database was converted to an encrypted one');
}
