import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CoefficientHistory,
  ReportDataQuality,
  ReportDrilldown,
  ReportFigures,
} from '../../../shared/ipc/views/reports.ts';
import type { FamilyDetail, MemberView, StayView } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/**
 * A small town with every figure worked out by hand, through the real IPC entry point on a real SQLite
 * file. The period is 2026年度 (2026-04-01 .. 2027-03-31) unless said otherwise.
 *
 * Coefficients (set through reports.setCoefficients):
 *   V1 from 2025-04-01: 8,000 yen × 1.35  → 10,800 yen per person-night
 *   V2 from 2026-10-01: 9,001 yen × 1.2345 → 11,111.7345 yen per person-night
 *
 * Stays (nights are the nights of arrival .. departure − 1; actual dates win over planned ones):
 *   S0 佐藤 trial_living completed 2025-03-30 .. 04-02, nobody recorded (counts as 1 person)
 *      — before 2026年度; its 3/30 and 3/31 precede V1 (unpriced), 4/1 is V1
 *   S1 山田 nursery_stay completed 2026-03-29 .. 04-03, 太郎 花子
 *      — in the period: 4/1 4/2 = 2 nights × 2 = 4 person-nights (V1); first stay of 太郎 and 花子
 *   S2 山田 school_stay completed 2026-09-28 .. 10-03, 花子
 *      — 9/28 9/29 9/30 (V1, 3 p-n), 10/1 10/2 (V2, 2 p-n); 花子 returns: a repeater
 *   S3 鈴木 trial_living in_town, arrived 2027-03-30, planned to leave 04-02, 一郎 and 次郎 (次郎 added
 *      to the stay later) — 3/30 3/31 = 2 nights × 2 = 4 person-nights (V2); both created
 *   S4 佐藤 workation completed 2026-12-30 .. 2027-01-02, nobody — 12/30 12/31 (Dec) 1/1 (Jan):
 *      3 nights × 1 (V2); a stay without members
 *   S5 山田 nursery_stay planned 2026-05-01 .. 05-05, still planned — not started: nothing
 *   S6 鈴木 school_stay cancelled after arriving 2026-06-01 — nothing
 *   S7 佐藤 dual_region in_town, arrived 2026-11-01, planned to leave 11-03, never closed, nobody —
 *      11/1 11/2 = 2 nights × 1 (V2); a stay without members
 *
 * 2026年度:
 *   nights 2 + 5 + 2 + 3 + 2 = 14; person-nights 4 + 5 + 4 + 3 + 2 = 18
 *   V1: 4 + 3 = 7 person-nights × 10,800 = 75,600
 *   V2: 2 + 4 + 3 + 2 = 11 person-nights × 11,111.7345 = 122,229.0795
 *   ripple 197,829.0795 → 197,829 yen (rounded once, at the end)
 *   relationship population: 一郎 次郎 = 2 (太郎 花子 came first in 2025年度)
 *   repeaters: 花子 = 1; arrivals (distinct people arriving): 花子 一郎 次郎 = 3
 *   stays without members: S4 S7 = 2
 *   months: 04 2 n / 4 p-n / 43,200; 09 3 / 3 / 32,400; 10 2 / 2 / 22,223.469 → 22,223;
 *           11 2 / 2 / 22,223; 12 2 / 2 / 22,223; 01 1 / 1 / 11,111.7345 → 11,112;
 *           03 2 / 4 / 44,446.938 → 44,447 (the months' own roundings sum to 197,828: the total is
 *           rounded once, so it says 197,829)
 */

let core: AppCore;
let dispose: () => Promise<void>;

interface Tx {
  insert: (table: string, row: object) => string;
}
interface SessionInside {
  writer: { write: (actor: unknown, f: (tx: Tx) => string) => string };
  actor: { id: string; municipalityId: string };
}

const FY_FROM = '2026-04-01';
const FY_TO = '2027-03-31';

