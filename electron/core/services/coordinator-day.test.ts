import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FamilyDetail, FamilyPage, StayView } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/** The coordinator's day, through the real IPC entry point on a real SQLite file. */

let core: AppCore;
let dispose: () => Promise<void>;
let trialHouse: string;
let otherHouse: string;

const count = (table: string) =>
  core.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const everything = () =>
  Object.fromEntries(
    ['family', 'family_member', 'stay', 'stay_member', 'enquiry', 'checkin', 'outbox', 'audit_log'].map(
      (t) => [t, count(t)],
    ),
  );

async function newFamily(
  name = '山田',
  kana = 'やまだ',
): Promise<{ family: FamilyDetail; parent: string; child: string }> {
  const family = (await call(core, 'families.create', {
    familyName: name,
    familyNameKana: kana,
    phone: '090-1111-2222',
  })) as FamilyDetail;
  const parent = (await call(core, 'members.save', {
    familyId: family.id,
    givenName: '花子',
    givenNameKana: 'はなこ',
    relation: 'parent',
    birthDate: '1990-06-01',
  })) as { id: string };
  const child = (await call(core, 'members.save', {
    familyId: family.id,
    givenName: '陽翔',
    givenNameKana: 'はると',
    relation: 'child',
    birthDate: '2021-04-02',
    allergies: '卵',
    careNotes: '昼寝は必ずとる',
  })) as { id: string };
  return { family, parent: parent.id, child: child.id };
}

const stay = (familyId: string, memberIds: string[], over: Record<string, unknown> = {}) => ({
  familyId,
  programme: 'nursery_stay',
  plannedArrival: '2026-04-01',
  plannedDeparture: '2026-04-15',
  lodgingPropertyId: trialHouse,
  memberIds,
  schoolName: '町立ひまわり保育園',
  ...over,
});

beforeEach(async () => {
  ({ core, dispose } = await openTestCore());
  await call(core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '田中 美咲',
    role: 'coordinator',
  });
  // Properties have no service yet (the akiya inventory is still to be built); the write path is the same.
  const session = (
    core as unknown as {
      session: { writer: { write: (a: unknown, f: (tx: never) => string) => string }; actor: unknown };
    }
  ).session;
  const property = (address: string) =>
    session.writer.write(session.actor, (tx: { insert: (t: string, r: object) => string }) =>
      tx.insert('property', { address, status: 'trial_housing', consent_bank: 0, consent_share: 0 }),
    );
  trialHouse = property('鹿児島県大島郡与論町茶花１２３');
  otherHouse = property('鹿児島県大島郡与論町立長４５６');
});
afterEach(() => dispose());

