import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { fileKind, SECRET_BYTES } from './keys.ts';

/**
 * The at-rest secret's home (docs/security.md, "Where each secret lives"): `db-key.sealed` beside the
 * database, holding the secret as sealed by the OS keychain (Electron's safeStorage: DPAPI, Keychain,
 * libsecret/kwallet). The file alone is useless on another computer or account. Plain Node: the
 * sealing functions are handed in by the main process (electron/main/db-key-store.ts).
 */

export interface Sealer {
  seal(plain: string): Promise<Buffer>;
  unseal(sealed: Buffer): Promise<string>;
}

/**
 * The secret as 64 hex digits: unsealed from the file, or — only when there is no encrypted database
 * it could belong to — made now (32 random bytes), sealed and stored durably before it is used, so a
 * database is never encrypted with a key that was not kept first.
 * Fails with DB_KEY_MISSING when the file is gone or cannot be unsealed while an encrypted database is
 * there: nothing is made or overwritten then (a new key would never open it).
 */
export async function loadOrCreateSecret(
  keyPath: string,
  dbPaths: readonly string[],
  sealer: Sealer,
): Promise<string> {
  let sealed: Buffer | null = null;
  try {
    sealed = readFileSync(keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (sealed) {
    let hex: string;
    try {
      hex = (await sealer.unseal(sealed)).trim();
    } catch {
      throw new AppError('DB_KEY_MISSING', 'the sealed database key could not be unsealed by this account');
    }
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new AppError('DB_KEY_MISSING', 'the sealed database key is damaged');
    return hex;
  }
  if (dbPaths.some((p) => fileKind(p) === 'encrypted')) {
    throw new AppError('DB_KEY_MISSING', 'the database is encrypted and its sealed key is gone');
  }
  const hex = randomBytes(SECRET_BYTES).toString('hex');
  const bytes = await sealer.seal(hex);
  const temp = `${keyPath}.new`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, keyPath);
  try {
    const dir = openSync(dirname(keyPath), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Windows cannot open a folder for flushing.
  }
  // Read back through the keychain: a key that cannot be unsealed must not encrypt anything.
  const back = (await sealer.unseal(readFileSync(keyPath))).trim();
  if (back !== hex) {
    rmSync(keyPath, { force: true });
    throw new AppError('KEYSTORE_INSECURE', 'the keychain did not give back the key it sealed');
  }
  return hex;
}
