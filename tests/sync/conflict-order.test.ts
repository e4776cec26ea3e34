import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../electron/core/app-core.ts';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import type { FamilyDetail, StayView, TodayBoard } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * Conflicts are a function of the set of writes and of what each author saw, never of the order in
 * which the server happens to receive them; set membership (a member on a stay) is one record however
 * many laptops add it; removals and conflict resolutions never conflict with themselves. Two (or
 * three) real laptops against the real server.
 */

let server: TestServer;
const laptops: TestLaptop[] = [];
let town = 0;
const TOWNS = CONSORTIUM_MUNICIPALITIES.map((m) => m.id);

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
});

type Fault = 'none' | 'drop_answer';

/** Two laptops of a fresh town; the first can lose the answer to one request (the server applied it). */
async function pair(): Promise<{ a: TestLaptop; b: TestLaptop; fault: { next: Fault } }> {
  const t = TOWNS[town++ % TOWNS.length] as string;
  const fault = { next: 'none' as Fault };
  const faulty: typeof fetch = async (input, init) => {
    const now = fault.next;
    fault.next = 'none';
    const res = await fetch(input, init);
    if (now === 'drop_answer') {
      await res.arrayBuffer();
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    }
    return res;
  };
  const a = await enrolledLaptop(server, t, '甲 一郎', { serverClient: { fetch: faulty } });
  const b = await enrolledLaptop(server, t, '乙 花子');
  laptops.push(a, b);
  return { a, b, fault };
}

/** The next write gets a later millisecond than the last (clocks then order as the writes did). */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() <= start) await new Promise((r) => setImmediate(r));
}

async function setPhone(l: TestLaptop, id: string, phone: string): Promise<void> {
  await nextMillisecond();
  const d = (await call(l.core, 'families.get', { id })) as FamilyDetail;
  await call(l.core, 'families.update', {
    id,
    familyName: d.familyName,
    familyNameKana: d.familyNameKana,
    phone,
    notes: d.notes,
  });
}

interface StoredConflict {
  table_name: string;
  row_id: string;
  field: string;
  kind: string;
  lost: string;
  resolved_at: string | null;
}

async function openConflicts(): Promise<StoredConflict[]> {
  const rows = await server.deps.db
    .selectFrom('record')
    .select('vals')
    .where('table_name', '=', 'sync_conflict')
    .execute();
  return rows
    .map((r) => r.vals as unknown as StoredConflict)
    .filter((c) => c.resolved_at === null || c.resolved_at === undefined);
}

function lostValues(c: StoredConflict): Record<string, unknown> {
  return (JSON.parse(c.lost) as { values: Record<string, unknown> }).values;
}

async function settle(...ls: TestLaptop[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const l of ls) await syncOk(l);
}

function localOpenConflicts(core: AppCore, rowId: string): number {
  return core.database.sqlite
    .prepare('SELECT count(*) FROM sync_conflict WHERE row_id = ? AND resolved_at IS NULL')
    .pluck()
    .get(rowId) as number;
}

