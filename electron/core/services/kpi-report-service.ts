import type BetterSqlite3 from 'better-sqlite3';
import { japanDate } from '../../../shared/domain/dates.ts';
import type { Programme, Role } from '../../../shared/domain/enums.ts';
import { fiscalYearLabels, fiscalYearOfPeriod } from '../../../shared/domain/fiscal-year.ts';
import type { DrilldownFigure } from '../../../shared/domain/inputs/reports.ts';
import { dayDate, dayNumber, kpiDay } from '../../../shared/domain/kpi/days.ts';
import { KPI_DEFINITIONS } from '../../../shared/domain/kpi/definitions.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  type CoefficientHistory,
  type CoefficientVersion,
  DATA_QUALITY_KINDS,
  type DataQualityItem,
  type DataQualityKind,
  type DrilldownPerson,
  type DrilldownStay,
  type ReportDataQuality,
  type ReportDrilldown,
  type ReportFigures,
  type ReportPeriod,
} from '../../../shared/ipc/views/reports.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';
import { KpiEngine, type KpiRecords, type StoredStay, startedStay } from './kpi-engine.ts';

export interface ReportContext {
  sqlite: BetterSqlite3.Database;
  writer: RecordWriter;
  actor: Actor;
  role: Role;
  now: () => Date;
}

/**
 * Who sees the town's figures on this laptop: coordinators (they keep the records the figures come
 * from, and fix what data quality finds) and administrators. Surveyors work on houses, not stays.
 * Only administrators set the coefficients (the server refuses anyone else's push of them as well).
 */
const VIEWERS: readonly Role[] = ['coordinator', 'town_admin', 'consortium_admin'];
const COEFFICIENT_SETTERS: readonly Role[] = ['town_admin', 'consortium_admin'];

/** At most this many items per data-quality problem; the count is always the whole number. */
const MAX_ITEMS = 200;

interface VersionRow {
  id: string;
  effective_from: string;
  spend_per_person_night_yen: number;
  ripple_multiplier: string;
  note: string | null;
  created_by: string;
  set_at: string;
}

function versionOf(r: VersionRow): CoefficientVersion {
  return {
    id: r.id,
    effectiveFrom: r.effective_from,
    spendPerPersonNightYen: r.spend_per_person_night_yen,
    rippleMultiplier: r.ripple_multiplier,
    note: r.note,
    setBy: r.created_by,
    setAt: r.set_at,
  };
}

function periodOf(from: string, to: string): ReportPeriod {
  const fiscalYear = fiscalYearOfPeriod(from, to);
  return { from, to, fiscalYear, labels: fiscalYear === null ? null : fiscalYearLabels(fiscalYear) };
}

/** The last day of a 'YYYY-MM' month. */
function monthEnd(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return dayDate(
    dayNumber(
      `${String(m === 12 ? y + 1 : y).padStart(4, '0')}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`,
    ) - 1,
  );
}

/**
 * The レポート screen's service: the KPI figures of the town, the records behind them, data quality and
 * the coefficient history. Every answer is computed from the records on this laptop, offline.
 */
export class ReportService {
  private readonly ctx: ReportContext;

  constructor(ctx: ReportContext) {
    this.ctx = ctx;
  }

  private requireViewer(): void {
    if (!VIEWERS.includes(this.ctx.role)) {
      throw new AppError('FORBIDDEN', `the role ${this.ctx.role} may not see the town's figures`);
    }
  }

  private versions(): CoefficientVersion[] {
    return (
      this.ctx.sqlite
        .prepare(
          `SELECT id, effective_from, spend_per_person_night_yen, ripple_multiplier, note, created_by, set_at
             FROM kpi_coefficient WHERE municipality_id = ? AND deleted_at IS NULL`,
        )
        .all(this.ctx.actor.municipalityId) as VersionRow[]
    ).map(versionOf);
  }

  /**
   * The town's records as the engine needs them: its started stays (the rule of `startedStay`, the
   * cheap part of it in SQL so planned and cancelled stays are not even read) and who was on them.
   */
  records(): KpiRecords {
    const town = this.ctx.actor.municipalityId;
    const rows = this.ctx.sqlite
      .prepare(
        `SELECT id, family_id, programme, planned_arrival, planned_departure, actual_arrival,
                actual_departure, status
           FROM stay
          WHERE municipality_id = ? AND deleted_at IS NULL AND coalesce(status, '') <> 'cancelled'
            AND (actual_arrival IS NOT NULL OR status IN ('in_town', 'completed'))`,
      )
      .all(town) as StoredStay[];
    const stays = [];
    const days = new Map<string, number | null>();
    for (const s of rows) {
      const started = startedStay(s, days);
      if (started) stays.push(started);
    }
    const people = new Map<string, string[]>();
    const links = this.ctx.sqlite
      .prepare('SELECT stay_id, member_id FROM stay_member WHERE municipality_id = ? AND deleted_at IS NULL')
      .raw()
      .all(town) as [string, string][];
    for (const [stayId, memberId] of links) {
      const list = people.get(stayId);
      // Two laptops may each have added the same person: still one person.
      if (!list) people.set(stayId, [memberId]);
      else if (!list.includes(memberId)) list.push(memberId);
    }
    return { stays, people, versions: this.versions() };
  }

