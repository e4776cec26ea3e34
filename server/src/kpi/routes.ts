import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { PROGRAMMES } from '../../../shared/domain/enums.ts';
import { KPI_DEFINITIONS } from '../../../shared/domain/kpi/definitions.ts';
import { deviceOf, requireAuth } from '../auth/guard.ts';
import { withTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { parseBody } from '../http/parse.ts';

/**
 * GET /v1/kpi: the consortium KPIs of docs/domain.md, per town and in total. The figures come from the
 * SECURITY DEFINER functions of server/migrations/0002_kpi.sql, which return aggregates only, so the
 * request can stay the row-level-secured futasato_app of the caller's town while reading across
 * towns. Who sees which towns is decided here: the consortium every town, a town administrator its
 * own; field staff see none (their work is records, not figures).
 */

/** Shown next to the figures (one copy with the laptop's レポート screen: shared/domain/kpi/definitions.ts). */
export { KPI_DEFINITIONS };

/** Longest period one request may ask for: the nights are generated day by day in the database. */
const MAX_SPAN_YEARS = 5;

const kpiQuery = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
});

/** A calendar date as UTC midnight, or null when it does not exist (2025-02-30, month 13, year 0). */
function calendarDate(text: string): Date | null {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  const ok = y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return ok ? date : null;
}

export interface KpiPeriod {
  from: string;
  to: string;
}

export function parsePeriod(query: unknown): KpiPeriod {
  const { from, to } = parseBody(kpiQuery, query);
  const start = calendarDate(from);
  if (!start)
    throw new ApiError('INVALID_REQUEST', `from: ${from} is not a calendar date`, { field: 'from' });
  const end = calendarDate(to);
  if (!end) throw new ApiError('INVALID_REQUEST', `to: ${to} is not a calendar date`, { field: 'to' });
  if (end < start) throw new ApiError('INVALID_REQUEST', 'to is before from', { field: 'to' });
  const limit = new Date(start);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_SPAN_YEARS);
  if (end >= limit) {
    throw new ApiError('INVALID_REQUEST', `the period may span at most ${MAX_SPAN_YEARS} years`, {
      field: 'to',
    });
  }
  return { from, to };
}

