import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Role } from '../../../shared/domain/enums.ts';
import {
  TARGET_KPIS,
  type TargetsAnswer,
  type TargetWire,
  targetKey,
} from '../../../shared/domain/kpi-targets.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  ConsortiumEventFigures,
  ConsortiumKpiTotals,
  ConsortiumReportView,
  ConsortiumTownFigures,
  TargetProgressView,
  TargetsView,
  TargetView,
} from '../../../shared/ipc/views/consortium-reports.ts';
import { jsonWithToken, type ServerClientOptions, SyncHttpError } from '../sync/server-client.ts';

/**
 * The consortium's figures and targets on this laptop (docs/consortium-reports.md). The server
 * computes every town's aggregates (GET /v1/kpi, GET /v1/kpi/events) and keeps the targets (GET/PUT
 * /v1/kpi/targets); a refresh fetches them and keeps the answer in `app_setting`, so the figures
 * are there offline with the time they were fetched. Only aggregates are kept — counts and yen per
 * town and month — and the targets' history (which names the staff member who set each one).
 */

/** What the server answers: the parts of GET /v1/kpi this view keeps. */
interface KpiFigureWire {
  nights: number;
  person_nights: number;
  relationship_population: number;
  repeaters: number;
  ripple_yen: number;
  stays_without_members: number;
  /** Absent from servers before migration 0012. */
  unpriced_person_nights?: number;
  by_month: { month: string; nights: number; person_nights: number }[];
}
interface KpiAnswer {
  definitions: Record<string, { ja: string; en: string }>;
  towns: (KpiFigureWire & {
    town_id: string;
    town_name: string;
    coefficients: { spend_per_person_night_yen: number | null; ripple_multiplier: number | null };
  })[];
  total: KpiFigureWire;
}
interface EventRowWire {
  events: number;
  participants: number;
  distinct_people: number;
  first_timers: number;
}
interface EventAnswer {
  definitions: Record<string, { ja: string; en: string }>;
  towns: (EventRowWire & { town_id: string; town_name: string })[];
  total: EventRowWire;
}

/** The four target KPIs of one town (or the total) over a span of 年度. */
type SpanFigures = Record<TargetWire['kpi'], number>;

interface CachedConsortium {
  fiscalYear: number;
  refreshedAt: string;
  towns: ConsortiumTownFigures[];
  total: ConsortiumKpiTotals;
  events: ConsortiumEventFigures[];
  eventTotal: Omit<ConsortiumEventFigures, 'townId' | 'townName'>;
  definitions: Record<string, { ja: string; en: string }>;
  /** Figures over earlier-starting target spans, "from-through" → town id ('' = total) → figures. */
  spans: Record<string, Record<string, SpanFigures>>;
}

interface CachedTargets {
  refreshedAt: string;
  history: TargetWire[];
}

export const CONSORTIUM_CACHE_PREFIX = 'reports.consortium.';
export const TARGETS_CACHE_KEY = 'reports.targets';

/** The server's /v1/kpi refuses periods of five years or more. */
const MAX_SPAN_YEARS = 5;

export interface ConsortiumReportOptions {
  sqlite: Database;
  /** The sync engine: the server address and a bearer token for this device. */
  auth: { bearer(fresh?: boolean): Promise<{ serverUrl: string; token: string }> };
  role: Role;
  now: () => Date;
  client?: ServerClientOptions | undefined;
}

function totals(f: KpiFigureWire): ConsortiumKpiTotals {
  return {
    relationshipPopulation: f.relationship_population,
    repeaters: f.repeaters,
    nights: f.nights,
    personNights: f.person_nights,
    rippleYen: f.ripple_yen,
    staysWithoutMembers: f.stays_without_members,
    unpricedPersonNights: f.unpriced_person_nights ?? 0,
    byMonth: f.by_month.map((m) => ({ month: m.month, nights: m.nights, personNights: m.person_nights })),
  };
}

function spanFigures(f: KpiFigureWire): SpanFigures {
  return {
    relationship_population: f.relationship_population,
    nights: f.nights,
    person_nights: f.person_nights,
    ripple_yen: f.ripple_yen,
  };
}

function eventRow(r: EventRowWire) {
  return {
    events: r.events,
    participants: r.participants,
    distinctPeople: r.distinct_people,
    firstTimers: r.first_timers,
  };
}

function targetView(t: TargetWire): TargetView {
  return {
    id: t.id,
    townId: t.town_id,
    townName: t.town_name,
    kpi: t.kpi,
    fiscalYearFrom: t.fiscal_year_from,
    fiscalYearTo: t.fiscal_year_to,
    value: t.value,
    note: t.note,
    setByName: t.set_by_name,
    setAt: t.set_at,
  };
}

