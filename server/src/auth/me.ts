import type { FastifyInstance } from 'fastify';
import { withTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { deviceOf, requireAuth } from './guard.ts';

/**
 * `GET /v1/auth/me`: who this access token belongs to, and the server's clock. The cheapest request
 * that goes through the full token check, so the laptop uses it to test its credentials (a revoked
 * device or disabled user gets DEVICE_REVOKED here as on every route) and to measure clock skew
 * before its first sync. It reads only and changes nothing.
 */
export async function meRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get('/v1/auth/me', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = deviceOf(request);
    const row = await withTown(deps.db, auth.municipalityId, (trx) =>
      trx
        .selectFrom('device as d')
        .innerJoin('app_user as u', 'u.id', 'd.user_id')
        .innerJoin('town as t', 't.id', 'd.municipality_id')
        .select([
          'd.id as device_id',
          'd.name as device_name',
          'u.id as user_id',
          'u.display_name',
          'u.role',
          't.id as town_id',
          't.name as town_name',
          't.prefecture',
        ])
        .where('d.id', '=', auth.deviceId)
        .executeTakeFirst(),
    );
    // Devices are never deleted, so this is only reachable if the database was edited by hand.
    if (!row) throw new ApiError('UNAUTHENTICATED', 'the device of this access token is not known');
    return {
      device: { id: row.device_id, name: row.device_name },
      user: { id: row.user_id, display_name: row.display_name, role: row.role },
      town: { id: row.town_id, name: row.town_name, prefecture: row.prefecture },
      server_time: new Date().toISOString(),
    };
  });
}