describe('stays', () => {
  it('creates a stay with the members who came, their age at arrival and the nights', async () => {
    const { family, parent, child } = await newFamily();
    const saved = (await call(core, 'stays.save', stay(family.id, [parent, child]))) as StayView;
    expect(saved).toMatchObject({
      nights: 14,
      status: 'planned',
      lodging: '鹿児島県大島郡与論町茶花１２３',
      doubleBookings: [],
    });
    expect(saved.members.map((m) => [m.givenName, m.ageAtArrival])).toEqual([
      ['花子', 35],
      ['陽翔', 4],
    ]);
    expect(
      core.database.sqlite
        .prepare('SELECT school_name FROM stay_member WHERE member_id = ?')
        .pluck()
        .get(child),
    ).toBe('町立ひまわり保育園');
  });

  it('flags a double booking computed from the data, whoever created the other stay', async () => {
    const a = await newFamily('山田', 'やまだ');
    const b = await newFamily('佐藤', 'さとう');
    const first = (await call(core, 'stays.save', stay(a.family.id, [a.child]))) as StayView;
    // The second stay arrives as if typed on another laptop: it was saved without any warning there.
    const second = (await call(
      core,
      'stays.save',
      stay(b.family.id, [b.child], { plannedArrival: '2026-04-10', plannedDeparture: '2026-04-20' }),
    )) as StayView;
    expect(second.doubleBookings).toEqual([
      expect.objectContaining({
        stayId: first.id,
        familyName: '山田',
        arrival: '2026-04-01',
        departure: '2026-04-15',
      }),
    ]);
    expect(((await call(core, 'stays.get', { id: first.id })) as StayView).doubleBookings).toEqual([
      expect.objectContaining({ stayId: second.id, familyName: '佐藤' }),
    ]);
    // Before saving, the form can ask: nights 4/14–4/15 overlap, a 4/15 arrival does not (checkout day).
    expect(
      await call(core, 'stays.lodgingConflicts', {
        propertyId: trialHouse,
        arrival: '2026-04-15',
        departure: '2026-04-18',
      }),
    ).toEqual([expect.objectContaining({ stayId: second.id })]);
    expect(
      await call(core, 'stays.lodgingConflicts', {
        propertyId: trialHouse,
        arrival: '2026-04-20',
        departure: '2026-04-25',
      }),
    ).toEqual([]);
    expect(
      await call(core, 'stays.lodgingConflicts', {
        propertyId: otherHouse,
        arrival: '2026-04-01',
        departure: '2026-04-30',
      }),
    ).toEqual([]);
    // A cancelled stay frees the house.
    await call(core, 'stays.save', {
      ...stay(b.family.id, [b.child], { plannedArrival: '2026-04-10', plannedDeparture: '2026-04-20' }),
      id: second.id,
      status: 'cancelled',
    });
    expect(((await call(core, 'stays.get', { id: first.id })) as StayView).doubleBookings).toEqual([]);
  });

  it('moves planned → in town → completed with actual dates, and refuses a status without them', async () => {
    const { family, child } = await newFamily();
    const s = (await call(core, 'stays.save', stay(family.id, [child]))) as StayView;
    const noDate = await core.invoke('stays.save', {
      ...stay(family.id, [child]),
      id: s.id,
      status: 'in_town',
    });
    expect(noDate).toMatchObject({
      ok: false,
      error: { message: 'validation.actualArrivalRequired', field: 'actualArrival' },
    });
    const inTown = (await call(core, 'stays.save', {
      ...stay(family.id, [child]),
      id: s.id,
      status: 'in_town',
      actualArrival: '2026-04-02',
    })) as StayView;
    expect(inTown).toMatchObject({ status: 'in_town', arrival: '2026-04-02', nights: 13 });
    const done = (await call(core, 'stays.save', {
      ...stay(family.id, [child]),
      id: s.id,
      status: 'completed',
      actualArrival: '2026-04-02',
      actualDeparture: '2026-04-14',
    })) as StayView;
    expect(done).toMatchObject({ status: 'completed', departure: '2026-04-14', nights: 12 });
  });

  it('refuses bad input and changes nothing', async () => {
    const { family, child } = await newFamily();
    const other = await newFamily('佐藤', 'さとう');
    const before = everything();
    const cases: [Record<string, unknown>, string][] = [
      [stay(family.id, [child], { plannedDeparture: '2026-03-01' }), 'validation.departureBeforeArrival'],
      [stay(family.id, [child], { programme: 'holiday' }), 'validation.choice'],
      [stay(family.id, [child], { notes: 'あ'.repeat(50_001) }), 'validation.tooLong'],
      [stay(family.id, [child], { plannedArrival: '0000-01-01' }), 'validation.dateRange'],
      [stay(family.id, [child], { notes: '様子\u0000' }), 'validation.textInvalid'],
      [stay(family.id, [other.child]), 'validation.notFamilyMember'],
    ];
    for (const [input, message] of cases) {
      expect(await core.invoke('stays.save', input)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', message },
      });
    }
    expect(
      await core.invoke('members.save', {
        familyId: family.id,
        givenName: '未来',
        givenNameKana: 'みらい',
        relation: 'child',
        birthDate: '2099-01-01',
      }),
    ).toMatchObject({ ok: false, error: { message: 'validation.birthDateFuture', field: 'birthDate' } });
    expect(
      await core.invoke('families.update', {
        id: family.id,
        familyName: '山田',
        familyNameKana: 'やまだ',
        phone: '12345',
      }),
    ).toMatchObject({
      ok: false,
      error: { message: 'validation.phone', field: 'phone' },
    });
    expect(everything()).toEqual(before);
  });
});

