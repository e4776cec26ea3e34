import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { APPLICATION_STATUSES, EVENT_KINDS } from '../../shared/domain/enums.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import type {
  ApplicationResult,
  EventFigures,
  FigureRow,
  SupporterView,
} from '../../shared/ipc/views/community-events.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * The server's event figures (GET /v1/kpi/events, server/migrations/0011_event_figures.sql) are the
 * laptop's (`events.figures`, electron/core/services/event-figures.ts), figure by figure: random
 * towns' events, applications and roll calls made through the core on two laptops, offline between
 * random syncs — the same person marked on both, unmarks, walk-ins with companions, cancelled events
 * and applications, supporters merged (into each other too), linked to a family member and erased,
 * events on the Japan-time edges of a 年度 and in the future — then synced through the real server,
 * and every 年度 touched compared: total, each month and each kind.
 */

/** Starts on the edges that matter: 3/31 23:59 and 4/1 00:00 in Japan, a tie, a future event. */
const STARTS = [
  '2025-03-31T14:59:00.000Z',
  '2025-03-31T15:00:00.000Z',
  '2025-06-15T01:00:00.000Z',
  '2025-06-15T01:00:00.000Z',
  '2025-08-31T15:30:00.000Z',
  '2026-01-10T03:00:00.000Z',
  '2026-03-31T15:00:00.000Z',
  '2026-07-01T00:00:00.000Z',
  '2030-05-01T00:00:00.000Z',
];
const FISCAL_YEARS = [2024, 2025, 2026, 2030];
const SUPPORTERS = ['田中 一郎', '小林 陽子', '高橋 二郎', '渡辺 三郎'];
/** People 0..3 are the supporters; 4..7 the two members of each of two families. */
const PEOPLE = 8;

const laptopArb = fc.nat(1);
/** Indexes into what the acting laptop holds (modulo its count), so most actions reach a record. */
const anyIndex = fc.nat(50);
const actionArb = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      laptop: laptopArb,
      start: fc.nat(STARTS.length - 1),
      eventKind: fc.constantFrom(...EVENT_KINDS),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('apply' as const),
      laptop: laptopArb,
      event: anyIndex,
      person: fc.nat(PEOPLE - 1),
      both: fc.boolean(),
      companions: fc.nat(2),
      markNow: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('mark' as const),
      laptop: laptopArb,
      application: anyIndex,
      attended: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('walkIn' as const),
      laptop: laptopArb,
      event: anyIndex,
      heads: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      laptop: laptopArb,
      application: anyIndex,
      status: fc.constantFrom(...APPLICATION_STATUSES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancelEvent' as const), laptop: laptopArb, event: anyIndex }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('merge' as const),
      laptop: laptopArb,
      keep: fc.nat(SUPPORTERS.length - 1),
      merge: fc.nat(SUPPORTERS.length - 1),
    }),
  },
  {
    // Two coordinators offline, each merging the other's way: a cycle once synced.
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('crossMerge' as const),
      one: fc.nat(SUPPORTERS.length - 1),
      other: fc.nat(SUPPORTERS.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('link' as const),
      laptop: laptopArb,
      supporter: fc.nat(SUPPORTERS.length - 1),
      member: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('erase' as const),
      laptop: laptopArb,
      supporter: fc.nat(SUPPORTERS.length - 1),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), laptop: laptopArb }) },
);

let server: TestServer;
let consortiumToken: string;
const towns = CONSORTIUM_MUNICIPALITIES.map((m) => m.id);
let nextTown = 0;
const tried = new Map<string, number>();
afterAll(() => {
  if (process.env.EVENT_FIGURE_DEBUG) console.log([...tried].sort().join('\n'));
});
/** Over all runs: the histories did produce figures to compare (not only zeros). */
const counted = { participants: 0, firstTimers: 0 };

beforeAll(async () => {
  server = await startTestServer({ listen: true });
  const home = towns[0] as string;
  await createTown(server.deps.db, { id: home });
  const user = await createUser(server.deps.db, {
    townId: home,
    displayName: '事務局',
    role: 'consortium_admin',
  });
  const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/auth/enroll',
    payload: { code, device_name: '事務局 PC' },
  });
  consortiumToken = res.json().access_token as string;
}, 120_000);
afterAll(async () => server?.close());

/** A refusal of the core (a validation, a cancelled event, an unknown record) is part of the history. */
async function attempt(laptop: TestLaptop, channel: string, input: unknown): Promise<unknown> {
  const result = await laptop.core.invoke(channel, input);
  if (process.env.EVENT_FIGURE_DEBUG) {
    const k = `${channel} ${result.ok ? 'ok' : JSON.stringify(result.error).slice(0, 80)}`;
    tried.set(k, (tried.get(k) ?? 0) + 1);
  }
  if (result.ok) return result.value;
  expect((result.error as { code?: string }).code, JSON.stringify(result.error)).not.toBe('INTERNAL');
  return undefined;
}

