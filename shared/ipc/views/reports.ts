import type { Programme } from '../../domain/enums.ts';
import type { DrilldownFigure } from '../../domain/inputs/reports.ts';
import type { KPI_DEFINITIONS } from '../../domain/kpi/definitions.ts';

/**
 * The レポート screen's views (docs/reports.md): the town's KPI figures for a period, the records behind
 * each figure, the data-quality problems that make a figure doubtful, and the coefficient history.
 * Plain JSON, camelCase. Yen are whole yen; a multiplier is exact decimal text ('1.35').
 */

/** How a period is labelled: a 年度 when it is exactly one. */
export interface ReportPeriod {
  from: string;
  to: string;
  /** The 年度 when the period is exactly 1 April .. 31 March, else null. */
  fiscalYear: number | null;
  /** '令和8年度' / '2026年度' / 'FY2026', when `fiscalYear` is set. */
  labels: { japanese: string; western: string; en: string } | null;
}

export interface ReportTotals {
  relationshipPopulation: number;
  nights: number;
  personNights: number;
  /** Person-nights × spend × multiplier of the nights with coefficients in force, rounded half up at the end. */
  rippleYen: number;
  /** Person-nights with no coefficients in force: not priced (their ripple is "not set"). */
  unpricedPersonNights: number;
  repeaters: number;
  arrivals: number;
  staysWithoutMembers: number;
}

/**
 * One month of the period (every month it touches, empty ones too, in order). Nights, person-nights,
 * relationship population and unpriced person-nights add up over the months to the totals, so a
 * cumulative line is a running sum. `rippleYen` is the month's own ripple rounded on its own: the
 * months' rounded amounts may differ from the total by a yen or so, since the total is rounded once.
 * Repeaters and arrivals count distinct people within the month, and do not add up.
 */
export interface ReportMonth {
  month: string;
  relationshipPopulation: number;
  nights: number;
  personNights: number;
  rippleYen: number;
  unpricedPersonNights: number;
  repeaters: number;
  arrivals: number;
}

/** Nights and person-nights of one programme in one month (only where there were nights). */
export interface ReportProgrammeMonth {
  programme: Programme;
  month: string;
  nights: number;
  personNights: number;
}

/** A coefficient version as set (the history is append-only: a change is a new version). */
export interface CoefficientVersion {
  id: string;
  /** The first night it applies to; it holds until the next version's `effectiveFrom`. */
  effectiveFrom: string;
  spendPerPersonNightYen: number;
  rippleMultiplier: string;
  note: string | null;
  /** Who set it (the staff member's id on the server) and when (an instant). */
  setBy: string;
  setAt: string;
}

/**
 * A coefficient version as used for a period: the part of the period it was in force, and what it
 * priced there. A period that spans a change lists both versions, each with its own dates.
 */
export interface CoefficientUse {
  version: CoefficientVersion;
  /** The days of the period this version was in force (inclusive). */
  from: string;
  to: string;
  personNights: number;
  rippleYen: number;
}

/** Days of the period with no coefficients in force (inclusive), and the person-nights left unpriced. */
export interface CoefficientGap {
  from: string;
  to: string;
  personNights: number;
}

export interface ReportFigures {
  period: ReportPeriod;
  programme: Programme | null;
  totals: ReportTotals;
  months: ReportMonth[];
  programmeMonths: ReportProgrammeMonth[];
  coefficients: CoefficientUse[];
  coefficientGaps: CoefficientGap[];
  /** The one copy of the definitions (shared/domain/kpi/definitions.ts), ja and en. */
  definitions: typeof KPI_DEFINITIONS;
}

/** A stay behind a nights, person-nights, ripple or stays-without-members figure. */
export interface DrilldownStay {
  kind: 'stay';
  stayId: string;
  familyId: string;
  /** Empty when the family's personal data was erased (the stay still counts). */
  familyName: string;
  familyErased: boolean;
  programme: Programme;
  /** Effective dates: actual where known, else planned. */
  arrival: string;
  departure: string;
  /** Within the period (and month, when one was asked for). */
  nights: number;
  people: number;
  hasMembers: boolean;
  personNights: number;
  /** Ripple of these nights, rounded on its own; null when none of its nights had coefficients. */
  rippleYen: number | null;
}

/** A person behind a relationship-population, repeaters or arrivals figure. */
export interface DrilldownPerson {
  kind: 'person';
  memberId: string;
  familyId: string;
  familyName: string;
  familyErased: boolean;
  /** Empty when erased. */
  givenName: string;
  /** The person's first started stay in the town. */
  firstArrival: string;
  firstStayId: string;
  /** The stay that puts them in this figure (the first in the period). */
  stayId: string;
  arrival: string;
}

export interface ReportDrilldown {
  figure: DrilldownFigure;
  from: string;
  to: string;
  month: string | null;
  programme: Programme | null;
  /** How many records in all; `rows` is the page [offset, offset + limit). */
  total: number;
  offset: number;
  limit: number;
  rows: (DrilldownStay | DrilldownPerson)[];
}

export const DATA_QUALITY_KINDS = [
  /** In town past its planned departure, never closed (no actual departure). */
  'stay_not_closed',
  /** A started stay with nights in the period but nobody recorded on it (counted as one person). */
  'stay_without_members',
  /** A family (not erased) whose furigana is empty. */
  'family_without_furigana',
  /** Planned arrival passed, still planned, never started. */
  'planned_never_started',
  /** Days of the period with no coefficients in force. */
  'no_coefficient',
] as const;
export type DataQualityKind = (typeof DATA_QUALITY_KINDS)[number];

export interface DataQualityItem {
  /** The stay or family id; null for a period without coefficients. */
  recordId: string | null;
  /** 'stay' or 'family': which page the id opens; null for a period. */
  table: 'stay' | 'family' | null;
  familyId: string | null;
  familyName: string;
  /** The date that makes it a problem (planned departure, planned arrival) or the gap's first day. */
  date: string | null;
  /** For a gap: its last day. */
  to: string | null;
}

export interface DataQualityProblem {
  kind: DataQualityKind;
  count: number;
  /** At most 200 items; `count` is the whole number. */
  items: DataQualityItem[];
}

export interface ReportDataQuality {
  from: string;
  to: string;
  /** As of this day (Japan time) for "past its planned date". */
  asOf: string;
  /** Every kind, in DATA_QUALITY_KINDS order, with count 0 where there is nothing. */
  problems: DataQualityProblem[];
}

export interface CoefficientHistory {
  /** Newest effective date first; a later-set version with the same date supersedes the earlier. */
  versions: (CoefficientVersion & { superseded: boolean })[];
  /** The current role may set coefficients (town and consortium administrators). */
  canEdit: boolean;
}
