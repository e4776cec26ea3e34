import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceCredential, FileCredentialStore } from '../../electron/core/sync/credentials.ts';
import { sha256Hex } from '../../server/src/auth/secrets.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * The laptop's side of refresh-secret rotation against the real server: every refresh stores the new
 * secret; a secret that could not be stored does not lock the laptop out; refreshes asked for at once
 * share one rotation, so the laptop never presents a secret the server has retired.
 */

/** The real file store, whose next saves can be made to fail (a full disk, a keychain error). */
class FlakyStore extends FileCredentialStore {
  failures = 0;
  override save(credential: DeviceCredential): void {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('ENOSPC: no space left on device');
    }
    super.save(credential);
  }
}

let server: TestServer;
const cleanup: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await server.close();
});

async function laptopWithStore(): Promise<{ laptop: TestLaptop; store: FlakyStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-cred-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = new FlakyStore(join(dir, 'device-credential.json'));
  const laptop = await enrolledLaptop(server, 'kagoshima-yoron', '田中 美咲', { credentials: store });
  cleanup.push(() => laptop.dispose());
  return { laptop, store };
}

async function serverHashes(deviceId: string) {
  return server.deps.db
    .selectFrom('device')
    .select(['refresh_hash', 'previous_refresh_hash', 'revoked_at'])
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
}

/** What a fresh store reads from the file: what survives a restart. */
const onDisk = (store: FlakyStore) =>
  new FileCredentialStore((store as unknown as { path: string }).path).load();

describe('refresh secret rotation on the laptop', () => {
  it('stores each new secret before using the token, and the file holds the current one', async () => {
    const { laptop, store } = await laptopWithStore();
    const enrolled = onDisk(store)!;
    // The first sync uses the access token enrolment gave; after a restart (no token in memory) the
    // next sync must refresh, which rotates the secret.
    await syncOk(laptop);
    expect(onDisk(store)!.refreshToken).toBe(enrolled.refreshToken);
    await laptop.restart();
    await syncOk(laptop);
    const after = onDisk(store)!;
    expect(after.refreshToken).not.toBe(enrolled.refreshToken);
    expect((await serverHashes(after.deviceId)).refresh_hash).toBe(sha256Hex(after.refreshToken));
  });

  it('a new secret that could not be stored does not lock the laptop out', async () => {
    const { laptop, store } = await laptopWithStore();
    await syncOk(laptop);
    const held = onDisk(store)!;
    store.failures = 1;
    await laptop.core.sync!.bearer(true); // the server rotates; the laptop cannot keep the answer
    expect(onDisk(store)!.refreshToken).toBe(held.refreshToken);
    const server1 = await serverHashes(held.deviceId);
    expect(server1.previous_refresh_hash).toBe(sha256Hex(held.refreshToken));
    // After a restart (no access token in memory), the old secret still works and is replaced.
    await laptop.restart();
    await syncOk(laptop);
    const now = onDisk(store)!;
    expect(now.refreshToken).not.toBe(held.refreshToken);
    const server2 = await serverHashes(held.deviceId);
    expect(server2.refresh_hash).toBe(sha256Hex(now.refreshToken));
    expect(server2.revoked_at).toBeNull();
  });

  it('refreshes asked for at once share one rotation, and the device stays enrolled', async () => {
    const { laptop, store } = await laptopWithStore();
    await syncOk(laptop);
    const engine = laptop.core.sync!;
    const tokens = await Promise.all([engine.bearer(true), engine.bearer(true), engine.bearer(true)]);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    await laptop.restart();
    await syncOk(laptop);
    const held = onDisk(store)!;
    const hashes = await serverHashes(held.deviceId);
    expect(hashes.revoked_at).toBeNull();
    expect(hashes.refresh_hash).toBe(sha256Hex(held.refreshToken));
  });
});
