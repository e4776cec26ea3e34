import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import type { PushOp, SyncResponse } from '../../../shared/sync/protocol.ts';
import { createTown } from '../admin/commands.ts';
import { buildApp } from '../app.ts';
import { openDatabase } from '../db/connect.ts';
import { loadServerMigrations, migrateServer } from '../db/migrate.ts';
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

describe('migration 0010 (shared clock)', () => {
  it('seeds each town’s stored clock with the newest clock of its rows, in either stored form', async () => {
    const url = process.env.TEST_DATABASE_URL;
    const schema = url ? `t_${newId().replace(/-/g, '').slice(-20)}` : undefined;
    const database = await openDatabase({ url, schema, poolSize: 2 });
    try {
      const all = loadServerMigrations();
      await migrateServer(
        database,
        all.filter((m) => m.version < 10),
      );
      await createTown(database.db, { id: 'kagoshima-yoron' });
      await createTown(database.db, { id: 'tokyo-ome' });
      const older = encodeHlc({ millis: Date.now() - 60_000, counter: 3, node: 'laptopa' });
      const newest = encodeHlc({ millis: Date.now() + 200_000, counter: 1, node: 'laptopb' });
      const row = (town: string, clocks: unknown) => ({
        id: newId(),
        municipality_id: town,
        table_name: 'family',
        vals: JSON.stringify({ family_name: '島田' }),
        clocks: JSON.stringify(clocks),
        seq: 1,
        created_at: new Date(),
        created_by: newId(),
        updated_at: new Date(),
        updated_by: newId(),
      });
      await database.db
        .insertInto('record')
        .values([
          // The grouped form, and the older one entry per column.
          row('kagoshima-yoron', { '#': [[older, null, ['family_name']]] }),
          row('kagoshima-yoron', { family_name: { h: newest, b: older }, notes: { h: older, b: null } }),
        ] as never)
        .execute();
      await migrateServer(database, all);
      const seeded = await database.db
        .selectFrom('town_seq')
        .select(['municipality_id', 'last_hlc'])
        .orderBy('municipality_id')
        .execute();
      expect(seeded).toEqual([
        { municipality_id: 'kagoshima-yoron', last_hlc: newest },
        { municipality_id: 'tokyo-ome', last_hlc: null },
      ]);
    } finally {
      if (schema && url) await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await database.close();
    }
  });
});
