import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { enrolledLaptop, type TestLaptop } from './support.ts';

/**
 * A laptop speaks the compact protocol 2; a server of the version before it knows only protocol 1 and
 * answers 426 UNSUPPORTED_VERSION with its supported range, as `checkVersions` does. The laptop must
 * fall back to protocol 1 and sync, not stop and ask for an update. The older server is the real one
 * behind a gate that refuses protocol 2 exactly as that server would (its code cannot run here).
 */

let server: TestServer;
const laptops: TestLaptop[] = [];

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
});

function protocolOf(init: RequestInit | undefined): number | null {
  const body = init?.body;
  if (!(body instanceof Uint8Array)) return null;
  const headers = new Headers(init?.headers);
  const encoding = headers.get('content-encoding');
  const raw =
    encoding === 'gzip'
      ? gunzipSync(body)
      : encoding === 'br'
        ? brotliDecompressSync(body)
        : Buffer.from(body);
  return (JSON.parse(raw.toString('utf8')) as { protocol?: number }).protocol ?? null;
}

describe('a laptop and a server of the version before the compact wire', () => {
  it('falls back to protocol 1 and syncs, asking once per run', async () => {
    const seen: number[] = [];
    const olderServer: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/v1/sync')) return fetch(input, init);
      const protocol = protocolOf(init);
      seen.push(protocol ?? -1);
      if (protocol !== 1) {
        return Response.json(
          {
            error: {
              code: 'UNSUPPORTED_VERSION',
              message: 'this version of the app cannot sync with this server; please update',
              supported: { protocol: { min: 1, max: 1 }, schema: { min: 1, max: 1 } },
              client: { protocol, schema: 1 },
              update_feed: '/v1/updates/latest.json',
            },
          },
          { status: 426 },
        );
      }
      return fetch(input, init);
    };
    const l = await enrolledLaptop(server, 'kagoshima-yoron', '旧サーバ', {
      serverClient: { fetch: olderServer },
    });
    laptops.push(l);
    const family = (await call(l.core, 'families.create', {
      familyName: '互換',
      familyNameKana: 'ごかん',
      phone: '0997-00-0000',
    })) as { id: string };
    const engine = l.core.sync;
    if (!engine) throw new Error('no profile');
    const report = await engine.run('manual');
    expect(report).toMatchObject({ ok: true, errorCode: null });
    expect(engine.phase).toBe('idle');
    expect(seen.slice(0, 2)).toEqual([2, 1]);
    const stored = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM record WHERE id = ${family.id}::uuid`.execute(server.deps.db);
    expect(Number(stored.rows[0]?.n)).toBe(1);
    // Once it knows, it speaks protocol 1 straight away.
    seen.length = 0;
    expect((await engine.run('manual')).ok).toBe(true);
    expect(seen).toEqual([1]);
  });

  it('stops and asks for an update when the server knows no protocol this laptop speaks', async () => {
    const newerOnly: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/v1/sync')) return fetch(input, init);
      return Response.json(
        {
          error: {
            code: 'UNSUPPORTED_VERSION',
            message: 'please update',
            supported: { protocol: { min: 3, max: 3 }, schema: { min: 1, max: 1 } },
          },
        },
        { status: 426 },
      );
    };
    const l = await enrolledLaptop(server, 'kagoshima-yoron', '新サーバ', {
      serverClient: { fetch: newerOnly },
    });
    laptops.push(l);
    const engine = l.core.sync;
    if (!engine) throw new Error('no profile');
    const report = await engine.run('manual');
    expect(report.errorCode).toBe('UNSUPPORTED_VERSION');
    expect(engine.phase).toBe('update_required');
  });
});
