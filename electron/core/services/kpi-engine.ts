import type { Programme } from '../../../shared/domain/enums.ts';
import { effectiveVersions, multiplierE4, roundYen } from '../../../shared/domain/kpi/coefficients.ts';
import { dayDate, dayNumber, kpiDay, monthsBetween } from '../../../shared/domain/kpi/days.ts';
import type {
  CoefficientGap,
  CoefficientUse,
  CoefficientVersion,
  ReportMonth,
  ReportProgrammeMonth,
  ReportTotals,
} from '../../../shared/ipc/views/reports.ts';

/**
 * The KPI engine (docs/reports.md): the grant figures of one town for any period, computed from the
 * town's stays, who was on them and its coefficient versions. Pure: the loader (load.ts) reads the
 * records, this turns them into figures. Its rules are the server's (server/migrations/0002_kpi.sql,
 * 0009 and 0012), and tests/sync/kpi.property.test.ts holds the two to the same numbers.
 */

/** A stay as stored (the columns the figures read). */
export interface StoredStay {
  id: string;
  family_id: string;
  programme: string;
  planned_arrival: string | null;
  planned_departure: string | null;
  actual_arrival: string | null;
  actual_departure: string | null;
  status: string | null;
}

/** A started stay with readable effective dates, as day numbers. */
export interface StartedStay {
  id: string;
  familyId: string;
  programme: string;
  arrival: number;
  departure: number;
}

/**
 * Started: not cancelled, and begun (an actual arrival, or a status that says the family came). A
 * planned stay is not counted until it starts. Actual dates win over planned ones, per column; a stay
 * whose effective dates are not days the app supports is left out (as the server's kpi_date does).
 * (Deleted stays never reach here: the loader leaves them out.)
 */
export function startedStay(s: StoredStay, cache?: Map<string, number | null>): StartedStay | null {
  if (s.status === 'cancelled') return null;
  if (s.actual_arrival === null && s.status !== 'in_town' && s.status !== 'completed') return null;
  const day = (text: string | null): number | null => {
    if (text === null || cache === undefined) return kpiDay(text);
    let d = cache.get(text);
    if (d === undefined) {
      d = kpiDay(text);
      cache.set(text, d);
    }
    return d;
  };
  const arrival = day(s.actual_arrival ?? s.planned_arrival);
  const departure = day(s.actual_departure ?? s.planned_departure);
  if (arrival === null || departure === null) return null;
  return { id: s.id, familyId: s.family_id, programme: s.programme, arrival, departure };
}

/** A coefficient version whose values the figures can use. */
interface PricedVersion {
  version: CoefficientVersion;
  from: number;
  /** spend × multiplier, in ten-thousandths of a yen per person-night. */
  rateE4: bigint;
}

export interface KpiRecords {
  stays: StartedStay[];
  /** Distinct people (member ids) recorded on each started stay. */
  people: Map<string, readonly string[]>;
  versions: CoefficientVersion[];
}

/** One stay's part of the figures: its nights in the period (or month), and their ripple. */
export interface StayFigure {
  stay: StartedStay;
  nights: number;
  people: number;
  hasMembers: boolean;
  personNights: number;
  /** Null when none of these nights had coefficients in force. */
  rippleYen: number | null;
}

/** A person's part: their first started stay, and the stays that bring them into the period. */
export interface PersonFigure {
  memberId: string;
  firstArrival: number;
  firstStay: StartedStay;
  /** Started stays arriving in the period (of the programme, when one is asked for), by arrival. */
  inPeriod: StartedStay[];
}

export interface KpiPeriodFigures {
  totals: ReportTotals;
  months: ReportMonth[];
  programmeMonths: ReportProgrammeMonth[];
  coefficients: CoefficientUse[];
  coefficientGaps: CoefficientGap[];
}

function exact(n: bigint): number {
  const v = Number(n);
  if (!Number.isSafeInteger(v)) throw new Error(`KPI figure ${n} exceeds the exact range of a number`);
  return v;
}

/** The town's figures and the details behind them, for [from, to] (dates, both included). */
export class KpiEngine {
  private readonly records: KpiRecords;
  private readonly priced: PricedVersion[];

  constructor(records: KpiRecords) {
    this.records = records;
    this.priced = [];
    const usable = records.versions.filter(
      (v) => kpiDay(v.effectiveFrom) !== null && multiplierE4(v.rippleMultiplier) !== null,
    );
    for (const version of effectiveVersions(usable)) {
      const m = multiplierE4(version.rippleMultiplier) as bigint;
      this.priced.push({
        version,
        from: kpiDay(version.effectiveFrom) as number,
        rateE4: BigInt(version.spendPerPersonNightYen) * m,
      });
    }
  }

  /** The versions that take effect, in date order (superseded ones left out). */
  effective(): CoefficientVersion[] {
    return this.priced.map((p) => p.version);
  }

