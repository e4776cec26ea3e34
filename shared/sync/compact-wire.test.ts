import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../hlc.ts';
import {
  CompactWireError,
  decodePage,
  decodePush,
  decodeRequest,
  encodePage,
  encodePush,
  encodeRequest,
  opIdFor,
} from './compact-wire.ts';
import type { PulledChange, PushOp, SyncRequest } from './protocol.ts';

const T0 = 1_764_000_000_000;
const hlc = (ms: number, counter = 0, node = 'laptopA') => encodeHlc({ millis: T0 + ms, counter, node });
const uuid = (n: number) => `0191a2b3-c4d5-7e6f-8a9b-${n.toString(16).padStart(12, '0')}`;

function insert(
  seq: number,
  table: string,
  values: Record<string, string | number | null>,
  ms: number,
): PushOp {
  const clock = hlc(ms, seq % 3);
  const changes: PushOp['changes'] = {};
  for (const [k, v] of Object.entries(values)) changes[k] = { value: v, hlc: clock, base: null };
  const op = {
    seq,
    op_id: '',
    table,
    row: uuid(seq),
    op: 'insert' as const,
    at: new Date(T0 + ms - 2).toISOString(),
    changes,
  };
  op.op_id = opIdFor(op);
  return op;
}

describe('compact wire: operations', () => {
  it('decodes to exactly the operations encoded, in operation order, whatever their shapes', () => {
    const ops: PushOp[] = [
      insert(1, 'family', { family_name: '山田', phone: '090-1111-2222', notes: null }, 0),
      insert(2, 'member', { family_id: uuid(1), given_name: '太郎', birth_date: '1980-04-01' }, 5),
      insert(3, 'family', { family_name: '佐藤', phone: null, notes: 'メモ' }, 9),
      // An update whose columns saw different bases, and one whose id was not derived (older outbox).
      {
        seq: 7,
        op_id: uuid(999),
        table: 'family',
        row: uuid(1),
        op: 'update',
        at: new Date(T0 + 20).toISOString(),
        changes: {
          phone: { value: '090-0000-0000', hlc: hlc(20, 0, 'laptopB'), base: hlc(0, 1) },
          notes: { value: 'x', hlc: hlc(20, 0, 'laptopB'), base: null },
        },
      },
      // Columns with different clocks, and a timestamp not in ISO form: both travel as they are.
      {
        seq: 8,
        op_id: uuid(1000),
        table: 'family',
        row: uuid(3),
        op: 'update',
        at: new Date(T0 + 30).toISOString(),
        changes: {
          phone: { value: '1', hlc: hlc(30), base: hlc(9) },
          notes: { value: '2', hlc: hlc(31), base: hlc(9) },
        },
      },
      {
        seq: 9,
        op_id: uuid(1001),
        table: 'family',
        row: uuid(3),
        op: 'delete',
        at: '2025-11-24T17:00:00+09:00',
        changes: { deleted_at: { value: '2025-11-24T08:00:00.000Z', hlc: hlc(40), base: hlc(31) } },
      },
    ];
    const compact = encodePush(ops);
    expect(compact.loose.map((o) => (o as PushOp).seq)).toEqual([8, 9]);
    // Derived ids are left out; only the one that is not travels.
    expect(compact.blocks.flatMap((b) => b.id ?? []).filter((x) => x !== null)).toEqual([uuid(999)]);
    const back = decodePush(JSON.parse(JSON.stringify(compact)));
    expect(back).toEqual(ops);
  });

  it('keeps what a deleter saw, column by column (a delete with seen clocks travels loose)', () => {
    const del: PushOp = {
      seq: 4,
      op_id: uuid(77),
      table: 'family',
      row: uuid(1),
      op: 'delete',
      at: new Date(T0 + 50).toISOString(),
      changes: {
        deleted_at: {
          value: new Date(T0 + 50).toISOString(),
          hlc: hlc(50),
          base: hlc(9),
          seen: { phone: hlc(9), notes: hlc(3) },
        },
      },
    };
    const compact = encodePush([del]);
    expect(compact.loose).toHaveLength(1);
    expect(decodePush(JSON.parse(JSON.stringify(compact)))).toEqual([del]);
  });

  it('round-trips any operations (property)', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(null),
    );
    const opArb = fc.record({
      table: fc.constantFrom('family', 'member', 'stay'),
      cols: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1 }),
      values: fc.array(value, { minLength: 4, maxLength: 4 }),
      ms: fc.integer({ min: -100_000, max: 100_000 }),
      counter: fc.integer({ min: 0, max: 0xffff }),
      node: fc.constantFrom('laptopA', 'laptopB', 'server_1'),
      atOffset: fc.integer({ min: -50, max: 50 }),
      kind: fc.constantFrom('insert', 'update', 'delete', 'erase'),
      bases: fc.array(fc.option(fc.integer({ min: -100, max: 100 })), { minLength: 4, maxLength: 4 }),
      derived: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (specs, first) => {
          const ops: PushOp[] = specs.map((s, i) => {
            const clock = encodeHlc({ millis: T0 + s.ms, counter: s.counter, node: s.node });
            const changes: PushOp['changes'] = {};
            s.cols.forEach((c, j) => {
              const b = s.bases[j];
              changes[c] = {
                value: s.values[j] ?? null,
                hlc: clock,
                base: b === null || b === undefined ? null : hlc(b),
              };
            });
            const op: PushOp = {
              seq: first + i * 3,
              op_id: uuid(i),
              table: s.table,
              row: uuid(1000 + (i % 5)),
              op: s.kind as PushOp['op'],
              at: new Date(T0 + s.ms + s.atOffset).toISOString(),
              changes,
            };
            if (s.derived) op.op_id = opIdFor(op);
            return op;
          });
          // -0 is not JSON: what travels is what JSON carries.
          const expected = JSON.parse(JSON.stringify(ops));
          expect(decodePush(JSON.parse(JSON.stringify(encodePush(ops))))).toEqual(expected);
        },
      ),
    );
  });

  it('derives different ids for operations that write anything differently', () => {
    const a = insert(1, 'family', { family_name: '山田' }, 0);
    const changed = (f: (op: PushOp) => void) => {
      const copy = JSON.parse(JSON.stringify(a)) as PushOp;
      f(copy);
      return opIdFor(copy);
    };
    const id = opIdFor(a);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(changed(() => undefined)).toBe(id);
    expect(changed((op) => (op.row = uuid(2)))).not.toBe(id);
    expect(changed((op) => (op.table = 'member'))).not.toBe(id);
    expect(changed((op) => (op.op = 'update'))).not.toBe(id);
    expect(changed((op) => ((op.changes.family_name as { value: string }).value = '山本'))).not.toBe(id);
    expect(changed((op) => ((op.changes.family_name as { hlc: string }).hlc = hlc(0, 9)))).not.toBe(id);
    expect(changed((op) => ((op.changes.family_name as { base: string | null }).base = hlc(-5)))).not.toBe(
      id,
    );
    // The number is not part of it: a renumbered operation is the same operation.
    expect(changed((op) => (op.seq = 99))).toBe(id);
  });

  it('refuses a block whose columns do not line up, before anything is decoded', () => {
    const compact = encodePush([insert(1, 'family', { family_name: '山田', phone: null }, 0)]);
    const block = compact.blocks[0];
    if (!block) throw new Error('no block');
    block.vals[1] = [];
    expect(() => decodePush(compact)).toThrow(CompactWireError);
    expect(() =>
      decodeRequest({ protocol: 2, push: { nodes: [], blocks: [{ table: 'family' }], loose: [] } }),
    ).toThrow(CompactWireError);
    expect(() => decodeRequest({ protocol: 2, ops: [] })).toThrow(CompactWireError);
  });

  it('carries a request as protocol 1 does, field for field', () => {
    const ops = Array.from({ length: 500 }, (_, i) =>
      insert(
        i + 1,
        'checkin',
        {
          stay_id: uuid(50_000 + (i % 40)),
          date: '2025-11-24',
          condition: i % 9 ? 'good' : 'attention',
          note: null,
        },
        i * 7,
      ),
    );
    const body: SyncRequest = {
      protocol: 2,
      schema: 1,
      device_id: uuid(77),
      after_seq: 0,
      cursor: '0',
      page_size: 5000,
      ops,
    };
    const compact = encodeRequest(body);
    expect(decodeRequest(JSON.parse(JSON.stringify(compact)))).toEqual({ ...body, protocol: 2 });
  });
});

