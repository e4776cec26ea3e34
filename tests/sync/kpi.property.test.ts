import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { addDays } from '../../shared/domain/dates.ts';
import { PROGRAMMES } from '../../shared/domain/enums.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import type { ReportFigures } from '../../shared/ipc/views/reports.ts';
import type { FamilyDetail, StayView } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * The server's KPIs (GET /v1/kpi, server/migrations/0002, 0009 and 0012) are the laptop engine's
 * (`reports.figures`, electron/core/services/kpi-engine.ts), figure by figure. Random towns made
 * through the core on two administrators' laptops, one with its clock hours behind, offline between
 * random syncs: stays across month and 年度 boundaries, planned, started, completed and cancelled ones,
 * people added to and taken off a stay later, stays with nobody, deleted stays, erased families,
 * coefficient versions set on either laptop (the same date twice, before and after the stays) — then
 * synced through the real server and compared for several periods: every total, every month, every
 * programme and every coefficient version used.
 */

/** Arrivals on the edges that matter: month ends, 3/31 → 4/1 (年度), year ends. */
const ARRIVALS = [
  '2025-03-25',
  '2025-03-31',
  '2025-04-01',
  '2025-06-28',
  '2025-12-29',
  '2026-01-30',
  '2026-02-27',
  '2026-03-29',
  '2026-03-31',
  '2026-04-01',
  '2026-09-29',
];
const EFFECTIVE = ['2024-04-01', '2025-04-01', '2025-07-01', '2026-01-01', '2026-04-01', '2026-10-01'];
const MULTIPLIERS = ['1', '1.35', '1.2345', '0.5', '2.0001', '123.4567'];
const PERIODS: [string, string][] = [
  ['2024-04-01', '2025-03-31'],
  ['2025-04-01', '2026-03-31'],
  ['2026-04-01', '2027-03-31'],
  ['2025-03-15', '2026-04-15'],
  ['2025-03-31', '2025-04-01'],
  ['2024-03-01', '2024-04-30'],
];

const laptopArb = fc.nat(1);
const anyIndex = fc.nat(50);
const actionArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('stay' as const),
      laptop: laptopArb,
      family: fc.nat(2),
      programme: fc.constantFrom(...PROGRAMMES),
      arrival: fc.nat(ARRIVALS.length - 1),
      nights: fc.nat(20),
      status: fc.constantFrom('planned', 'in_town', 'completed', 'cancelled', 'cancelledAfterArrival'),
      shift: fc.integer({ min: -1, max: 1 }),
      members: fc.nat(3),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('members' as const),
      laptop: laptopArb,
      stay: anyIndex,
      members: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      laptop: laptopArb,
      stay: anyIndex,
      shift: fc.integer({ min: -1, max: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('coefficients' as const),
      laptop: laptopArb,
      effective: fc.nat(EFFECTIVE.length - 1),
      spend: fc.constantFrom(0, 1, 4001, 8000, 12_345),
      multiplier: fc.constantFrom(...MULTIPLIERS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), laptop: laptopArb, stay: anyIndex }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('erase' as const), laptop: laptopArb, family: fc.nat(2) }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), laptop: laptopArb }) },
);

let server: TestServer;
let consortiumToken: string;
const towns = CONSORTIUM_MUNICIPALITIES.map((m) => m.id).slice(1);
let nextTown = 0;
const compared = { personNights: 0, ripple: 0, created: 0, repeaters: 0, unpriced: 0 };

