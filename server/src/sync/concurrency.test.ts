import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import type { PushOp, SyncResponse } from '../../../shared/sync/protocol.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';

/**
 * Sequence numbers are handed out in commit order (docs/sync-principles.md, P3): while several laptops of one
 * town push at once, a colleague pulling in small pages must receive every row, none skipped, even
 * though pushes overlap. On PostgreSQL (TEST_DATABASE_URL) the pushes really run in parallel
 * transactions; on PGlite they serialize, and the test still checks the same promise.
 */

let server: TestServer;
const TOWN = 'nagano-iijima';

beforeAll(async () => {
  server = await startTestServer({ poolSize: 12 });
  await server.deps.db
    .insertInto('town')
    .values({ id: TOWN, name: '飯島町', prefecture: '長野県' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await server.deps.db
    .insertInto('town_seq')
    .values({ municipality_id: TOWN })
    .onConflict((oc) => oc.doNothing())
    .execute();
});
afterAll(async () => server.close());

async function post(device: TestDevice, body: unknown): Promise<SyncResponse> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: { authorization: `Bearer ${device.token}` },
    payload: body as Record<string, unknown>,
  });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json() as SyncResponse;
}

describe('concurrent pushers and a pulling colleague', () => {
  it('delivers every row exactly once, in sequence order, with nothing skipped', async () => {
    const pushers = await Promise.all(Array.from({ length: 6 }, () => enrollTestDevice(server, TOWN)));
    const puller = await enrollTestDevice(server, TOWN);
    const written = new Set<string>();
    let pushing = true;

    const push = async (device: TestDevice) => {
      const clock = new HybridLogicalClock({ node: device.deviceId.replace(/-/g, '').slice(0, 16) });
      let seq = 0;
      let acked = 0;
      for (let batch = 0; batch < 12; batch++) {
        const ops: PushOp[] = [];
        for (let i = 0; i < 20; i++) {
          const id = newId();
          const hlc = clock.now();
          seq += 1;
          ops.push({
            seq,
            op_id: newId(),
            table: 'event',
            row: id,
            op: 'insert',
            at: new Date().toISOString(),
            changes: {
              title: { value: `交流会 ${batch}-${i}`, hlc, base: null },
              kind: { value: 'exchange', hlc, base: null },
              starts_at: { value: '2026-12-01T10:00:00+09:00', hlc, base: null },
              ends_at: { value: '2026-12-01T12:00:00+09:00', hlc, base: null },
            },
          });
          written.add(id);
        }
        const res = await post(device, {
          protocol: 1,
          schema: 1,
          device_id: device.deviceId,
          after_seq: acked,
          cursor: '0',
          page_size: 1,
          ops,
        });
        acked = res.high_water;
        expect(res.results.every((r) => r.status === 'applied')).toBe(true);
      }
    };

    const received = new Map<string, number>();
    const seqs: number[] = [];
    const pull = async () => {
      let cursor = '0';
      for (;;) {
        const stillPushing = pushing;
        const res = await post(puller, {
          protocol: 1,
          schema: 1,
          device_id: puller.deviceId,
          after_seq: 0,
          cursor,
          page_size: 7,
          ops: [],
        });
        for (const change of res.changes) {
          received.set(change.id, (received.get(change.id) ?? 0) + 1);
          seqs.push(change.seq);
        }
        expect(Number(res.cursor)).toBeGreaterThanOrEqual(Number(cursor));
        cursor = res.cursor;
        if (!stillPushing && !res.has_more) return;
      }
    };

    const pulling = pull();
    await Promise.all(pushers.map(push));
    pushing = false;
    await pulling;

    expect(written.size).toBe(6 * 12 * 20);
    const missing = [...written].filter((id) => !received.has(id));
    expect(missing).toEqual([]);
    // Insert-only rows never change again, so each arrives exactly once, in increasing order.
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const dupes = await sql<{ n: string }>`
      SELECT count(*) AS n FROM (SELECT seq FROM record WHERE municipality_id = ${TOWN}
      GROUP BY seq HAVING count(*) > 1) d`.execute(server.deps.db);
    expect(Number(dupes.rows[0]?.n)).toBe(0);
  });
});