describe('overwrites: n0 (A), V (A, saw n0), W (B, saw n0), X (A, saw V)', () => {
  // Only W was overwritten by someone who never saw it: "W lost" is the one open conflict.
  const orders = {
    'A first, V and X in one request': async (a: TestLaptop, b: TestLaptop, id: string) => {
      await setPhone(a, id, '0997-10-0001');
      await setPhone(b, id, '0997-20-0002');
      await setPhone(a, id, '0997-30-0003');
      await syncOk(a);
      await syncOk(b);
    },
    'B first, then V and X in one request': async (a: TestLaptop, b: TestLaptop, id: string) => {
      await setPhone(a, id, '0997-10-0001');
      await setPhone(b, id, '0997-20-0002');
      await setPhone(a, id, '0997-30-0003');
      await syncOk(b);
      await syncOk(a);
    },
    'V, W and X each in a request of its own': async (a: TestLaptop, b: TestLaptop, id: string) => {
      await setPhone(a, id, '0997-10-0001');
      await syncOk(a);
      await setPhone(b, id, '0997-20-0002');
      await syncOk(b);
      await setPhone(a, id, '0997-30-0003');
      await syncOk(a);
    },
  };
  for (const [name, deliver] of Object.entries(orders)) {
    it(`opens exactly "W lost" when ${name}`, async () => {
      const { a, b } = await pair();
      const f = (await call(a.core, 'families.create', {
        familyName: '森',
        familyNameKana: 'もり',
        phone: '0997-00-0000',
      })) as FamilyDetail;
      await settle(a, b);
      await deliver(a, b, f.id);
      await settle(a, b);
      const open = (await openConflicts()).filter((c) => c.row_id === f.id);
      expect(open.map((c) => [c.field, lostValues(c)])).toEqual([['phone', { phone: '0997200002' }]]);
      for (const l of [a, b]) {
        expect(((await call(l.core, 'families.get', { id: f.id })) as FamilyDetail).phone).toBe('0997300003');
        expect(localOpenConflicts(l.core, f.id)).toBe(1);
      }
    });
  }
});

describe('edit versus delete by what the deleter saw', () => {
  for (const first of ['the correction', 'the removal'] as const) {
    it(`keeps a colleague's unseen correction when the deleter edited later itself (${first} arrives first)`, async () => {
      const { a, b } = await pair();
      const f = (await call(a.core, 'families.create', {
        familyName: '川口',
        familyNameKana: 'かわぐち',
      })) as FamilyDetail;
      const m = (await call(a.core, 'members.save', {
        familyId: f.id,
        givenName: '陽',
        givenNameKana: 'ひなた',
        relation: 'child',
        birthDate: '2021-05-05',
        grade: '年少',
      })) as { id: string };
      await settle(a, b);
      const save = async (l: TestLaptop, patch: Record<string, unknown>) => {
        await nextMillisecond();
        const d = (await call(l.core, 'families.get', { id: f.id })) as FamilyDetail;
        const x = d.members.find((y) => y.id === m.id);
        await call(l.core, 'members.save', {
          id: m.id,
          familyId: f.id,
          givenName: x?.givenName,
          givenNameKana: x?.givenNameKana,
          relation: x?.relation,
          birthDate: x?.birthDate,
          grade: x?.grade,
          ...patch,
        });
      };
      // A corrects the grade; B, not having seen it, edits the name later and then removes the child.
      await save(a, { grade: '年中' });
      await save(b, { givenName: '陽太' });
      await nextMillisecond();
      await call(b.core, 'members.remove', { id: m.id });
      if (first === 'the correction') {
        await syncOk(a);
        await syncOk(b);
      } else {
        await syncOk(b);
        await syncOk(a);
      }
      await settle(a, b);
      const open = (await openConflicts()).filter((c) => c.row_id === m.id);
      expect(open.map((c) => [c.kind, lostValues(c)])).toEqual([['edit_vs_delete', { grade: '年中' }]]);
      for (const l of [a, b]) expect(localOpenConflicts(l.core, m.id)).toBe(1);
    });
  }
});

