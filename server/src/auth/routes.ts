import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { newId } from '../../../shared/ids.ts';
import { enterTown, townOfDevice, townOfEnrollmentCode, withoutTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import {
  deviceUnlockSecret,
  issueWipeAckToken,
  recordWipeOrder,
  unlockMaster,
} from '../devices/lifecycle.ts';
import { ApiError, type ApiErrorCode } from '../errors.ts';
import { parseBody } from '../http/parse.ts';
import { releasePublicKey } from '../updates/routes.ts';
import { FailureCounter } from './attempts.ts';
import { wipeOrder } from './guard.ts';
import { newAccessToken, newRefreshToken, normalizeEnrollmentCode, sha256Hex } from './secrets.ts';

/**
 * Device credentials (docs/sync-design.md, "Auth"):
 *   enrolment code (one-time, expiring) → device id + refresh secret (kept on the laptop only)
 *   refresh secret → access token (short-lived, sent on every request)
 * They are the only endpoints a stranger can reach. Failed attempts are limited per client address
 * and per credential (the code's hash, the device id); a valid code or refresh secret is never
 * refused for what others did from the same address (docs/server.md, "Rate limits").
 */

const enrollBody = z.strictObject({
  code: z.string().min(1).max(64),
  device_name: z.string().trim().min(1).max(100),
});

const tokenBody = z.strictObject({
  device_id: z.uuid(),
  refresh_token: z.string().min(1).max(200),
});

async function issueAccessToken(
  deps: ServerDeps,
  trx: Parameters<Parameters<typeof withoutTown>[1]>[0],
  deviceId: string,
  municipalityId: string,
): Promise<{ access_token: string; expires_in: number }> {
  const token = newAccessToken();
  const ttl = deps.config.ACCESS_TOKEN_TTL_SECONDS;
  // Expired tokens of this device go as new ones come: the table stays the size of the fleet.
  await trx
    .deleteFrom('access_token')
    .where('device_id', '=', deviceId)
    .where('expires_at', '<', new Date())
    .execute();
  await trx
    .insertInto('access_token')
    .values({
      token_hash: sha256Hex(token),
      device_id: deviceId,
      municipality_id: municipalityId,
      expires_at: new Date(Date.now() + ttl * 1000),
    })
    .execute();
  return { access_token: token, expires_in: ttl };
}

/**
 * How long replaced refresh secrets are remembered for reuse detection. Older ones are simply
 * unknown (UNAUTHENTICATED): by then the device has refreshed thousands of times.
 */
const RETIRED_KEPT_DAYS = 180;

function rateLimited(reply: FastifyReply, seconds: number): ApiError {
  reply.header('retry-after', String(seconds));
  return new ApiError('RATE_LIMITED', `too many attempts; try again in ${seconds} s`, {
    retry_after_seconds: seconds,
  });
}

export async function authRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const perAddress = new FailureCounter(deps.config.AUTH_RATE_LIMIT);
  const perCredential = new FailureCounter(deps.config.AUTH_CREDENTIAL_RATE_LIMIT);

  /**
   * Runs an attempt; a refusal of the credential (`refusals`) counts against the caller's address and
   * the credential, and once either is past its limit the refusal becomes 429 RATE_LIMITED.
   */
  async function attempt<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    credentialKey: string,
    refusals: readonly ApiErrorCode[],
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError && refusals.includes(error.code)) {
        const wait = Math.max(
          perAddress.fail([`ip:${request.ip}`]) ?? 0,
          perCredential.fail([credentialKey]) ?? 0,
        );
        if (wait > 0) {
          request.log.warn({ ip: request.ip, code: error.code }, 'credential attempts rate-limited');
          throw rateLimited(reply, wait);
        }
      }
      throw error;
    }
  }

  await app.register(async (scope) => {
    // Load shedding for enrolment only, far above any real use; refreshes are never refused by it.
    await scope.register(rateLimit, {
      max: deps.config.AUTH_FLOOD_LIMIT,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        new ApiError('RATE_LIMITED', `too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`, {
          retry_after_seconds: Math.ceil(context.ttl / 1000),
        }),
    });

    scope.post('/v1/auth/enroll', async (request, reply) => {
      const releaseKey = releasePublicKey(deps);
      const body = parseBody(enrollBody, request.body);
      const codeHash = sha256Hex(normalizeEnrollmentCode(body.code));
      // Read before the transaction: it is the owner's to read, and PGlite has one connection.
      const master = await unlockMaster(deps.db);
      return attempt(request, reply, `code:${codeHash}`, ['ENROLLMENT_CODE_INVALID'], () =>
        withoutTown(deps.db, async (trx) => {
          // Row-level security hides every credential until the town is set: the code names it.
          const town = await townOfEnrollmentCode(trx, codeHash);
          if (town !== null) await enterTown(trx, town);
          const code = await trx
            .selectFrom('enrollment_code as c')
            .innerJoin('app_user as u', 'u.id', 'c.user_id')
            .innerJoin('town as t', 't.id', 'c.municipality_id')
            .select([
              'c.code_hash',
              'c.user_id',
              'c.municipality_id',
              'c.expires_at',
              'c.used_at',
              'u.display_name',
              'u.role',
              'u.disabled_at',
              't.name as town_name',
              't.prefecture',
            ])
            .where('c.code_hash', '=', codeHash)
            .forUpdate('c')
            .executeTakeFirst();
          // One answer for unknown, used and expired codes: a guesser learns nothing.
          if (
            !code ||
            code.used_at !== null ||
            code.disabled_at !== null ||
            new Date(code.expires_at).getTime() <= Date.now()
          ) {
            throw new ApiError('ENROLLMENT_CODE_INVALID', 'the enrolment code is unknown, used or expired');
          }
          const deviceId = newId();
          const refresh = newRefreshToken();
          await trx
            .insertInto('device')
            .values({
              id: deviceId,
              user_id: code.user_id,
              municipality_id: code.municipality_id,
              name: body.device_name,
              refresh_hash: sha256Hex(refresh),
            })
            .execute();
          await trx
            .updateTable('enrollment_code')
            .set({ used_at: new Date(), device_id: deviceId })
            .where('code_hash', '=', codeHash)
            .execute();
          const access = await issueAccessToken(deps, trx, deviceId, code.municipality_id);
          request.log.info({ device: deviceId, town: code.municipality_id }, 'device enrolled');
          return {
            device_id: deviceId,
            refresh_token: refresh,
            ...access,
            // This laptop's own secret, to check offline unlock codes with (docs/security.md, "Offline lock").
            unlock_secret: deviceUnlockSecret(master, deviceId),
            user: { id: code.user_id, display_name: code.display_name, role: code.role },
            town: { id: code.municipality_id, name: code.town_name, prefecture: code.prefecture },
            // Additive: older laptops ignore it. The key the laptop checks every update with.
            ...(releaseKey ? { release_public_key: releaseKey } : {}),
          };
        }),
      );
    });
  });

  app.post('/v1/auth/token', async (request, reply) => {
    const body = parseBody(tokenBody, request.body);
    const presented = sha256Hex(body.refresh_token);
    const master = await unlockMaster(deps.db);
    const outcome = await attempt(request, reply, `device:${body.device_id}`, ['UNAUTHENTICATED'], () =>
      withoutTown(deps.db, async (trx) => {
        const town = await townOfDevice(trx, body.device_id);
        if (town !== null) await enterTown(trx, town);
        // Locked: two refreshes of one device rotate one after the other, never from the same state.
        const device = await trx
          .selectFrom('device as d')
          .innerJoin('app_user as u', 'u.id', 'd.user_id')
          .select([
            'd.id',
            'd.municipality_id',
            'd.refresh_hash',
            'd.previous_refresh_hash',
            'd.revoked_at',
            'd.revoke_reason',
            'u.disabled_at',
          ])
          .where('d.id', '=', body.device_id)
          .forUpdate('d')
          .executeTakeFirst();
        if (!device) throw new ApiError('UNAUTHENTICATED', 'unknown device or refresh secret');
        const isCurrent = presented === device.refresh_hash;
        const isPrevious = !isCurrent && presented === device.previous_refresh_hash;
        if (!isCurrent && !isPrevious) {
          const retired = await trx
            .selectFrom('retired_refresh')
            .select('refresh_hash')
            .where('refresh_hash', '=', presented)
            .where('device_id', '=', device.id)
            .executeTakeFirst();
          if (!retired) throw new ApiError('UNAUTHENTICATED', 'unknown device or refresh secret');
          // A secret the laptop has moved past: a copy is in someone else's hands. The whole chain
          // goes (committed here, answered after), and the device must be enrolled again.
          if (device.revoked_at === null) {
            await trx
              .updateTable('device')
              .set({ revoked_at: new Date() })
              .where('id', '=', device.id)
              .execute();
          }
          await trx.deleteFrom('access_token').where('device_id', '=', device.id).execute();
          return { reused: true as const, device: device.id, town: device.municipality_id };
        }
        if (device.revoked_at !== null && device.revoke_reason === 'lost') {
          // Committed before the answer: the order is audited even though the request is refused.
          await recordWipeOrder(trx, { id: device.id, town: device.municipality_id, reason: 'lost' });
          const ackToken = await issueWipeAckToken(trx, { id: device.id, town: device.municipality_id });
          return { wipe: 'lost' as const, ackToken };
        }
        // A retired laptop still gets tokens: it pushes what it holds, then wipes (sync/route.ts).
        if (
          (device.revoked_at !== null && device.revoke_reason !== 'retired') ||
          device.disabled_at !== null
        ) {
          throw new ApiError('DEVICE_REVOKED', 'this device has been revoked');
        }
        // Rotate. From the current secret: it becomes the previous one and the previous is retired.
        // From the previous one (the laptop never got or kept the last answer): the current one, which
        // it never used, is retired and replaced; the previous stays acceptable until a newer is used.
        const refresh = newRefreshToken();
        const retire = isCurrent ? device.previous_refresh_hash : device.refresh_hash;
        if (retire !== null) {
          await trx
            .insertInto('retired_refresh')
            .values({ refresh_hash: retire, device_id: device.id, municipality_id: device.municipality_id })
            .onConflict((oc) => oc.column('refresh_hash').doNothing())
            .execute();
        }
        await trx
          .deleteFrom('retired_refresh')
          .where('device_id', '=', device.id)
          .where('retired_at', '<', new Date(Date.now() - RETIRED_KEPT_DAYS * 86_400_000))
          .execute();
        await trx
          .updateTable('device')
          .set({
            last_seen_at: new Date(),
            refresh_hash: sha256Hex(refresh),
            previous_refresh_hash: isCurrent ? device.refresh_hash : device.previous_refresh_hash,
          })
          .where('id', '=', device.id)
          .execute();
        const access = await issueAccessToken(deps, trx, device.id, device.municipality_id);
        return {
          reused: false as const,
          // Sent on every refresh too: laptops enrolled before short codes get theirs at their next sync.
          answer: { ...access, refresh_token: refresh, unlock_secret: deviceUnlockSecret(master, device.id) },
        };
      }),
    );
    if ('wipe' in outcome && outcome.wipe !== undefined) throw wipeOrder(outcome.wipe, outcome.ackToken);
    if (outcome.reused) {
      request.log.warn(
        { device: outcome.device, town: outcome.town },
        'refresh secret reused: device revoked',
      );
      throw new ApiError(
        'DEVICE_REVOKED',
        'a refresh secret was used again after it had been replaced; this device was revoked and must be enrolled again',
      );
    }
    return outcome.answer;
  });
}
