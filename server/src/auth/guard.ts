import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/domain/enums.ts';
import type { ServerDB } from '../db/schema.ts';
import type { ServerDeps } from '../deps.ts';
import { issueWipeAckToken, type RevokeReason, recordWipeOrder } from '../devices/lifecycle.ts';
import { ApiError } from '../errors.ts';
import { sha256Hex } from './secrets.ts';

/** Who is calling: resolved from the bearer token on every request, never from the body. */
declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireAuth`; routes that need a device read it through `deviceOf(request)`. */
    auth?: AuthContext;
  }
}

export interface AuthContext {
  deviceId: string;
  userId: string;
  municipalityId: string;
  role: Role;
  /**
   * Revoked as retired (docs/security.md): the laptop may still push what it holds (sync, uploads)
   * and is told to wipe itself once done; it receives nothing new.
   */
  retiring: boolean;
}

/**
 * The answer to a laptop revoked with a reason: a machine-readable order to wipe itself, with the
 * token that will acknowledge the wipe once every credential is gone (devices/lifecycle.ts).
 */
export function wipeOrder(reason: RevokeReason, ackToken: string | null = null): ApiError {
  return new ApiError(
    'DEVICE_WIPE',
    reason === 'lost'
      ? 'this device was reported lost: it must erase its data now'
      : 'this device was retired: it must send what it holds, then erase its data',
    ackToken === null ? { wipe: reason } : { wipe: reason, ack_token: ackToken },
  );
}

/**
 * Resolves `Authorization: Bearer fat_…`. The device row is read on every request, so a revocation
 * (or a disabled user) takes effect on the very next request, not when the token expires.
 */
export async function authenticate(
  db: Kysely<ServerDB>,
  request: FastifyRequest,
  options: { allowRetiring?: boolean } = {},
): Promise<AuthContext> {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new ApiError('UNAUTHENTICATED', 'an access token is required (Authorization: Bearer …)');
  const hash = sha256Hex(match[1]);
  // One statement, outside any transaction: it reads only credential tables (no town's records), and
  // every request pays for it, so it costs one round trip instead of four.
  const row = await db
    .selectFrom('access_token as t')
    .innerJoin('device as d', 'd.id', 't.device_id')
    .innerJoin('app_user as u', 'u.id', 'd.user_id')
    .select([
      't.expires_at',
      'd.id as device_id',
      'd.revoked_at',
      'd.revoke_reason',
      'd.municipality_id',
      'u.id as user_id',
      'u.role',
      'u.disabled_at',
    ])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) throw new ApiError('UNAUTHENTICATED', 'the access token is not known');
  if (row.revoked_at !== null) {
    const reason = row.revoke_reason;
    if (reason === null) throw new ApiError('DEVICE_REVOKED', 'this device has been revoked');
    // A retired laptop may still push what it holds (sync, uploads); anything else, and everything
    // for a lost one, is the order to wipe.
    if (reason === 'lost' || !options.allowRetiring) {
      await recordWipeOrder(db, { id: row.device_id, town: row.municipality_id, reason });
      throw wipeOrder(reason, await issueWipeAckToken(db, { id: row.device_id, town: row.municipality_id }));
    }
  }
  if (row.disabled_at !== null) throw new ApiError('DEVICE_REVOKED', "this device's user has been disabled");
  if (new Date(row.expires_at).getTime() <= Date.now()) {
    throw new ApiError('TOKEN_EXPIRED', 'the access token has expired; refresh it');
  }
  return {
    deviceId: row.device_id,
    userId: row.user_id,
    municipalityId: row.municipality_id,
    role: row.role as Role,
    retiring: row.revoked_at !== null && row.revoke_reason === 'retired',
  };
}

/** preHandler for routes that need a device. */
export function requireAuth(deps: Pick<ServerDeps, 'db'>, options: { allowRetiring?: boolean } = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    request.auth = await authenticate(deps.db, request, options);
  };
}

/** The authenticated caller of a route guarded by `requireAuth`. */
export function deviceOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new ApiError('UNAUTHENTICATED', 'an access token is required');
  return request.auth;
}
