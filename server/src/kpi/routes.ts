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
  spend_per_person_night_yen: Db;
  ripple_multiplier: string | number;
  nights: Db;
  person_nights: Db;
  ripple_yen: Db;
  relationship_population: Db;
  repeaters: Db;
  stays_without_members: Db;
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
    const { towns, nights } = await withTown(deps.db, auth.municipalityId, async (trx) => {
      const towns = await sql<TownRow>`
        SELECT * FROM kpi_towns(${period.from}::date, ${period.to}::date, ${onlyTown}::text)
        ORDER BY municipality_id`.execute(trx);
      const nights = await sql<NightsRow>`
        SELECT * FROM kpi_nights(${period.from}::date, ${period.to}::date, ${onlyTown}::text)
        ORDER BY municipality_id, month, programme`.execute(trx);
      return { towns: towns.rows, nights: nights.rows };
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
      total.staysWithoutMembers += f.staysWithoutMembers;
      for (const [month, t] of f.byMonth) addTally(total.byMonth, month, t.nights, t.personNights);
      for (const [programme, t] of f.byProgramme) {
        addTally(total.byProgramme, programme, t.nights, t.personNights);
      }
      return {
        town_id: row.municipality_id,
        town_name: row.town_name,
        ...figuresJson(f),
        coefficients: {
          spend_per_person_night_yen: toNumber(whole(row.spend_per_person_night_yen)),
          ripple_multiplier: Number(row.ripple_multiplier),
        },
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
