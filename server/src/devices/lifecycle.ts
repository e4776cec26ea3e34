import type { Kysely, Transaction } from 'kysely';
import { isUuid } from '../../../shared/ids.ts';
import {
  deviceUnlockSecret,
  newSigningKeyPair,
  issueUnlockCode as signUnlockCode,
  unlockMasterKey,
} from '../../../shared/node/unlock-code.ts';
import { AdminError } from '../admin/admin-error.ts';
import { newWipeAckToken, sha256Hex } from '../auth/secrets.ts';
import type { DeviceAuditAction, ServerDB } from '../db/schema.ts';

/**
 * A laptop's life after enrolment (docs/security.md): revoked as lost or retired, told to wipe at its
 * next contact, its wipe acknowledged; offline unlock codes issued for it. Every step leaves a row in
 * `device_audit`. The functions taking `Kysely` run as the database owner (the CLI, or a route that
 * has already checked the caller's town and passes it as `town`); those taking a transaction run
 * inside a request's town transaction.
 */

export const REVOKE_REASONS = ['lost', 'retired'] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

export function isRevokeReason(value: unknown): value is RevokeReason {
  return typeof value === 'string' && (REVOKE_REASONS as readonly string[]).includes(value);
}

type Db = Kysely<ServerDB> | Transaction<ServerDB>;

