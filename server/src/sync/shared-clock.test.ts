import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import type { PushOp, SyncResponse } from '../../../shared/sync/protocol.ts';
import { buildApp } from '../app.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';
import { unpackClocks } from './stored-clocks.ts';

/**
 * The server's clock is the database's, not one process's: a second app over the same database with
 * a clock of its own (another worker, or the server after a restart) issues clocks newer than every
 * clock the first one stored.
 */

let server: TestServer;
let other: FastifyInstance;

beforeAll(async () => {
  server = await startTestServer();
  other = await buildApp(
    { ...server.deps, clock: new HybridLogicalClock({ node: 'server2' }) },
    { loggerInstance: pino({ level: 'silent' }) },
  );
});
afterAll(async () => {
  await other.close();
  await server.close();
});

async function sync(app: FastifyInstance, device: TestDevice, ops: PushOp[], cursor = '0', afterSeq = 0) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: { authorization: `Bearer ${device.token}` },
    payload: { protocol: 1, schema: 1, device_id: device.deviceId, after_seq: afterSeq, cursor, ops },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SyncResponse;
}

describe('the server clock shared through the database', () => {
  it('issues clocks newer than every stored clock from a process that never received them', async () => {
    const fast = await enrollTestDevice(server, 'kagoshima-yoron');
    const slow = await enrollTestDevice(server, 'kagoshima-yoron');
    const row = newId();
    // Four minutes ahead of the wall clock: inside the tolerance, so the first process accepts it.
    const ahead = encodeHlc({ millis: Date.now() + 240_000, counter: 0, node: 'fastlaptop' });
    const insert: PushOp = {
      seq: 1,
      op_id: newId(),
      table: 'family',
      row,
      op: 'insert',
      at: new Date().toISOString(),
      changes: {
        family_name: { value: '島田', hlc: ahead, base: null },
        family_name_kana: { value: 'しまだ', hlc: ahead, base: null },
        notes: { value: '夕方に電話', hlc: ahead, base: null },
      },
    };
    expect((await sync(server.app, fast, [insert])).results).toEqual([{ seq: 1, status: 'applied' }]);

    // The other process answers the slow laptop's pull with a clock newer than the row it sends.
    const pulled = await sync(other, slow, []);
    expect(pulled.changes.map((c) => c.id)).toContain(row);
    expect(pulled.server_hlc > ahead).toBe(true);

    // Its erasure, stamped by that process, beats the copies it wipes on every laptop.
    const slowClock = new HybridLogicalClock({ node: 'slowlaptop' });
    const hlc = slowClock.receive(pulled.server_hlc, Number.POSITIVE_INFINITY);
    const erase: PushOp = {
      seq: 1,
      op_id: newId(),
      table: 'family',
      row,
      op: 'erase',
      at: new Date().toISOString(),
      changes: { notes: { value: null, hlc, base: ahead } },
    };
    expect((await sync(other, slow, [erase], pulled.cursor)).results).toEqual([
      { seq: 1, status: 'applied' },
    ]);
    const stored = await server.deps.db
      .selectFrom('record')
      .select('clocks')
      .where('id', '=', row)
      .executeTakeFirstOrThrow();
    expect((unpackClocks(stored.clocks).notes?.h ?? '') > ahead).toBe(true);
  });
});
