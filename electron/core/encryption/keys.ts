import { hkdfSync } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';

/**
 * Encryption at rest (docs/security.md). One random 256-bit secret per installation, made by the main
 * process at first run and kept sealed by the OS keychain (electron/main/db-key-store.ts); the core
 * receives it in its start message and derives one key per use with HKDF-SHA256, so the database key
 * and the attachment key are independent:
 * - the SQLite key (SQLite3 Multiple Ciphers, ChaCha20-Poly1305 pages), for the live database, its
 *   WAL, its backups and the practice database;
 * - the blob key (AES-256-GCM, blob-cipher.ts), for every attachment file.
 * The secret is never logged, put in an error message, written in clear or passed on a command line.
 */

export const SECRET_BYTES = 32;

/** The secret as the core holds it. */
export type AtRestSecret = Uint8Array;

const SALT = Buffer.from('futasato at-rest v1', 'utf8');

function derive(secret: AtRestSecret, info: string): Buffer {
  if (secret.length !== SECRET_BYTES)
    throw new AppError('DB_KEY_WRONG', 'the at-rest secret has the wrong length');
  return Buffer.from(hkdfSync('sha256', secret, SALT, Buffer.from(info, 'utf8'), 32));
}

export function sqliteKeyOf(secret: AtRestSecret): Buffer {
  return derive(secret, 'futasato/sqlite');
}

export function blobKeyOf(secret: AtRestSecret): Buffer {
  return derive(secret, 'futasato/blob');
}

/** The secret from its hex form (the start message), refusing anything that is not 32 bytes. */
export function secretFromHex(hex: string): AtRestSecret {
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new AppError('DB_KEY_WRONG', 'the at-rest secret is not 64 hex digits');
  return Buffer.from(hex, 'hex');
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * What a database file is, from its first 16 bytes: a clear SQLite file starts with the SQLite magic;
 * an encrypted one starts with its random KDF salt. An empty file (made but never written) is 'empty'.
 */
export function fileKind(path: string): 'missing' | 'empty' | 'clear' | 'encrypted' {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n === 0) return 'empty';
    return n === 16 && head.equals(SQLITE_HEADER) ? 'clear' : 'encrypted';
  } finally {
    closeSync(fd);
  }
}

/**
 * Applies the key to a connection just opened, before anything else reads it, and proves it opens the
 * file: a wrong key makes the first read fail with SQLITE_NOTADB, which becomes DB_KEY_WRONG (and the
 * connection is closed). The key travels as hex in a PRAGMA: it is never in a log line or an error.
 */
export function applyKey(sqlite: BetterSqlite3.Database, secret: AtRestSecret): void {
  sqlite.pragma("cipher = 'chacha20'");
  sqlite.pragma(`hexkey = '${sqliteKeyOf(secret).toString('hex')}'`);
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    sqlite.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError('DB_KEY_WRONG', 'the key does not open the encrypted database');
    }
    throw error;
  }
}

/** Opens a database file that may be encrypted: with the key when one is given, refusing the wrong one. */
export function openKeyed(
  path: string,
  secret: AtRestSecret | null | undefined,
  options: BetterSqlite3.Options = {},
): BetterSqlite3.Database {
  if (!secret) {
    if (fileKind(path) === 'encrypted')
      throw new AppError('DB_KEY_MISSING', 'the database is encrypted and no key was given');
    return new BetterSqlite3(path, options);
  }
  const sqlite = new BetterSqlite3(path, options);
  applyKey(sqlite, secret);
  return sqlite;
}
