import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { localPersonalDataLeft } from '../../electron/core/write/erasure.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import type { FamilyDetail, StayView } from '../../shared/ipc/views.ts';
import { type LinkedRow, personalDataLeft } from '../../shared/sync/personal.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * An erasure on request racing a colleague's offline writes, on two real laptops (SQLite, the app's
 * services and sync engine) and the real server: whatever arrives when, none of the erased family's
 * personal data survives anywhere, conflicts on the fields the erasure keeps stay open, and the app
 * refuses new personal data for the family.
 */

let server: TestServer;
const laptops: TestLaptop[] = [];
let townIndex = 0;
const TOWNS = CONSORTIUM_MUNICIPALITIES.map((m) => m.id);

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
});

async function pair(): Promise<{ a: TestLaptop; b: TestLaptop; town: string }> {
  const town = TOWNS[townIndex++ % TOWNS.length] as string;
  const a = await enrolledLaptop(server, town, '甲 担当');
  // B's clock runs four minutes ahead (inside the server's tolerance): its writes carry clocks newer
  // than the erasure's, and must lose to it all the same.
  const b = await enrolledLaptop(server, town, '乙 担当', { now: () => new Date(Date.now() + 240_000) });
  laptops.push(a, b);
  return { a, b, town };
}

/** Every record of the town as the server holds it. */
async function serverRows(town: string): Promise<LinkedRow[]> {
  const rows = await server.deps.db
    .selectFrom('record')
    .select(['id', 'table_name', 'vals'])
    .where('municipality_id', '=', town)
    .execute();
  return rows.map((r) => ({ table: r.table_name, id: r.id, values: r.vals as LinkedRow['values'] }));
}

/** Every text the laptop stores about anything, for a plain search of the leaked words. */
function everythingOn(laptop: TestLaptop): string {
  const db = laptop.core.database.sqlite;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%'")
    .pluck()
    .all() as string[];
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
}

async function everythingOnServer(town: string): Promise<string> {
  const rows = await server.deps.db
    .selectFrom('record')
    .select(['vals', 'wire'])
    .where('municipality_id', '=', town)
    .execute();
  const quarantined = await server.deps.db
    .selectFrom('quarantine')
    .select('op')
    .where('municipality_id', '=', town)
    .execute();
  return JSON.stringify([rows, quarantined]);
}

async function seedFamily(a: TestLaptop) {
  const family = (await call(a.core, 'families.create', {
    familyName: '山田',
    familyNameKana: 'やまだ',
    phone: '090-1111-2222',
  })) as FamilyDetail;
  const stay = (await call(a.core, 'stays.save', {
    familyId: family.id,
    programme: 'nursery_stay',
    plannedArrival: '2026-11-20',
    plannedDeparture: '2026-11-30',
    status: 'planned',
  })) as StayView;
  return { family, stay };
}

/** B's offline writes: a member, notes on a stay that had none, a check-in with a note. */
async function colleagueWritesOffline(b: TestLaptop, familyId: string, stayId: string) {
  await call(b.core, 'members.save', {
    familyId,
    givenName: '秘密花子',
    givenNameKana: 'ひみつはなこ',
    relation: 'child',
    birthDate: '2021-05-05',
  });
  const stay = (await call(b.core, 'stays.get', { id: stayId })) as StayView;
  await call(b.core, 'stays.save', {
    id: stay.id,
    familyId,
    programme: stay.programme,
    plannedArrival: stay.plannedArrival,
    plannedDeparture: stay.plannedDeparture,
    status: stay.status,
    notes: '秘密の滞在メモ',
  });
  await call(b.core, 'checkins.record', { stayId, date: '2026-11-22', note: '秘密の体調メモ' });
}

const LEAKS = [
  '秘密花子',
  'ひみつはなこ',
  '2021-05-05',
  '秘密の滞在メモ',
  '秘密の体調メモ',
  '090-1111-2222',
  '090-9999-0000',
];

async function expectNothingLeft(town: string, familyId: string, a: TestLaptop, b: TestLaptop) {
  const erased = new Set([familyId]);
  expect(personalDataLeft(await serverRows(town), erased), 'server').toEqual([]);
  expect(localPersonalDataLeft(a.core.database.sqlite), 'laptop A').toEqual([]);
  expect(localPersonalDataLeft(b.core.database.sqlite), 'laptop B').toEqual([]);
  // And a plain search, independent of the declaration: the words typed are nowhere.
  const stores = { server: await everythingOnServer(town), a: everythingOn(a), b: everythingOn(b) };
  for (const [where, text] of Object.entries(stores)) {
    for (const word of LEAKS) expect(text.includes(word), `${word} on ${where}`).toBe(false);
  }
}

