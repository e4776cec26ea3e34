import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminError } from '../admin/admin-error.ts';
import { listDevices } from '../admin/commands.ts';
import { deviceOf, requireAuth } from '../auth/guard.ts';
import { sha256Hex } from '../auth/secrets.ts';
import { enterTown, townOfDevice, withoutTown, withTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { parseBody } from '../http/parse.ts';
import { audit, deviceHistory, issueUnlockCode, REVOKE_REASONS, revokeDevice } from './lifecycle.ts';

/**
 * A laptop's life after enrolment, over HTTP (docs/security.md):
 * - `POST /v1/device/wipe-ack`: the laptop says it has wiped. It proves itself with the single-purpose
 *   token the order to wipe carried (kept after every credential is gone, so a failed attempt is
 *   retried later), or with its refresh secret when it never received one; audited once.
 * - `POST /v1/device/events`: what the laptop did offline that the town must be able to account for
 *   (an unlock code used), sent with its next contact.
 * - `GET /v1/devices`, `POST /v1/devices/:id/revoke`, `POST /v1/devices/:id/unlock-code`,
 *   `GET /v1/devices/:id/history`: the town administrator's own laptop manages its town's devices
 *   (the CLI does the same for any town).
 */

const wipeAckBody = z
  .strictObject({
    device_id: z.uuid(),
    /** The token the order to wipe carried (kept by the laptop after its credentials are gone) … */
    ack_token: z.string().min(1).max(200).optional(),
    /** … or, from a laptop that never received one (an older server's order), its refresh secret. */
    refresh_token: z.string().min(1).max(200).optional(),
    wipe: z.enum(REVOKE_REASONS),
    /** What the laptop still held unsent when it wiped (0 for a retired laptop that pushed all). */
    unsent_ops: z.number().int().min(0).max(10_000_000).optional(),
  })
  .refine((b) => (b.ack_token === undefined) !== (b.refresh_token === undefined), {
    message: 'exactly one of ack_token and refresh_token',
  });

const eventsBody = z.strictObject({
  events: z
    .array(
      z.strictObject({
        kind: z.literal('unlock_code_used'),
        // 10 hex digits (short codes); 8 from a long code used before the change and not yet reported.
        nonce: z.string().regex(/^[0-9a-f]{8}([0-9a-f]{2})?$/),
        at: z.iso.datetime(),
      }),
    )
    .min(1)
    .max(50),
});

const revokeBody = z.strictObject({ reason: z.enum(REVOKE_REASONS) });
const unlockBody = z.strictObject({ hours: z.number().positive().max(168).optional() });
const idParams = z.strictObject({ id: z.uuid() });

function adminToApi(error: unknown): never {
  if (error instanceof AdminError) {
    if (error.code === 'DEVICE_NOT_FOUND') throw new ApiError('NOT_FOUND', error.message);
    throw new ApiError('INVALID_REQUEST', error.message, { reason: error.code });
  }
  throw error;
}

export async function deviceRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.post('/v1/device/wipe-ack', async (request) => {
    const body = parseBody(wipeAckBody, request.body);
    await withoutTown(deps.db, async (trx) => {
      const town = await townOfDevice(trx, body.device_id);
      if (town !== null) await enterTown(trx, town);
      const device = await trx
        .selectFrom('device')
        .select([
          'id',
          'municipality_id',
          'refresh_hash',
          'previous_refresh_hash',
          'revoke_reason',
          'wipe_acknowledged_at',
        ])
        .where('id', '=', body.device_id)
        .forUpdate()
        .executeTakeFirst();
      let proof: 'ack_token' | 'refresh_token';
      if (body.ack_token !== undefined) {
        // Only a token issued to this very device counts; one shown after the acknowledgement is
        // spent (the laptop's earlier attempt got through and its answer was lost, or a replay).
        const token = device
          ? await trx
              .selectFrom('wipe_ack_token')
              .select(['used_at'])
              .where('token_hash', '=', sha256Hex(body.ack_token))
              .where('device_id', '=', device.id)
              .executeTakeFirst()
          : undefined;
        if (!device || !token) {
          throw new ApiError(
            'WIPE_ACK_TOKEN_INVALID',
            'this token was not issued to acknowledge that device',
          );
        }
        if (token.used_at !== null || device.wipe_acknowledged_at !== null) {
          throw new ApiError('WIPE_ACK_TOKEN_USED', "this device's wipe is already acknowledged");
        }
        proof = 'ack_token';
      } else {
        const presented = sha256Hex(body.refresh_token ?? '');
        if (!device || (presented !== device.refresh_hash && presented !== device.previous_refresh_hash)) {
          throw new ApiError('UNAUTHENTICATED', 'unknown device or refresh secret');
        }
        proof = 'refresh_token';
      }
      if (device.revoke_reason !== body.wipe) {
        throw new ApiError('INVALID_REQUEST', 'this device was not told to wipe for that reason');
      }
      if (device.wipe_acknowledged_at !== null) return;
      const at = new Date();
      await trx.updateTable('device').set({ wipe_acknowledged_at: at }).where('id', '=', device.id).execute();
      // Every token of the device is spent with the acknowledgement.
      await trx
        .updateTable('wipe_ack_token')
        .set({ used_at: at })
        .where('device_id', '=', device.id)
        .where('used_at', 'is', null)
        .execute();
      await audit(trx, {
        town: device.municipality_id,
        device: device.id,
        action: 'wipe_acknowledged',
        detail: { reason: body.wipe, unsent_ops: body.unsent_ops ?? null, proof },
      });
      request.log.info(
        { device: device.id, town: device.municipality_id, reason: body.wipe, proof },
        'device wiped',
      );
    });
    return { acknowledged: true };
  });

  app.post(
    '/v1/device/events',
    { preHandler: requireAuth(deps, { allowRetiring: true }) },
    async (request) => {
      const auth = deviceOf(request);
      const body = parseBody(eventsBody, request.body);
      await withTown(deps.db, auth.municipalityId, async (trx) => {
        for (const event of body.events) {
          const code = await trx
            .updateTable('unlock_code')
            .set({ used_at: event.at })
            .where('nonce', '=', event.nonce)
            .where('device_id', '=', auth.deviceId)
            .where('used_at', 'is', null)
            .executeTakeFirst();
          // Audited whether or not the nonce was one of this server's: a laptop that claims a code
          // nobody issued is itself worth a look.
          await audit(trx, {
            town: auth.municipalityId,
            device: auth.deviceId,
            action: 'unlock_code_used',
            detail: { nonce: event.nonce, at: event.at, issued_here: code.numUpdatedRows > 0n },
          });
        }
      });
      return { recorded: body.events.length };
    },
  );

  function townAdmin(request: Parameters<typeof deviceOf>[0]) {
    const auth = deviceOf(request);
    if (auth.role !== 'town_admin')
      throw new ApiError('FORBIDDEN', "only a town administrator manages the town's devices");
    return auth;
  }

  app.get('/v1/devices', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = townAdmin(request);
    const devices = await listDevices(deps.db, auth.municipalityId);
    return {
      devices: devices.map((d) => ({
        id: d.id,
        name: d.name,
        user: d.user,
        role: d.role,
        created_at: d.createdAt.toISOString(),
        last_sync_at: d.lastSyncAt?.toISOString() ?? null,
        revoked_at: d.revokedAt?.toISOString() ?? null,
        revoke_reason: d.revokeReason,
        wipe_ordered_at: d.wipeOrderedAt?.toISOString() ?? null,
        wipe_acknowledged_at: d.wipeAcknowledgedAt?.toISOString() ?? null,
      })),
    };
  });

  app.post('/v1/devices/:id/revoke', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = townAdmin(request);
    const { id } = parseBody(idParams, request.params);
    const body = parseBody(revokeBody, request.body);
    const done = await revokeDevice(deps.db, id, {
      reason: body.reason,
      by: `device:${auth.deviceId}`,
      town: auth.municipalityId,
    }).catch(adminToApi);
    return { id, reason: done.reason, already_revoked: done.alreadyRevoked };
  });

  app.post('/v1/devices/:id/unlock-code', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = townAdmin(request);
    const { id } = parseBody(idParams, request.params);
    const body = parseBody(unlockBody, request.body ?? {});
    const issued = await issueUnlockCode(deps.db, id, {
      hours: body.hours,
      by: `device:${auth.deviceId}`,
      town: auth.municipalityId,
    }).catch(adminToApi);
    return { code: issued.code, expires_at: issued.expiresAt.toISOString() };
  });

  app.get('/v1/devices/:id/history', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = townAdmin(request);
    const { id } = parseBody(idParams, request.params);
    const entries = await deviceHistory(deps.db, id, auth.municipalityId).catch(adminToApi);
    return { history: entries.map((e) => ({ action: e.action, detail: e.detail, at: e.at.toISOString() })) };
  });
}