describe('check-ins', () => {
  it('keeps both coordinators’ entries for the same day, and closes a follow-up once', async () => {
    const { family, child } = await newFamily();
    const s = (await call(
      core,
      'stays.save',
      stay(family.id, [child], { status: 'in_town', actualArrival: '2026-04-01' }),
    )) as StayView;
    const first = (await call(core, 'checkins.record', {
      stayId: s.id,
      date: '2026-04-02',
      condition: 'urgent',
      note: '夜間に発熱',
      followUpNeeded: true,
      followUpOn: '2026-04-03',
      attendance: [{ memberId: child, attended: false }],
    })) as { id: string };
    await call(core, 'checkins.record', { stayId: s.id, date: '2026-04-02', condition: 'good' });
    const board = (await call(core, 'today.board', { date: '2026-04-03' })) as {
      followUpsDue: { checkinId: string }[];
      followUpsDueTotal: number;
    };
    expect(board.followUpsDue.map((f) => f.checkinId)).toEqual([first.id]);
    const listed = (await call(core, 'checkins.list', { familyId: family.id })) as {
      condition: string;
      attendance: unknown[];
    }[];
    expect(listed.map((c) => c.condition).sort()).toEqual(['good', 'urgent']);
    await call(core, 'checkins.closeFollowUp', { id: first.id });
    await call(core, 'checkins.closeFollowUp', { id: first.id });
    expect(
      ((await call(core, 'today.board', { date: '2026-04-03' })) as { followUpsDueTotal: number })
        .followUpsDueTotal,
    ).toBe(0);
    expect(count("outbox WHERE table_name = 'checkin' AND op = 'update'")).toBe(1);
  });
});

describe('the follow-up list', () => {
  it('lists open follow-ups by scope and author, closes one and reopens it (audited, synced)', async () => {
    const { family, child } = await newFamily();
    const s = (await call(
      core,
      'stays.save',
      stay(family.id, [child], { status: 'in_town', actualArrival: '2026-04-01' }),
    )) as StayView;
    const record = async (date: string, followUpOn: string) =>
      (
        (await call(core, 'checkins.record', {
          stayId: s.id,
          date,
          condition: 'attention',
          followUpNeeded: true,
          followUpOn,
        })) as { id: string }
      ).id;
    const overdue = await record('2026-04-01', '2026-04-02');
    const dueToday = await record('2026-04-03', '2026-04-03');
    const later = await record('2026-04-03', '2026-04-09');
    const ids = async (scope: string, mine = false) =>
      (
        (await call(core, 'checkins.followUps', { scope, mine, today: '2026-04-03' })) as {
          checkinId: string;
          mine: boolean;
        }[]
      ).map((f) => f.checkinId);
    expect(await ids('overdue')).toEqual([overdue]);
    expect(await ids('due')).toEqual([overdue, dueToday]);
    expect(await ids('open')).toEqual([overdue, dueToday, later]);
    expect(await ids('open', true)).toEqual([overdue, dueToday, later]);

    await call(core, 'checkins.closeFollowUp', { id: overdue });
    expect(await ids('due')).toEqual([dueToday]);
    const closed = (await call(core, 'checkins.list', { familyId: family.id })) as {
      id: string;
      followUpDoneAt: string | null;
    }[];
    expect(closed.find((c) => c.id === overdue)?.followUpDoneAt).not.toBeNull();

    await call(core, 'checkins.reopenFollowUp', { id: overdue });
    expect(await ids('due')).toEqual([overdue, dueToday]);
    const audit = core.database.sqlite
      .prepare(
        "SELECT action, details FROM audit_log WHERE table_name = 'checkin' AND row_id = ? ORDER BY id",
      )
      .all(overdue) as { action: string; details: string }[];
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(audit[2]?.details).toContain('follow_up_done_at');
    const ops = () =>
      core.database.sqlite
        .prepare("SELECT count(*) FROM outbox WHERE table_name = 'checkin' AND row_id = ? AND op = 'update'")
        .pluck()
        .get(overdue);
    expect(ops()).toBe(2);
    // Reopening an open one changes nothing; a check-in without a follow-up is not one.
    await call(core, 'checkins.reopenFollowUp', { id: overdue });
    const plain = (await call(core, 'checkins.record', { stayId: s.id, date: '2026-04-03' })) as {
      id: string;
    };
    await expect(call(core, 'checkins.reopenFollowUp', { id: plain.id })).rejects.toThrow();
    expect(ops()).toBe(2);
  });
});