describe('compact wire: pulled rows', () => {
  const row = (
    seq: number,
    table: string,
    values: Record<string, string | number | null>,
    ms: number,
  ): PulledChange => ({
    seq,
    table,
    id: uuid(seq),
    values: {
      ...values,
      created_at: new Date(T0 + ms - 3).toISOString(),
      created_by: uuid(5),
      updated_at: new Date(T0 + ms).toISOString(),
      updated_by: seq % 2 ? uuid(5) : uuid(6),
    },
    hlc: hlc(ms, 0, seq % 4 ? 'laptopA' : 'server'),
  });

  it('decodes to exactly the rows encoded, in sequence order', () => {
    const rows: PulledChange[] = [
      row(10, 'family', { family_name: '山田', phone: null }, 0),
      row(11, 'member', { given_name: '太郎' }, 4),
      { ...row(12, 'family', { family_name: '佐藤', phone: '1' }, 8), clocks: { phone: hlc(2) } },
      // A row from before a column existed: its own block.
      row(14, 'family', { family_name: '鈴木' }, 9),
      // Bookkeeping not in ISO form travels as it is.
      {
        ...row(15, 'family', { family_name: '高橋', phone: null }, 12),
        values: {
          family_name: '高橋',
          phone: null,
          created_at: 'x',
          created_by: uuid(5),
          updated_at: 'y',
          updated_by: uuid(5),
        },
      },
    ];
    const page = encodePage(rows);
    expect(page.loose).toHaveLength(1);
    expect(page.users).toEqual([uuid(5), uuid(6)]);
    expect(decodePage(JSON.parse(JSON.stringify(page)))).toEqual(rows);
  });
});
