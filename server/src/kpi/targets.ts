import type { FastifyInstance } from 'fastify';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  TARGET_FIRST_FY,
  TARGET_KPIS,
  TARGET_LAST_FY,
  TARGET_MAX_SPAN_YEARS,
  TARGET_NOTE_MAX,
  type TargetsAnswer,
  type TargetWire,
  targetKey,
} from '../../../shared/domain/kpi-targets.ts';
import { deviceOf, requireAuth } from '../auth/guard.ts';
import type { ServerDB } from '../db/schema.ts';
import { withTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { parseBody } from '../http/parse.ts';

/**
 * GET and PUT /v1/kpi/targets: the KPI targets of server/migrations/0013_kpi_targets.sql.
 *
 * Reading: every enrolled device reads the consortium's targets and its own town's; the consortium
 * administrator reads every town's. Setting: the consortium administrator sets the consortium's
 * targets and any town's; a town administrator its own town's; nobody else. A setting appends a row
 * (who, which device, when): nothing is overwritten, and the server's log says who set what.
 */

const fiscalYear = z
  .number()
  .int('a whole 年度')
  .min(TARGET_FIRST_FY, `a 年度 from ${TARGET_FIRST_FY}`)
  .max(TARGET_LAST_FY, `a 年度 up to ${TARGET_LAST_FY}`);

const putBody = z.strictObject({
  town_id: z.string().min(1).max(64).nullable(),
  kpi: z.enum(TARGET_KPIS),
  fiscal_year_from: fiscalYear,
  fiscal_year_to: fiscalYear,
  value: z
    .number()
    .int('a whole number')
    .min(0, 'not negative')
    .max(Number.MAX_SAFE_INTEGER, 'too large')
    .nullable(),
  note: z.string().max(TARGET_NOTE_MAX, `at most ${TARGET_NOTE_MAX} characters`).default(''),
});

const getQuery = z.strictObject({
  fy: z
    .string()
    .regex(/^\d{4}$/, 'a 年度 YYYY')
    .optional(),
});

interface TargetDbRow {
  id: string | number;
  municipality_id: string | null;
  town_name: string | null;
  kpi: TargetWire['kpi'];
  fiscal_year_from: number;
  fiscal_year_to: number;
  value: string | number | null;
  note: string;
  set_by_name: string;
  set_at: Date | string;
}

function toWire(row: TargetDbRow): TargetWire {
  return {
    id: Number(row.id),
    town_id: row.municipality_id,
    town_name: row.town_name,
    kpi: row.kpi,
    fiscal_year_from: row.fiscal_year_from,
    fiscal_year_to: row.fiscal_year_to,
    value: row.value === null ? null : Number(row.value),
    note: row.note,
    set_by_name: row.set_by_name,
    set_at: new Date(row.set_at).toISOString(),
  };
}

/** The history rows (newest first) to the targets in force: the newest of each key, if not withdrawn. */
export function targetsInForce(history: readonly TargetWire[]): TargetWire[] {
  const seen = new Set<string>();
  const current: TargetWire[] = [];
  for (const row of history) {
    const key = targetKey(row);
    if (seen.has(key)) continue;
    seen.add(key);
    if (row.value !== null) current.push(row);
  }
  return current.sort(
    (a, b) =>
      (a.town_id ?? '').localeCompare(b.town_id ?? '') ||
      a.fiscal_year_from - b.fiscal_year_from ||
      a.fiscal_year_to - b.fiscal_year_to ||
      TARGET_KPIS.indexOf(a.kpi) - TARGET_KPIS.indexOf(b.kpi),
  );
}

export async function targetRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get('/v1/kpi/targets', { preHandler: requireAuth(deps) }, async (request): Promise<TargetsAnswer> => {
    const auth = deviceOf(request);
    const { fy } = parseBody(getQuery, request.query);
    const year = fy === undefined ? null : Number(fy);
    if (year !== null && (year < TARGET_FIRST_FY || year > TARGET_LAST_FY)) {
      throw new ApiError('INVALID_REQUEST', `fy: ${year} is outside ${TARGET_FIRST_FY}..${TARGET_LAST_FY}`, {
        field: 'fy',
      });
    }
    const everyTown = auth.role === 'consortium_admin';
    const rows = await asCaller(deps, auth, async (trx) => {
      const result = await sql<TargetDbRow>`
        SELECT k.id, k.municipality_id, t.name AS town_name, k.kpi, k.fiscal_year_from, k.fiscal_year_to,
               k.value, k.note, k.set_by_name, k.set_at
          FROM kpi_target k
          LEFT JOIN kpi_town_list() t ON t.id = k.municipality_id
         WHERE (${everyTown}::boolean OR k.municipality_id IS NULL OR k.municipality_id = ${auth.municipalityId})
           AND (${year}::int IS NULL OR ${year}::int BETWEEN k.fiscal_year_from AND k.fiscal_year_to)
         ORDER BY k.id DESC`.execute(trx);
      return result.rows;
    });
    const history = rows.map(toWire);
    return { targets: targetsInForce(history), history };
  });

  app.put('/v1/kpi/targets', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = deviceOf(request);
    if (auth.role !== 'consortium_admin' && auth.role !== 'town_admin') {
      request.log.warn(
        { audit: 'kpi_target.refused', device: auth.deviceId, user: auth.userId, role: auth.role },
        'a KPI target was refused: not an administrator',
      );
      throw new ApiError('FORBIDDEN', 'KPI targets are set by the consortium or a town administrator');
    }
    const body = parseBody(putBody, request.body);
    if (body.fiscal_year_to < body.fiscal_year_from) {
      throw new ApiError('INVALID_REQUEST', 'fiscal_year_to is before fiscal_year_from', {
        field: 'fiscal_year_to',
      });
    }
    if (body.fiscal_year_to - body.fiscal_year_from >= TARGET_MAX_SPAN_YEARS) {
      throw new ApiError('INVALID_REQUEST', `a target spans at most ${TARGET_MAX_SPAN_YEARS} 年度`, {
        field: 'fiscal_year_to',
      });
    }
    if (auth.role === 'town_admin' && body.town_id !== auth.municipalityId) {
      request.log.warn(
        { audit: 'kpi_target.refused', device: auth.deviceId, user: auth.userId, town: body.town_id },
        'a KPI target was refused: a town administrator sets only their own town’s',
      );
      throw new ApiError('FORBIDDEN', 'a town administrator sets only their own town’s targets');
    }

    const row = await asCaller(deps, auth, async (trx) => {
      let townName: string | null = null;
      if (body.town_id !== null) {
        const town = await sql<{ name: string }>`
          SELECT name FROM kpi_town_list() WHERE id = ${body.town_id}`.execute(trx);
        if (!town.rows[0]) throw new ApiError('NOT_FOUND', `no town ${body.town_id}`, { field: 'town_id' });
        townName = town.rows[0].name;
      }
      const user = await trx
        .selectFrom('app_user')
        .select('display_name')
        .where('id', '=', auth.userId)
        .executeTakeFirstOrThrow();
      const inserted = await sql<TargetDbRow>`
        INSERT INTO kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, value, note,
                                set_by_user, set_by_device, set_by_name)
        VALUES (${body.town_id}, ${body.kpi}, ${body.fiscal_year_from}, ${body.fiscal_year_to},
                ${body.value}, ${body.note.trim()}, ${auth.userId}::uuid, ${auth.deviceId}::uuid,
                ${user.display_name})
        RETURNING id, municipality_id, NULL::text AS town_name, kpi, fiscal_year_from, fiscal_year_to,
                  value, note, set_by_name, set_at`.execute(trx);
      const stored = inserted.rows[0];
      if (!stored) throw new Error('the target row was not returned');
      return { ...stored, town_name: townName };
    });
    const target = toWire(row);
    request.log.info(
      {
        audit: 'kpi_target.set',
        device: auth.deviceId,
        user: auth.userId,
        role: auth.role,
        target: {
          id: target.id,
          town: target.town_id,
          kpi: target.kpi,
          from: target.fiscal_year_from,
          to: target.fiscal_year_to,
          value: target.value,
        },
      },
      'a KPI target was set',
    );
    return { target };
  });
}

/**
 * Targets are under row-level security (server migration 0015): a town's request role sees the
 * consortium's rows and its own, and writes only its own. The consortium administrator, already checked
 * by the route, reads and writes across towns on the owner's connection.
 */
function asCaller<T>(
  deps: ServerDeps,
  auth: { role: string; municipalityId: string },
  work: (trx: Transaction<ServerDB>) => Promise<T>,
): Promise<T> {
  if (auth.role === 'consortium_admin') return deps.db.transaction().execute(work);
  return withTown(deps.db, auth.municipalityId, work);
}
