import type { TargetKpi } from '../../domain/kpi-targets.ts';

/**
 * The consortium administrator's view of every town's figures (docs/consortium-reports.md), as the
 * laptop caches it: aggregates only (counts and yen per town, month and kind), never a person.
 */

/** One town's KPIs for the 年度, as GET /v1/kpi answered. */
export interface ConsortiumTownFigures {
  townId: string;
  townName: string;
  relationshipPopulation: number;
  repeaters: number;
  nights: number;
  personNights: number;
  rippleYen: number;
  staysWithoutMembers: number;
  /** The coefficients in force at the end of the period; null where the town has set none. */
  spendPerPersonNightYen: number | null;
  rippleMultiplier: number | null;
  /** Person-nights on days without coefficients in force (not in the ripple figure). */
  unpricedPersonNights: number;
  /** Nights and person-nights per month 'YYYY-MM', April first. */
  byMonth: { month: string; nights: number; personNights: number }[];
}

/** One town's event figures for the 年度 (GET /v1/kpi/events). */
export interface ConsortiumEventFigures {
  townId: string;
  townName: string;
  events: number;
  participants: number;
  distinctPeople: number;
  firstTimers: number;
}

export type ConsortiumKpiTotals = Omit<
  ConsortiumTownFigures,
  'townId' | 'townName' | 'spendPerPersonNightYen' | 'rippleMultiplier'
>;

/** A target with the figure achieved over its span so far (up to the end of the 年度 shown). */
export interface TargetProgressView {
  target: TargetView;
  /** The figure over fiscal_year_from .. min(to, the 年度 shown); null when not cached. */
  achieved: number | null;
  /** The last 年度 the achieved figure covers. */
  achievedThrough: number;
}

export interface ConsortiumReportView {
  fiscalYear: number;
  /** When the cached figures were fetched from the server (ISO); null: never on this laptop. */
  refreshedAt: string | null;
  /** This laptop's own town: the consortium administrator's seat. */
  towns: ConsortiumTownFigures[];
  total: ConsortiumKpiTotals | null;
  events: ConsortiumEventFigures[];
  eventTotal: Omit<ConsortiumEventFigures, 'townId' | 'townName'> | null;
  /** The targets in force for the 年度 (consortium and per town), with what was achieved. */
  targets: TargetProgressView[];
  /** The server's definitions of each figure, in the UI language chosen at render time. */
  definitions: Record<string, { ja: string; en: string }>;
}

export interface TargetView {
  id: number;
  townId: string | null;
  townName: string | null;
  kpi: TargetKpi;
  fiscalYearFrom: number;
  fiscalYearTo: number;
  value: number | null;
  note: string;
  setByName: string;
  setAt: string;
}

export interface TargetsView {
  fiscalYear: number;
  refreshedAt: string | null;
  /** The targets in force whose span holds the 年度. */
  targets: TargetView[];
  /** Every setting the laptop has seen for those keys, newest first. */
  history: TargetView[];
}