describe('arrival and departure from the board', () => {
  it('moves a planned stay to in town, then to completed, with the check-ins, in one write each', async () => {
    const { family, child } = await newFamily();
    const s = (await call(core, 'stays.save', stay(family.id, [child]))) as StayView;
    expect(s.status).toBe('planned');
    const before = count('audit_log');
    await call(core, 'checkins.record', {
      stayId: s.id,
      date: '2026-04-02',
      kind: 'arrival',
      updateStay: true,
    });
    let now = (await call(core, 'stays.get', { id: s.id })) as StayView;
    expect(now).toMatchObject({ status: 'in_town', actualArrival: '2026-04-02', actualDeparture: null });
    // The check-in and the stay's change, each audited.
    expect(count('audit_log') - before).toBe(2);

    // A second arrival cannot move it again; nothing is written, not even the check-in.
    const checkins = count('checkin');
    await expect(
      call(core, 'checkins.record', { stayId: s.id, date: '2026-04-03', kind: 'arrival', updateStay: true }),
    ).rejects.toThrow(/stayStatusUnchanged/);
    expect(count('checkin')).toBe(checkins);
    await expect(
      call(core, 'checkins.record', {
        stayId: s.id,
        date: '2026-04-01',
        kind: 'departure',
        updateStay: true,
      }),
    ).rejects.toThrow(/departureBeforeArrival/);

    await call(core, 'checkins.record', {
      stayId: s.id,
      date: '2026-04-14',
      kind: 'departure',
      updateStay: true,
    });
    now = (await call(core, 'stays.get', { id: s.id })) as StayView;
    expect(now).toMatchObject({
      status: 'completed',
      actualArrival: '2026-04-02',
      actualDeparture: '2026-04-14',
    });
  });
});

