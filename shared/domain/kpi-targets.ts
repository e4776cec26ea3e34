/**
 * KPI targets (docs/consortium-reports.md): a figure to reach for one KPI over a span of 年度, for the
 * consortium or one town. The server keeps them with their history (server migration 0013); the
 * laptop caches them. Shared so both sides name the same KPIs and limits.
 */

/** The KPIs a target may be set for: the grant's three, and person-nights beside nights. */
export const TARGET_KPIS = ['relationship_population', 'nights', 'person_nights', 'ripple_yen'] as const;
export type TargetKpi = (typeof TARGET_KPIS)[number];

/** 年度 the app's calendar supports (as GET /v1/kpi/events). */
export const TARGET_FIRST_FY = 1868;
export const TARGET_LAST_FY = 2099;
/** A span longer than this is surely a typing mistake (plans run three to five years). */
export const TARGET_MAX_SPAN_YEARS = 10;
export const TARGET_NOTE_MAX = 500;

/** A target as the server answers it (GET/PUT /v1/kpi/targets). */
export interface TargetWire {
  id: number;
  /** null: the consortium's own target. */
  town_id: string | null;
  town_name: string | null;
  kpi: TargetKpi;
  fiscal_year_from: number;
  fiscal_year_to: number;
  /** null: this row withdrew the target. */
  value: number | null;
  note: string;
  set_by_name: string;
  set_at: string;
}

export interface TargetsAnswer {
  /** The targets in force (newest row of each key, withdrawn ones left out). */
  targets: TargetWire[];
  /** Every row the caller may see, newest first. */
  history: TargetWire[];
}

/** The key that identifies one target: its history is the rows of this key. */
export function targetKey(t: {
  town_id: string | null;
  kpi: string;
  fiscal_year_from: number;
  fiscal_year_to: number;
}): string {
  return `${t.town_id ?? ''}|${t.kpi}|${t.fiscal_year_from}|${t.fiscal_year_to}`;
}
