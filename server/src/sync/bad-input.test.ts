import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import type { PushOp } from '../../../shared/sync/protocol.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';

/**
 * Whatever a client sends — broken JSON, wrong types, oversized bodies, unknown tables or columns,
 * another town's ids, replayed or out-of-order batches — the answer is a 4xx with a stable error code
 * (or, for a well-formed batch with a bad value, 200 with that op quarantined), never a 5xx, and a
 * refused request changes nothing at all.
 */

let server: TestServer;
let yoron: TestDevice;
let ome: TestDevice;
let omeFamilyId: string;
const clock = new HybridLogicalClock({ node: 'fuzz' });
const STABLE_CODES = new Set([
  'INVALID_REQUEST',
  'INVALID_JSON',
  'UNKNOWN_TABLE',
  'UNKNOWN_COLUMN',
  'UNSUPPORTED_VERSION',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'BATCH_TOO_LARGE',
  'DEVICE_MISMATCH',
  'FORBIDDEN_TABLE',
  'SEQ_GAP',
  'CLOCK_SKEW',
  'UNAUTHENTICATED',
]);

beforeAll(async () => {
  server = await startTestServer({ config: { MAX_BODY_BYTES: String(256 * 1024) } });
  yoron = await enrollTestDevice(server, 'kagoshima-yoron');
  ome = await enrollTestDevice(server, 'tokyo-ome');
  omeFamilyId = newId();
  const hlc = clock.now();
  const res = await send(
    ome,
    JSON.stringify(
      envelope(ome, [
        {
          seq: 1,
          op_id: newId(),
          table: 'family',
          row: omeFamilyId,
          op: 'insert',
          at: new Date().toISOString(),
          changes: {
            family_name: { value: '青梅の家族', hlc, base: null },
            family_name_kana: { value: 'おうめ', hlc, base: null },
          },
        },
      ]),
    ),
  );
  expect(res.statusCode).toBe(200);
});
afterAll(async () => server.close());

function envelope(device: TestDevice, ops: unknown[], afterSeq = 0) {
  return { protocol: 1, schema: 1, device_id: device.deviceId, after_seq: afterSeq, cursor: '0', ops };
}

function validOp(seq: number): PushOp {
  const hlc = clock.now();
  return {
    seq,
    op_id: newId(),
    table: 'family',
    row: newId(),
    op: 'insert',
    at: new Date().toISOString(),
    changes: {
      family_name: { value: '山田', hlc, base: null },
      family_name_kana: { value: 'やまだ', hlc, base: null },
      phone: { value: '09012345678', hlc, base: null },
    },
  };
}

async function send(device: TestDevice, payload: string | Buffer, headers: Record<string, string> = {}) {
  return server.app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json', ...headers },
    payload,
  });
}

/** Everything a request could change, as one comparable value. */
async function snapshot() {
  const r = await sql<Record<string, string>>`
    SELECT (SELECT count(*) FROM record) AS records,
           (SELECT coalesce(sum(seq), 0) FROM record) AS seqs,
           (SELECT md5(coalesce(string_agg(vals::text, ',' ORDER BY id), '')) FROM record) AS vals,
           (SELECT count(*) FROM quarantine) AS quarantined,
           (SELECT string_agg(high_water::text, ',' ORDER BY id) FROM device) AS marks,
           (SELECT string_agg(last_seq::text, ',' ORDER BY municipality_id) FROM town_seq) AS counters`.execute(
    server.deps.db,
  );
  return r.rows[0];
}

async function expectRefusedWithoutWrite(device: TestDevice, payload: string | Buffer, headers = {}) {
  const before = await snapshot();
  const res = await send(device, payload, headers);
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  const body = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(STABLE_CODES.has(body.error.code), body.error.code).toBe(true);
  expect(typeof body.error.message).toBe('string');
  expect(await snapshot()).toEqual(before);
  return body.error.code;
}