const holds = (t: { fiscal_year_from: number; fiscal_year_to: number }, fy: number) =>
  t.fiscal_year_from <= fy && fy <= t.fiscal_year_to;

/** The history (newest first) to the targets in force: the newest row of each key, unless withdrawn. */
function inForce(history: readonly TargetWire[]): TargetWire[] {
  const seen = new Set<string>();
  const out: TargetWire[] = [];
  for (const row of history) {
    const key = targetKey(row);
    if (seen.has(key)) continue;
    seen.add(key);
    if (row.value !== null) out.push(row);
  }
  // The consortium's first, then by town; longer spans before single years; the KPIs in their order.
  return out.sort(
    (a, b) =>
      Number(a.town_id !== null) - Number(b.town_id !== null) ||
      (a.town_id ?? '').localeCompare(b.town_id ?? '') ||
      a.fiscal_year_from - b.fiscal_year_from ||
      b.fiscal_year_to - a.fiscal_year_to ||
      TARGET_KPIS.indexOf(a.kpi) - TARGET_KPIS.indexOf(b.kpi),
  );
}

const period = (from: number, through: number) => `from=${from}-04-01&to=${through + 1}-03-31`;

export class ConsortiumReports {
  private readonly options: ConsortiumReportOptions;

  constructor(options: ConsortiumReportOptions) {
    this.options = options;
  }

  private requireAdmin(): void {
    const { role } = this.options;
    if (role !== 'consortium_admin' && role !== 'town_admin') {
      throw new AppError('FORBIDDEN', 'the consortium figures are for town and consortium administrators');
    }
  }