type ServerRow = { events: number; participants: number; distinct_people: number; first_timers: number };
const asServer = (r: FigureRow): ServerRow => ({
  events: r.events,
  participants: r.participants,
  distinct_people: r.distinctPeople,
  first_timers: r.firstTimers,
});

describe('event figures: the server aggregates equal the laptop core (random histories, real sync)', () => {
  it('agree figure by figure in every 年度, month and kind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 8, maxLength: 40 }), async (actions) => {
        const town = towns[nextTown++ % towns.length] as string;
        const laptops = [
          await enrolledLaptop(server, town, '佐藤 健'),
          await enrolledLaptop(server, town, '鈴木 花'),
        ];
        try {
          const [a, b] = laptops as [TestLaptop, TestLaptop];
          const supporters: { id: string; name: string }[] = [];
          for (const [i, name] of SUPPORTERS.entries()) {
            const s = (await call(a.core, 'supporters.save', {
              name: `${name}${nextTown}-${i}`,
              notADuplicate: true,
            })) as SupporterView;
            supporters.push({ id: s.id, name: s.name });
          }
          const families: { id: string; members: string[] }[] = [];
          for (const familyName of ['山田', '佐藤']) {
            const f = (await call(a.core, 'families.create', {
              familyName,
              familyNameKana: familyName === '山田' ? 'やまだ' : 'さとう',
            })) as FamilyDetail;
            const members: string[] = [];
            for (const [given, givenNameKana] of [
              ['花子', 'はなこ'],
              ['陽翔', 'はると'],
            ] as const) {
              const m = (await call(a.core, 'members.save', {
                familyId: f.id,
                givenName: given,
                givenNameKana,
                relation: members.length ? 'child' : 'parent',
              })) as { id: string };
              members.push(m.id);
            }
            families.push({ id: f.id, members });
          }
          await syncOk(a);
          await syncOk(b);

          // Two events everybody knows before the day, so the roll calls have something to call.
          for (const [start, kind] of [
            ['2025-06-15T01:00:00.000Z', 'experience'],
            ['2026-01-10T03:00:00.000Z', 'consultation'],
          ] as const) {
            await call(a.core, 'events.save', {
              title: `定例 ${kind}`,
              kind,
              startsAt: start,
              endsAt: new Date(Date.parse(start) + 86_400_000).toISOString(),
              placeKind: 'outside',
              place: '東京都内',
            });
          }
          await syncOk(a);
          await syncOk(b);

          /** What this laptop holds, in a stable order. */
          const held = (l: TestLaptop, sqlText: string) =>
            l.core.database.sqlite.prepare(sqlText).pluck().all() as string[];
          const pick = (list: string[], n: number): string | undefined => list[n % Math.max(1, list.length)];
          const eventOn = (l: TestLaptop, n: number) => pick(held(l, 'SELECT id FROM event ORDER BY id'), n);
          const person = (n: number) =>
            n < 4
              ? { kind: 'supporter' as const, id: (supporters[n] as { id: string }).id }
              : { kind: 'member' as const, id: families[(n - 4) >> 1]?.members[(n - 4) & 1] as string };
          /** The people an application names, as the roll call marks them. */
          const peopleOf = (l: TestLaptop, applicationId: string) => {
            const row = l.core.database.sqlite
              .prepare('SELECT event_id, supporter_id, member_ids FROM event_application WHERE id = ?')
              .get(applicationId) as {
              event_id: string;
              supporter_id: string | null;
              member_ids: string | null;
            };
            const people = row.supporter_id
              ? [{ kind: 'supporter' as const, id: row.supporter_id }]
              : (JSON.parse(row.member_ids ?? '[]') as string[]).map((id) => ({
                  kind: 'member' as const,
                  id,
                }));
            return { eventId: row.event_id, people };
          };
          let counter = 0;

          for (const action of actions) {
            counter += 1;
            switch (action.kind) {
              case 'event': {
                const start = STARTS[action.start] as string;
                await attempt(laptops[action.laptop] as TestLaptop, 'events.save', {
                  title: `イベント${counter}`,
                  kind: action.eventKind,
                  kindLabel: action.eventKind === 'other' ? 'サポーターの集い' : undefined,
                  startsAt: start,
                  endsAt: new Date(Date.parse(start) + 86_400_000).toISOString(),
                  placeKind: 'outside',
                  place: '東京都内',
                });
                break;
              }
              case 'apply': {
                const laptop = laptops[action.laptop] as TestLaptop;
                const eventId = eventOn(laptop, action.event);
                if (!eventId) break;
                const p = person(action.person);
                const family = families[(action.person - 4) >> 1];
                const input =
                  p.kind === 'supporter'
                    ? { eventId, supporterId: p.id }
                    : { eventId, familyId: family?.id, memberIds: action.both ? family?.members : [p.id] };
                const named = p.kind === 'supporter' || !action.both ? 1 : 2;
                const r = (await attempt(laptop, 'applications.add', {
                  ...input,
                  headCount: named + action.companions,
                  whenFull: 'accept',
                })) as ApplicationResult | undefined;
                if (r && action.markNow) {
                  await attempt(laptop, 'rollcall.mark', {
                    ...peopleOf(laptop, r.application.id),
                    attended: true,
                  });
                }
                break;
              }
              case 'mark': {
                const laptop = laptops[action.laptop] as TestLaptop;
                const id = pick(
                  held(laptop, 'SELECT id FROM event_application ORDER BY id'),
                  action.application,
                );
                if (!id) break;
                const { eventId, people } = peopleOf(laptop, id);
                // One tap: the first person named, or everyone of a family on "attended".
                await attempt(laptop, 'rollcall.mark', {
                  eventId,
                  people: action.attended ? people : people.slice(0, 1),
                  attended: action.attended,
                });
                break;
              }
              case 'walkIn': {
                const laptop = laptops[action.laptop] as TestLaptop;
                const eventId = eventOn(laptop, action.event);
                if (eventId) {
                  await attempt(laptop, 'rollcall.walkIn', {
                    eventId,
                    name: `飛び入り ${nextTown}-${counter}`,
                    headCount: action.heads,
                  });
                }
                break;
              }
              case 'status': {
                const laptop = laptops[action.laptop] as TestLaptop;
                const id = pick(
                  held(laptop, 'SELECT id FROM event_application ORDER BY id'),
                  action.application,
                );
                if (id) await attempt(laptop, 'applications.setStatus', { id, status: action.status });
                break;
              }
              case 'cancelEvent': {
                const laptop = laptops[action.laptop] as TestLaptop;
                const id = eventOn(laptop, action.event);
                if (id) await attempt(laptop, 'events.cancel', { id });
                break;
              }
              case 'merge':
                await attempt(laptops[action.laptop] as TestLaptop, 'supporters.merge', {
                  keepId: supporters[action.keep]?.id,
                  mergeId: supporters[action.merge]?.id,
                });
                break;
              case 'crossMerge': {
                const one = supporters[action.one]?.id;
                const other = supporters[action.other]?.id;
                await attempt(a, 'supporters.merge', { keepId: one, mergeId: other });
                await attempt(b, 'supporters.merge', { keepId: other, mergeId: one });
                break;
              }
              case 'link': {
                const memberId = families[action.member >> 1]?.members[action.member & 1];
                await attempt(laptops[action.laptop] as TestLaptop, 'supporters.linkMember', {
                  id: supporters[action.supporter]?.id,
                  memberId,
                });
                break;
              }
              case 'erase': {
                const s = supporters[action.supporter] as { id: string; name: string };
                await attempt(laptops[action.laptop] as TestLaptop, 'supporters.erase', {
                  id: s.id,
                  confirmName: s.name,
                });
                break;
              }
              case 'sync':
                await (laptops[action.laptop] as TestLaptop).core.sync?.run('manual');
                break;
            }
          }

          for (let round = 0; round < 2; round++) for (const l of laptops) await syncOk(l);

          for (const fiscalYear of FISCAL_YEARS) {
            const res = await server.app.inject({
              method: 'GET',
              url: `/v1/kpi/events?fy=${fiscalYear}`,
              headers: { authorization: `Bearer ${consortiumToken}` },
            });
            expect(res.statusCode, res.body).toBe(200);
            const onServer = res.json().towns.find((t: { town_id: string }) => t.town_id === town);
            for (const l of laptops) {
              const f = (await call(l.core, 'events.figures', { fiscalYear })) as EventFigures;
              const label = `${town} 年度${fiscalYear}`;
              counted.participants += f.total.participants;
              counted.firstTimers += f.total.firstTimers;
              expect(onServer, label).toEqual({
                town_id: town,
                town_name: onServer.town_name,
                ...asServer(f.total),
                by_month: f.byMonth.map(({ month, ...r }) => ({ month, ...asServer(r) })),
                by_kind: f.byKind.map(({ kind, ...r }) => ({ kind, ...asServer(r) })),
              });
            }
          }
        } finally {
          for (const l of laptops) await l.dispose();
        }
      }),
      // Past the eighth run the towns come round again, holding earlier runs' records: the longer
      // histories (a linked member who also came, a first event created after a later one) are where
      // a wrong rule shows (SQL mutations of those two rules fail at the ninth run).
      { numRuns: Number(process.env.EVENT_FIGURE_RUNS ?? 12), endOnFailure: true },
    );
    expect(counted.participants).toBeGreaterThan(0);
    expect(counted.firstTimers).toBeGreaterThan(0);
  }, 900_000);
});
