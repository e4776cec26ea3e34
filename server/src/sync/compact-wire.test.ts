import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import {
  type CompactResponse,
  decodeResponse,
  encodeRequest,
  opIdFor,
} from '../../../shared/sync/compact-wire.ts';
import type { PushOp, SyncRequest, SyncResponse, WireValue } from '../../../shared/sync/protocol.ts';
import { enrollTestDevice, startTestServer, type TestServer } from '../test-support.ts';

/**
 * The two wires side by side against the real server: protocol 1 (operations and rows as JSON
 * objects, what laptops of older versions send) and protocol 2 (shared/sync/compact-wire.ts). Both
 * must keep every promise of the sync: per-operation answers, exactly once, quarantine, the next
 * page announced early, and laptops of either version in one town seeing each other's writes.
 */

let server: TestServer;

class Laptop {
  readonly clock: HybridLogicalClock;
  seq = 0;
  acked = 0;
  cursor = '0';
  readonly rows = new Map<string, { table: string; values: Record<string, WireValue>; hlc: string }>();

  readonly device: Awaited<ReturnType<typeof enrollTestDevice>>;
  readonly protocol: 1 | 2;

  constructor(device: Awaited<ReturnType<typeof enrollTestDevice>>, protocol: 1 | 2) {
    this.device = device;
    this.protocol = protocol;
    this.clock = new HybridLogicalClock({ node: device.deviceId.replace(/-/g, '').slice(0, 16) });
  }

  /** An operation as the app's writer makes it: one clock, the id derived from the content. */
  op(table: string, row: string, kind: PushOp['op'], values: Record<string, WireValue>): PushOp {
    const hlc = this.clock.now();
    this.seq += 1;
    const changes: PushOp['changes'] = {};
    for (const [k, v] of Object.entries(values)) changes[k] = { value: v, hlc, base: null };
    const op: PushOp = {
      seq: this.seq,
      op_id: '',
      table,
      row,
      op: kind,
      at: new Date().toISOString(),
      changes,
    };
    op.op_id = opIdFor(op);
    return op;
  }

  body(ops: PushOp[], extra: Partial<SyncRequest> = {}): SyncRequest {
    return {
      protocol: this.protocol,
      schema: 1,
      device_id: this.device.deviceId,
      after_seq: this.acked,
      cursor: this.cursor,
      ops,
      ...extra,
    };
  }

  async raw(payload: unknown) {
    return server.app.inject({
      method: 'POST',
      url: '/v1/sync',
      headers: { authorization: `Bearer ${this.device.token}` },
      payload: payload as Record<string, unknown>,
    });
  }

  async send(body: SyncRequest) {
    const res = await this.raw(this.protocol === 2 ? encodeRequest(body) : body);
    if (res.statusCode !== 200) return { res, body: null };
    const json = res.json() as SyncResponse | CompactResponse;
    const answer = 'page' in json ? decodeResponse(json) : json;
    return { res, body: answer };
  }

  async sync(ops: PushOp[] = [], extra: Partial<SyncRequest> = {}): Promise<SyncResponse> {
    const { res, body } = await this.send(this.body(ops, extra));
    if (!body) throw new Error(`sync ${res.statusCode}: ${res.body}`);
    this.acked = body.high_water;
    this.cursor = body.cursor;
    for (const change of body.changes) {
      this.rows.set(change.id, { table: change.table, values: change.values, hlc: change.hlc });
    }
    this.clock.receive(body.server_hlc);
    return body;
  }

  async syncAll(): Promise<void> {
    let body = await this.sync();
    while (body.has_more) body = await this.sync();
  }
}

async function laptop(protocol: 1 | 2, town = 'kagoshima-yoron') {
  return new Laptop(await enrollTestDevice(server, town, 'coordinator'), protocol);
}

const family = (name: string): Record<string, WireValue> => ({
  family_name: name,
  family_name_kana: 'やまだ',
  phone: '09012345678',
  consent_photo: 0,
  consent_share: 0,
});

