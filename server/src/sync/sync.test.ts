import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import type { PushOp, SyncResponse, WireValue } from '../../../shared/sync/protocol.ts';
import { withTown } from '../db/tenant.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';

/**
 * POST /v1/sync against the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL). A `Laptop`
 * here is the smallest honest client: its own clock, operation numbers and cursor, the way the app's
 * outbox numbers them.
 */

let server: TestServer;

class Laptop {
  readonly device: TestDevice;
  readonly clock: HybridLogicalClock;
  seq = 0;
  acked = 0;
  cursor = '0';
  /** Every row this laptop has pulled, by id. */
  readonly rows = new Map<string, { table: string; values: Record<string, WireValue>; hlc: string }>();

  constructor(device: TestDevice, wallClock?: () => number) {
    this.device = device;
    this.clock = new HybridLogicalClock({
      node: device.deviceId.replace(/-/g, '').slice(0, 16),
      ...(wallClock ? { wallClock } : {}),
    });
  }

  op(
    table: string,
    row: string,
    kind: PushOp['op'],
    values: Record<string, WireValue>,
    bases: Record<string, string | null> = {},
  ): PushOp {
    const hlc = this.clock.now();
    this.seq += 1;
    const changes: PushOp['changes'] = {};
    for (const [k, v] of Object.entries(values)) changes[k] = { value: v, hlc, base: bases[k] ?? null };
    // Like the app, the laptop's own copy changes at once; the server may still overrule it.
    const local = this.rows.get(row) ?? { table, values: {}, hlc };
    this.rows.set(row, { table, values: { ...local.values, ...values }, hlc });
    return { seq: this.seq, op_id: newId(), table, row, op: kind, at: new Date().toISOString(), changes };
  }

  body(ops: PushOp[], extra: Record<string, unknown> = {}) {
    return {
      protocol: 1,
      schema: 1,
      device_id: this.device.deviceId,
      after_seq: this.acked,
      cursor: this.cursor,
      ops,
      ...extra,
    };
  }

  async raw(payload: unknown, headers: Record<string, string> = {}) {
    return server.app.inject({
      method: 'POST',
      url: '/v1/sync',
      headers: { authorization: `Bearer ${this.device.token}`, ...headers },
      payload: payload as Record<string, unknown>,
    });
  }

  /** Push these ops and pull one page; remembers the ack and cursor like the app does. */
  async sync(ops: PushOp[] = [], extra: Record<string, unknown> = {}): Promise<SyncResponse> {
    const res = await this.raw(this.body(ops, extra));
    if (res.statusCode !== 200) throw new Error(`sync ${res.statusCode}: ${res.body}`);
    const body = res.json() as SyncResponse;
    this.acked = body.high_water;
    this.cursor = body.cursor;
    for (const change of body.changes) {
      this.rows.set(change.id, { table: change.table, values: change.values, hlc: change.hlc });
      this.clock.receive(change.hlc);
    }
    this.clock.receive(body.server_hlc);
    return body;
  }

  /** Pull until has_more is false. */
  async syncAll(ops: PushOp[] = []): Promise<void> {
    let body = await this.sync(ops);
    while (body.has_more) body = await this.sync();
  }
}

async function laptop(
  town = 'kagoshima-yoron',
  role: Parameters<typeof enrollTestDevice>[2] = 'coordinator',
) {
  return new Laptop(await enrollTestDevice(server, town, role));
}

function family(name: string): Record<string, WireValue> {
  return {
    family_name: name,
    family_name_kana: 'やまだ',
    phone: '09012345678',
    consent_photo: 0,
    consent_share: 0,
  };
}