describe('sets and settled records', () => {
  it('shows a child put on a stay by two laptops once, on the stay and on the today board', async () => {
    const { a, b } = await pair();
    const f = (await call(a.core, 'families.create', {
      familyName: '松本',
      familyNameKana: 'まつもと',
    })) as FamilyDetail;
    const m = (await call(a.core, 'members.save', {
      familyId: f.id,
      givenName: '葵',
      givenNameKana: 'あおい',
      relation: 'child',
      birthDate: '2020-07-07',
    })) as { id: string };
    const today = new Date().toISOString().slice(0, 10);
    const s = (await call(a.core, 'stays.save', {
      familyId: f.id,
      programme: 'nursery_stay',
      plannedArrival: today,
      plannedDeparture: '2099-12-31',
      actualArrival: today,
      status: 'in_town',
    })) as StayView;
    await settle(a, b);
    for (const l of [a, b]) {
      const stay = (await call(l.core, 'stays.get', { id: s.id })) as StayView;
      await call(l.core, 'stays.save', {
        id: stay.id,
        familyId: stay.familyId,
        programme: stay.programme,
        plannedArrival: stay.plannedArrival,
        plannedDeparture: stay.plannedDeparture,
        actualArrival: stay.actualArrival,
        status: stay.status,
        memberIds: [m.id],
      });
    }
    await settle(a, b);
    const onServer = await server.deps.db
      .selectFrom('record')
      .select('vals')
      .where('table_name', '=', 'stay_member')
      .execute();
    expect(
      onServer.filter(
        (r) =>
          (r.vals as { stay_id: string }).stay_id === s.id &&
          !(r.vals as { deleted_at: string | null }).deleted_at,
      ),
    ).toHaveLength(1);
    for (const l of [a, b]) {
      const stay = (await call(l.core, 'stays.get', { id: s.id })) as StayView;
      expect(stay.members.map((x) => x.memberId)).toEqual([m.id]);
      const board = (await call(l.core, 'today.board', { date: today })) as TodayBoard;
      const shown = [...board.inTown, ...board.arrivingToday].filter((x) => x.stayId === s.id);
      expect(shown.length).toBeGreaterThan(0);
      for (const x of shown) expect(x.children.map((c) => c.memberId)).toEqual([m.id]);
    }
    expect((await openConflicts()).filter((c) => c.table_name === 'stay_member')).toEqual([]);
  });

  it('opens no conflict when two laptops remove the same member', async () => {
    const { a, b } = await pair();
    const f = (await call(a.core, 'families.create', {
      familyName: '岡',
      familyNameKana: 'おか',
    })) as FamilyDetail;
    const m = (await call(a.core, 'members.save', {
      familyId: f.id,
      givenName: '蓮',
      givenNameKana: 'れん',
      relation: 'child',
      birthDate: '2019-01-01',
    })) as { id: string };
    await settle(a, b);
    await call(a.core, 'members.remove', { id: m.id });
    await nextMillisecond();
    await call(b.core, 'members.remove', { id: m.id });
    await syncOk(a);
    await syncOk(b);
    await settle(a, b);
    expect((await openConflicts()).filter((c) => c.row_id === m.id)).toEqual([]);
  });

  it('opens no conflict about a conflict resolved offline that the server had already closed', async () => {
    const { a, b, fault } = await pair();
    const f = (await call(a.core, 'families.create', {
      familyName: '原',
      familyNameKana: 'はら',
      phone: '0997-00-0000',
    })) as FamilyDetail;
    await settle(a, b);
    await setPhone(a, f.id, '0997-10-0001'); // V
    await setPhone(b, f.id, '0997-20-0002'); // W
    await syncOk(b);
    // A's V reaches the server and loses to W ("V lost"), but A never gets the answer.
    fault.next = 'drop_answer';
    expect((await a.core.sync?.run('manual'))?.ok).toBe(false);
    await syncOk(b);
    const [vLost] = (await call(b.core, 'sync.conflicts', {})) as { id: string }[];
    expect(vLost).toBeDefined();
    // A, still holding V, writes X: the server closes "V lost" (X's author saw V) and opens "W lost".
    await setPhone(a, f.id, '0997-30-0003'); // X
    await syncOk(a);
    // B, offline meanwhile, had settled "V lost" by keeping W.
    await call(b.core, 'sync.resolve', { id: vLost?.id, choice: 'keep' });
    await settle(a, b);
    const open = await openConflicts();
    expect(open.filter((c) => c.table_name === 'sync_conflict')).toEqual([]);
    expect(open.filter((c) => c.row_id === f.id).map((c) => lostValues(c))).toEqual([
      { phone: '0997200002' },
    ]);
  });
});
