import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { localPersonalDataLeft } from '../../electron/core/write/erasure.ts';
import type { Actor, RecordWriter, WriteTx } from '../../electron/core/write/record-writer.ts';
import { unpackClocks } from '../../server/src/sync/stored-clocks.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import type { EventRoster, SupporterPage, SupporterView } from '../../shared/ipc/views/community-events.ts';
import type { FamilyDetail, StayView } from '../../shared/ipc/views.ts';
import { authorOf } from '../../shared/sync/merge.ts';
import { type LinkedRow, personalDataLeft } from '../../shared/sync/personal.ts';
import { SYNC_TABLES } from '../../shared/sync/tables.ts';
import { enrolledLaptop, type TestLaptop } from './support.ts';

/**
 * docs/sync-principles.md#property-tests: random histories of offline edits, deletes, erasures, syncs,
 * dropped requests, dropped answers, restarts (a crash between exchanges), server restarts (its
 * clock forgotten), the same member put on a stay by several laptops and clocks minutes apart,
 * on three real laptops (SQLite, the app's own services and sync engine) against the real server
 * (PGlite). After the network settles:
 * - convergence: every laptop holds exactly the server's values;
 * - exactly once: the server applied each operation once (its counts equal the laptops' outboxes);
 * - nothing silently lost: every value anyone wrote is current, kept in a conflict, or was seen by a
 *   later write's author;
 * - conflicts are a function of the writes: the open ones are exactly the unseen losers, whatever
 *   order and batches the server received the writes in; a member is on a stay once.
 */

type Fault = 'none' | 'drop_request' | 'drop_answer';

/**
 * Hostile text for the notes: what the app must refuse at input (U+0000, half a surrogate pair) and
 * what it must carry exactly (50,000 characters, right-to-left marks, emoji, 𠮷).
 */
const NOTE_TEXTS = {
  plain: (n: number) => `メモ${n}`,
  nul: (n: number) => `メモ${n}\u0000`,
  loneSurrogate: (n: number) => `メモ${n}\ud800`,
  longest: (n: number) => `${n}:${'𠮷'.repeat(50_000 - `${n}:`.length)}`,
  rtl: (n: number) => `\u200fשלום ${n}\u200e`,
  emoji: (n: number) => `👨‍👩‍👧 ${n} 🇯🇵`,
  kanji: (n: number) => `𠮷野 ${n}`,
} as const;
type NoteText = keyof typeof NOTE_TEXTS;
const REFUSED_TEXT: ReadonlySet<NoteText> = new Set(['nul', 'loneSurrogate']);

/** Dates at and just past the app's calendar bounds (1868-01-01 .. 2100-12-31), and year 0. */
const DEPARTURES = [
  '2026-12-01',
  '2026-12-05',
  '2100-12-31',
  '2101-01-01',
  '0000-01-01',
  '1867-12-31',
] as const;
const BIRTH_DATES = ['2022-04-01', '1868-01-01', '1867-12-31', '0000-01-01'] as const;
const outsideCalendar = (date: string) => date < '1868-01-01' || date > '2100-12-31';

const actionArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      laptop: fc.nat(2),
      family: fc.nat(1),
      field: fc.constantFrom('phone', 'notes'),
      text: fc.constantFrom(...(Object.keys(NOTE_TEXTS) as NoteText[])),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stay' as const),
      laptop: fc.nat(2),
      family: fc.nat(1),
      shift: fc.integer({ min: 1, max: 5 }),
      boundary: fc.option(fc.constantFrom(...DEPARTURES), { freq: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('checkin' as const), laptop: fc.nat(2), family: fc.nat(1) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), laptop: fc.nat(2) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      laptop: fc.nat(2),
      fault: fc.constantFrom<Fault>('none', 'none', 'drop_request', 'drop_answer'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), laptop: fc.nat(2) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('erase' as const), laptop: fc.nat(2), family: fc.nat(1) }),
  },
  // Personal data of every kind written while an erasure may be on its way (or already here).
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('personal' as const),
      laptop: fc.nat(2),
      family: fc.nat(1),
      what: fc.constantFrom('email', 'newMember', 'allergies', 'stayNotes', 'enquiry', 'attendance'),
    }),
  },
  // Deletes against edits: a child's record edited on one laptop while another removes it.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('member' as const),
      laptop: fc.nat(2),
      family: fc.nat(1),
      birthDate: fc.option(fc.constantFrom(...BIRTH_DATES), { freq: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('removeMember' as const),
      laptop: fc.nat(2),
      family: fc.nat(1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('restoreMember' as const),
      laptop: fc.nat(2),
      family: fc.nat(1),
    }),
  },
  // The same child put on a stay by several laptops (the 'stay' action takes members off again).
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('putOnStay' as const), laptop: fc.nat(2), family: fc.nat(1) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('handover' as const),
      laptop: fc.nat(2),
      to: fc.nat(2),
      family: fc.nat(1),
      field: fc.constantFrom('phone', 'notes'),
    }),
  },
  // Events: the families' children (who 0, 1) and two supporters (who 2, 3) apply, are marked and
  // unmarked at the roll call on any laptop, cancel.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('eventPeople' as const),
      laptop: fc.nat(2),
      who: fc.nat(3),
      what: fc.constantFrom('apply', 'mark', 'mark', 'unmark', 'cancel'),
    }),
  },
  // The supporters' register: edits, merges either way, erasures, links to a family member.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('supporter' as const),
      laptop: fc.nat(2),
      who: fc.nat(1),
      what: fc.constantFrom('edit', 'edit', 'merge', 'erase', 'link'),
    }),
  },
  // The server restarts: its in-memory clock starts again from the wall clock.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('serverRestart' as const) }) },
);

let server: TestServer;
const towns = CONSORTIUM_MUNICIPALITIES.map((m) => m.id);
let nextTown = 0;

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => server.close());

/** fetch with a one-shot fault: the request never leaves, or the server applies it and the answer is lost. */
function faultyFetch(state: { fault: Fault }): typeof fetch {
  return async (input, init) => {
    const fault = state.fault;
    state.fault = 'none';
    const cut = () => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    if (fault === 'drop_request') throw cut();
    const res = await fetch(input, init);
    if (fault === 'drop_answer') {
      await res.arrayBuffer();
      throw cut();
    }
    return res;
  };
}

function familyInputOf(d: FamilyDetail): Record<string, unknown> {
  return {
    id: d.id,
    familyName: d.familyName,
    familyNameKana: d.familyNameKana,
    homePostalCode: d.homePostalCode,
    phone: d.phone,
    email: d.email,
    notes: d.notes,
    consentPhoto: d.consentPhoto,
    consentShare: d.consentShare,
  };
}

/** The app's own write path on that laptop, for records no screen of this suite reaches. */
function writeThroughApp<T>(laptop: TestLaptop, fn: (tx: WriteTx) => T): T {
  const session = (laptop.core as unknown as { session: { writer: RecordWriter; actor: Actor } }).session;
  return session.writer.write(session.actor, fn);
}

