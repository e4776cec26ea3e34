import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrialCalendarMonth } from '../../../shared/ipc/views/trial-calendar.ts';
import type { FamilyDetail, StayView } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';
import { monthNights } from './trial-calendar.ts';

/** The お試し住宅 calendar through the real IPC entry point on a real SQLite file. */

interface Tx {
  insert: (table: string, row: object) => string;
}
interface SessionInside {
  writer: { write: (actor: unknown, f: (tx: Tx) => string) => string };
  actor: { id: string; municipalityId: string };
}

let core: AppCore;
let dispose: () => Promise<void>;
let session: SessionInside;

/** Properties have their own service on another branch; the write path is the same. */
const property = (address: string, status = 'trial_housing', actor: unknown = session.actor) =>
  session.writer.write(actor, (tx) =>
    tx.insert('property', { address, status, consent_bank: 0, consent_share: 0 }),
  );

async function family(name: string): Promise<string> {
  const f = (await call(core, 'families.create', {
    familyName: name,
    familyNameKana: 'かな',
  })) as FamilyDetail;
  return f.id;
}

const stay = async (
  familyId: string,
  house: string | null,
  arrival: string,
  departure: string,
  over: Record<string, unknown> = {},
) =>
  (
    (await call(core, 'stays.save', {
      familyId,
      programme: 'trial_living',
      plannedArrival: arrival,
      plannedDeparture: departure,
      lodgingPropertyId: house,
      memberIds: [],
      ...over,
    })) as StayView
  ).id;

const month = async (m: string) =>
  (await call(core, 'trialCalendar.month', { month: m })) as TrialCalendarMonth;
const stayIds = (view: TrialCalendarMonth, house: string) =>
  view.houses.find((h) => h.propertyId === house)?.stays.map((s) => s.stayId);

beforeEach(async () => {
  ({ core, dispose } = await openTestCore());
  await call(core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '田中 美咲',
    role: 'coordinator',
  });
  session = (core as unknown as { session: SessionInside }).session;
});
afterEach(() => dispose());