beforeAll(async () => {
  server = await startTestServer({ listen: true });
  const home = CONSORTIUM_MUNICIPALITIES[0]?.id as string;
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

/** A refusal of the core (an overlap, a validation) is part of the history; an internal error is not. */
async function attempt(laptop: TestLaptop, channel: string, input: unknown): Promise<unknown> {
  const result = await laptop.core.invoke(channel, input);
  if (result.ok) return result.value;
  expect((result.error as { code?: string }).code, JSON.stringify(result.error)).not.toBe('INTERNAL');
  return undefined;
}

interface SessionInside {
  writer: {
    write: (actor: unknown, f: (tx: { softDelete: (t: string, id: string) => void }) => void) => void;
  };
  actor: unknown;
}

describe('KPIs: the server equals the laptop engine (random towns, real sync)', () => {
  it('agree figure by figure for every period, month, programme and coefficient version', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 10, maxLength: 30 }), async (actions) => {
        const town = towns[nextTown++ % towns.length] as string;
        const laptops = [
          await enrolledLaptop(server, town, '町 管理者', {}, server.url ?? '', 'town_admin'),
          // Five hours behind: its edits and coefficient versions carry older clocks and set_at.
          await enrolledLaptop(
            server,
            town,
            '町 担当',
            { now: () => new Date(Date.now() - 5 * 3_600_000) },
            server.url ?? '',
            'town_admin',
          ),
        ];
        try {
          const [a, b] = laptops as [TestLaptop, TestLaptop];
          const families: { id: string; name: string; members: string[] }[] = [];
          for (const [n, [familyName, kana]] of [
            ['山田', 'やまだ'],
            ['佐藤', 'さとう'],
            ['鈴木', 'すずき'],
          ].entries()) {
            const f = (await call(a.core, 'families.create', {
              familyName: `${familyName}${nextTown}`,
              familyNameKana: kana,
            })) as FamilyDetail;
            const members: string[] = [];
            // The third family has nobody recorded: its stays count as one person.
            for (const [given, givenKana] of n < 2
              ? ([
                  ['花子', 'はなこ'],
                  ['陽翔', 'はると'],
                ] as const)
              : []) {
              const m = (await call(a.core, 'members.save', {
                familyId: f.id,
                givenName: given,
                givenNameKana: givenKana,
                relation: members.length ? 'child' : 'parent',
              })) as { id: string };
              members.push(m.id);
            }
            families.push({ id: f.id, name: f.familyName, members });
          }
          // A fixed start, so every town has something of each figure: a first visit whose first nights
          // precede every coefficient version (unpriced), a return visit (a repeater), and a version.
          for (const [arrival, departure] of [
            ['2024-03-28', '2024-04-03'],
            ['2025-06-28', '2025-07-02'],
          ] as const) {
            await call(a.core, 'stays.save', {
              familyId: families[0]?.id,
              programme: 'nursery_stay',
              plannedArrival: arrival,
              plannedDeparture: departure,
              actualArrival: arrival,
              actualDeparture: departure,
              status: 'completed',
              memberIds: families[0]?.members,
            });
          }
          await call(a.core, 'reports.setCoefficients', {
            effectiveFrom: '2025-04-01',
            spendPerPersonNightYen: 8000,
            rippleMultiplier: '1.35',
          });
          await syncOk(a);
          await syncOk(b);

          /** Each stay's last saved input, to save it again with other people or dates. */
          const stays: { input: Record<string, unknown>; family: number }[] = [];
          const membersOf = (family: number, mask: number) =>
            (families[family]?.members ?? []).filter((_, i) => (mask >> i) & 1);
          for (const action of actions) {
            const laptop = laptops[action.laptop] as TestLaptop;
            switch (action.kind) {
              case 'stay': {
                const arrival = ARRIVALS[action.arrival] as string;
                const departure = addDays(arrival, action.nights);
                const family = families[action.family] as { id: string };
                const input: Record<string, unknown> = {
                  familyId: family.id,
                  programme: action.programme,
                  plannedArrival: arrival,
                  plannedDeparture: departure,
                  memberIds: membersOf(action.family, action.members),
                };
                const actual = addDays(arrival, action.shift);
                if (action.status === 'in_town')
                  Object.assign(input, { status: 'in_town', actualArrival: actual });
                if (action.status === 'completed') {
                  Object.assign(input, {
                    status: 'completed',
                    actualArrival: actual,
                    actualDeparture: addDays(departure, action.shift < 0 ? 0 : action.shift),
                  });
                }
                if (action.status === 'cancelled') Object.assign(input, { status: 'cancelled' });
                if (action.status === 'cancelledAfterArrival') {
                  Object.assign(input, { status: 'cancelled', actualArrival: actual });
                }
                const saved = (await attempt(laptop, 'stays.save', input)) as StayView | undefined;
                if (saved) stays.push({ input: { ...input, id: saved.id }, family: action.family });
                break;
              }
              case 'members': {
                const s = stays[action.stay % Math.max(1, stays.length)];
                if (!s) break;
                s.input = { ...s.input, memberIds: membersOf(s.family, action.members) };
                await attempt(laptop, 'stays.save', s.input);
                break;
              }
              case 'start': {
                const s = stays[action.stay % Math.max(1, stays.length)];
                if (!s || s.input.status !== undefined) break;
                s.input = {
                  ...s.input,
                  status: 'in_town',
                  actualArrival: addDays(s.input.plannedArrival as string, action.shift),
                };
                await attempt(laptop, 'stays.save', s.input);
                break;
              }
              case 'coefficients':
                await attempt(laptop, 'reports.setCoefficients', {
                  effectiveFrom: EFFECTIVE[action.effective],
                  spendPerPersonNightYen: action.spend,
                  rippleMultiplier: action.multiplier,
                });
                break;
              case 'delete': {
                const s = stays[action.stay % Math.max(1, stays.length)];
                if (!s) break;
                const session = (laptop.core as unknown as { session: SessionInside }).session;
                try {
                  session.writer.write(session.actor, (tx) => tx.softDelete('stay', s.input.id as string));
                } catch {
                  // Not on this laptop yet (created offline on the other one): nothing to delete here.
                }
                break;
              }
              case 'erase': {
                const f = families[action.family] as { id: string; name: string };
                await attempt(laptop, 'families.erase', { id: f.id, confirmName: f.name });
                break;
              }
              case 'sync':
                await laptop.core.sync?.run('manual');
                break;
            }
          }

          for (let round = 0; round < 2; round++) for (const l of laptops) await syncOk(l);

          for (const [from, to] of PERIODS) {
            const res = await server.app.inject({
              method: 'GET',
              url: `/v1/kpi?from=${from}&to=${to}`,
              headers: { authorization: `Bearer ${consortiumToken}` },
            });
            expect(res.statusCode, res.body).toBe(200);
            const onServer = res.json().towns.find((t: { town_id: string }) => t.town_id === town);
            for (const l of laptops) {
              const f = (await call(l.core, 'reports.figures', { from, to })) as ReportFigures;
              const label = `${town} ${from}..${to}`;
              compared.personNights += f.totals.personNights;
              compared.ripple += f.totals.rippleYen;
              compared.created += f.totals.relationshipPopulation;
              compared.repeaters += f.totals.repeaters;
              compared.unpriced += f.totals.unpricedPersonNights;
              expect(
                {
                  nights: onServer.nights,
                  person_nights: onServer.person_nights,
                  relationship_population: onServer.relationship_population,
                  repeaters: onServer.repeaters,
                  arrivals: onServer.arrivals,
                  ripple_yen: onServer.ripple_yen,
                  unpriced_person_nights: onServer.unpriced_person_nights,
                  stays_without_members: onServer.stays_without_members,
                  by_month: onServer.by_month,
                  by_programme: onServer.by_programme.filter((p: { nights: number }) => p.nights > 0),
                  coefficients_used: onServer.coefficients_used.map((c: Record<string, unknown>) => [
                    c.id,
                    c.effective_from,
                    c.spend_per_person_night_yen,
                    c.ripple_multiplier,
                    c.from,
                    c.to,
                    c.person_nights,
                    c.ripple_yen,
                  ]),
                },
                label,
              ).toEqual({
                nights: f.totals.nights,
                person_nights: f.totals.personNights,
                relationship_population: f.totals.relationshipPopulation,
                repeaters: f.totals.repeaters,
                arrivals: f.totals.arrivals,
                ripple_yen: f.totals.rippleYen,
                unpriced_person_nights: f.totals.unpricedPersonNights,
                stays_without_members: f.totals.staysWithoutMembers,
                by_month: f.months.map((m) => ({
                  month: m.month,
                  nights: m.nights,
                  person_nights: m.personNights,
                })),
                by_programme: PROGRAMMES.map((p) => {
                  const rows = f.programmeMonths.filter((r) => r.programme === p);
                  return {
                    programme: p,
                    nights: rows.reduce((s, r) => s + r.nights, 0),
                    person_nights: rows.reduce((s, r) => s + r.personNights, 0),
                  };
                }).filter((p) => p.nights > 0),
                coefficients_used: f.coefficients.map((c) => [
                  c.version.id,
                  c.version.effectiveFrom,
                  c.version.spendPerPersonNightYen,
                  c.version.rippleMultiplier,
                  c.from,
                  c.to,
                  c.personNights,
                  c.rippleYen,
                ]),
              });
            }
          }
        } finally {
          for (const l of laptops) await l.dispose();
        }
      }),
      { numRuns: Number(process.env.KPI_PARITY_RUNS ?? 6), endOnFailure: true },
    );
    // The histories did produce figures to compare, not only zeros.
    expect(compared.personNights).toBeGreaterThan(0);
    expect(compared.ripple).toBeGreaterThan(0);
    expect(compared.created).toBeGreaterThan(0);
    expect(compared.repeaters).toBeGreaterThan(0);
    expect(compared.unpriced).toBeGreaterThan(0);
  }, 300_000);
});