describe('bad input never breaks the server and never half-writes', () => {
  it('malformed JSON → INVALID_JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const payload = `{"protocol":1,${text}`;
        fc.pre(
          (() => {
            try {
              JSON.parse(payload);
              return false;
            } catch {
              return true;
            }
          })(),
        );
        expect(await expectRefusedWithoutWrite(yoron, payload)).toBe('INVALID_JSON');
      }),
      { numRuns: 60 },
    );
  });

  it('any JSON value of the wrong shape → a 4xx code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await expectRefusedWithoutWrite(yoron, JSON.stringify(value));
      }),
      { numRuns: 80 },
    );
  });

  it('one field of a valid request replaced by anything → refused whole, or the op quarantined', async () => {
    const paths = [
      ['protocol'],
      ['schema'],
      ['device_id'],
      ['after_seq'],
      ['cursor'],
      ['page_size'],
      ['ops', 0, 'seq'],
      ['ops', 0, 'op_id'],
      ['ops', 0, 'table'],
      ['ops', 0, 'row'],
      ['ops', 0, 'op'],
      ['ops', 0, 'at'],
      ['ops', 0, 'changes'],
      ['ops', 0, 'changes', 'phone'],
      ['ops', 0, 'changes', 'phone', 'value'],
      ['ops', 0, 'changes', 'phone', 'hlc'],
      ['ops', 0, 'changes', 'phone', 'base'],
      ['ops', 0, 'changes', 'family_name', 'value'],
    ] as const;
    let seq = 1000;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue(), async (path, value) => {
        // Each attempt uses fresh operation numbers, so an accepted one never turns the next into a duplicate.
        seq += 10;
        const body = envelope(yoron, [validOp(seq)], seq - 10) as Record<string, unknown>;
        let target: Record<string | number, unknown> = body;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
        target[path.at(-1) as string | number] = value;
        const before = await snapshot();
        const res = await send(yoron, JSON.stringify(body));
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(STABLE_CODES.has(res.json().error.code), res.body).toBe(true);
          expect(await snapshot()).toEqual(before);
        } else {
          const status = res.json().results[0]?.status;
          // Accepted: the replaced value was valid after all (e.g. another phone number) or the op is kept aside.
          expect(['applied', 'quarantined', 'duplicate']).toContain(status);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('unknown tables and columns → UNKNOWN_TABLE / UNKNOWN_COLUMN, nothing of the batch written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !['family', 'stay', 'checkin'].includes(s)),
        fc.boolean(),
        async (name, asTable) => {
          const good = validOp(1);
          const bad = validOp(2);
          if (asTable) bad.table = `x_${name}`;
          else bad.changes[`x_${name}`] = { value: 1, hlc: clock.now(), base: null };
          const code = await expectRefusedWithoutWrite(
            yoron,
            JSON.stringify(envelope(yoron, [good, bad], 0)),
          );
          expect(code).toBe(asTable ? 'UNKNOWN_TABLE' : 'UNKNOWN_COLUMN');
        },
      ),
      { numRuns: 40 },
    );
  });

  it("another town's id is answered exactly as an unknown id, and the other town's row is untouched", async () => {
    const fresh = await enrollTestDevice(server, 'kagoshima-yoron');
    const unknownId = newId();
    const edit = (seq: number, row: string) => ({
      ...validOp(seq),
      op: 'update',
      row,
      changes: { family_name: { value: '乗っ取り', hlc: clock.now(), base: null } },
    });
    // An update: nothing to change, the same answer for both ids.
    const updates = await send(
      fresh,
      JSON.stringify(envelope(fresh, [edit(1, omeFamilyId), edit(2, unknownId)])),
    );
    expect(updates.statusCode, updates.body).toBe(200);
    const [other, unknown] = updates.json().results as Record<string, unknown>[];
    expect(other).toMatchObject({ status: 'quarantined', reason: { code: 'ROW_MISSING' } });
    // Identical but for the op's own number and the id it named.
    const shape = (r: unknown, id: string) =>
      JSON.stringify({ ...(r as object), seq: 0 }).replaceAll(id, '<id>');
    expect(shape(other, omeFamilyId)).toBe(shape(unknown, unknownId));
    // An insert: a new row of this town under that id, as for any id it has not used.
    const steal = { ...validOp(3), row: omeFamilyId };
    const fresh2 = { ...validOp(4), row: newId() };
    const inserts = await send(fresh, JSON.stringify(envelope(fresh, [steal, fresh2], 2)));
    expect(inserts.statusCode, inserts.body).toBe(200);
    const [a, b] = inserts.json().results as Record<string, unknown>[];
    expect(a).toMatchObject({ status: 'applied' });
    expect(shape(a, omeFamilyId)).toBe(shape(b, fresh2.row));
    const rows = await server.deps.db
      .selectFrom('record')
      .select(['municipality_id', 'vals'])
      .where('id', '=', omeFamilyId)
      .orderBy('municipality_id')
      .execute();
    expect(rows.map((r) => r.municipality_id)).toEqual(['kagoshima-yoron', 'tokyo-ome']);
    expect((rows[1]?.vals as Record<string, unknown> | undefined)?.family_name).toBe('青梅の家族');
    // Another device's id in the envelope is refused too.
    expect(await expectRefusedWithoutWrite(fresh, JSON.stringify(envelope(ome, [validOp(5)], 1)))).toBe(
      'DEVICE_MISMATCH',
    );
  });

  it('replayed and out-of-order batches: duplicates acknowledged, gaps and disorder refused', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const batch = [validOp(1), validOp(2), validOp(3)];
    const first = await send(device, JSON.stringify(envelope(device, batch)));
    expect(first.json().results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    const before = await snapshot();
    const replay = await send(device, JSON.stringify(envelope(device, batch)));
    expect(replay.json().results.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const after = await snapshot();
    expect({ ...after, marks: undefined }).toEqual({ ...before, marks: undefined });
    expect(await expectRefusedWithoutWrite(device, JSON.stringify(envelope(device, [validOp(9)], 8)))).toBe(
      'SEQ_GAP',
    );
    expect(
      await expectRefusedWithoutWrite(device, JSON.stringify(envelope(device, [validOp(6), validOp(5)], 3))),
    ).toBe('INVALID_REQUEST');
  });

  it('oversized bodies and batches → PAYLOAD_TOO_LARGE / BATCH_TOO_LARGE', async () => {
    const huge = JSON.stringify(
      envelope(yoron, [
        { ...validOp(1), changes: { notes: { value: 'あ'.repeat(300_000), hlc: clock.now(), base: null } } },
      ]),
    );
    expect(await expectRefusedWithoutWrite(yoron, huge)).toBe('PAYLOAD_TOO_LARGE');
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...validOp(i + 1), changes: {} }));
    expect(await expectRefusedWithoutWrite(yoron, JSON.stringify(envelope(yoron, many)))).toBe(
      'BATCH_TOO_LARGE',
    );
    expect(await expectRefusedWithoutWrite(yoron, 'protocol=1', { 'content-type': 'application/xml' })).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });
});
