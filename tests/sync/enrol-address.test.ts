import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecureServerUrl } from '../../electron/core/sync/server-client.ts';
import { call, openTestCore } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';

/**
 * The server address a laptop enrols with carries its refresh secret on every sync and becomes its
 * update feed: https:// is required, except for this computer itself, or when a person explicitly
 * chose a test server. The remote name below is resolved to the real test server by the fetch the
 * laptop is given (a hosts-file entry, in effect), so what is refused is refused before any request.
 */

let server: TestServer;
let port: string;
const REMOTE = 'sync-test.example';
beforeAll(async () => {
  server = await startTestServer({ listen: true });
  port = new URL(server.url!).port;
  await createTown(server.deps.db, { id: 'kagoshima-yoron' });
});
afterAll(async () => server.close());

async function laptop() {
  const requested: string[] = [];
  const hostsFile: typeof fetch = (input, init) => {
    const url = String(input);
    requested.push(url);
    return fetch(url.replace(`//${REMOTE}:`, '//127.0.0.1:'), init);
  };
  const opened = await openTestCore({ serverClient: { fetch: hostsFile } });
  await call(opened.core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '田中 美咲',
    role: 'coordinator',
  });
  return { ...opened, requested };
}

async function freshCode(): Promise<string> {
  const user = await createUser(server.deps.db, {
    townId: 'kagoshima-yoron',
    displayName: '登録 確認',
    role: 'coordinator',
  });
  return (await createEnrollmentCode(server.deps.db, { userId: user.id })).code;
}

describe('the enrolment address', () => {
  it('refuses a remote http:// address before sending anything, naming the field', async () => {
    const l = await laptop();
    try {
      const result = await l.core.invoke('sync.enroll', {
        serverUrl: `http://${REMOTE}:${port}`,
        code: await freshCode(),
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'SYNC_INSECURE_URL', field: 'serverUrl' } });
      expect(l.requested).toEqual([]);
      expect(l.core.serverUrl).toBeNull();
    } finally {
      await l.dispose();
    }
  });

  it('takes it when the person chose a test server', async () => {
    const l = await laptop();
    try {
      const result = await l.core.invoke('sync.enroll', {
        serverUrl: `http://${REMOTE}:${port}`,
        code: await freshCode(),
        allowInsecure: true,
      });
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
      expect(l.requested[0]).toBe(`http://${REMOTE}:${port}/v1/auth/enroll`);
    } finally {
      await l.dispose();
    }
  });

  it('knows which addresses are safe', () => {
    for (const url of [
      'https://sync.example.jp',
      'http://localhost:8787',
      'http://127.0.0.1:8787',
      'http://127.3.2.1',
      'http://[::1]:8787',
      'http://app.localhost',
    ]) {
      expect(isSecureServerUrl(url), url).toBe(true);
    }
    for (const url of [
      'http://sync.example.jp',
      'http://192.168.1.5:8787',
      'http://127.0.0.1.example.jp',
      'http://localhost.example.jp',
      'ftp://127.0.0.1',
    ]) {
      expect(isSecureServerUrl(url), url).toBe(false);
    }
  });
});