  private read<T>(key: string): T | null {
    const text = this.options.sqlite
      .prepare('SELECT value FROM app_setting WHERE key = ?')
      .pluck()
      .get(key) as string | undefined;
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  private write(key: string, value: unknown): void {
    this.options.sqlite
      .prepare(
        'INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }

  /** The cached figures of 年度 fy, offline too; refreshedAt null when never fetched here. */
  view(fiscalYear: number): ConsortiumReportView {
    this.requireAdmin();
    const cached = this.read<CachedConsortium>(`${CONSORTIUM_CACHE_PREFIX}${fiscalYear}`);
    const targets = this.read<CachedTargets>(TARGETS_CACHE_KEY);
    const progress: TargetProgressView[] = inForce(targets?.history ?? [])
      .filter((t) => holds(t, fiscalYear))
      .map((t) => {
        const through = Math.min(t.fiscal_year_to, fiscalYear);
        let achieved: number | null = null;
        if (cached) {
          const who = t.town_id ?? '';
          if (t.fiscal_year_from === fiscalYear) {
            const town = t.town_id === null ? cached.total : cached.towns.find((x) => x.townId === t.town_id);
            if (town) achieved = currentFigure(town, t.kpi);
          } else {
            achieved = cached.spans[`${t.fiscal_year_from}-${through}`]?.[who]?.[t.kpi] ?? null;
          }
        }
        return { target: targetView(t), achieved, achievedThrough: through };
      });
    if (!cached) {
      return {
        fiscalYear,
        refreshedAt: null,
        towns: [],
        total: null,
        events: [],
        eventTotal: null,
        targets: progress,
        definitions: {},
      };
    }
    return {
      fiscalYear,
      refreshedAt: cached.refreshedAt,
      towns: cached.towns,
      total: cached.total,
      events: cached.events,
      eventTotal: cached.eventTotal,
      targets: progress,
      definitions: cached.definitions,
    };
  }

  /** The cached targets whose span holds fy, for the dashboards; any role may read them. */
  targets(fiscalYear: number): TargetsView {
    const cached = this.read<CachedTargets>(TARGETS_CACHE_KEY);
    const history = (cached?.history ?? []).filter((t) => holds(t, fiscalYear));
    return {
      fiscalYear,
      refreshedAt: cached?.refreshedAt ?? null,
      targets: inForce(history).map(targetView),
      history: history.map(targetView),
    };
  }

  /** Fetches every town's figures of fy, the event figures and the targets; keeps them; answers the view. */
  async refresh(fiscalYear: number): Promise<ConsortiumReportView> {
    this.requireAdmin();
    const targetsAnswer = await this.call<TargetsAnswer>('GET', '/v1/kpi/targets');
    const kpi = await this.call<KpiAnswer>('GET', `/v1/kpi?${period(fiscalYear, fiscalYear)}`);
    const events = await this.call<EventAnswer>('GET', `/v1/kpi/events?fy=${fiscalYear}`);
    // A target whose span began before fy is measured from its start: one more period per start.
    const spans: CachedConsortium['spans'] = {};
    for (const t of inForce(targetsAnswer.history)) {
      if (!holds(t, fiscalYear) || t.fiscal_year_from === fiscalYear) continue;
      const key = `${t.fiscal_year_from}-${fiscalYear}`;
      if (spans[key] || fiscalYear - t.fiscal_year_from >= MAX_SPAN_YEARS) continue;
      const answer = await this.call<KpiAnswer>('GET', `/v1/kpi?${period(t.fiscal_year_from, fiscalYear)}`);
      spans[key] = {
        '': spanFigures(answer.total),
        ...Object.fromEntries(answer.towns.map((town) => [town.town_id, spanFigures(town)])),
      };
    }
    const refreshedAt = this.options.now().toISOString();
    const cached: CachedConsortium = {
      fiscalYear,
      refreshedAt,
      towns: kpi.towns.map((t) => ({
        townId: t.town_id,
        townName: t.town_name,
        ...totals(t),
        spendPerPersonNightYen: t.coefficients.spend_per_person_night_yen,
        rippleMultiplier: t.coefficients.ripple_multiplier,
      })),
      total: totals(kpi.total),
      events: events.towns.map((t) => ({ townId: t.town_id, townName: t.town_name, ...eventRow(t) })),
      eventTotal: eventRow(events.total),
      definitions: { ...kpi.definitions, ...prefixed('event_', events.definitions) },
      spans,
    };
    // One transaction: the figures and the targets they are measured against are of the same moment.
    this.options.sqlite.transaction(() => {
      this.write(`${CONSORTIUM_CACHE_PREFIX}${fiscalYear}`, cached);
      this.write(TARGETS_CACHE_KEY, { refreshedAt, history: targetsAnswer.history } satisfies CachedTargets);
    })();
    return this.view(fiscalYear);
  }

  /** Sets a target on the server (online only), then keeps the server's fresh list of targets. */
  async setTarget(input: {
    townId: string | null;
    kpi: TargetWire['kpi'];
    fiscalYearFrom: number;
    fiscalYearTo: number;
    value: number | null;
    note: string;
  }): Promise<TargetsView> {
    const { role } = this.options;
    if (role !== 'consortium_admin' && role !== 'town_admin') {
      throw new AppError('FORBIDDEN', 'targets are set by the consortium or a town administrator');
    }
    await this.call('PUT', '/v1/kpi/targets', {
      town_id: input.townId,
      kpi: input.kpi,
      fiscal_year_from: input.fiscalYearFrom,
      fiscal_year_to: input.fiscalYearTo,
      value: input.value,
      note: input.note,
    });
    const answer = await this.call<TargetsAnswer>('GET', '/v1/kpi/targets');
    this.write(TARGETS_CACHE_KEY, {
      refreshedAt: this.options.now().toISOString(),
      history: answer.history,
    } satisfies CachedTargets);
    return this.targets(input.fiscalYearFrom);
  }

  /** One request with this device's token (refreshed once on a 401), failures as the app's codes. */
  private async call<T>(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<T> {
    try {
      return await jsonWithToken<T>(this.options.auth, this.options.client, method, path, body);
    } catch (error) {
      throw appErrorOf(error);
    }
  }
}

function currentFigure(f: ConsortiumKpiTotals, kpi: TargetWire['kpi']): number {
  switch (kpi) {
    case 'relationship_population':
      return f.relationshipPopulation;
    case 'nights':
      return f.nights;
    case 'person_nights':
      return f.personNights;
    case 'ripple_yen':
      return f.rippleYen;
  }
}

function prefixed(prefix: string, defs: Record<string, { ja: string; en: string }>) {
  return Object.fromEntries(Object.entries(defs).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** A server's or the network's failure as the code the screen explains. */
export function appErrorOf(error: unknown): unknown {
  if (!(error instanceof SyncHttpError)) return error;
  switch (error.code) {
    case 'OFFLINE':
    case 'TIMEOUT':
    case 'NETWORK':
      return new AppError('REPORTS_OFFLINE', error.message);
    case 'NOT_ENROLLED':
      return new AppError('SYNC_NOT_ENROLLED', error.message);
    case 'FORBIDDEN':
      return new AppError('FORBIDDEN', error.message);
    case 'NOT_FOUND':
      return new AppError('NOT_FOUND', error.message, fieldOf(error));
    case 'INVALID_REQUEST':
      return new AppError('VALIDATION_FAILED', error.message, fieldOf(error));
    default:
      return new AppError('REPORTS_SERVER_ERROR', `${error.sentCode}: ${error.message}`);
  }
}

const FIELD_NAMES: Record<string, string> = {
  town_id: 'townId',
  fiscal_year_from: 'fiscalYearFrom',
  fiscal_year_to: 'fiscalYearTo',
  value: 'value',
  note: 'note',
  kpi: 'kpi',
};

function fieldOf(error: SyncHttpError): string | undefined {
  const field = error.details.field;
  return typeof field === 'string' ? (FIELD_NAMES[field] ?? field) : undefined;
}
