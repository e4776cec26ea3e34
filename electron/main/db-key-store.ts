import { join } from 'node:path';
import { safeStorage } from 'electron';
import { AppError } from '../../shared/errors.ts';
import { loadOrCreateSecret, type Sealer } from '../core/encryption/key-file.ts';

/**
 * The at-rest secret (docs/security.md), sealed with the OS keychain through Electron's safeStorage,
 * asynchronous API (Electron 45). On Linux, Chromium falls back to the `basic_text` backend when no
 * keyring (libsecret, kwallet) answers: that "encryption" uses a fixed, public key, so the app refuses
 * it (KEYSTORE_INSECURE) rather than store the database key as good as in clear. The unsealed secret
 * goes to the core in its start message only; it is never logged.
 */
export async function atRestSecret(dbPath: string): Promise<string> {
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new AppError('KEYSTORE_INSECURE', 'safeStorage uses the basic_text backend (no keyring)');
  }
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new AppError('KEYSTORE_INSECURE', 'safeStorage has no encryption available');
  }
  const sealer: Sealer = {
    seal: (plain) => safeStorage.encryptStringAsync(plain),
    unseal: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result,
  };
  const dir = join(dbPath, '..');
  return loadOrCreateSecret(
    join(dir, 'db-key.sealed'),
    [dbPath, join(dir, 'practice', 'futasato-practice.db')],
    sealer,
  );
}
