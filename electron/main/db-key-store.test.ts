import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db/connection.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../core/db/migrations-fs.ts';
import { secretFromHex } from '../core/encryption/keys.ts';
import { resetFakeElectron, safeStorage } from '../testing/fake-electron.ts';
import { atRestSecret } from './db-key-store.ts';

const fake = safeStorage;
const dirs: string[] = [];
afterEach(() => {
  resetFakeElectron();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-key-'));
  dirs.push(dir);
  return dir;
}

describe('the at-rest secret in the OS keychain', () => {
  it('is made once, sealed (never in clear in its file), and the same at every start', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'futasato.db');
    const first = await atRestSecret(dbPath);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const sealed = readFileSync(join(dir, 'db-key.sealed'));
    expect(sealed.includes(Buffer.from(first, 'utf8'))).toBe(false);
    expect(sealed.includes(Buffer.from(first, 'hex'))).toBe(false);
    expect(await atRestSecret(dbPath)).toBe(first);
  });

  it.runIf(process.platform === 'linux')(
    'refuses the basic_text backend with KEYSTORE_INSECURE and makes no key',
    async () => {
      const dir = tempDir();
      fake.backend = 'basic_text';
      await expect(atRestSecret(join(dir, 'futasato.db'))).rejects.toMatchObject({
        code: 'KEYSTORE_INSECURE',
      });
      expect(existsSync(join(dir, 'db-key.sealed'))).toBe(false);
    },
  );

  it('refuses a computer without a keychain', async () => {
    fake.available = false;
    await expect(atRestSecret(join(tempDir(), 'futasato.db'))).rejects.toMatchObject({
      code: 'KEYSTORE_INSECURE',
    });
  });

  it('another account cannot unseal it, and a lost key file is never replaced while an encrypted database is there', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'futasato.db');
    const hex = await atRestSecret(dbPath);
    const migrations = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    await openDatabase(dbPath, migrations, undefined, secretFromHex(hex)).close();
    fake.account = 'user-b';
    await expect(atRestSecret(dbPath)).rejects.toMatchObject({ code: 'DB_KEY_MISSING' });
    fake.account = 'user-a';
    rmSync(join(dir, 'db-key.sealed'));
    await expect(atRestSecret(dbPath)).rejects.toMatchObject({ code: 'DB_KEY_MISSING' });
    expect(existsSync(join(dir, 'db-key.sealed'))).toBe(false);
  });
});
