import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordWriter } from '../../electron/core/write/record-writer.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import { newId } from '../../shared/ids.ts';
import { type RequestTrace, type Shaper, startShaper } from './shaper.ts';
import { enrolledLaptop, type TestLaptop } from './support.ts';

/**
 * A long outbox goes up with the next batch sent while the answer to the one before is awaited
 * (engine.ts, `nextPush`). Real server, real laptop on SQLite, behind the user-space link. Whatever
 * is cut, every operation must be applied exactly once, and never before the ones numbered below it.
 */

let server: TestServer;
let shaper: Shaper;
const laptops: TestLaptop[] = [];

beforeAll(async () => {
  server = await startTestServer({ listen: true });
  shaper = await startShaper({
    target: { host: '127.0.0.1', port: Number(new URL(server.url ?? '').port) },
    latencyMs: 40,
    bandwidthBps: 4_000_000,
    trace: true,
  });
});
afterAll(async () => {
  await shaper.close();
  for (const l of laptops) await l.dispose();
  await server.close();
});

/** A laptop behind the link; `beforeSync(n)` runs just before its n-th sync request leaves. */
async function laptopWithOutbox(
  town: string,
  families: number,
  beforeSync: (n: number) => void = () => undefined,
) {
  let n = 0;
  const throughLink: typeof fetch = (input, init) => {
    if (String(input).endsWith('/v1/sync')) beforeSync(++n);
    return fetch(input, init);
  };
  const laptop = await enrolledLaptop(
    server,
    town,
    '記録係',
    { serverClient: { fetch: throughLink, timeoutMs: 60_000 } },
    shaper.url,
  );
  laptops.push(laptop);
  // Written through the app's write path (table, field clocks, one outbox operation each), quickly.
  const sqlite = laptop.core.database.sqlite;
  const profile = sqlite.prepare('SELECT id, device_id FROM local_profile').get() as {
    id: string;
    device_id: string;
  };
  const last = sqlite.prepare("SELECT value FROM app_setting WHERE key = 'hlc.last'").pluck().get() as
    | string
    | undefined;
  const writer = new RecordWriter(sqlite, new HybridLogicalClock({ node: profile.device_id, last }));
  writer.write({ id: profile.id, municipalityId: town }, (tx) => {
    for (let i = 0; i < families; i++) {
      tx.insert('family', {
        id: newId(),
        family_name: `家族${i}`,
        family_name_kana: 'かぞく',
        consent_photo: 0,
        consent_share: 0,
      } as never);
    }
  });
  return laptop;
}

async function appliedOps(deviceId: string): Promise<{ ops: number; distinct: number }> {
  const r = await sql<{ n: string; d: string }>`
    SELECT count(*) AS n, count(DISTINCT seq) AS d FROM applied_op WHERE device_id = ${deviceId}::uuid`.execute(
    server.deps.db,
  );
  return { ops: Number(r.rows[0]?.n), distinct: Number(r.rows[0]?.d) };
}

async function familiesOnServer(town: string): Promise<number> {
  const r = await sql<{ n: string }>`
    SELECT count(*) AS n FROM record WHERE municipality_id = ${town} AND table_name = 'family'`.execute(
    server.deps.db,
  );
  return Number(r.rows[0]?.n);
}

function syncTraces(from: number): RequestTrace[] {
  return shaper
    .traces()
    .slice(from)
    .filter((t) => t.route === 'POST /v1/sync');
}

const pending = (laptop: TestLaptop) =>
  laptop.core.database.sqlite.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'").pluck().get();

describe('a long outbox, one batch in flight while the answer before it is awaited', () => {
  it('sends each next batch before the answer to the one before has come, and applies every op once', async () => {
    const town = 'kagoshima-kinko';
    const l = await laptopWithOutbox(town, 2600);
    const engine = l.core.sync;
    if (!engine?.deviceId) throw new Error('not enrolled');
    const from = shaper.traces().length;
    const report = await engine.run('manual');
    expect(report).toMatchObject({ ok: true, pushed: 2600, quarantined: 0 });
    const traces = syncTraces(from);
    // 500, then batches grown to the server's 1,000, then the rest.
    expect(traces.length).toBeGreaterThanOrEqual(4);
    // The second batch left before the first's answer came (each later one leaves as soon as the
    // answer two before it is stored: at most one waits behind the one being answered).
    expect(traces[1]?.sent).toBeLessThan(traces[0]?.received ?? 0);
    expect(await appliedOps(engine.deviceId)).toEqual({ ops: 2600, distinct: 2600 });
    expect(await familiesOnServer(town)).toBe(2600);
    expect(pending(l)).toBe(0);
    // The first sync after enrolment used the enrolment's access token: no refresh round trip.
    expect(
      shaper
        .traces()
        .slice(from)
        .filter((t) => t.route === 'POST /v1/auth/token'),
    ).toHaveLength(0);
  });

  for (const where of ['request', 'answer'] as const) {
    it(`loses and doubles nothing when the batch before the one in flight is cut in its ${where}`, async () => {
      const town = where === 'request' ? 'hokkaido-shikaoi' : 'iwate-nishiwaga';
      const l = await laptopWithOutbox(town, 1200, (n) => {
        if (n === 1) shaper.cutNext('/v1/sync', where, 0.5);
      });
      const engine = l.core.sync;
      if (!engine?.deviceId) throw new Error('not enrolled');
      const from = shaper.traces().length;
      const failed = await engine.run('manual');
      expect(failed.ok).toBe(false);
      // The second batch had left before the first was cut.
      const traces = syncTraces(from);
      expect(traces.length).toBeGreaterThanOrEqual(2);
      const applied = await appliedOps(engine.deviceId);
      if (where === 'request') {
        // The server never had the first batch, so it refused the second whole (SEQ_GAP).
        expect(applied.ops).toBe(0);
      } else {
        // It had applied the first (and maybe the second, in order): nothing beyond, nothing twice.
        expect([500, 1000]).toContain(applied.ops);
      }
      const resumed = await engine.run('manual');
      expect(resumed.ok).toBe(true);
      expect(await appliedOps(engine.deviceId)).toEqual({ ops: 1200, distinct: 1200 });
      expect(await familiesOnServer(town)).toBe(1200);
      expect(pending(l)).toBe(0);
    });
  }
});