async function family(name: string, kana: string): Promise<string> {
  return ((await call(core, 'families.create', { familyName: name, familyNameKana: kana })) as FamilyDetail)
    .id;
}
async function member(familyId: string, givenName: string, kana: string): Promise<string> {
  return (
    (await call(core, 'members.save', {
      familyId,
      givenName,
      givenNameKana: kana,
      relation: 'child',
    })) as MemberView
  ).id;
}
async function stay(fields: Record<string, unknown>): Promise<StayView> {
  return (await call(core, 'stays.save', { memberIds: [], ...fields })) as StayView;
}
const figures = async (from: string, to: string, programme?: string) =>
  (await call(core, 'reports.figures', { from, to, ...(programme ? { programme } : {}) })) as ReportFigures;

const ids: Record<string, string> = {};

beforeEach(async () => {
  ({ core, dispose } = await openTestCore());
  await call(core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '町 管理者',
    role: 'town_admin',
  });
  await call(core, 'reports.setCoefficients', {
    effectiveFrom: '2025-04-01',
    spendPerPersonNightYen: 8000,
    rippleMultiplier: '1.35',
  });
  await call(core, 'reports.setCoefficients', {
    effectiveFrom: '2026-10-01',
    spendPerPersonNightYen: 9001,
    rippleMultiplier: '1.2345',
    note: '2026年度下期から観光統計の改定値',
  });
  const yamada = await family('山田', 'やまだ');
  const suzuki = await family('鈴木', 'すずき');
  const sato = await family('佐藤', 'さとう');
  ids.yamada = yamada;
  ids.sato = sato;
  const taro = await member(yamada, '太郎', 'たろう');
  const hanako = await member(yamada, '花子', 'はなこ');
  const ichiro = await member(suzuki, '一郎', 'いちろう');
  const jiro = await member(suzuki, '次郎', 'じろう');
  Object.assign(ids, { taro, hanako, ichiro, jiro });
  const done = (familyId: string, programme: string, a: string, d: string, memberIds: string[] = []) =>
    stay({
      familyId,
      programme,
      plannedArrival: a,
      plannedDeparture: d,
      actualArrival: a,
      actualDeparture: d,
      status: 'completed',
      memberIds,
    });
  ids.s0 = (await done(sato, 'trial_living', '2025-03-30', '2025-04-02')).id;
  ids.s1 = (await done(yamada, 'nursery_stay', '2026-03-29', '2026-04-03', [taro, hanako])).id;
  ids.s2 = (await done(yamada, 'school_stay', '2026-09-28', '2026-10-03', [hanako])).id;
  const s3 = {
    familyId: suzuki,
    programme: 'trial_living',
    plannedArrival: '2027-03-30',
    plannedDeparture: '2027-04-02',
    actualArrival: '2027-03-30',
    status: 'in_town',
  };
  const first = await stay({ ...s3, memberIds: [ichiro] });
  // 次郎 joins the stay later: he is one of its people all the same.
  await stay({ ...s3, id: first.id, memberIds: [ichiro, jiro] });
  ids.s3 = first.id;
  ids.s4 = (await done(sato, 'workation', '2026-12-30', '2027-01-02')).id;
  ids.s5 = (
    await stay({
      familyId: yamada,
      programme: 'nursery_stay',
      plannedArrival: '2026-05-01',
      plannedDeparture: '2026-05-05',
      memberIds: [taro],
    })
  ).id;
  await stay({
    familyId: suzuki,
    programme: 'school_stay',
    plannedArrival: '2026-06-01',
    plannedDeparture: '2026-06-05',
    actualArrival: '2026-06-01',
    status: 'cancelled',
    memberIds: [ichiro],
  });
  ids.s7 = (
    await stay({
      familyId: sato,
      programme: 'dual_region',
      plannedArrival: '2026-11-01',
      plannedDeparture: '2026-11-03',
      actualArrival: '2026-11-01',
      status: 'in_town',
    })
  ).id;
});
afterEach(() => dispose());