  /** For each day of the period, the index (in `priced`) of the version in force, or −1. */
  private coefficientIndex(p0: number, p1: number): Int32Array {
    const index = new Int32Array(p1 - p0 + 1).fill(-1);
    this.priced.forEach((p, i) => {
      const next = this.priced[i + 1]?.from ?? Number.POSITIVE_INFINITY;
      for (let d = Math.max(p.from, p0); d <= p1 && d < next; d += 1) index[d - p0] = i;
    });
    return index;
  }

  private monthIndex(p0: number, p1: number, months: readonly string[]): Int32Array {
    const index = new Int32Array(p1 - p0 + 1);
    let m = 0;
    for (let d = p0; d <= p1; d += 1) {
      const date = dayDate(d);
      while (months[m] !== date.slice(0, 7)) m += 1;
      index[d - p0] = m;
    }
    return index;
  }

  figures(from: string, to: string, programme: Programme | null): KpiPeriodFigures {
    const p0 = dayNumber(from);
    const p1 = dayNumber(to);
    const months = monthsBetween(from, to);
    const monthOf = this.monthIndex(p0, p1, months);
    const coefOf = this.coefficientIndex(p0, p1);
    const nv = this.priced.length;
    const nm = months.length;
    const nights = new Array<number>(nm).fill(0);
    const personNights = new Array<number>(nm).fill(0);
    const unpriced = new Array<number>(nm).fill(0);
    /** Person-nights per month and version: month × nv + version. */
    const pnByMonthVersion = new Array<number>(nm * nv).fill(0);
    const pnByDay = new Float64Array(p1 - p0 + 1);
    const byProgramme = new Map<string, { nights: number[]; personNights: number[] }>();
    let withoutMembers = 0;

    for (const stay of this.records.stays) {
      if (programme !== null && stay.programme !== programme) continue;
      const a = Math.max(stay.arrival, p0);
      const b = Math.min(stay.departure - 1, p1);
      if (a > b) continue;
      const members = this.records.people.get(stay.id)?.length ?? 0;
      const people = members > 0 ? members : 1;
      if (members === 0) withoutMembers += 1;
      let prog = byProgramme.get(stay.programme);
      if (!prog) {
        prog = { nights: new Array<number>(nm).fill(0), personNights: new Array<number>(nm).fill(0) };
        byProgramme.set(stay.programme, prog);
      }
      for (let d = a; d <= b; d += 1) {
        const i = d - p0;
        const m = monthOf[i] as number;
        const c = coefOf[i] as number;
        nights[m] = (nights[m] as number) + 1;
        personNights[m] = (personNights[m] as number) + people;
        prog.nights[m] = (prog.nights[m] as number) + 1;
        prog.personNights[m] = (prog.personNights[m] as number) + people;
        pnByDay[i] = (pnByDay[i] as number) + people;
        if (c < 0) unpriced[m] = (unpriced[m] as number) + people;
        else pnByMonthVersion[m * nv + c] = (pnByMonthVersion[m * nv + c] as number) + people;
      }
    }

    // People: everyone's first started stay in the town (any programme), and their arrivals in the period.
    const people = this.people(p0, p1, programme);
    const createdByMonth = new Array<number>(nm).fill(0);
    const arrivalsByMonth = new Array<number>(nm).fill(0);
    const repeatersByMonth = new Array<number>(nm).fill(0);
    let created = 0;
    let arrivals = 0;
    let repeaters = 0;
    for (const person of people) {
      if (person.firstArrival >= p0 && person.firstArrival <= p1) {
        if (programme === null || person.firstStay.programme === programme) {
          created += 1;
          const m = monthOf[person.firstArrival - p0] as number;
          createdByMonth[m] = (createdByMonth[m] as number) + 1;
        }
      }
      if (person.inPeriod.length === 0) continue;
      arrivals += 1;
      if (person.inPeriod.some((s) => s.arrival > person.firstArrival)) repeaters += 1;
      const arrivedIn = new Set<number>();
      const repeatedIn = new Set<number>();
      for (const s of person.inPeriod) {
        const m = monthOf[s.arrival - p0] as number;
        arrivedIn.add(m);
        if (s.arrival > person.firstArrival) repeatedIn.add(m);
      }
      for (const m of arrivedIn) arrivalsByMonth[m] = (arrivalsByMonth[m] as number) + 1;
      for (const m of repeatedIn) repeatersByMonth[m] = (repeatersByMonth[m] as number) + 1;
    }

    // Money: exact ten-thousandths of a yen, rounded once per figure.
    const versionPn = new Array<number>(nv).fill(0);
    let totalE4 = 0n;
    const monthRows: ReportMonth[] = months.map((month, m) => {
      let e4 = 0n;
      for (let v = 0; v < nv; v += 1) {
        const pn = pnByMonthVersion[m * nv + v] as number;
        if (pn === 0) continue;
        versionPn[v] = (versionPn[v] as number) + pn;
        e4 += BigInt(pn) * (this.priced[v] as PricedVersion).rateE4;
      }
      totalE4 += e4;
      return {
        month,
        relationshipPopulation: createdByMonth[m] as number,
        nights: nights[m] as number,
        personNights: personNights[m] as number,
        rippleYen: exact(roundYen(e4)),
        unpricedPersonNights: unpriced[m] as number,
        repeaters: repeatersByMonth[m] as number,
        arrivals: arrivalsByMonth[m] as number,
      };
    });

    const coefficients: CoefficientUse[] = [];
    this.priced.forEach((p, v) => {
      const next = this.priced[v + 1]?.from ?? Number.POSITIVE_INFINITY;
      const a = Math.max(p.from, p0);
      const b = Math.min(next - 1, p1);
      if (a > b) return;
      const pn = versionPn[v] as number;
      coefficients.push({
        version: p.version,
        from: dayDate(a),
        to: dayDate(b),
        personNights: pn,
        rippleYen: exact(roundYen(BigInt(pn) * p.rateE4)),
      });
    });
    const coefficientGaps: CoefficientGap[] = [];
    for (let d = p0; d <= p1; d += 1) {
      if ((coefOf[d - p0] as number) >= 0) continue;
      let e = d;
      let pn = 0;
      while (e <= p1 && (coefOf[e - p0] as number) < 0) {
        pn += pnByDay[e - p0] as number;
        e += 1;
      }
      coefficientGaps.push({ from: dayDate(d), to: dayDate(e - 1), personNights: pn });
      d = e;
    }

    const programmeMonths: ReportProgrammeMonth[] = [];
    for (const [prog, t] of [...byProgramme].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      months.forEach((month, m) => {
        if ((t.nights[m] as number) === 0) return;
        programmeMonths.push({
          programme: prog as Programme,
          month,
          nights: t.nights[m] as number,
          personNights: t.personNights[m] as number,
        });
      });
    }

    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    return {
      totals: {
        relationshipPopulation: created,
        nights: sum(nights),
        personNights: sum(personNights),
        rippleYen: exact(roundYen(totalE4)),
        unpricedPersonNights: sum(unpriced),
        repeaters,
        arrivals,
        staysWithoutMembers: withoutMembers,
      },
      months: monthRows,
      programmeMonths,
      coefficients,
      coefficientGaps,
    };
  }