describe('an erasure racing offline writes (two laptops, real server)', () => {
  it.each([
    ['the erasure reaches the server first', 'erase-first'],
    ['the offline writes reach the server first', 'writes-first'],
  ])('wipes a new member, new stay notes and a check-in note when %s', async (_label, order) => {
    const { a, b, town } = await pair();
    const { family, stay } = await seedFamily(a);
    await syncOk(a);
    await syncOk(b);

    await colleagueWritesOffline(b, family.id, stay.id);
    if (order === 'writes-first') await syncOk(b);
    await call(a.core, 'families.erase', { id: family.id, confirmName: '山田' });
    await syncOk(a);
    await syncOk(b);
    await syncOk(a);

    await expectNothingLeft(town, family.id, a, b);
    // What the KPIs need stays: the member, the stay and the check-in are still there.
    const counts = (l: TestLaptop) =>
      l.core.database.sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM family_member WHERE family_id = ?) || '/' ||
                  (SELECT count(*) FROM checkin WHERE family_id = ?)`,
        )
        .pluck()
        .get(family.id, family.id);
    expect(counts(a)).toBe('1/1');
    expect(counts(b)).toBe('1/1');
  });

  it('wipes the value a conflict opened in the same request as the erasure would keep', async () => {
    const { a, b, town } = await pair();
    const { family } = await seedFamily(a);
    await syncOk(a);
    await syncOk(b);
    // B changes the phone and syncs; A, not having pulled it, changes it too and erases: A's request
    // carries its edit (which overwrites B's unseen value: a conflict keeping B's number) and the erase.
    const bView = (await call(b.core, 'families.get', { id: family.id })) as FamilyDetail;
    await call(b.core, 'families.update', {
      id: family.id,
      familyName: bView.familyName,
      familyNameKana: bView.familyNameKana,
      phone: '090-9999-0000',
    });
    await syncOk(b);
    await call(a.core, 'families.update', {
      id: family.id,
      familyName: '山田',
      familyNameKana: 'やまだ',
      phone: '090-3333-4444',
    });
    await call(a.core, 'families.erase', { id: family.id, confirmName: '山田' });
    await syncOk(a);
    await syncOk(b);
    await syncOk(a);
    await expectNothingLeft(town, family.id, a, b);
  });

  it('keeps a conflict on the stay dates the erasure keeps open, with both dates', async () => {
    const { a, b } = await pair();
    const { family, stay } = await seedFamily(a);
    // The stay has notes, so the erasure wipes this very row.
    const move = async (l: TestLaptop, departure: string) => {
      const s = (await call(l.core, 'stays.get', { id: stay.id })) as StayView;
      await call(l.core, 'stays.save', {
        id: s.id,
        familyId: family.id,
        programme: s.programme,
        plannedArrival: s.plannedArrival,
        plannedDeparture: departure,
        status: s.status,
        notes: '送迎あり',
      });
    };
    await move(a, '2026-11-30');
    await syncOk(a);
    await syncOk(b);
    await move(b, '2026-12-02');
    await syncOk(b);
    await move(a, '2026-12-05');
    // A's push overwrites B's unseen dates: a conflict for a person to review. Then A erases.
    await syncOk(a);
    await call(a.core, 'families.erase', { id: family.id, confirmName: '山田' });
    await syncOk(a);
    await syncOk(b);
    for (const l of [a, b]) {
      const open = l.core.database.sqlite
        .prepare(
          "SELECT field, lost, won FROM sync_conflict WHERE row_id = ? AND resolved_at IS NULL AND table_name = 'stay'",
        )
        .all(stay.id) as { field: string; lost: string; won: string }[];
      expect(open.map((c) => c.field)).toEqual(['planned_arrival+planned_departure']);
      const sides = `${open[0]?.lost} ${open[0]?.won}`;
      expect(sides).toContain('2026-12-02');
      expect(sides).toContain('2026-12-05');
    }
  });

  it('refuses new personal data for an erased family, and lets a second erasure clean up', async () => {
    const { a } = await pair();
    const { family, stay } = await seedFamily(a);
    await call(a.core, 'families.erase', { id: family.id, confirmName: '山田' });
    const refused = await a.core.invoke('checkins.record', {
      stayId: stay.id,
      date: '2026-11-22',
      note: '削除後のメモ',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FAMILY_ERASED' } });
    // A check-in without anything personal is still a figure the programme counts.
    expect(await a.core.invoke('checkins.record', { stayId: stay.id, date: '2026-11-22' })).toMatchObject({
      ok: true,
    });
    const member = await a.core.invoke('members.save', {
      familyId: family.id,
      givenName: '花',
      givenNameKana: 'はな',
      relation: 'child',
    });
    expect(member).toMatchObject({ ok: false, error: { code: 'FAMILY_ERASED' } });
    // Personal data that reached this laptop by another path (here written underneath the app, as a
    // pulled row would be) is removed by erasing again; no name is left to type.
    a.core.database.sqlite.prepare('UPDATE stay SET notes = ? WHERE id = ?').run('残ったメモ', stay.id);
    expect(localPersonalDataLeft(a.core.database.sqlite)).not.toEqual([]);
    expect(await a.core.invoke('families.erase', { id: family.id, confirmName: '' })).toMatchObject({
      ok: true,
    });
    expect(localPersonalDataLeft(a.core.database.sqlite)).toEqual([]);
  });
});