async function recordCount(town: string, table?: string): Promise<number> {
  let q = server.deps.db
    .selectFrom('record')
    .select(sql<string>`count(*)`.as('n'))
    .where('municipality_id', '=', town);
  if (table) q = q.where('table_name', '=', table);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

describe('push and pull', () => {
  it('delivers a new family to a colleague, not back to its author', async () => {
    const a = await laptop();
    const b = await laptop();
    const id = newId();
    const res = await a.sync([a.op('family', id, 'insert', family('山田'))]);
    expect(res.results).toEqual([{ seq: 1, status: 'applied' }]);
    expect(res.high_water).toBe(1);
    expect(res.changes.find((c) => c.id === id)).toBeUndefined();
    await b.syncAll();
    const row = b.rows.get(id);
    expect(row?.values).toMatchObject({
      family_name: '山田',
      phone: '09012345678',
      created_by: a.device.userId,
    });
    expect(row?.table).toBe('family');
  });

  it('acknowledges a retried batch without applying it twice', async () => {
    const a = await laptop();
    const id = newId();
    const insert = a.op('family', id, 'insert', family('佐藤'));
    const ops = [
      insert,
      a.op('family', id, 'update', { phone: '0997001111' }, { phone: insert.changes.phone!.hlc }),
    ];
    const first = await a.raw(a.body(ops));
    expect(first.json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const seqBefore = await recordCount('kagoshima-yoron');
    // The answer was lost: the laptop sends the same batch again, with its old acknowledgement.
    const again = await a.raw(a.body(ops));
    expect(again.json().results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await recordCount('kagoshima-yoron')).toBe(seqBefore);
    const logs = await server.deps.db
      .selectFrom('sync_log')
      .select(['applied', 'duplicates'])
      .where('device_id', '=', a.device.deviceId)
      .orderBy('id')
      .execute();
    expect(logs).toEqual([
      { applied: 2, duplicates: 0 },
      { applied: 0, duplicates: 2 },
    ]);
  });

  it('answers a gap with the sequence it expects', async () => {
    const a = await laptop();
    const res = await a.raw(a.body([a.op('family', newId(), 'insert', family('鈴木'))], { after_seq: 7 }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SEQ_GAP', expected_after: 0 });
  });

  it('quarantines a bad operation, keeps it, and applies the rest', async () => {
    const a = await laptop();
    const good1 = newId();
    const good2 = newId();
    const bad = newId();
    const res = await a.sync([
      a.op('family', good1, 'insert', family('高橋')),
      a.op('stay', bad, 'insert', {
        family_id: good1,
        programme: 'space_trip',
        planned_arrival: '2026-12-01',
        planned_departure: '2026-12-05',
      }),
      a.op('family', good2, 'insert', family('田中')),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'quarantined', 'applied']);
    expect(res.results[1]?.reason).toMatchObject({ code: 'VALUE_INVALID', column: 'programme' });
    expect(res.high_water).toBe(3);
    const kept = await server.deps.db
      .selectFrom('quarantine')
      .select(['seq', 'code'])
      .where('device_id', '=', a.device.deviceId)
      .execute();
    expect(kept).toEqual([{ seq: '2', code: 'VALUE_INVALID' }]);
  });

  it('pages a large pull and never skips a row', async () => {
    const a = await laptop('kyoto-wazuka');
    const ids: string[] = [];
    const ops: PushOp[] = [];
    for (let i = 0; i < 250; i++) {
      const id = newId();
      ids.push(id);
      ops.push(a.op('family', id, 'insert', family(`和束${i}`)));
    }
    await a.sync(ops);
    const b = await laptop('kyoto-wazuka');
    let pages = 0;
    let body = await b.sync([], { page_size: 100 });
    pages += 1;
    while (body.has_more) {
      body = await b.sync([], { page_size: 100 });
      pages += 1;
    }
    expect(pages).toBe(3);
    for (const id of ids) expect(b.rows.has(id)).toBe(true);
  });

  it("announces the next page's cursor in a header while there is more, and only then", async () => {
    const a = await laptop('hiroshima-shobara');
    const ops: PushOp[] = [];
    for (let i = 0; i < 25; i++) ops.push(a.op('family', newId(), 'insert', family(`十津川${i}`)));
    await a.sync(ops);
    const b = await laptop('hiroshima-shobara');
    const announced: (string | undefined)[] = [];
    const cursors: string[] = [];
    for (;;) {
      const res = await b.raw(b.body([], { page_size: 10 }));
      expect(res.statusCode).toBe(200);
      const body = res.json() as SyncResponse;
      announced.push(res.headers['x-sync-next-cursor'] as string | undefined);
      cursors.push(body.cursor);
      b.cursor = body.cursor;
      if (!body.has_more) break;
    }
    // Pages of 10, 10 and 5: the first two announce exactly the cursor their body carries.
    expect(announced).toEqual([cursors[0], cursors[1], undefined]);
    expect(new Set(cursors).size).toBe(3);
  });

  it('accepts a gzip request body and answers in brotli when asked', async () => {
    const a = await laptop();
    const payload = gzipSync(
      Buffer.from(JSON.stringify(a.body([a.op('family', newId(), 'insert', family('伊藤'))]))),
    );
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/sync',
      headers: {
        authorization: `Bearer ${a.device.token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'accept-encoding': 'br',
      },
      payload,
    });
    expect(res.statusCode).toBe(200);
    // Small answers go uncompressed (threshold 1 KB); the body is still the sync answer.
    const encoding = res.headers['content-encoding'];
    expect(encoding === undefined || encoding === 'br').toBe(true);
  });
});

describe('merge', () => {
  it('last writer wins per field; a write its author never saw becomes an open conflict', async () => {
    const a = await laptop();
    const b = await laptop();
    const id = newId();
    await a.sync([a.op('family', id, 'insert', family('渡辺'))]);
    await b.syncAll();
    const base = b.rows.get(id)?.hlc ?? null;
    // Both change the phone offline, each having seen only the original.
    const opA = a.op('family', id, 'update', { phone: '0997-11-1111' }, { phone: base });
    const opB = b.op(
      'family',
      id,
      'update',
      { phone: '0997-22-2222', notes: '夕方に連絡' },
      { phone: base, notes: base },
    );
    const resB = await b.sync([opB]);
    expect(resB.results[0]?.status).toBe('applied');
    const resA = await a.sync([opA]);
    expect(resA.results[0]?.status).toBe('conflict');
    await b.syncAll();
    const winner = opA.changes.phone!.hlc > opB.changes.phone!.hlc ? '0997-11-1111' : '0997-22-2222';
    const loser = winner === '0997-11-1111' ? '0997-22-2222' : '0997-11-1111';
    expect(b.rows.get(id)?.values.phone).toBe(winner);
    expect(b.rows.get(id)?.values.notes).toBe('夕方に連絡');
    const conflicts = [...b.rows.values()].filter(
      (r) => r.table === 'sync_conflict' && r.values.row_id === id && r.values.resolved_at === null,
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.values.field).toBe('phone');
    expect(JSON.parse(String(conflicts[0]?.values.lost)).values.phone).toBe(loser);
    // Both authors end with the winning value, whichever of them lost.
    await a.syncAll();
    expect(a.rows.get(id)?.values.phone).toBe(winner);
  });

  it('moves a group of fields together: arrival and departure come from one write', async () => {
    const a = await laptop();
    const b = await laptop();
    const familyId = newId();
    const stayId = newId();
    await a.sync([
      a.op('family', familyId, 'insert', family('中村')),
      a.op('stay', stayId, 'insert', {
        family_id: familyId,
        programme: 'nursery_stay',
        planned_arrival: '2026-12-01',
        planned_departure: '2026-12-10',
      }),
    ]);
    await b.syncAll();
    const base = b.rows.get(stayId)?.hlc ?? null;
    const bases = { planned_arrival: base, planned_departure: base };
    const opB = b.op(
      'stay',
      stayId,
      'update',
      { planned_arrival: '2026-12-03', planned_departure: '2026-12-08' },
      bases,
    );
    a.clock.receive(opB.changes.planned_arrival!.hlc);
    const opA = a.op(
      'stay',
      stayId,
      'update',
      { planned_arrival: '2026-12-01', planned_departure: '2026-12-20' },
      bases,
    );
    // Half a group is refused: it could leave the stay with one date from each author.
    const half = a.op('stay', stayId, 'update', { planned_departure: '2026-12-21' }, bases);
    await b.sync([opB]);
    const res = await a.sync([opA, half]);
    expect(res.results.map((r) => r.reason?.code ?? r.status)).toEqual(['conflict', 'INCOMPLETE_GROUP']);
    await b.syncAll();
    const values = b.rows.get(stayId)?.values;
    // opA is newer (written after opB) and wins the whole group; its departure with the arrival it kept.
    expect(values?.planned_departure).toBe('2026-12-20');
    expect(values?.planned_arrival).toBe('2026-12-01');
  });

  it('an edit of a record deleted by someone who never saw it opens an edit-versus-delete conflict', async () => {
    const a = await laptop();
    const b = await laptop();
    const id = newId();
    await a.sync([a.op('family', id, 'insert', family('小林'))]);
    await b.syncAll();
    const base = b.rows.get(id)?.hlc ?? null;
    await b.sync([
      b.op('family', id, 'delete', { deleted_at: new Date().toISOString() }, { deleted_at: base }),
    ]);
    const res = await a.sync([a.op('family', id, 'update', { notes: '再訪予定' }, { notes: base })]);
    expect(res.results[0]?.status).toBe('conflict');
    await b.syncAll();
    const conflict = [...b.rows.values()].find((r) => r.table === 'sync_conflict' && r.values.row_id === id);
    expect(conflict?.values).toMatchObject({ kind: 'edit_vs_delete', field: 'deleted_at' });
    expect(b.rows.get(id)?.values.deleted_at).not.toBeNull();
  });

  it('erase wins: values and conflicts are wiped, and a late edit cannot bring the name back', async () => {
    const a = await laptop();
    const b = await laptop();
    const id = newId();
    await a.sync([a.op('family', id, 'insert', family('加藤'))]);
    await b.syncAll();
    const base = b.rows.get(id)?.hlc ?? null;
    // b edits offline (it has not seen the erase yet); a erases on the family's request.
    const late = b.op('family', id, 'update', { family_name: '加藤（旧姓 森）' }, { family_name: base });
    await a.sync([
      a.op(
        'family',
        id,
        'erase',
        {
          family_name: '（削除済み）',
          family_name_kana: 'さくじょずみ',
          phone: null,
          erased_at: new Date().toISOString(),
        },
        { family_name: base, family_name_kana: base, phone: base },
      ),
    ]);
    const res = await b.sync([late]);
    expect(res.results[0]?.status).toBe('applied');
    await b.syncAll();
    // What an erasure leaves is declared once (shared/sync/personal.ts): the server holds to it,
    // whatever placeholder the erasing laptop wrote.
    expect(b.rows.get(id)?.values).toMatchObject({ family_name: '', family_name_kana: '', phone: null });
    const stored = await server.deps.db
      .selectFrom('record')
      .select('vals')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.vals)).not.toContain('加藤');
  });

  it('check-ins are append-only: two coordinators logging the same day both keep their entry', async () => {
    const a = await laptop();
    const b = await laptop();
    const familyId = newId();
    const stayId = newId();
    await a.sync([
      a.op('family', familyId, 'insert', family('吉田')),
      a.op('stay', stayId, 'insert', {
        family_id: familyId,
        programme: 'nursery_stay',
        planned_arrival: '2026-12-01',
        planned_departure: '2026-12-10',
      }),
    ]);
    const checkin = (l: Laptop) =>
      l.op('checkin', newId(), 'insert', {
        stay_id: stayId,
        family_id: familyId,
        date: '2026-12-02',
        recorded_at: new Date().toISOString(),
        kind: 'daily',
        condition: 'good',
        attendance: '[]',
        follow_up_needed: 0,
      });
    const ra = await a.sync([checkin(a)]);
    const rb = await b.sync([checkin(b)]);
    expect([ra.results[0]?.status, rb.results[0]?.status]).toEqual(['applied', 'applied']);
    const c = await laptop();
    await c.syncAll();
    expect(
      [...c.rows.values()].filter((r) => r.table === 'checkin' && r.values.stay_id === stayId),
    ).toHaveLength(2);
  });
});

describe('refusals that write nothing', () => {
  it('refuses a clock minutes ahead with CLOCK_SKEW', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const ahead = new Laptop(device, () => Date.now() + 20 * 60_000);
    const before = await recordCount('kagoshima-yoron');
    const res = await ahead.raw(ahead.body([ahead.op('family', newId(), 'insert', family('未来'))]));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CLOCK_SKEW');
    expect(res.json().error.drift_seconds).toBeGreaterThan(1000);
    expect(await recordCount('kagoshima-yoron')).toBe(before);
  });

  it('answers an unsupported client 426 with the supported versions', async () => {
    const a = await laptop();
    const res = await a.raw({ ...a.body([]), protocol: 99 });
    expect(res.statusCode).toBe(426);
    expect(res.json().error).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      supported: { protocol: { min: 1, max: 2 } },
    });
  });

  it('refuses unknown tables and columns for the whole batch', async () => {
    const a = await laptop();
    const before = await recordCount('kagoshima-yoron');
    const ok = a.op('family', newId(), 'insert', family('木村'));
    const table = await a.raw(a.body([ok, a.op('payroll', newId(), 'insert', { amount: 1 })]));
    expect(table.statusCode).toBe(400);
    expect(table.json().error).toMatchObject({ code: 'UNKNOWN_TABLE', seq: 2 });
    const column = await a.raw(
      a.body([ok, a.op('family', newId(), 'insert', { ...family('林'), salary: 5 })]),
    );
    expect(column.json().error).toMatchObject({ code: 'UNKNOWN_COLUMN', column: 'salary' });
    expect(await recordCount('kagoshima-yoron')).toBe(before);
  });

  it('keeps a surveyor to the akiya tables', async () => {
    const s = await laptop('kagoshima-yoron', 'surveyor');
    const res = await s.raw(s.body([s.op('family', newId(), 'insert', family('山本'))]));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN_TABLE');
    s.rows.clear(); // forget the refused local write: what follows is only what the server sent
    s.seq -= 1;
    await s.syncAll([
      s.op('property', newId(), 'insert', {
        address: '鹿児島県大島郡与論町茶花1',
        consent_bank: 0,
        consent_share: 0,
      }),
    ]);
    expect([...s.rows.values()].some((r) => r.table === 'family')).toBe(false);
  });
});

describe('tenancy', () => {
  it("a device of one town can neither read nor write another town's rows", async () => {
    const yoron = await laptop('kagoshima-yoron');
    const ome = await laptop('tokyo-ome');
    const id = newId();
    await yoron.sync([yoron.op('family', id, 'insert', family('与論の家族'))]);

    // Read: nothing of Yoron arrives in Ome, even from cursor 0.
    await ome.syncAll();
    expect([...ome.rows.values()].some((r) => String(r.values.family_name).includes('与論'))).toBe(false);

    // Write by update: the row does not exist for Ome; quarantined, Yoron's row untouched.
    const edit = await ome.sync([ome.op('family', id, 'update', { phone: '000' })]);
    expect(edit.results[0]).toMatchObject({ status: 'quarantined', reason: { code: 'ROW_MISSING' } });

    // Write by insert with Yoron's id: answered as for any new id (nothing says the id is taken), and
    // it makes a row of Ome's own; Yoron's row is untouched and Yoron never sees Ome's.
    const steal = await ome.sync([ome.op('family', id, 'insert', family('乗っ取り'))]);
    expect(steal.results[0]).toMatchObject({ status: 'applied' });
    const yoronRow = await server.deps.db
      .selectFrom('record')
      .select('vals')
      .where('id', '=', id)
      .where('municipality_id', '=', 'kagoshima-yoron')
      .executeTakeFirstOrThrow();
    expect((yoronRow.vals as Record<string, unknown>).family_name).toBe('与論の家族');
    expect((yoronRow.vals as Record<string, unknown>).phone).toBe('09012345678');
    await yoron.syncAll();
    expect(String(yoron.rows.get(id)?.values.family_name)).toBe('与論の家族');

    // And in the database itself: the request role sees only its own town's row under that id.
    const visible = await withTown(server.deps.db, 'tokyo-ome', (trx) =>
      trx.selectFrom('record').select('municipality_id').where('id', '=', id).execute(),
    );
    expect(visible).toEqual([{ municipality_id: 'tokyo-ome' }]);
  });
});