export async function audit(
  db: Db,
  row: { town: string; device: string; action: DeviceAuditAction; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('device_audit')
    .values({
      municipality_id: row.town,
      device_id: row.device,
      action: row.action,
      detail: JSON.stringify(row.detail ?? {}),
    })
    .execute();
}

/**
 * The server's Ed25519 key, made on first use. Several processes may ask at once: the first insert
 * wins and everyone reads the row that won.
 */
export async function ensureSigningKey(
  db: Kysely<ServerDB>,
): Promise<{ publicKey: string; privateKey: string }> {
  const existing = await db
    .selectFrom('server_signing_key')
    .select(['public_key', 'private_key'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (existing) return { publicKey: existing.public_key, privateKey: existing.private_key };
  const pair = newSigningKeyPair();
  await db
    .insertInto('server_signing_key')
    .values({ id: 1, public_key: pair.publicKey, private_key: pair.privateKey })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_signing_key')
    .select(['public_key', 'private_key'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { publicKey: row.public_key, privateKey: row.private_key };
}

const masters = new WeakMap<Kysely<ServerDB>, Promise<Buffer>>();

/**
 * The unlock master key (docs/security.md, "Offline lock"), derived from the server's private key.
 * Read as the database owner (the request role cannot read the private key), once per process, and
 * before a request's transaction opens (PGlite has one connection). What leaves the server is only
 * each laptop's derived secret (deviceUnlockSecret).
 */
export function unlockMaster(db: Kysely<ServerDB>): Promise<Buffer> {
  let master = masters.get(db);
  if (master === undefined) {
    master = ensureSigningKey(db).then((key) => unlockMasterKey(key.privateKey));
    masters.set(db, master);
    master.catch(() => masters.delete(db));
  }
  return master;
}

export { deviceUnlockSecret };

async function requireDevice(
  db: Db,
  deviceId: string,
  town: string | undefined,
): Promise<{
  id: string;
  municipality_id: string;
  revoked_at: Date | null;
  revoke_reason: RevokeReason | null;
  wipe_acknowledged_at: Date | null;
}> {
  // A malformed id would otherwise reach PostgreSQL and come back as a uuid syntax error.
  if (!isUuid(deviceId)) throw new AdminError('DEVICE_NOT_FOUND', `no device ${deviceId}`);
  let query = db
    .selectFrom('device')
    .select(['id', 'municipality_id', 'revoked_at', 'revoke_reason', 'wipe_acknowledged_at'])
    .where('id', '=', deviceId);
  // Another town's device answers exactly like a missing one.
  if (town !== undefined) query = query.where('municipality_id', '=', town);
  const device = await query.forUpdate().executeTakeFirst();
  if (!device) throw new AdminError('DEVICE_NOT_FOUND', `no device ${deviceId}`);
  return {
    ...device,
    revoked_at: device.revoked_at === null ? null : new Date(device.revoked_at),
    wipe_acknowledged_at: device.wipe_acknowledged_at,
  };
}

/**
 * Revokes a device: every request after this is refused. With a reason the laptop is also told to
 * wipe itself at its next contact: `lost` before anything else, `retired` once it has pushed what it
 * holds. A device revoked before may be given a reason (or a retired one declared lost) until it has
 * acknowledged its wipe.
 */
export async function revokeDevice(
  db: Kysely<ServerDB>,
  deviceId: string,
  options: { reason?: RevokeReason | null; by?: string; town?: string } = {},
): Promise<{ alreadyRevoked: boolean; reason: RevokeReason | null }> {
  const reason = options.reason ?? null;
  if (reason !== null && !isRevokeReason(reason)) {
    throw new AdminError('INVALID_REASON', `the reason is one of ${REVOKE_REASONS.join(', ')}`);
  }
  return db.transaction().execute(async (trx) => {
    const device = await requireDevice(trx, deviceId, options.town);
    const alreadyRevoked = device.revoked_at !== null;
    if (device.wipe_acknowledged_at !== null && reason !== null) {
      throw new AdminError('DEVICE_ALREADY_WIPED', `device ${deviceId} has already wiped itself`);
    }
    // The stronger order stands: a lost laptop is never downgraded to retired.
    const nextReason = device.revoke_reason === 'lost' ? 'lost' : (reason ?? device.revoke_reason);
    const changed = !alreadyRevoked || nextReason !== device.revoke_reason;
    await trx
      .updateTable('device')
      .set({ revoked_at: device.revoked_at ?? new Date(), revoke_reason: nextReason })
      .where('id', '=', deviceId)
      .execute();
    // Unexpired access tokens stay: the device's next request is then answered DEVICE_REVOKED or
    // DEVICE_WIPE (the laptop acts on it) rather than UNAUTHENTICATED (which it would meet by
    // refreshing). authenticate() checks revoked_at before anything else, so they grant nothing else.
    await trx
      .deleteFrom('access_token')
      .where('device_id', '=', deviceId)
      .where('expires_at', '<', new Date())
      .execute();
    if (changed) {
      await audit(trx, {
        town: device.municipality_id,
        device: deviceId,
        action: 'revoked',
        detail: { reason: nextReason, by: options.by ?? 'cli' },
      });
    }
    return { alreadyRevoked, reason: nextReason };
  });
}

/**
 * The server tells a revoked laptop to wipe (lost: every request; retired: once its pushes are in).
 * The first time is audited as `wipe_ordered`; the update is conditional, so two requests at once
 * write one row.
 */
export async function recordWipeOrder(
  db: Db,
  device: { id: string; town: string; reason: RevokeReason },
): Promise<void> {
  const updated = await db
    .updateTable('device')
    .set({ wipe_ordered_at: new Date() })
    .where('id', '=', device.id)
    .where('wipe_ordered_at', 'is', null)
    .executeTakeFirst();
  if (updated.numUpdatedRows > 0n) {
    await audit(db, {
      town: device.town,
      device: device.id,
      action: 'wipe_ordered',
      detail: { reason: device.reason },
    });
  }
}

/** Tokens issued to one device at most (see issueWipeAckToken). */
export const MAX_WIPE_ACK_TOKENS = 50;

/**
 * A token that can only acknowledge this device's wipe, handed over with each order to wipe (the
 * DEVICE_WIPE answer, the retired sync header). The laptop keeps it in its wiped notice after every
 * credential is gone and retries the acknowledgement with it (docs/security.md); it opens nothing
 * else. Only its hash is stored. None is issued once the wipe is acknowledged (null then).
 */
export async function issueWipeAckToken(
  db: Db,
  device: { id: string; town: string },
): Promise<string | null> {
  const acknowledged = await db
    .selectFrom('device')
    .select('wipe_acknowledged_at')
    .where('id', '=', device.id)
    .executeTakeFirst();
  if (!acknowledged || acknowledged.wipe_acknowledged_at !== null) return null;
  // A laptop asks a few times before it wipes; whoever keeps asking with a lost laptop's access
  // token past this gets no more rows (the laptop then acknowledges with its refresh secret).
  const outstanding = await db
    .selectFrom('wipe_ack_token')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('device_id', '=', device.id)
    .executeTakeFirstOrThrow();
  if (Number(outstanding.n) >= MAX_WIPE_ACK_TOKENS) return null;
  const token = newWipeAckToken();
  await db
    .insertInto('wipe_ack_token')
    .values({ token_hash: sha256Hex(token), municipality_id: device.town, device_id: device.id })
    .execute();
  return token;
}

/** An offline unlock code for one laptop; the server keeps its nonce (audited), never the code. */
export async function issueUnlockCode(
  db: Kysely<ServerDB>,
  deviceId: string,
  options: { hours?: number; by?: string; town?: string; now?: Date } = {},
): Promise<{ code: string; expiresAt: Date; nonce: string }> {
  const hours = options.hours ?? 24;
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 7) {
    throw new AdminError('INVALID_EXPIRY', 'an unlock code is valid for more than 0 and at most 168 hours');
  }
  const master = await unlockMaster(db);
  return db.transaction().execute(async (trx) => {
    const device = await requireDevice(trx, deviceId, options.town);
    const secret = deviceUnlockSecret(master, device.id);
    if (device.revoked_at !== null) {
      throw new AdminError('DEVICE_REVOKED', `device ${deviceId} is revoked: it cannot be unlocked`);
    }
    const now = options.now ?? new Date();
    // A nonce is 5 random bytes: a clash with an earlier code of any laptop is retried.
    for (let attempt = 0; ; attempt += 1) {
      const issued = signUnlockCode({
        secret,
        deviceId,
        expiresAt: new Date(now.getTime() + hours * 3_600_000),
      });
      const inserted = await trx
        .insertInto('unlock_code')
        .values({
          nonce: issued.nonce,
          municipality_id: device.municipality_id,
          device_id: deviceId,
          expires_at: issued.expiresAt,
        })
        .onConflict((oc) => oc.column('nonce').doNothing())
        .executeTakeFirst();
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n && attempt < 5) continue;
      await audit(trx, {
        town: device.municipality_id,
        device: deviceId,
        action: 'unlock_code_issued',
        detail: { nonce: issued.nonce, expires_at: issued.expiresAt.toISOString(), by: options.by ?? 'cli' },
      });
      return issued;
    }
  });
}

export interface DeviceAuditEntry {
  action: DeviceAuditAction;
  detail: Record<string, unknown>;
  at: Date;
}

export async function deviceHistory(
  db: Kysely<ServerDB>,
  deviceId: string,
  town?: string,
): Promise<DeviceAuditEntry[]> {
  await requireDevice(db, deviceId, town);
  const rows = await db
    .selectFrom('device_audit')
    .select(['action', 'detail', 'at'])
    .where('device_id', '=', deviceId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ action: r.action, detail: r.detail, at: new Date(r.at) }));
}