async function appliedCount(deviceId: string): Promise<number> {
  const r = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM applied_op WHERE device_id = ${deviceId}::uuid`.execute(server.deps.db);
  return Number(r.rows[0]?.n);
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

describe('protocol 1 and protocol 2 side by side', () => {
  it('laptops of either protocol see each other’s rows, values and authors alike', async () => {
    const old = await laptop(1);
    const now = await laptop(2);
    const fromOld = newId();
    const fromNew = newId();
    expect((await old.sync([old.op('family', fromOld, 'insert', family('旧版'))])).results).toEqual([
      { seq: 1, status: 'applied' },
    ]);
    const pushed = await now.sync([
      now.op('family', fromNew, 'insert', family('新版')),
      now.op('family_member', newId(), 'insert', {
        family_id: fromNew,
        given_name: '花子',
        given_name_kana: 'はなこ',
        relation: 'child',
      }),
    ]);
    expect(pushed.results).toEqual([
      { seq: 1, status: 'applied' },
      { seq: 2, status: 'applied' },
    ]);
    await old.syncAll();
    await now.syncAll();
    const seenByOld = old.rows.get(fromNew);
    const seenByNew = now.rows.get(fromOld);
    expect(seenByOld?.values).toMatchObject({ family_name: '新版', created_by: now.device.userId });
    expect(seenByNew?.values).toMatchObject({ family_name: '旧版', created_by: old.device.userId });
    // A third laptop of each protocol pulls the same rows, to the byte.
    const a = await laptop(1);
    const b = await laptop(2);
    await a.syncAll();
    await b.syncAll();
    expect(b.rows.size).toBe(a.rows.size);
    for (const [id, row] of a.rows) expect(b.rows.get(id)).toEqual(row);
  });

  it('answers a re-sent compact batch "duplicate" and applies nothing twice', async () => {
    const l = await laptop(2);
    const ops = [
      l.op('family', newId(), 'insert', family('一回')),
      l.op('family', newId(), 'insert', family('二回')),
    ];
    const first = await l.send(l.body(ops));
    expect(first.body?.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // The answer was lost: the laptop sends the same batch, still believing nothing was acknowledged.
    const again = await l.send(l.body(ops));
    expect(again.body?.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await appliedCount(l.device.deviceId)).toBe(2);
  });

  it('takes an operation first sent by protocol 1 as a duplicate when re-sent by protocol 2 (app updated mid-sync)', async () => {
    const old = await laptop(1);
    const op = old.op('family', newId(), 'insert', family('更新前'));
    op.op_id = newId(); // an outbox row written before ids were derived
    await old.send(old.body([op]));
    const updated = new Laptop(old.device, 2);
    const { body } = await updated.send(updated.body([op]));
    expect(body?.results).toEqual([{ seq: 1, status: 'duplicate' }]);
  });

  it('refuses a different operation under a reused number (SEQ_REUSED), with derived ids', async () => {
    const l = await laptop(2);
    await l.sync([l.op('family', newId(), 'insert', family('元'))]);
    l.seq = 0;
    l.acked = 0;
    const { res } = await l.send(l.body([l.op('family', newId(), 'insert', family('別物'))]));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SEQ_REUSED');
  });

  it('quarantines one bad operation of a compact batch and applies the others', async () => {
    const l = await laptop(2);
    const good = l.op('family', newId(), 'insert', family('良い'));
    const bad = l.op('stay', newId(), 'insert', { family_id: newId(), status: 'no such status' });
    const after = l.op('family', newId(), 'insert', family('後'));
    const answer = await l.sync([good, bad, after]);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'quarantined', 'applied']);
    expect(answer.results[1]?.reason?.code).toBeTruthy();
    expect(answer.high_water).toBe(3);
  });

  it('announces the next page in x-sync-next-cursor and pages a compact pull without gaps', async () => {
    const town = 'hiroshima-shobara';
    const writer = await laptop(1, town);
    const ids = Array.from({ length: 25 }, () => newId());
    await writer.sync(ids.map((id, i) => writer.op('family', id, 'insert', family(`家族${i}`))));
    const reader = await laptop(2, town);
    let pages = 0;
    for (;;) {
      const { res, body } = await reader.send(reader.body([], { page_size: 10 }));
      if (!body) throw new Error(res.body);
      pages += 1;
      expect(res.headers['x-sync-next-cursor']).toBe(body.has_more ? body.cursor : undefined);
      reader.cursor = body.cursor;
      for (const c of body.changes) reader.rows.set(c.id, { table: c.table, values: c.values, hlc: c.hlc });
      if (!body.has_more) break;
    }
    expect(pages).toBe(3);
    for (const id of ids) expect(reader.rows.has(id)).toBe(true);
  });

  it('refuses a malformed compact body whole (INVALID_REQUEST) and writes nothing', async () => {
    const l = await laptop(2);
    const body = encodeRequest(l.body([l.op('family', newId(), 'insert', family('壊れ'))]));
    const block = body.push.blocks[0];
    if (!block) throw new Error('no block');
    block.vals = [[]];
    const res = await l.raw(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_REQUEST');
    expect(await appliedCount(l.device.deviceId)).toBe(0);
    // Protocol 1's shape under protocol 2's number is refused the same way.
    const mixed = await l.raw({
      ...l.body([l.op('family', newId(), 'insert', family('混在'))]),
      protocol: 2,
    });
    expect(mixed.statusCode).toBe(400);
    expect(await appliedCount(l.device.deviceId)).toBe(0);
  });
});