describe('the KPI engine on a town worked out by hand', () => {
  it('gives 2026年度 its figures, month by month, with the coefficients in force each night', async () => {
    const f = await figures(FY_FROM, FY_TO);
    expect(f.period).toEqual({
      from: FY_FROM,
      to: FY_TO,
      fiscalYear: 2026,
      labels: { japanese: '令和8年度', western: '2026年度', en: 'FY2026' },
    });
    expect(f.totals).toEqual({
      relationshipPopulation: 2,
      nights: 14,
      personNights: 18,
      rippleYen: 197_829,
      unpricedPersonNights: 0,
      repeaters: 1,
      arrivals: 3,
      staysWithoutMembers: 2,
    });
    const month = (m: string, n: number, pn: number, yen: number, extra: object = {}) => ({
      month: m,
      relationshipPopulation: 0,
      nights: n,
      personNights: pn,
      rippleYen: yen,
      unpricedPersonNights: 0,
      repeaters: 0,
      arrivals: 0,
      ...extra,
    });
    expect(f.months).toEqual([
      month('2026-04', 2, 4, 43_200),
      month('2026-05', 0, 0, 0),
      month('2026-06', 0, 0, 0),
      month('2026-07', 0, 0, 0),
      month('2026-08', 0, 0, 0),
      month('2026-09', 3, 3, 32_400, { repeaters: 1, arrivals: 1 }),
      month('2026-10', 2, 2, 22_223),
      month('2026-11', 2, 2, 22_223),
      month('2026-12', 2, 2, 22_223),
      month('2027-01', 1, 1, 11_112),
      month('2027-02', 0, 0, 0),
      month('2027-03', 2, 4, 44_447, { relationshipPopulation: 2, arrivals: 2 }),
    ]);
    expect(f.programmeMonths).toEqual([
      { programme: 'dual_region', month: '2026-11', nights: 2, personNights: 2 },
      { programme: 'nursery_stay', month: '2026-04', nights: 2, personNights: 4 },
      { programme: 'school_stay', month: '2026-09', nights: 3, personNights: 3 },
      { programme: 'school_stay', month: '2026-10', nights: 2, personNights: 2 },
      { programme: 'trial_living', month: '2027-03', nights: 2, personNights: 4 },
      { programme: 'workation', month: '2026-12', nights: 2, personNights: 2 },
      { programme: 'workation', month: '2027-01', nights: 1, personNights: 1 },
    ]);
    expect(
      f.coefficients.map((c) => [
        c.version.effectiveFrom,
        c.version.spendPerPersonNightYen,
        c.version.rippleMultiplier,
        c.from,
        c.to,
        c.personNights,
        c.rippleYen,
      ]),
    ).toEqual([
      ['2025-04-01', 8000, '1.35', FY_FROM, '2026-09-30', 7, 75_600],
      // 11 × 11,111.7345 = 122,229.0795
      ['2026-10-01', 9001, '1.2345', '2026-10-01', FY_TO, 11, 122_229],
    ]);
    expect(f.coefficients[1]?.version.note).toBe('2026年度下期から観光統計の改定値');
    expect(f.coefficientGaps).toEqual([]);
    expect(f.definitions.ripple_yen.ja).toMatch(/四捨五入/);
  });

  it('prices a past period with the coefficients of then, and leaves nights before any unpriced', async () => {
    // 2025-03-01 .. 04-30: S0's 3/30 3/31 (no version yet: unpriced) and 4/1 (V1: 10,800).
    const f = await figures('2025-03-01', '2025-04-30');
    expect(f.period.fiscalYear).toBeNull();
    expect(f.totals).toMatchObject({
      nights: 3,
      personNights: 3,
      rippleYen: 10_800,
      unpricedPersonNights: 2,
    });
    expect(f.coefficientGaps).toEqual([{ from: '2025-03-01', to: '2025-03-31', personNights: 2 }]);
    expect(f.coefficients.map((c) => [c.version.effectiveFrom, c.from, c.to, c.personNights])).toEqual([
      ['2025-04-01', '2025-04-01', '2025-04-30', 1],
    ]);
    // 2025年度: S0's 4/1 (1 p-n) and S1's 3/29 3/30 3/31 (2 people: 6 p-n), all V1 = 7 × 10,800.
    const fy2025 = await figures('2025-04-01', '2026-03-31');
    expect(fy2025.period.labels?.japanese).toBe('令和7年度');
    expect(fy2025.totals).toEqual({
      relationshipPopulation: 2,
      nights: 4,
      personNights: 7,
      rippleYen: 75_600,
      unpricedPersonNights: 0,
      repeaters: 0,
      arrivals: 2,
      staysWithoutMembers: 1,
    });
  });

  it('narrows to one programme: its nights, and the people it brought', async () => {
    // school_stay: S2 only. 3 × 10,800 + 2 × 11,111.7345 = 54,623.469 → 54,623.
    const f = await figures(FY_FROM, FY_TO, 'school_stay');
    expect(f.programme).toBe('school_stay');
    expect(f.totals).toEqual({
      relationshipPopulation: 0,
      nights: 5,
      personNights: 5,
      rippleYen: 54_623,
      unpricedPersonNights: 0,
      repeaters: 1,
      arrivals: 1,
      staysWithoutMembers: 0,
    });
  });

  it('opens the records behind each figure', async () => {
    const drill = async (figure: string, extra: object = {}) =>
      (await call(core, 'reports.drilldown', {
        from: FY_FROM,
        to: FY_TO,
        figure,
        ...extra,
      })) as ReportDrilldown;
    const nights = await drill('nights');
    expect(nights.total).toBe(5);
    expect(
      nights.rows.map((r) => (r.kind === 'stay' ? [r.stayId, r.nights, r.people, r.rippleYen] : null)),
    ).toEqual([
      [ids.s1, 2, 2, 43_200],
      [ids.s2, 5, 1, 54_623],
      [ids.s7, 2, 1, 22_223],
      [ids.s4, 3, 1, 33_335],
      [ids.s3, 2, 2, 44_447],
    ]);
    const october = await drill('person_nights', { month: '2026-10' });
    expect(october.rows.map((r) => (r.kind === 'stay' ? [r.stayId, r.personNights] : null))).toEqual([
      [ids.s2, 2],
    ]);
    const without = await drill('stays_without_members');
    expect(
      without.rows.map((r) => (r.kind === 'stay' ? [r.stayId, r.familyId, r.familyName] : null)),
    ).toEqual([
      [ids.s7, ids.sato, '佐藤'],
      [ids.s4, ids.sato, '佐藤'],
    ]);
    const created = await drill('relationship_population');
    // Same arrival: in member id order (次郎 was created after 一郎, and ids are time-ordered).
    expect(
      created.rows.map((r) => (r.kind === 'person' ? [r.givenName, r.firstArrival, r.stayId] : null)),
    ).toEqual([
      ['一郎', '2027-03-30', ids.s3],
      ['次郎', '2027-03-30', ids.s3],
    ]);
    expect(new Set(created.rows.map((r) => (r.kind === 'person' ? r.memberId : '')))).toEqual(
      new Set([ids.ichiro, ids.jiro]),
    );
    const repeaters = await drill('repeaters');
    expect(
      repeaters.rows.map((r) =>
        r.kind === 'person' ? [r.memberId, r.firstStayId, r.stayId, r.familyName] : null,
      ),
    ).toEqual([[ids.hanako, ids.s1, ids.s2, '山田']]);
    const page = await drill('arrivals', { offset: 1, limit: 1 });
    expect(page.total).toBe(3);
    expect(page.rows).toHaveLength(1);
  });

  it('names the data-quality problems with their records', async () => {
    // Typed in by an older form: a family with no furigana.
    const session = (core as unknown as { session: SessionInside }).session;
    const noKana = session.writer.write(session.actor, (tx) =>
      tx.insert('family', { family_name: '名無', family_name_kana: '', consent_photo: 0, consent_share: 0 }),
    );
    const dq = (await call(core, 'reports.dataQuality', {
      from: '2025-03-01',
      to: FY_TO,
    })) as ReportDataQuality;
    const items = (kind: string) =>
      dq.problems.find((p) => p.kind === kind)?.items.map((i) => i.recordId ?? i.date);
    expect(dq.problems.map((p) => p.kind)).toEqual([
      'stay_not_closed',
      'stay_without_members',
      'family_without_furigana',
      'planned_never_started',
      'no_coefficient',
    ]);
    // "Past" is as of today (the test runs on the real clock): S7 was to leave 2026-11-03, S5 to arrive
    // 2026-05-01; both are judged only once that day has passed.
    const today = dq.asOf;
    expect(items('stay_not_closed')).toEqual(today > '2026-11-03' ? [ids.s7] : []);
    expect(items('planned_never_started')).toEqual(today > '2026-05-01' ? [ids.s5] : []);
    expect(items('stay_without_members')).toEqual([ids.s0, ids.s7, ids.s4]);
    expect(items('family_without_furigana')).toEqual([noKana]);
    expect(dq.problems.find((p) => p.kind === 'no_coefficient')?.items).toEqual([
      { recordId: null, table: null, familyId: null, familyName: '', date: '2025-03-01', to: '2025-03-31' },
    ]);
  });

  it('keeps the coefficient history, and lets only administrators add to it', async () => {
    const history = (await call(core, 'reports.coefficients')) as CoefficientHistory;
    expect(history.canEdit).toBe(true);
    expect(history.versions.map((v) => [v.effectiveFrom, v.rippleMultiplier, v.superseded])).toEqual([
      ['2026-10-01', '1.2345', false],
      ['2025-04-01', '1.35', false],
    ]);
    // A correction for the same date is a new version; the one it replaces stays, superseded.
    const after = (await call(core, 'reports.setCoefficients', {
      effectiveFrom: '2026-10-01',
      spendPerPersonNightYen: 9001,
      rippleMultiplier: '1.5',
    })) as CoefficientHistory;
    expect(after.versions.map((v) => [v.effectiveFrom, v.rippleMultiplier, v.superseded])).toEqual([
      ['2026-10-01', '1.5', false],
      ['2026-10-01', '1.2345', true],
      ['2025-04-01', '1.35', false],
    ]);
    // 75,600 + 11 × 9,001 × 1.5 = 75,600 + 148,516.5 → 224,117 (half up)
    expect((await figures(FY_FROM, FY_TO)).totals.rippleYen).toBe(224_117);

    const bad = await core.invoke('reports.setCoefficients', {
      effectiveFrom: '2026-10-01',
      spendPerPersonNightYen: 9001,
      rippleMultiplier: '1.23456',
    });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'rippleMultiplier' });

    await call(core, 'profile.update', { displayName: '田中 美咲', role: 'coordinator' });
    const coordinatorView = (await call(core, 'reports.coefficients')) as CoefficientHistory;
    expect(coordinatorView.canEdit).toBe(false);
    expect((await figures(FY_FROM, FY_TO)).totals.nights).toBe(14);
    const refused = await core.invoke('reports.setCoefficients', {
      effectiveFrom: '2027-04-01',
      spendPerPersonNightYen: 1,
      rippleMultiplier: '1',
    });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    expect(((await call(core, 'reports.coefficients')) as CoefficientHistory).versions).toHaveLength(3);

    await call(core, 'profile.update', { displayName: '田中 美咲', role: 'surveyor' });
    const surveyor = await core.invoke('reports.figures', { from: FY_FROM, to: FY_TO });
    expect(surveyor.ok ? null : surveyor.error.code).toBe('FORBIDDEN');
  });
});