  /**
   * Everyone who was on a started stay, with their first started stay in the town (earliest arrival,
   * then the smaller stay id) and their started stays arriving in [p0, p1] (of `programme`, if given).
   */
  people(p0: number, p1: number, programme: Programme | null): PersonFigure[] {
    const byMember = new Map<string, PersonFigure>();
    for (const stay of this.records.stays) {
      for (const memberId of this.records.people.get(stay.id) ?? []) {
        let person = byMember.get(memberId);
        if (!person) {
          person = { memberId, firstArrival: stay.arrival, firstStay: stay, inPeriod: [] };
          byMember.set(memberId, person);
        } else if (
          stay.arrival < person.firstArrival ||
          (stay.arrival === person.firstArrival && stay.id < person.firstStay.id)
        ) {
          person.firstArrival = stay.arrival;
          person.firstStay = stay;
        }
        if (
          stay.arrival >= p0 &&
          stay.arrival <= p1 &&
          (programme === null || stay.programme === programme)
        ) {
          person.inPeriod.push(stay);
        }
      }
    }
    for (const person of byMember.values()) {
      person.inPeriod.sort((a, b) => a.arrival - b.arrival || (a.id < b.id ? -1 : 1));
    }
    return [...byMember.values()];
  }

  /** Each stay with nights in [p0, p1] (of `programme`, if given), with those nights' figures. */
  stays(p0: number, p1: number, programme: Programme | null): StayFigure[] {
    const coefOf = this.coefficientIndex(p0, p1);
    const rows: StayFigure[] = [];
    for (const stay of this.records.stays) {
      if (programme !== null && stay.programme !== programme) continue;
      const a = Math.max(stay.arrival, p0);
      const b = Math.min(stay.departure - 1, p1);
      if (a > b) continue;
      const members = this.records.people.get(stay.id)?.length ?? 0;
      const people = members > 0 ? members : 1;
      let e4 = 0n;
      let priced = 0;
      for (let d = a; d <= b; d += 1) {
        const c = coefOf[d - p0] as number;
        if (c < 0) continue;
        priced += 1;
        e4 += BigInt(people) * (this.priced[c] as PricedVersion).rateE4;
      }
      const n = b - a + 1;
      rows.push({
        stay,
        nights: n,
        people,
        hasMembers: members > 0,
        personNights: n * people,
        rippleYen: priced > 0 ? exact(roundYen(e4)) : null,
      });
    }
    rows.sort((x, y) => x.stay.arrival - y.stay.arrival || (x.stay.id < y.stay.id ? -1 : 1));
    return rows;
  }
}