/** Every month the period touches, 'YYYY-MM', so a chart has its empty months too. */
function monthsOf(period: KpiPeriod): string[] {
  const months: string[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  const [endY, endM] = period.to.split('-').map(Number) as [number, number];
  while (y < endY || (y === endY && m <= endM)) {
    months.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/** bigint and numeric arrive as strings from pg and bigint as numbers from PGlite: exact either way. */
function whole(value: string | number | bigint): bigint {
  return BigInt(value);
}

function toNumber(value: bigint): number {
  const n = Number(value);
  // A count or yen amount past 2^53 would silently lose digits in JSON; refuse rather than misreport.
  if (!Number.isSafeInteger(n)) throw new Error(`KPI figure ${value} exceeds the exact range of JSON`);
  return n;
}

type Db = string | number | bigint;

interface TownRow {
  municipality_id: string;
  town_name: string;
  nights: Db;
  person_nights: Db;
  ripple_yen: Db;
  unpriced_person_nights: Db;
  relationship_population: Db;
  repeaters: Db;
  arrivals: Db;
  stays_without_members: Db;
}

interface CoefficientRow {
  municipality_id: string;
  version_id: string;
  effective_from: string | Date;
  spend_per_person_night_yen: Db;
  ripple_multiplier: string;
  note: string | null;
  set_at: string;
  set_by: string;
  used_from: string | Date;
  used_to: string | Date;
  person_nights: Db;
  ripple_yen: Db;
}

/** A date column as 'YYYY-MM-DD' (pg gives a Date at local midnight unless parsed as text; PGlite a Date at UTC). */
function dateText(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

interface NightsRow {
  municipality_id: string;
  month: string;
  programme: string;
  nights: Db;
  person_nights: Db;
}

interface Tally {
  nights: bigint;
  personNights: bigint;
}

interface Figures {
  nights: bigint;
  personNights: bigint;
  relationshipPopulation: bigint;
  repeaters: bigint;
  rippleYen: bigint;
  unpricedPersonNights: bigint;
  arrivals: bigint;
  staysWithoutMembers: bigint;
  byMonth: Map<string, Tally>;
  byProgramme: Map<string, Tally>;
}

function emptyFigures(months: readonly string[]): Figures {
  return {
    nights: 0n,
    personNights: 0n,
    relationshipPopulation: 0n,
    repeaters: 0n,
    rippleYen: 0n,
    unpricedPersonNights: 0n,
    arrivals: 0n,
    staysWithoutMembers: 0n,
    byMonth: new Map(months.map((month) => [month, { nights: 0n, personNights: 0n }])),
    // Every known programme, in the app's order, so towns line up; unknown ones (a newer laptop) follow.
    byProgramme: new Map(PROGRAMMES.map((p) => [p, { nights: 0n, personNights: 0n }])),
  };
}

function addTally(map: Map<string, Tally>, key: string, nights: bigint, personNights: bigint): void {
  const tally = map.get(key) ?? { nights: 0n, personNights: 0n };
  tally.nights += nights;
  tally.personNights += personNights;
  map.set(key, tally);
}

function figuresJson(f: Figures) {
  return {
    nights: toNumber(f.nights),
    person_nights: toNumber(f.personNights),
    relationship_population: toNumber(f.relationshipPopulation),
    repeaters: toNumber(f.repeaters),
    ripple_yen: toNumber(f.rippleYen),
    unpriced_person_nights: toNumber(f.unpricedPersonNights),
    arrivals: toNumber(f.arrivals),
    by_month: [...f.byMonth].map(([month, t]) => ({
      month,
      nights: toNumber(t.nights),
      person_nights: toNumber(t.personNights),
    })),
    by_programme: [...f.byProgramme].map(([programme, t]) => ({
      programme,
      nights: toNumber(t.nights),
      person_nights: toNumber(t.personNights),
    })),
    stays_without_members: toNumber(f.staysWithoutMembers),
  };
}

export async function kpiRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get('/v1/kpi', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = deviceOf(request);
    let onlyTown: string | null;
    if (auth.role === 'consortium_admin') onlyTown = null;
    else if (auth.role === 'town_admin') onlyTown = auth.municipalityId;
    else throw new ApiError('FORBIDDEN', 'KPIs are for town and consortium administrators');
    const period = parsePeriod(request.query);

    // As futasato_app of the caller's town: only the granted functions reach other towns' rows.
    const { towns, nights, coefficients } = await withTown(deps.db, auth.municipalityId, async (trx) => {
      const towns = await sql<TownRow>`
        SELECT * FROM kpi_towns(${period.from}::date, ${period.to}::date, ${onlyTown}::text)
        ORDER BY municipality_id`.execute(trx);
      const nights = await sql<NightsRow>`
        SELECT * FROM kpi_nights(${period.from}::date, ${period.to}::date, ${onlyTown}::text)
        ORDER BY municipality_id, month, programme`.execute(trx);
      const coefficients = await sql<CoefficientRow>`
        SELECT municipality_id, version_id::text AS version_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
               spend_per_person_night_yen, ripple_multiplier, note, set_at, set_by::text AS set_by,
               to_char(used_from, 'YYYY-MM-DD') AS used_from, to_char(used_to, 'YYYY-MM-DD') AS used_to,
               person_nights, ripple_yen
          FROM kpi_coefficients_used(${period.from}::date, ${period.to}::date, ${onlyTown}::text)
         ORDER BY municipality_id, effective_from`.execute(trx);
      return { towns: towns.rows, nights: nights.rows, coefficients: coefficients.rows };
    });

    const months = monthsOf(period);
    const total = emptyFigures(months);
    const perTown = towns.map((row) => {
      const f = emptyFigures(months);
      f.nights = whole(row.nights);
      f.personNights = whole(row.person_nights);
      f.relationshipPopulation = whole(row.relationship_population);
      f.repeaters = whole(row.repeaters);
      f.rippleYen = whole(row.ripple_yen);
      f.unpricedPersonNights = whole(row.unpriced_person_nights);
      f.arrivals = whole(row.arrivals);
      f.staysWithoutMembers = whole(row.stays_without_members);
      for (const n of nights) {
        if (n.municipality_id !== row.municipality_id) continue;
        addTally(f.byMonth, n.month, whole(n.nights), whole(n.person_nights));
        addTally(f.byProgramme, n.programme, whole(n.nights), whole(n.person_nights));
      }
      // Consortium figures are sums of town figures (docs/domain.md), the ripple included: each town's
      // own coefficients, rounded per town, then added.
      total.nights += f.nights;
      total.personNights += f.personNights;
      total.relationshipPopulation += f.relationshipPopulation;
      total.repeaters += f.repeaters;
      total.rippleYen += f.rippleYen;
      total.unpricedPersonNights += f.unpricedPersonNights;
      total.arrivals += f.arrivals;
      total.staysWithoutMembers += f.staysWithoutMembers;
      for (const [month, t] of f.byMonth) addTally(total.byMonth, month, t.nights, t.personNights);
      for (const [programme, t] of f.byProgramme) {
        addTally(total.byProgramme, programme, t.nights, t.personNights);
      }
      const used = coefficients.filter((c) => c.municipality_id === row.municipality_id);
      const latest = used.at(-1);
      return {
        town_id: row.municipality_id,
        town_name: row.town_name,
        ...figuresJson(f),
        // As before: one pair of coefficients, now the version in force on the period's last priced
        // day (null where none was set); coefficients_used lists every version the period used.
        coefficients: {
          spend_per_person_night_yen: latest ? toNumber(whole(latest.spend_per_person_night_yen)) : null,
          ripple_multiplier: latest ? Number(latest.ripple_multiplier) : null,
        },
        coefficients_used: used.map((c) => ({
          id: c.version_id,
          effective_from: dateText(c.effective_from),
          spend_per_person_night_yen: toNumber(whole(c.spend_per_person_night_yen)),
          ripple_multiplier: c.ripple_multiplier,
          note: c.note,
          set_at: c.set_at,
          set_by: c.set_by,
          from: dateText(c.used_from),
          to: dateText(c.used_to),
          person_nights: toNumber(whole(c.person_nights)),
          ripple_yen: toNumber(whole(c.ripple_yen)),
        })),
      };
    });

    return {
      period,
      definitions: KPI_DEFINITIONS,
      towns: perTown,
      total: figuresJson(total),
    };
  });
}
