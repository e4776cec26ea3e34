import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../hlc.ts';
import { mergeOp, type OpenConflict, type RowState } from './merge.ts';
import type { PushOp } from './protocol.ts';

/**
 * Random histories of laptops editing one family's phone number and notes, offline and online, with
 * clocks skewed by minutes. Every write reaches the "server" (one RowState and its open conflicts,
 * merged with mergeOp, as the server does) in some order that respects what each author had seen.
 * The properties of docs/sync-principles.md#property-tests:
 * - the winner of each field is the write with the greatest clock;
 * - nothing silently lost: every write is the current value, an open conflict, or was seen by a later
 *   write's author;
 * - the open conflicts are exactly the losing writes nobody saw, whatever the arrival order.
 */

const ROW = '01900000-0000-7000-8000-000000000001';
const FIELDS = ['phone', 'notes'] as const;

interface Write {
  field: (typeof FIELDS)[number];
  hlc: string;
  base: string | null;
  value: string;
}

type Step =
  | { kind: 'write'; device: number; field: 0 | 1 }
  | { kind: 'push'; device: number }
  | { kind: 'pull'; device: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('write' as const),
    device: fc.nat(2),
    field: fc.constantFrom(0 as const, 1 as const),
  }),
  fc.record({ kind: fc.constant('push' as const), device: fc.nat(2) }),
  fc.record({ kind: fc.constant('pull' as const), device: fc.nat(2) }),
);

function run(steps: readonly Step[], skewsMs: readonly number[]) {
  let now = 1_800_000_000_000;
  const clocks = skewsMs.map(
    (skew, i) =>
      new HybridLogicalClock({ node: `dev${i}`, wallClock: () => now + skew, maxSkewMs: 60 * 60_000 }),
  );
  // What each laptop believes the row is (value clocks per field) and its unsent writes.
  const local = skewsMs.map(() => new Map<string, string>());
  const pending: Write[][] = skewsMs.map(() => []);
  let server: RowState | null = null;
  let open: (OpenConflict & { value: string })[] = [];
  const written: Write[] = [];
  const applied: Write[] = [];
  let counter = 0;

  const deliver = (w: Write) => {
    const op: PushOp = {
      seq: 1,
      op_id: '01900000-0000-7000-8000-000000000002',
      table: 'family',
      row: ROW,
      op: server === null ? 'insert' : 'update',
      at: new Date(now).toISOString(),
      changes: {
        [w.field]: { value: w.value, hlc: w.hlc, base: w.base },
        ...(server === null ? { family_name: { value: 'x', hlc: w.hlc, base: null } } : {}),
        ...(server === null ? { family_name_kana: { value: 'x', hlc: w.hlc, base: null } } : {}),
      },
    };
    const r = mergeOp(server, op, open, 'unused');
    server = r.state;
    open = open.filter((c) => !r.superseded.includes(c.id));
    for (const c of r.conflicts) {
      open.push({
        id: `c${counter++}`,
        field: c.field,
        lostHlc: c.lost.hlc,
        value: String(c.lost.values[c.field]),
      });
    }
    applied.push(w);
  };

  for (const step of steps) {
    now += 1000;
    const d = step.device;
    if (step.kind === 'write') {
      const field = FIELDS[step.field];
      const hlc = (clocks[d] as HybridLogicalClock).now();
      const w: Write = { field, hlc, base: local[d]?.get(field) ?? null, value: `v${written.length}` };
      written.push(w);
      pending[d]?.push(w);
      local[d]?.set(field, hlc);
    } else if (step.kind === 'push') {
      for (const w of pending[d] ?? []) deliver(w);
      pending[d] = [];
    } else if (server !== null) {
      // Pull: the laptop takes the server's current clocks (its unsent writes stay on top).
      const state = server as RowState;
      for (const field of FIELDS) {
        const c = state.clocks[field];
        const mine = (pending[d] ?? []).filter((w) => w.field === field).at(-1);
        if (c && !mine) local[d]?.set(field, c.h);
        if (c) (clocks[d] as HybridLogicalClock).receive(c.h);
      }
    }
  }
  for (let d = 0; d < pending.length; d++) {
    for (const w of pending[d] ?? []) deliver(w);
  }
  return { server: server as RowState | null, open, written, applied };
}

describe('mergeOp (property-based)', () => {
  it('keeps every write: current, open conflict, or seen by a later write; the greatest clock wins', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: -5 * 60_000, max: 5 * 60_000 }), { minLength: 3, maxLength: 3 }),
        (steps, skews) => {
          const { server, open, written } = run(steps, skews);
          if (written.length === 0) return;
          expect(server).not.toBeNull();
          for (const field of FIELDS) {
            const writes = written.filter((w) => w.field === field);
            if (writes.length === 0) continue;
            const winner = writes.reduce((a, b) => (b.hlc > a.hlc ? b : a));
            expect(server?.values[field]).toBe(winner.value);
            expect(server?.clocks[field]?.h).toBe(winner.hlc);
            for (const w of writes) {
              if (w === winner) continue;
              const seen = writes.some((x) => x.base === w.hlc);
              const sameAuthorLater = writes.some(
                (x) => x.hlc > w.hlc && x.hlc.slice(22) === w.hlc.slice(22),
              );
              const isOpen = open.some((c) => c.field === field && c.lostHlc === w.hlc);
              // Exactly the unseen losers are open (a laptop overwriting its own value is not a conflict).
              if (!seen && !sameAuthorLater) expect(isOpen, `write ${w.value} lost silently`).toBe(true);
              if (seen) expect(isOpen, `write ${w.value} was seen, yet still open`).toBe(false);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ends in the same state whichever order two laptops push concurrent writes', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 30 }), fc.boolean(), (steps, flip) => {
        // Run the same writes, but let the last flush visit laptops in the opposite order.
        const a = run(steps, [0, 1000, -1000]);
        const reordered = flip ? [...steps].reverse().filter((s) => s.kind === 'write') : steps;
        const b = run(reordered, [0, 1000, -1000]);
        for (const r of [a, b]) {
          for (const field of FIELDS) {
            const writes = r.written.filter((w) => w.field === field);
            if (writes.length === 0) continue;
            expect(r.server?.values[field]).toBe(writes.reduce((x, y) => (y.hlc > x.hlc ? y : x)).value);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