/** Writes one kind of personal data about a family; an erased family's refusal is expected. */
async function writePersonal(
  laptop: TestLaptop,
  what: string,
  ids: { family: string; member: string; stay: string; event: string; counter: number },
): Promise<void> {
  const core = laptop.core;
  const n = ids.counter;
  const refused = (e: unknown) => {
    if ((e as { code?: string }).code !== 'FAMILY_ERASED') throw e;
  };
  switch (what) {
    case 'email': {
      const got = await core.invoke('families.get', { id: ids.family });
      if (!got.ok) return;
      await core.invoke('families.update', {
        ...familyInputOf(got.value as FamilyDetail),
        email: `k${n}@example.jp`,
      });
      return;
    }
    case 'newMember':
      await core.invoke('members.save', {
        familyId: ids.family,
        givenName: `新${n}`,
        givenNameKana: 'しん',
        relation: 'child',
        birthDate: `2020-01-${String((n % 28) + 1).padStart(2, '0')}`,
      });
      return;
    case 'allergies': {
      const got = await core.invoke('families.get', { id: ids.family });
      if (!got.ok) return;
      const member = (got.value as FamilyDetail).members.find((m) => m.id === ids.member);
      if (!member) return;
      await core.invoke('members.save', {
        id: member.id,
        familyId: ids.family,
        givenName: member.givenName || '花',
        givenNameKana: member.givenNameKana || 'はな',
        relation: member.relation,
        birthDate: member.birthDate,
        allergies: `卵${n}`,
        careNotes: `配慮${n}`,
      });
      return;
    }
    case 'stayNotes': {
      const got = await core.invoke('stays.get', { id: ids.stay });
      if (!got.ok) return;
      const s = got.value as StayView;
      await core.invoke('stays.save', {
        id: s.id,
        familyId: s.familyId,
        programme: s.programme,
        plannedArrival: s.plannedArrival,
        plannedDeparture: s.plannedDeparture,
        actualArrival: s.actualArrival,
        status: s.status,
        memberIds: [ids.member],
        schoolName: `小学校${n}`,
        notes: `滞在メモ${n}`,
      });
      return;
    }
    case 'enquiry':
      try {
        writeThroughApp(laptop, (tx) =>
          tx.insert('enquiry', {
            contact_name: `問合せ${n}`,
            contact_name_kana: 'といあわせ',
            phone: `0997-00-${String(n).padStart(4, '0')}`,
            email: null,
            channel: 'phone',
            received_on: '2026-11-01',
            topic: `相談${n}`,
            outcome: 'open',
            next_action: null,
            next_action_on: null,
            family_id: ids.family,
          }),
        );
      } catch (e) {
        refused(e);
      }
      return;
    case 'attendance':
      try {
        writeThroughApp(laptop, (tx) =>
          tx.insert('attendance', {
            event_id: ids.event,
            family_id: ids.family,
            person_name: `参加者${n}`,
            status: 'registered',
            head_count: 2,
          }),
        );
      } catch (e) {
        refused(e);
      }
      return;
  }
}

/** A family's phone or notes, edited through the app as a coordinator would. */
async function editFamily(
  core: TestLaptop['core'],
  laptop: number,
  familyId: string,
  field: 'phone' | 'notes',
  counter: number,
): Promise<void> {
  const got = await core.invoke('families.get', { id: familyId });
  if (!got.ok) return;
  const input = familyInputOf(got.value as FamilyDetail);
  input[field] =
    field === 'phone' ? `0997-${String(counter).padStart(2, '0')}-${laptop}000` : `メモ${counter}`;
  await core.invoke('families.update', input);
}

async function syncedRows(laptop: TestLaptop, table: string): Promise<Map<string, Record<string, unknown>>> {
  const columns = Object.keys((SYNC_TABLES as Record<string, { columns: object }>)[table]?.columns ?? {});
  const rows = laptop.core.database.sqlite
    .prepare(`SELECT id, ${columns.join(', ')} FROM ${table}`)
    .all() as Record<string, unknown>[];
  return new Map(rows.map((r) => [String(r.id), r]));
}

