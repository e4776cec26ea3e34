import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import type { OpResult, PushOp, WireValue } from '../../../shared/sync/protocol.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';

/**
 * Values a laptop may hold from before the app refused them at input: text PostgreSQL cannot store
 * (U+0000, half a surrogate pair) and dates outside the app's calendar (year 0, before 明治, after
 * 2100). Each such op is quarantined with a stable code, the quarantine holds it intact, the rest of
 * the batch is applied, and the device's next sync goes through. Long text with right-to-left marks,
 * emoji and characters outside the Basic Multilingual Plane is stored exactly.
 */

let server: TestServer;
let device: TestDevice;
const clock = new HybridLogicalClock({ node: 'hostile' });
let seq = 0;
let acked = 0;
const TOWN = 'kagoshima-yoron';

beforeAll(async () => {
  server = await startTestServer();
  device = await enrollTestDevice(server, TOWN);
});
afterAll(async () => server.close());

function op(table: string, row: string, kind: PushOp['op'], values: Record<string, WireValue>): PushOp {
  const hlc = clock.now();
  seq += 1;
  const changes: PushOp['changes'] = {};
  for (const [k, v] of Object.entries(values)) changes[k] = { value: v, hlc, base: null };
  return { seq, op_id: newId(), table, row, op: kind, at: new Date().toISOString(), changes };
}

function family(notes: string | null = null): PushOp {
  return op('family', newId(), 'insert', { family_name: '山田', family_name_kana: 'やまだ', notes });
}

function stay(familyId: string, dates: Partial<Record<string, string>>): PushOp {
  return op('stay', newId(), 'insert', {
    family_id: familyId,
    programme: 'nursery_stay',
    planned_arrival: '2026-04-01',
    planned_departure: '2026-04-05',
    status: 'planned',
    ...dates,
  });
}

async function push(ops: PushOp[]): Promise<OpResult[]> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: { authorization: `Bearer ${device.token}` },
    payload: { protocol: 1, schema: 1, device_id: device.deviceId, after_seq: acked, cursor: '0', ops },
  });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { results: OpResult[]; high_water: number };
  acked = body.high_water;
  return body.results;
}

async function stored(id: string): Promise<Record<string, unknown> | undefined> {
  const row = await server.deps.db
    .selectFrom('record')
    .select('vals')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.vals as Record<string, unknown> | undefined;
}

describe('text the server cannot store', () => {
  it('quarantines only that op, keeps it intact, and the next sync goes through', async () => {
    const before = family('前');
    const nul = family('アレルギー: 卵\u0000');
    const lowAlone = family('絵文字の片割れ \udc00');
    const highAlone = family('\ud800');
    const nulName = op('family', newId(), 'insert', {
      family_name: '山\u0000田',
      family_name_kana: 'やまだ',
    });
    const control = family('ベル\u0007');
    const after = family('後');
    const results = await push([before, nul, lowAlone, highAlone, nulName, control, after]);
    expect(results.map((r) => [r.status, r.reason?.code])).toEqual([
      ['applied', undefined],
      ['quarantined', 'TEXT_INVALID'],
      ['quarantined', 'TEXT_INVALID'],
      ['quarantined', 'TEXT_INVALID'],
      ['quarantined', 'TEXT_INVALID'],
      ['quarantined', 'TEXT_INVALID'],
      ['applied', undefined],
    ]);
    expect((await stored(before.row))?.notes).toBe('前');
    expect((await stored(after.row))?.notes).toBe('後');
    expect(await stored(nul.row)).toBeUndefined();

    // The quarantine holds each op exactly as sent, though JSONB could not hold its text.
    const kept = await server.deps.db
      .selectFrom('quarantine')
      .select(['seq', 'op', 'code'])
      .where('device_id', '=', device.deviceId)
      .orderBy('seq')
      .execute();
    const bySeq = new Map(kept.map((k) => [Number(k.seq), k.op as { unstorable?: string }]));
    for (const bad of [nul, lowAlone, highAlone, nulName]) {
      const record = bySeq.get(bad.seq);
      expect(typeof record?.unstorable, `seq ${bad.seq}`).toBe('string');
      expect(JSON.parse(record?.unstorable ?? 'null')).toEqual(bad);
    }
    // A BEL is storable, only refused: kept as it is.
    expect(bySeq.get(control.seq)).toEqual(control);

    const next = family('次の記録');
    expect((await push([next]))[0]?.status).toBe('applied');
    expect((await stored(next.row))?.notes).toBe('次の記録');
  });

  it('stores 50,000 characters of real text exactly: right-to-left marks, emoji, 𠮷', async () => {
    const pieces = [
      '𠮷野家',
      '\u200fمرحبا\u200e',
      '👨‍👩‍👧‍👦',
      '\u202eabc\u202c',
      'ｶﾀｶﾅ',
      'e\u0301',
      '\t改行\r\n',
    ];
    const chars: string[] = [];
    for (let i = 0; chars.length < 50_000; i++) chars.push(...(pieces[i % pieces.length] ?? ''));
    const text = chars.slice(0, 50_000).join('');
    expect([...text].length).toBe(50_000);
    const long = family(text);
    const tooLong = family(`${text}あ`);
    const results = await push([long, tooLong]);
    expect(results.map((r) => [r.status, r.reason?.code])).toEqual([
      ['applied', undefined],
      ['quarantined', 'VALUE_INVALID'],
    ]);
    expect((await stored(long.row))?.notes).toBe(text);
  });
});

describe('dates outside the app calendar', () => {
  it('quarantines year 0, before 1868 and after 2100 with DATE_OUT_OF_RANGE; the bounds themselves apply', async () => {
    const home = family();
    expect((await push([home]))[0]?.status).toBe('applied');
    const outside = [
      stay(home.row, { planned_arrival: '0000-01-01' }),
      stay(home.row, { actual_arrival: '0000-01-01', status: 'in_town' }),
      stay(home.row, { planned_arrival: '1867-12-31' }),
      stay(home.row, { planned_departure: '2101-01-01' }),
      stay(home.row, { planned_departure: '9999-12-31' }),
      op('family', home.row, 'update', { deleted_at: '0000-01-01T00:00:00.000Z' }),
    ];
    const bounds = [
      stay(home.row, { planned_arrival: '1868-01-01', planned_departure: '1868-01-02' }),
      stay(home.row, { planned_arrival: '2100-12-30', planned_departure: '2100-12-31' }),
    ];
    const results = await push([...outside, ...bounds]);
    expect(results.map((r) => [r.status, r.reason?.code])).toEqual([
      ...outside.map(() => ['quarantined', 'DATE_OUT_OF_RANGE']),
      ...bounds.map(() => ['applied', undefined]),
    ]);
    expect((await stored(bounds[0]?.row ?? ''))?.planned_arrival).toBe('1868-01-01');
    expect((await stored(home.row))?.deleted_at ?? null).toBeNull();
  });
});