  engine(): KpiEngine {
    return new KpiEngine(this.records());
  }

  figures(from: string, to: string, programme: Programme | null): ReportFigures {
    this.requireViewer();
    const f = this.engine().figures(from, to, programme);
    return { period: periodOf(from, to), programme, ...f, definitions: KPI_DEFINITIONS };
  }

  drilldown(input: {
    from: string;
    to: string;
    figure: DrilldownFigure;
    month?: string | undefined;
    programme?: Programme | undefined;
    offset: number;
    limit: number;
  }): ReportDrilldown {
    this.requireViewer();
    let from = input.from;
    let to = input.to;
    if (input.month !== undefined) {
      // The month's part of the period (none when the month lies outside it).
      from = `${input.month}-01` > from ? `${input.month}-01` : from;
      const end = monthEnd(input.month);
      to = end < to ? end : to;
    }
    const programme = input.programme ?? null;
    const engine = this.engine();
    const p0 = dayNumber(from);
    const p1 = dayNumber(to);
    let all: (DrilldownStay | DrilldownPerson)[] = [];
    if (p0 <= p1) {
      const families = this.familyNames();
      if (
        input.figure === 'relationship_population' ||
        input.figure === 'repeaters' ||
        input.figure === 'arrivals'
      ) {
        const names = this.memberNames();
        const people = engine.people(p0, p1, programme).filter((p) => {
          if (input.figure === 'relationship_population') {
            return (
              p.firstArrival >= p0 &&
              p.firstArrival <= p1 &&
              (programme === null || p.firstStay.programme === programme)
            );
          }
          if (input.figure === 'repeaters') return p.inPeriod.some((s) => s.arrival > p.firstArrival);
          return p.inPeriod.length > 0;
        });
        all = people.map((p): DrilldownPerson => {
          const stay =
            input.figure === 'relationship_population'
              ? p.firstStay
              : input.figure === 'repeaters'
                ? (p.inPeriod.find((s) => s.arrival > p.firstArrival) ?? p.firstStay)
                : (p.inPeriod[0] ?? p.firstStay);
          const member = names.get(p.memberId);
          const familyId = member?.familyId ?? stay.familyId;
          const family = families.get(familyId);
          return {
            kind: 'person',
            memberId: p.memberId,
            familyId,
            familyName: family?.name ?? '',
            familyErased: family?.erased ?? false,
            givenName: member?.givenName ?? '',
            firstArrival: dayDate(p.firstArrival),
            firstStayId: p.firstStay.id,
            stayId: stay.id,
            arrival: dayDate(stay.arrival),
          };
        });
        all.sort((a, b) => {
          const x = a as DrilldownPerson;
          const y = b as DrilldownPerson;
          return x.arrival < y.arrival ? -1 : x.arrival > y.arrival ? 1 : x.memberId < y.memberId ? -1 : 1;
        });
      } else {
        const stays = engine
          .stays(p0, p1, programme)
          .filter((s) => input.figure !== 'stays_without_members' || !s.hasMembers);
        all = stays.map((s): DrilldownStay => {
          const family = families.get(s.stay.familyId);
          return {
            kind: 'stay',
            stayId: s.stay.id,
            familyId: s.stay.familyId,
            familyName: family?.name ?? '',
            familyErased: family?.erased ?? false,
            programme: s.stay.programme as Programme,
            arrival: dayDate(s.stay.arrival),
            departure: dayDate(s.stay.departure),
            nights: s.nights,
            people: s.people,
            hasMembers: s.hasMembers,
            personNights: s.personNights,
            rippleYen: s.rippleYen,
          };
        });
      }
    }
    return {
      figure: input.figure,
      from: input.from,
      to: input.to,
      month: input.month ?? null,
      programme,
      total: all.length,
      offset: input.offset,
      limit: input.limit,
      rows: all.slice(input.offset, input.offset + input.limit),
    };
  }

  private familyNames(): Map<string, { name: string; erased: boolean }> {
    const rows = this.ctx.sqlite
      .prepare('SELECT id, family_name, erased_at FROM family WHERE municipality_id = ?')
      .all(this.ctx.actor.municipalityId) as { id: string; family_name: string; erased_at: string | null }[];
    return new Map(rows.map((r) => [r.id, { name: r.family_name, erased: r.erased_at !== null }]));
  }

  private memberNames(): Map<string, { familyId: string; givenName: string }> {
    const rows = this.ctx.sqlite
      .prepare('SELECT id, family_id, given_name FROM family_member WHERE municipality_id = ?')
      .all(this.ctx.actor.municipalityId) as { id: string; family_id: string; given_name: string }[];
    return new Map(rows.map((r) => [r.id, { familyId: r.family_id, givenName: r.given_name }]));
  }