describe('taking back a mis-click', () => {
  it('retracts one’s own check-in as a tombstone, never someone else’s', async () => {
    const { family, child } = await newFamily();
    const s = (await call(
      core,
      'stays.save',
      stay(family.id, [child], { status: 'in_town', actualArrival: '2026-04-01' }),
    )) as StayView;
    const mine = (await call(core, 'checkins.record', { stayId: s.id, date: '2026-04-02' })) as {
      id: string;
    };
    await call(core, 'checkins.retract', { id: mine.id });
    const board = (await call(core, 'today.board', { date: '2026-04-02' })) as {
      inTown: { checkins: unknown[] }[];
    };
    expect(board.inTown[0]?.checkins).toEqual([]);
    expect(count("outbox WHERE table_name = 'checkin' AND op = 'delete'")).toBe(1);
    const theirs = (await call(core, 'checkins.record', { stayId: s.id, date: '2026-04-02' })) as {
      id: string;
    };
    core.database.sqlite
      .prepare("UPDATE checkin SET created_by = 'another-laptop' WHERE id = ?")
      .run(theirs.id);
    expect(await core.invoke('checkins.retract', { id: theirs.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('removing a member by mistake', () => {
  it('brings the member back, search included', async () => {
    const { family, child } = await newFamily();
    await call(core, 'members.remove', { id: child });
    expect(
      ((await call(core, 'families.get', { id: family.id })) as FamilyDetail).members.map((m) => m.givenName),
    ).toEqual(['花子']);
    expect(((await call(core, 'families.list', { query: 'はると' })) as FamilyPage).total).toBe(0);
    const back = (await call(core, 'members.restore', { id: child })) as { givenName: string };
    expect(back.givenName).toBe('陽翔');
    expect(((await call(core, 'families.list', { query: 'はると' })) as FamilyPage).total).toBe(1);
    expect(
      core.database.sqlite.prepare('SELECT op FROM outbox WHERE row_id = ? ORDER BY seq').pluck().all(child),
    ).toEqual(['insert', 'delete', 'update']);
  });
});

describe('families', () => {
  it('stores phone and postal code typed in full width in their normal form', async () => {
    const f = (await call(core, 'families.create', {
      familyName: '髙橋',
      familyNameKana: 'タカハシ',
      phone: '０９０－１２３４－５６７８',
      homePostalCode: '〒８９１ー５３０１',
    })) as FamilyDetail;
    expect(f).toMatchObject({ phone: '09012345678', homePostalCode: '8915301', familyNameKana: 'たかはし' });
  });

  it('filters by programme, stay status, period and lodging area', async () => {
    const a = await newFamily('山田', 'やまだ');
    const b = await newFamily('佐藤', 'さとう');
    await call(core, 'stays.save', stay(a.family.id, [a.child]));
    await call(
      core,
      'stays.save',
      stay(b.family.id, [b.child], {
        programme: 'workation',
        lodgingPropertyId: otherHouse,
        plannedArrival: '2026-06-01',
        plannedDeparture: '2026-06-08',
      }),
    );
    const names = async (filter: object) =>
      ((await call(core, 'families.list', filter)) as FamilyPage).items.map((f) => f.familyName);
    expect(await names({ programme: 'nursery_stay' })).toEqual(['山田']);
    expect(await names({ programme: 'workation', query: 'さとう' })).toEqual(['佐藤']);
    expect(await names({ programme: 'workation', query: 'やまだ' })).toEqual([]);
    expect(await names({ from: '2026-05-01', to: '2026-06-30' })).toEqual(['佐藤']);
    expect(await names({ area: '茶花' })).toEqual(['山田']);
    expect(await names({ area: '%' })).toEqual([]);
    expect(await names({ stayStatus: 'planned' })).toEqual(['佐藤', '山田']);
  });

  it('keeps a change history naming the fields, never their values', async () => {
    const { family } = await newFamily();
    await call(core, 'families.update', {
      id: family.id,
      familyName: '山田',
      familyNameKana: 'やまだ',
      phone: '090-3333-4444',
    });
    const history = (await call(core, 'families.history', { id: family.id })) as {
      action: string;
      table: string;
      fields: string[];
      actorName: string;
    }[];
    expect(history[0]).toMatchObject({
      action: 'update',
      table: 'family',
      fields: ['phone'],
      actorName: '田中 美咲',
    });
    expect(history.some((h) => h.table === 'family_member' && h.action === 'create')).toBe(true);
    expect(JSON.stringify(history)).not.toContain('09033334444');
  });
});

describe('sensitive notes', () => {
  it('shows allergies to a coordinator and writes the view to the audit log', async () => {
    const { child } = await newFamily();
    expect(await call(core, 'members.sensitive', { id: child })).toEqual({
      allergies: '卵',
      careNotes: '昼寝は必ずとる',
    });
    const audit = core.database.sqlite
      .prepare("SELECT row_id, details FROM audit_log WHERE action = 'view_sensitive'")
      .all();
    expect(audit).toEqual([
      { row_id: child, details: JSON.stringify({ fields: ['allergies', 'care_notes'] }) },
    ]);
  });

  it('keeps the notes when an edit leaves them out, and clears them only when asked', async () => {
    const { family, child } = await newFamily();
    const base = {
      id: child,
      familyId: family.id,
      givenName: '陽翔',
      givenNameKana: 'はると',
      relation: 'child',
      birthDate: '2021-04-02',
    };
    await call(core, 'members.save', { ...base, grade: '年中' });
    const notes = () =>
      core.database.sqlite.prepare('SELECT allergies, care_notes FROM family_member WHERE id = ?').get(child);
    expect(notes()).toEqual({ allergies: '卵', care_notes: '昼寝は必ずとる' });
    await call(core, 'members.save', { ...base, allergies: null, careNotes: '' });
    expect(notes()).toEqual({ allergies: null, care_notes: null });
  });

  it('refuses them to a surveyor, who also cannot overwrite them unseen', async () => {
    const { family, child } = await newFamily();
    await call(core, 'profile.update', { displayName: '調査 員', role: 'surveyor' });
    expect(await core.invoke('members.sensitive', { id: child })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await call(core, 'members.save', {
      id: child,
      familyId: family.id,
      givenName: '陽翔',
      givenNameKana: 'はると',
      relation: 'child',
      birthDate: '2021-04-02',
      grade: '年中',
    });
    expect(
      core.database.sqlite.prepare('SELECT allergies, grade FROM family_member WHERE id = ?').get(child),
    ).toEqual({ allergies: '卵', grade: '年中' });
  });
});

describe('enquiries', () => {
  it('turns an enquiry into a family, members and a planned stay in one step', async () => {
    const enquiry = (await call(core, 'enquiries.save', {
      contactName: '鈴木 一郎',
      contactNameKana: 'すずき いちろう',
      phone: '080-5555-6666',
      channel: 'web',
      receivedOn: '2026-02-10',
      topic: '4月の保育園留学の空き状況',
    })) as { id: string };
    const family = (await call(core, 'enquiries.convert', {
      enquiryId: enquiry.id,
      family: { familyName: '鈴木', familyNameKana: 'すずき', phone: '080-5555-6666' },
      members: [
        { givenName: '一郎', givenNameKana: 'いちろう', relation: 'parent', birthDate: '1988-01-01' },
        { givenName: '結衣', givenNameKana: 'ゆい', relation: 'child', birthDate: '2022-08-08' },
      ],
      stay: {
        programme: 'nursery_stay',
        plannedArrival: '2026-04-05',
        plannedDeparture: '2026-04-19',
        lodgingPropertyId: trialHouse,
        schoolName: '茶花保育園',
      },
    })) as FamilyDetail;
    expect(family).toMatchObject({ familyName: '鈴木', memberCount: 2, childCount: 1 });
    expect(family.stays).toHaveLength(1);
    expect(family.stays[0]?.members.map((m) => m.givenName)).toEqual(['一郎', '結衣']);
    expect(family.enquiries).toEqual([
      expect.objectContaining({ id: enquiry.id, outcome: 'booked', familyId: family.id }),
    ]);
    expect(await call(core, 'enquiries.get', { id: enquiry.id })).toMatchObject({
      outcome: 'booked',
      familyId: family.id,
    });
    expect(await core.invoke('enquiries.get', { id: family.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const again = await core.invoke('enquiries.convert', {
      enquiryId: enquiry.id,
      family: { familyName: '鈴木', familyNameKana: 'すずき' },
      members: [{ givenName: '一郎', givenNameKana: 'いちろう', relation: 'parent' }],
      stay: { programme: 'nursery_stay', plannedArrival: '2026-04-05', plannedDeparture: '2026-04-19' },
    });
    expect(again).toMatchObject({ ok: false, error: { message: 'validation.enquiryAlreadyConverted' } });
  });

  it('saves nothing at all when any part of the conversion is invalid', async () => {
    const enquiry = (await call(core, 'enquiries.save', {
      contactName: '鈴木',
      channel: 'phone',
      receivedOn: '2026-02-10',
      topic: '相談',
    })) as { id: string };
    const before = everything();
    const result = await core.invoke('enquiries.convert', {
      enquiryId: enquiry.id,
      family: { familyName: '鈴木', familyNameKana: 'すずき' },
      members: [{ givenName: '結衣', givenNameKana: 'ゆい', relation: 'child', birthDate: '2099-01-01' }],
      stay: { programme: 'nursery_stay', plannedArrival: '2026-04-05', plannedDeparture: '2026-04-19' },
    });
    expect(result).toMatchObject({ ok: false, error: { message: 'validation.birthDateFuture' } });
    expect(everything()).toEqual(before);
  });
});

describe('erase on request', () => {
  it('wipes the personal data everywhere and keeps the anonymous facts the KPIs need', async () => {
    const { family, parent, child } = await newFamily('山田', 'やまだ');
    const s = (await call(
      core,
      'stays.save',
      stay(family.id, [parent, child], { notes: '祖母が同行' }),
    )) as StayView;
    await call(core, 'checkins.record', {
      stayId: s.id,
      date: '2026-04-02',
      condition: 'attention',
      note: '陽翔くん発熱',
    });
    const wrong = await core.invoke('families.erase', { id: family.id, confirmName: '山本' });
    expect(wrong).toMatchObject({
      ok: false,
      error: { message: 'validation.confirmNameMismatch', field: 'confirmName' },
    });

    const erased = (await call(core, 'families.erase', {
      id: family.id,
      confirmName: ' 山田 ',
    })) as FamilyDetail;
    expect(erased).toMatchObject({ erased: true, familyName: '', phone: null });
    const db = core.database.sqlite;
    expect(
      db
        .prepare(
          'SELECT given_name, birth_date, allergies, care_notes FROM family_member WHERE family_id = ?',
        )
        .all(family.id),
    ).toEqual([
      { given_name: '', birth_date: null, allergies: null, care_notes: null },
      { given_name: '', birth_date: null, allergies: null, care_notes: null },
    ]);
    expect(db.prepare('SELECT note FROM checkin').pluck().all()).toEqual([null]);
    // The KPI facts survive: the stay, its dates and programme, and its head count.
    expect(db.prepare('SELECT programme, planned_arrival, planned_departure, notes FROM stay').get()).toEqual(
      {
        programme: 'nursery_stay',
        planned_arrival: '2026-04-01',
        planned_departure: '2026-04-15',
        notes: null,
      },
    );
    expect(
      db
        .prepare('SELECT count(*) FROM stay_member WHERE stay_id = ? AND deleted_at IS NULL')
        .pluck()
        .get(s.id),
    ).toBe(2);
    // Not findable, and nothing personal left in the search index, the audit log or the waiting outbox.
    for (const q of ['山田', 'やまだ', '1111', '陽翔']) {
      expect(((await call(core, 'families.list', { query: q })) as FamilyPage).total).toBe(0);
    }
    const everywhere = [
      ...db.prepare('SELECT changes FROM outbox').pluck().all(),
      ...db.prepare('SELECT details FROM audit_log').pluck().all(),
    ].join('\n');
    for (const personal of [
      '山田',
      'やまだ',
      '09011112222',
      '花子',
      '陽翔',
      '卵',
      '昼寝',
      '発熱',
      '祖母',
      '1990-06-01',
    ]) {
      expect(everywhere, personal).not.toContain(personal);
    }
    // The erase itself goes up as an erase.
    expect(
      db.prepare("SELECT count(*) FROM outbox WHERE op = 'erase' AND table_name = 'family'").pluck().get(),
    ).toBe(1);
    // An erased family can no longer be edited or erased again.
    expect(
      await core.invoke('families.update', { id: family.id, familyName: '山田', familyNameKana: 'やまだ' }),
    ).toMatchObject({
      ok: false,
      error: { message: 'validation.familyErased' },
    });
  });
});