describe('trial calendar', () => {
  it('knows where a month starts and ends, December included', () => {
    expect(monthNights('2026-02')).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(monthNights('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });

  it('shows every trial house, empty ones too, and stays with a night in the month', async () => {
    const a = property('与論町茶花１');
    const empty = property('与論町立長２');
    const candidate = property('与論町那間３', 'candidate');
    const yamada = await family('山田');
    // Leaves on the 1st: its last night is the 31st of the month before.
    const leftOnFirst = await stay(yamada, a, '2026-03-20', '2026-04-01');
    // Arrives in March, leaves in April: crosses the month boundary.
    const crossing = await stay(yamada, a, '2026-03-25', '2026-04-03', { notes: '' });
    // Arrives on the last day: one night in the month.
    const lastNight = await stay(yamada, a, '2026-04-30', '2026-05-04');
    const nextMonth = await stay(yamada, a, '2026-05-01', '2026-05-03');
    const april = await month('2026-04');
    expect(april.from).toBe('2026-04-01');
    expect(april.to).toBe('2026-05-01');
    expect(april.houses.map((h) => h.propertyId).sort()).toEqual([a, empty].sort());
    expect(stayIds(april, a)).toEqual([crossing, lastNight]);
    expect(stayIds(april, empty)).toEqual([]);
    expect(april.houses.some((h) => h.propertyId === candidate)).toBe(false);
    const march = await month('2026-03');
    expect(stayIds(march, a)).toEqual([leftOnFirst, crossing]);
    expect(stayIds(await month('2026-05'), a)).toEqual([lastNight, nextMonth]);
    const row = april.houses.find((h) => h.propertyId === a)?.stays[0];
    expect(row).toMatchObject({
      familyName: '山田',
      programme: 'trial_living',
      status: 'planned',
      arrival: '2026-03-25',
      departure: '2026-04-03',
    });
  });

  it('uses actual dates when known, and shows a non-trial house a stay lodges in that month', async () => {
    const other = property('与論町麦屋４', 'bank_listed');
    const sato = await family('佐藤');
    const id = await stay(sato, other, '2026-06-10', '2026-06-20', {
      status: 'in_town',
      actualArrival: '2026-05-30',
    });
    const may = await month('2026-05');
    expect(stayIds(may, other)).toEqual([id]);
    expect(may.houses.find((h) => h.propertyId === other)?.status).toBe('bank_listed');
    expect((await month('2026-07')).houses.some((h) => h.propertyId === other)).toBe(false);
  });

  it('leaves cancelled and deleted stays out, and flags both stays of a double booking', async () => {
    const a = property('与論町茶花１');
    const b = property('与論町立長２');
    const [yamada, sato, suzuki] = [await family('山田'), await family('佐藤'), await family('鈴木')];
    const first = await stay(yamada, a, '2026-08-01', '2026-08-10');
    const second = await stay(sato, a, '2026-08-09', '2026-08-12');
    // Arrives the day the second leaves: not a double booking.
    const third = await stay(suzuki, a, '2026-08-12', '2026-08-15');
    const cancelled = await stay(suzuki, a, '2026-08-02', '2026-08-05', { status: 'cancelled' });
    const elsewhere = await stay(suzuki, b, '2026-08-02', '2026-08-05');
    const view = await month('2026-08');
    const stays = view.houses.find((h) => h.propertyId === a)?.stays ?? [];
    expect(stays.map((s) => s.stayId)).toEqual([first, second, third]);
    expect(stays.map((s) => s.doubleBooked)).toEqual([true, true, false]);
    expect(stays[0]?.overlapsWith).toEqual([second]);
    expect(stays[1]?.overlapsWith).toEqual([first]);
    expect(stayIds(view, b)).toEqual([elsewhere]);
    expect(JSON.stringify(view)).not.toContain(cancelled);
    // The stays' own rule agrees: the stay form warns about exactly these.
    const conflicts = (await call(core, 'stays.lodgingConflicts', {
      propertyId: a,
      arrival: '2026-08-01',
      departure: '2026-08-10',
      excludeStayId: first,
    })) as { stayId: string }[];
    expect(conflicts.map((c) => c.stayId)).toEqual([second]);
    core.database.sqlite
      .prepare("UPDATE stay SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?")
      .run(second);
    const after = await month('2026-08');
    expect(
      after.houses.find((h) => h.propertyId === a)?.stays.map((s) => [s.stayId, s.doubleBooked]),
    ).toEqual([
      [first, false],
      [third, false],
    ]);
  });

  it("never shows another town's houses or stays", async () => {
    const ours = property('与論町茶花１');
    const kinko = { id: session.actor.id, municipalityId: 'kagoshima-kinko' };
    const theirs = property('錦江町城元１', 'trial_housing', kinko);
    const theirFamily = session.writer.write(kinko, (tx) =>
      tx.insert('family', {
        family_name: '錦江',
        family_name_kana: 'きんこう',
        consent_photo: 0,
        consent_share: 0,
      }),
    );
    // Even a stay of theirs that (by a bad sync) points at our house stays out.
    for (const house of [theirs, ours])
      session.writer.write(kinko, (tx) =>
        tx.insert('stay', {
          family_id: theirFamily,
          programme: 'trial_living',
          planned_arrival: '2026-09-01',
          planned_departure: '2026-09-05',
          lodging_property_id: house,
          status: 'planned',
        }),
      );
    const view = await month('2026-09');
    expect(view.houses.map((h) => h.propertyId)).toEqual([ours]);
    expect(view.houses[0]?.stays).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('錦江');
  });

  it('is refused to a surveyor, and a malformed month is refused by field', async () => {
    const bad = await core.invoke('trialCalendar.month', { month: '2026-13' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'month' });
    await call(core, 'profile.update', { displayName: '調査 員', role: 'surveyor' });
    const refused = await core.invoke('trialCalendar.month', { month: '2026-04' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('FORBIDDEN');
  });
});