  dataQuality(from: string, to: string): ReportDataQuality {
    this.requireViewer();
    const town = this.ctx.actor.municipalityId;
    const asOf = japanDate(this.ctx.now());
    const families = this.familyNames();
    const found = new Map<DataQualityKind, DataQualityItem[]>(DATA_QUALITY_KINDS.map((k) => [k, []]));
    const add = (kind: DataQualityKind, item: DataQualityItem) => found.get(kind)?.push(item);
    const stayItem = (s: { id: string; family_id: string }, date: string | null): DataQualityItem => ({
      recordId: s.id,
      table: 'stay',
      familyId: s.family_id,
      familyName: families.get(s.family_id)?.name ?? '',
      date,
      to: null,
    });

    const stored = this.ctx.sqlite
      .prepare(
        `SELECT id, family_id, programme, planned_arrival, planned_departure, actual_arrival,
                actual_departure, status
           FROM stay WHERE municipality_id = ? AND deleted_at IS NULL
          ORDER BY coalesce(actual_arrival, planned_arrival), id`,
      )
      .all(town) as StoredStay[];
    const p0 = dayNumber(from);
    const p1 = dayNumber(to);
    for (const s of stored) {
      const started = startedStay(s);
      if (started) {
        // Still in town on paper after its planned departure, with the period touched by the stay.
        const planned = kpiDay(s.planned_departure);
        if (
          s.status !== 'completed' &&
          s.actual_departure === null &&
          planned !== null &&
          s.planned_departure !== null &&
          s.planned_departure < asOf &&
          started.arrival <= p1 &&
          started.departure >= p0
        ) {
          add('stay_not_closed', stayItem(s, s.planned_departure));
        }
      } else if (
        s.status !== 'cancelled' &&
        s.actual_arrival === null &&
        s.planned_arrival !== null &&
        s.planned_arrival < asOf &&
        s.planned_arrival <= to &&
        (s.planned_departure ?? s.planned_arrival) >= from
      ) {
        add('planned_never_started', stayItem(s, s.planned_arrival));
      }
    }
    const engine = this.engine();
    for (const s of engine.stays(p0, p1, null)) {
      if (s.hasMembers) continue;
      add(
        'stay_without_members',
        stayItem({ id: s.stay.id, family_id: s.stay.familyId }, dayDate(s.stay.arrival)),
      );
    }
    const noKana = this.ctx.sqlite
      .prepare(
        `SELECT id, family_name FROM family
          WHERE municipality_id = ? AND deleted_at IS NULL AND erased_at IS NULL AND trim(family_name_kana) = ''
          ORDER BY family_name, id`,
      )
      .all(town) as { id: string; family_name: string }[];
    for (const f of noKana) {
      add('family_without_furigana', {
        recordId: f.id,
        table: 'family',
        familyId: f.id,
        familyName: f.family_name,
        date: null,
        to: null,
      });
    }
    for (const gap of engine.figures(from, to, null).coefficientGaps) {
      add('no_coefficient', {
        recordId: null,
        table: null,
        familyId: null,
        familyName: '',
        date: gap.from,
        to: gap.to,
      });
    }
    return {
      from,
      to,
      asOf,
      problems: DATA_QUALITY_KINDS.map((kind) => {
        const items = found.get(kind) ?? [];
        return { kind, count: items.length, items: items.slice(0, MAX_ITEMS) };
      }),
    };
  }

  coefficients(): CoefficientHistory {
    this.requireViewer();
    const all = this.versions();
    const effective = new Set(
      this.engine()
        .effective()
        .map((v) => v.id),
    );
    const versions = all
      .map((v) => ({ ...v, superseded: !effective.has(v.id) }))
      .sort((a, b) =>
        a.effectiveFrom !== b.effectiveFrom
          ? a.effectiveFrom < b.effectiveFrom
            ? 1
            : -1
          : a.setAt !== b.setAt
            ? a.setAt < b.setAt
              ? 1
              : -1
            : a.id < b.id
              ? 1
              : -1,
      );
    return { versions, canEdit: COEFFICIENT_SETTERS.includes(this.ctx.role) };
  }

  /** A new version (the history is never rewritten); audited by the write path like every record. */
  setCoefficients(input: {
    effectiveFrom: string;
    spendPerPersonNightYen: number;
    rippleMultiplier: string;
    note?: string | null | undefined;
  }): CoefficientHistory {
    if (!COEFFICIENT_SETTERS.includes(this.ctx.role)) {
      throw new AppError('FORBIDDEN', `the role ${this.ctx.role} may not set the KPI coefficients`);
    }
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      tx.insert('kpi_coefficient', {
        effective_from: input.effectiveFrom,
        spend_per_person_night_yen: input.spendPerPersonNightYen,
        ripple_multiplier: input.rippleMultiplier,
        note: input.note ?? null,
        set_at: this.ctx.now().toISOString(),
      });
    });
    return this.coefficients();
  }
}