describe('sync properties over random histories (real SQLite laptops, real server)', () => {
  it('converges, applies each operation once and loses nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { minLength: 5, maxLength: 30 }),
        // Clocks up to four minutes apart: inside the server's five-minute tolerance.
        // Often at the extremes, where a server restart makes the slower laptop's clock matter.
        fc.array(
          fc.oneof(fc.integer({ min: -240_000, max: 240_000 }), fc.constantFrom(-240_000, 0, 240_000)),
          { minLength: 3, maxLength: 3 },
        ),
        async (actions, skews) => {
          const town = towns[nextTown++ % towns.length] as string;
          const faults = skews.map(() => ({ fault: 'none' as Fault }));
          const laptops: TestLaptop[] = [];
          for (let i = 0; i < 3; i++) {
            const skew = skews[i] ?? 0;
            laptops.push(
              await enrolledLaptop(server, town, `担当${i}`, {
                now: () => new Date(Date.now() + skew),
                serverClient: { fetch: faultyFetch(faults[i] as { fault: Fault }), timeoutMs: 10_000 },
              }),
            );
          }
          try {
            // Two families with a stay each, known to everyone.
            const seed = laptops[0] as TestLaptop;
            const families: string[] = [];
            const stays: string[] = [];
            const members: string[] = [];
            for (const [name, kana] of [
              ['山田', 'やまだ'],
              ['佐藤', 'さとう'],
            ]) {
              const f = (await call(seed.core, 'families.create', {
                familyName: name,
                familyNameKana: kana,
              })) as FamilyDetail;
              families.push(f.id);
              const m = (await call(seed.core, 'members.save', {
                familyId: f.id,
                givenName: '花',
                givenNameKana: 'はな',
                relation: 'child',
                birthDate: '2022-04-01',
              })) as { id: string };
              members.push(m.id);
              const s = (await call(seed.core, 'stays.save', {
                familyId: f.id,
                programme: 'nursery_stay',
                plannedArrival: '2026-11-20',
                plannedDeparture: '2026-11-30',
                actualArrival: '2026-11-20',
                status: 'in_town',
              })) as StayView;
              stays.push(s.id);
            }
            const event = writeThroughApp(seed, (tx) =>
              tx.insert('event', {
                title: '移住相談会',
                kind: 'briefing',
                starts_at: '2026-11-25T01:00:00.000Z',
                ends_at: '2026-11-25T03:00:00.000Z',
                place: null,
                capacity: null,
                organiser: null,
                description: null,
                kind_label: null,
                place_kind: 'outside',
                place_property_id: null,
                online_url: null,
                conditions: null,
                application_opens_on: null,
                application_closes_on: null,
                fee_yen: null,
                fee_note: null,
                partners: null,
                status: 'planned',
              }),
            ) as string;
            const supporters: string[] = [];
            for (const [name, kana] of [
              ['小林 陽子', 'こばやし ようこ'],
              ['岡田 誠', 'おかだ まこと'],
            ]) {
              const sup = (await call(seed.core, 'supporters.save', { name, nameKana: kana })) as {
                id: string;
              };
              supporters.push(sup.id);
            }
            for (const l of laptops) await l.core.sync?.run('manual');
            for (const l of laptops) await l.core.sync?.run('manual');

            let counter = 0;
            for (const action of actions) {
              counter += 1;
              if (action.kind === 'serverRestart') {
                server.deps.clock = new HybridLogicalClock({ node: 'server' });
                continue;
              }
              const laptop = laptops[action.laptop] as TestLaptop;
              const core = laptop.core;
              switch (action.kind) {
                case 'edit': {
                  const got = await core.invoke('families.get', { id: families[action.family] });
                  if (!got.ok) break;
                  const d = got.value as FamilyDetail;
                  const input = familyInputOf(d);
                  input[action.field] =
                    action.field === 'phone'
                      ? `0997-${String(counter).padStart(2, '0')}-${action.laptop}000`
                      : NOTE_TEXTS[action.text](counter);
                  const saved = await core.invoke('families.update', input);
                  if (action.field === 'notes' && REFUSED_TEXT.has(action.text)) {
                    // Refused at input with its stable code: nothing reaches the outbox. (An erased
                    // family has no name left, which the form refuses first.)
                    expect(saved).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
                    if (d.familyName !== '') {
                      expect(saved).toMatchObject({
                        error: { message: 'validation.textInvalid', field: 'notes' },
                      });
                    }
                  }
                  break;
                }
                case 'handover': {
                  // One laptop edits and syncs, the server restarts, another pulls and edits the same
                  // field: with the first laptop's clock ahead, the second's edit must still go through.
                  const to = laptops[action.to] as TestLaptop;
                  const family = families[action.family] as string;
                  await editFamily(core, action.laptop, family, action.field, counter);
                  await core.sync?.run('manual');
                  server.deps.clock = new HybridLogicalClock({ node: 'server' });
                  await to.core.sync?.run('manual');
                  counter += 1;
                  await editFamily(to.core, action.to, family, action.field, counter);
                  break;
                }
                case 'stay': {
                  const got = await core.invoke('stays.get', { id: stays[action.family] });
                  if (!got.ok) break;
                  const s = got.value as StayView;
                  const departure = action.boundary ?? `2026-12-${String(action.shift).padStart(2, '0')}`;
                  const saved = await core.invoke('stays.save', {
                    id: s.id,
                    familyId: s.familyId,
                    programme: s.programme,
                    plannedArrival: s.plannedArrival,
                    plannedDeparture: departure,
                    actualArrival: s.actualArrival,
                    status: s.status,
                  });
                  if (outsideCalendar(departure)) {
                    expect(saved).toMatchObject({
                      ok: false,
                      error: { message: 'validation.dateRange', field: 'plannedDeparture' },
                    });
                  }
                  break;
                }
                case 'checkin':
                  await core.invoke('checkins.record', {
                    stayId: stays[action.family],
                    date: '2026-11-22',
                    note: `記録${counter}`,
                  });
                  break;
                case 'retract': {
                  const mine = core.database.sqlite
                    .prepare(
                      'SELECT id FROM checkin WHERE deleted_at IS NULL AND created_by = (SELECT id FROM local_profile) LIMIT 1',
                    )
                    .pluck()
                    .get() as string | undefined;
                  if (mine) await core.invoke('checkins.retract', { id: mine });
                  break;
                }
                case 'sync':
                  (faults[action.laptop] as { fault: Fault }).fault = action.fault;
                  await core.sync?.run('manual');
                  break;
                case 'restart':
                  await laptop.restart();
                  break;
                case 'member': {
                  const got = await core.invoke('families.get', { id: families[action.family] });
                  if (!got.ok) break;
                  const member = (got.value as FamilyDetail).members.find(
                    (x) => x.id === members[action.family],
                  );
                  if (!member) break;
                  const birthDate = action.birthDate ?? member.birthDate;
                  const saved = await core.invoke('members.save', {
                    id: member.id,
                    familyId: families[action.family],
                    givenName: member.givenName || '花',
                    givenNameKana: member.givenNameKana || 'はな',
                    relation: member.relation,
                    birthDate,
                    grade: `年少${counter}`,
                  });
                  if (birthDate && outsideCalendar(birthDate)) {
                    expect(saved).toMatchObject({
                      ok: false,
                      error: { message: 'validation.dateRange', field: 'birthDate' },
                    });
                  }
                  break;
                }
                case 'putOnStay': {
                  const got = await core.invoke('stays.get', { id: stays[action.family] });
                  if (!got.ok) break;
                  const st = got.value as StayView;
                  await core.invoke('stays.save', {
                    id: st.id,
                    familyId: st.familyId,
                    programme: st.programme,
                    plannedArrival: st.plannedArrival,
                    plannedDeparture: st.plannedDeparture,
                    actualArrival: st.actualArrival,
                    status: st.status,
                    memberIds: [members[action.family]],
                  });
                  break;
                }
                case 'removeMember':
                  await core.invoke('members.remove', { id: members[action.family] });
                  break;
                case 'restoreMember':
                  await core.invoke('members.restore', { id: members[action.family] });
                  break;
                case 'personal':
                  await writePersonal(laptop, action.what, {
                    family: families[action.family] as string,
                    member: members[action.family] as string,
                    stay: stays[action.family] as string,
                    event,
                    counter,
                  });
                  break;
                case 'eventPeople': {
                  const person =
                    action.who < 2
                      ? { kind: 'member', id: members[action.who] as string }
                      : { kind: 'supporter', id: supporters[action.who - 2] as string };
                  // Refusals (an erased person, already applied, not applied yet) are part of the history.
                  if (action.what === 'apply') {
                    await core.invoke(
                      'applications.add',
                      action.who < 2
                        ? { eventId: event, familyId: families[action.who], memberIds: [person.id] }
                        : { eventId: event, supporterId: person.id },
                    );
                  } else if (action.what === 'cancel') {
                    const roster = await core.invoke('events.roster', { eventId: event });
                    if (!roster.ok) break;
                    const app = (roster.value as EventRoster).applications.find(
                      (x) => x.storedStatus !== 'cancelled' && x.people.some((p) => p.id === person.id),
                    );
                    if (app) await core.invoke('applications.setStatus', { id: app.id, status: 'cancelled' });
                  } else {
                    await core.invoke('rollcall.mark', {
                      eventId: event,
                      people: [person],
                      attended: action.what === 'mark',
                    });
                  }
                  break;
                }
                case 'supporter': {
                  const id = supporters[action.who] as string;
                  const other = supporters[1 - action.who] as string;
                  const got = await core.invoke('supporters.get', { id });
                  if (!got.ok) break;
                  const sv = got.value as SupporterView;
                  if (action.what === 'edit') {
                    await core.invoke('supporters.save', {
                      id,
                      name: sv.name || '名無し',
                      phone: `080-${String(counter).padStart(4, '0')}-${action.laptop}000`,
                      notADuplicate: true,
                    });
                  } else if (action.what === 'merge') {
                    await core.invoke('supporters.merge', { keepId: other, mergeId: id });
                  } else if (action.what === 'erase') {
                    await core.invoke('supporters.erase', { id, confirmName: sv.name });
                  } else {
                    await core.invoke('supporters.linkMember', { id, memberId: members[action.who] });
                  }
                  break;
                }
                case 'erase': {
                  const got = await core.invoke('families.get', { id: families[action.family] });
                  if (!got.ok) break;
                  const d = got.value as FamilyDetail;
                  await core.invoke('families.erase', { id: d.id, confirmName: d.familyName });
                  break;
                }
              }
            }

            // The network settles: everyone syncs until nothing moves.
            for (let round = 0; round < 3; round++) {
              for (const l of laptops) {
                const report = await l.core.sync?.run('manual');
                expect(report?.ok, `${report?.errorCode} ${l.core.sync?.lastError?.message}`).toBe(true);
              }
            }

            // Nothing was set aside: every operation of these valid histories was acknowledged.
            for (const l of laptops) {
              const stuck = l.core.database.sqlite
                .prepare(
                  "SELECT seq, table_name, op, state, reason_code, last_error, changes FROM outbox WHERE state <> 'sent'",
                )
                .all();
              expect(stuck, `laptop ${laptops.indexOf(l)}: ${JSON.stringify(stuck)}`).toEqual([]);
            }

            // Convergence: each laptop equals the server, table by table.
            const records = await server.deps.db
              .selectFrom('record')
              .select(['id', 'table_name', 'vals', 'clocks', 'erased'])
              .where('municipality_id', '=', town)
              .execute();
            if (process.env.SYNC_STATS) {
              const kinds = records
                .filter((r) => r.table_name === 'sync_conflict')
                .map(
                  (r) =>
                    `${(r.vals as Record<string, string>).table_name}:${(r.vals as Record<string, string>).kind}`,
                );
              console.log('conflicts', JSON.stringify(kinds));
            }
            // An erasure is complete everywhere: the walk over every personal column of every table
            // (conflict records and outboxes included) finds nothing of an erased family.
            const erasedFamilies = new Set(
              records
                .filter((r) => r.table_name === 'family' && (r.vals as Record<string, unknown>).erased_at)
                .map((r) => r.id),
            );
            expect(
              personalDataLeft(
                records.map((r) => ({
                  table: r.table_name,
                  id: r.id,
                  values: r.vals as LinkedRow['values'],
                })),
                erasedFamilies,
              ),
              'server',
            ).toEqual([]);
            for (const l of laptops) {
              expect(localPersonalDataLeft(l.core.database.sqlite), `laptop ${laptops.indexOf(l)}`).toEqual(
                [],
              );
            }
            // A member is on a stay once, however many laptops put them there.
            const memberships = records
              .filter((r) => r.table_name === 'stay_member')
              .map((r) => r.vals as Record<string, string | null>)
              .filter((v) => v.deleted_at === null || v.deleted_at === undefined)
              .map((v) => `${v.stay_id}/${v.member_id}`);
            expect(memberships.length, `memberships ${JSON.stringify(memberships)}`).toBe(
              new Set(memberships).size,
            );

            for (const table of [
              'family',
              'family_member',
              'stay',
              'stay_member',
              'checkin',
              'enquiry',
              'attendance',
              'event',
              'supporter',
              'event_application',
              'event_attendance',
              'sync_conflict',
            ]) {
              const columns = Object.keys(
                (SYNC_TABLES as Record<string, { columns: object }>)[table]?.columns ?? {},
              );
              const onServer = records.filter((r) => r.table_name === table);
              for (const l of laptops) {
                const local = await syncedRows(l, table);
                expect(local.size, `${table} rows`).toBe(onServer.length);
                for (const r of onServer) {
                  const mine = local.get(r.id);
                  if (process.env.SYNC_EXAMPLE && table === 'stay') {
                    console.log(
                      table,
                      laptops.indexOf(l),
                      JSON.stringify(unpackClocks(r.clocks)),
                      JSON.stringify(mine),
                      JSON.stringify(
                        l.core.database.sqlite
                          .prepare('SELECT column_name, hlc FROM field_clock WHERE row_id = ?')
                          .all(r.id),
                      ),
                      JSON.stringify(
                        l.core.database.sqlite
                          .prepare('SELECT seq, state, reason_code, changes FROM outbox WHERE row_id = ?')
                          .all(r.id),
                      ),
                    );
                  }
                  const vals = r.vals as Record<string, unknown>;
                  for (const c of columns)
                    expect(mine?.[c] ?? null, `${table}.${c}`).toEqual(vals[c] ?? null);
                }
              }
            }

            // The register shows each person once, the same on every laptop: a merge never brings
            // back the record merged away, whatever was edited meanwhile. The roll call counts each
            // person once, the same on every laptop. An erased supporter keeps no name or contact.
            const registers = [];
            const rollCounts = [];
            for (const l of laptops) {
              registers.push(
                ((await call(l.core, 'supporters.list', {})) as SupporterPage).supporters.map((x) => x.id),
              );
              rollCounts.push(
                ((await call(l.core, 'events.roster', { eventId: event })) as EventRoster).event.counts,
              );
            }
            // Each person once: as many listed as there are groups of records merged together (a
            // town is reused by later runs, so earlier runs' supporters are there too), each group
            // by one record, the kept one.
            const mergedInto = new Map(
              records
                .filter(
                  (r) => r.table_name === 'supporter' && !(r.vals as Record<string, unknown>).deleted_at,
                )
                .map((r) => [
                  r.id,
                  ((r.vals as Record<string, unknown>).merged_into as string | null) ?? null,
                ]),
            );
            const keptOf = (id: string): string => {
              const path: string[] = [];
              let at = id;
              for (;;) {
                const next = mergedInto.get(at) ?? null;
                if (next === null || !mergedInto.has(next)) return at;
                path.push(at);
                const cycle = path.indexOf(next);
                if (cycle >= 0) return path.slice(cycle).sort()[0] as string;
                at = next;
              }
            };
            const groups = new Set([...mergedInto.keys()].map(keptOf));
            for (const r of registers) expect(r).toEqual(registers[0]);
            expect(new Set(registers[0])).toEqual(groups);
            for (const c of rollCounts) expect(c).toEqual(rollCounts[0]);
            for (const r of records.filter((x) => x.table_name === 'supporter')) {
              const v = r.vals as Record<string, unknown>;
              if (v.erased_at) expect([v.name, v.phone ?? null, v.email ?? null]).toEqual(['', null, null]);
            }

            // Exactly once: what the server counted as applied equals what the laptops sent.
            const ops = laptops.flatMap(
              (l) =>
                l.core.database.sqlite
                  .prepare('SELECT op_id, state, changes, table_name, row_id FROM outbox')
                  .all() as {
                  op_id: string;
                  state: string;
                  changes: string;
                  table_name: string;
                  row_id: string;
                }[],
            );
            expect(ops.every((o) => o.state === 'sent')).toBe(true);
            // The server's record of applied operations (one row per device and number, never
            // written for a duplicate) holds exactly the laptops' operations, each once.
            const applied = await server.deps.db
              .selectFrom('applied_op')
              .select('op_id')
              .where(
                'device_id',
                'in',
                laptops.map((l) => l.core.sync?.deviceId ?? ''),
              )
              .execute();
            expect(applied.map((a) => a.op_id).sort()).toEqual(ops.map((o) => o.op_id).sort());
            const counted = await server.deps.db
              .selectFrom('sync_log')
              .select((eb) => [
                eb.fn.sum<string>('applied').as('applied'),
                eb.fn.sum<string>('conflicts').as('conflicts'),
              ])
              .where(
                'device_id',
                'in',
                laptops.map((l) => l.core.sync?.deviceId ?? ''),
              )
              .executeTakeFirstOrThrow();
            expect(Number(counted.applied) + Number(counted.conflicts)).toBe(ops.length);

            // Nothing silently lost: every family value written is current, in a conflict, or seen.
            const conflictHlcs = new Set<string>();
            for (const r of records.filter((x) => x.table_name === 'sync_conflict')) {
              const vals = r.vals as Record<string, string>;
              for (const side of ['lost', 'won']) {
                const parsed = JSON.parse(vals[side] ?? '{}') as { hlc?: string };
                if (parsed.hlc) conflictHlcs.add(parsed.hlc);
              }
            }
            // An erasure closes the erased row's conflicts and wipes their copies of the values
            // (docs/sync-design.md, "Erase wins over everything"): a write whose conflict it closed was
            // set aside by a person's explicit erase request, not lost silently.
            const closedByErasure = new Set<string>();
            for (const r of records.filter((x) => x.table_name === 'sync_conflict')) {
              const vals = r.vals as Record<string, string>;
              if (vals.lost === JSON.stringify({ erased: true })) {
                closedByErasure.add(`${vals.row_id}:${vals.field}`);
              }
            }
            const bases = new Set<string>();
            for (const o of ops) {
              for (const change of Object.values(
                JSON.parse(o.changes) as Record<string, { base: string | null }>,
              )) {
                if (change.base) bases.add(change.base);
              }
            }
            // The open conflicts of a family's phone and notes are exactly the losing writes nobody saw
            // (a laptop overwriting its own value is no conflict), whatever order and batches the
            // server received them in: the greatest clock wins, a write seen by a later write's
            // author (base equal to its clock) is not open, an unseen loser is.
            const openLost = new Set<string>();
            for (const r of records.filter((x) => x.table_name === 'sync_conflict')) {
              const vals = r.vals as Record<string, string | null>;
              if (vals.resolved_at !== null && vals.resolved_at !== undefined) continue;
              const lost = JSON.parse(vals.lost ?? '{}') as { hlc?: string };
              openLost.add(`${vals.row_id}:${vals.field}:${lost.hlc}`);
            }
            for (const familyId of families) {
              const row = records.find((r) => r.id === familyId);
              if ((row?.vals as Record<string, unknown> | undefined)?.erased_at) continue;
              const clocks = unpackClocks(row?.clocks);
              for (const column of ['phone', 'notes']) {
                const writes = ops
                  .filter((o) => o.row_id === familyId && o.table_name === 'family')
                  .flatMap((o) => {
                    const change = (
                      JSON.parse(o.changes) as Record<string, { hlc: string; base: string | null }>
                    )[column];
                    return change ? [change] : [];
                  });
                if (writes.length === 0) continue;
                const winner = writes.reduce((x, y) => (y.hlc > x.hlc ? y : x));
                expect(clocks[column]?.h, `family.${column}: the greatest clock wins`).toBe(winner.hlc);
                for (const w of writes) {
                  if (w === winner) continue;
                  const seen = writes.some((x) => x.base === w.hlc);
                  const sameAuthorLater = writes.some(
                    (x) => x.hlc > w.hlc && authorOf(x.hlc) === authorOf(w.hlc),
                  );
                  const isOpen = openLost.has(`${familyId}:${column}:${w.hlc}`);
                  if (seen)
                    expect(isOpen, `family.${column} ${w.hlc} was seen, yet is still open`).toBe(false);
                  else if (!sameAuthorLater)
                    expect(isOpen, `family.${column} ${w.hlc} lost unseen, yet no open conflict`).toBe(true);
                }
              }
            }

            for (const o of ops.filter(
              (x) => x.table_name === 'family' || x.table_name === 'family_member',
            )) {
              const row = records.find((r) => r.id === o.row_id);
              const clocks = unpackClocks(row?.clocks);
              const current = (row?.vals ?? {}) as Record<string, unknown>;
              for (const [column, change] of Object.entries(
                JSON.parse(o.changes) as Record<string, { hlc: string; value: unknown }>,
              )) {
                if ((row?.erased as string[] | undefined)?.includes(column)) continue;
                // A write that lost to the very same value lost nothing, and two removals agree.
                const agreed =
                  (current[column] ?? null) === (change.value ?? null) ||
                  (column === 'deleted_at' && change.value !== null && (current[column] ?? null) !== null);
                const kept =
                  agreed ||
                  clocks[column]?.h === change.hlc ||
                  conflictHlcs.has(change.hlc) ||
                  bases.has(change.hlc) ||
                  closedByErasure.has(`${o.row_id}:${column}`);
                expect(kept, `${o.table_name}.${column} written at ${change.hlc} was lost`).toBe(true);
              }
            }
          } finally {
            for (const l of laptops) await l.dispose();
          }
        },
      ),
      process.env.SYNC_EXAMPLE
        ? { examples: [JSON.parse(process.env.SYNC_EXAMPLE)], numRuns: 1 }
        : { numRuns: Number(process.env.SYNC_RUNS ?? 12), endOnFailure: true },
    );
  }, 600_000);
});
