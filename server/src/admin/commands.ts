import type { Kysely } from 'kysely';
import { ROLES, type Role } from '../../../shared/domain/enums.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../../shared/domain/municipalities.ts';
import { isUuid, newId } from '../../../shared/ids.ts';
import { newEnrollmentCode, normalizeEnrollmentCode, sha256Hex } from '../auth/secrets.ts';
import type { ServerDB } from '../db/schema.ts';
import { type RevokeReason, revokeDevice as revokeWithReason } from '../devices/lifecycle.ts';
import { AdminError } from './admin-error.ts';

export { AdminError } from './admin-error.ts';

/**
 * What the administration CLI does, as functions (the CLI parses arguments and prints; tests call
 * these directly). They run as the database owner: administration is the one place that sees across
 * towns, and it is reached only by someone with shell access to the server.
 */

export interface TownInput {
  id: string;
  name?: string | undefined;
  prefecture?: string | undefined;
}

/** Creates a town; a consortium id (e.g. kagoshima-yoron) fills in its name and prefecture. */
export async function createTown(
  db: Kysely<ServerDB>,
  input: TownInput,
): Promise<{ id: string; name: string }> {
  const known = CONSORTIUM_MUNICIPALITIES.find((m) => m.id === input.id);
  const name = input.name ?? known?.name;
  const prefecture = input.prefecture ?? known?.prefecture;
  if (!/^[a-z]+-[a-z-]+$/.test(input.id)) {
    throw new AdminError(
      'INVALID_TOWN_ID',
      'a town id is prefecture-town in lower-case romaji, e.g. kagoshima-yoron',
    );
  }
  if (!name || !prefecture) {
    throw new AdminError(
      'TOWN_NAME_REQUIRED',
      `${input.id} is not a consortium town: give --name and --prefecture`,
    );
  }
  await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('town').select('id').where('id', '=', input.id).executeTakeFirst();
    if (exists) throw new AdminError('TOWN_EXISTS', `town ${input.id} already exists`);
    await trx.insertInto('town').values({ id: input.id, name, prefecture }).execute();
    await trx.insertInto('town_seq').values({ municipality_id: input.id }).execute();
  });
  return { id: input.id, name };
}

export async function setTownCoefficients(
  db: Kysely<ServerDB>,
  townId: string,
  coefficients: { spendPerPersonNightYen: number; rippleMultiplier: number },
): Promise<void> {
  if (!Number.isSafeInteger(coefficients.spendPerPersonNightYen) || coefficients.spendPerPersonNightYen < 0) {
    throw new AdminError('INVALID_COEFFICIENT', 'spend per person-night is a whole number of yen, 0 or more');
  }
  if (
    !Number.isFinite(coefficients.rippleMultiplier) ||
    coefficients.rippleMultiplier < 0 ||
    coefficients.rippleMultiplier >= 1000
  ) {
    throw new AdminError('INVALID_COEFFICIENT', 'the ripple multiplier is a number from 0 to 999.999');
  }
  const result = await db
    .updateTable('town')
    .set({
      spend_per_person_night_yen: coefficients.spendPerPersonNightYen,
      ripple_multiplier: coefficients.rippleMultiplier,
    })
    .where('id', '=', townId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new AdminError('TOWN_NOT_FOUND', `no town ${townId}`);
}

export interface TownListing {
  id: string;
  name: string;
  prefecture: string;
  spendPerPersonNightYen: number;
  /** numeric(6,3) as PostgreSQL prints it ("1.500"): exact, unlike a float. */
  rippleMultiplier: string;
  createdAt: Date;
}

export async function listTowns(db: Kysely<ServerDB>): Promise<TownListing[]> {
  const rows = await db
    .selectFrom('town')
    .select(['id', 'name', 'prefecture', 'spend_per_person_night_yen', 'ripple_multiplier', 'created_at'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefecture: r.prefecture,
    spendPerPersonNightYen: r.spend_per_person_night_yen,
    rippleMultiplier: String(r.ripple_multiplier),
    createdAt: new Date(r.created_at),
  }));
}

/** A filter naming a town that does not exist is a typo, not "no rows": say so. */
async function requireTown(db: Kysely<ServerDB>, townId: string): Promise<void> {
  const town = await db.selectFrom('town').select('id').where('id', '=', townId).executeTakeFirst();
  if (!town) throw new AdminError('TOWN_NOT_FOUND', `no town ${townId}`);
}

export async function createUser(
  db: Kysely<ServerDB>,
  input: { townId: string; displayName: string; role: Role },
): Promise<{ id: string }> {
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new AdminError('INVALID_ROLE', `role must be one of ${ROLES.join(', ')}`);
  }
  const name = input.displayName.trim();
  if (name.length === 0 || name.length > 100)
    throw new AdminError('INVALID_NAME', 'a user needs a name (1–100 characters)');
  const town = await db.selectFrom('town').select('id').where('id', '=', input.townId).executeTakeFirst();
  if (!town) throw new AdminError('TOWN_NOT_FOUND', `no town ${input.townId}`);
  const id = newId();
  await db
    .insertInto('app_user')
    .values({ id, municipality_id: input.townId, display_name: name, role: input.role, disabled_at: null })
    .execute();
  return { id };
}

export interface UserListing {
  id: string;
  townId: string;
  displayName: string;
  role: string;
  createdAt: Date;
  disabledAt: Date | null;
  /** Devices enrolled as this user and not revoked. */
  activeDevices: number;
}

export async function listUsers(db: Kysely<ServerDB>, townId?: string): Promise<UserListing[]> {
  if (townId !== undefined) await requireTown(db, townId);
  let query = db
    .selectFrom('app_user as u')
    .leftJoin('device as d', (join) => join.onRef('d.user_id', '=', 'u.id').on('d.revoked_at', 'is', null))
    .select((eb) => [
      'u.id',
      'u.municipality_id',
      'u.display_name',
      'u.role',
      'u.created_at',
      'u.disabled_at',
      eb.fn.count<string>('d.id').as('active_devices'),
    ])
    .groupBy(['u.id', 'u.municipality_id', 'u.display_name', 'u.role', 'u.created_at', 'u.disabled_at'])
    .orderBy('u.municipality_id')
    .orderBy('u.created_at')
    .orderBy('u.id');
  if (townId !== undefined) query = query.where('u.municipality_id', '=', townId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    townId: r.municipality_id,
    displayName: r.display_name,
    role: r.role,
    createdAt: new Date(r.created_at),
    disabledAt: r.disabled_at === null ? null : new Date(r.disabled_at),
    activeDevices: Number(r.active_devices),
  }));
}

/**
 * Disables a user: every device enrolled as them is refused (DEVICE_REVOKED) from its next request,
 * and no new code can be made for them. The row stays: records name their author by this id.
 */
export async function disableUser(
  db: Kysely<ServerDB>,
  userId: string,
): Promise<{ id: string; devices: number; alreadyDisabled: boolean }> {
  if (!isUuid(userId)) throw new AdminError('USER_NOT_FOUND', `no user ${userId}`);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'disabled_at'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new AdminError('USER_NOT_FOUND', `no user ${userId}`);
    if (user.disabled_at === null) {
      await trx.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', userId).execute();
    }
    const devices = await trx
      .selectFrom('device')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { id: userId, devices: Number(devices.n), alreadyDisabled: user.disabled_at !== null };
  });
}

/** A one-time code for enrolling one laptop as this user; only its hash is stored. */
export async function createEnrollmentCode(
  db: Kysely<ServerDB>,
  input: { userId: string; validHours?: number },
): Promise<{ code: string; expiresAt: Date }> {
  if (!isUuid(input.userId)) throw new AdminError('USER_NOT_FOUND', `no active user ${input.userId}`);
  const hours = input.validHours ?? 72;
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    throw new AdminError('INVALID_EXPIRY', 'a code is valid for more than 0 and at most 720 hours');
  }
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'municipality_id', 'disabled_at'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!user || user.disabled_at !== null)
    throw new AdminError('USER_NOT_FOUND', `no active user ${input.userId}`);
  const code = newEnrollmentCode();
  const expiresAt = new Date(Date.now() + hours * 3600 * 1000);
  await db
    .insertInto('enrollment_code')
    .values({
      code_hash: sha256Hex(normalizeEnrollmentCode(code)),
      user_id: user.id,
      municipality_id: user.municipality_id,
      expires_at: expiresAt,
      used_at: null,
      device_id: null,
    })
    .execute();
  return { code, expiresAt };
}

export interface DeviceListing {
  id: string;
  name: string;
  townId: string;
  user: string;
  role: string;
  createdAt: Date;
  lastSyncAt: Date | null;
  revokedAt: Date | null;
  /** lost / retired when the laptop was told to wipe; null for a plain revocation or none. */
  revokeReason: string | null;
  wipeOrderedAt: Date | null;
  wipeAcknowledgedAt: Date | null;
}

export async function listDevices(db: Kysely<ServerDB>, townId?: string): Promise<DeviceListing[]> {
  if (townId !== undefined) await requireTown(db, townId);
  let query = db
    .selectFrom('device as d')
    .innerJoin('app_user as u', 'u.id', 'd.user_id')
    .select([
      'd.id',
      'd.name',
      'd.municipality_id',
      'u.display_name',
      'u.role',
      'd.created_at',
      'd.last_sync_at',
      'd.revoked_at',
      'd.revoke_reason',
      'd.wipe_ordered_at',
      'd.wipe_acknowledged_at',
    ])
    .orderBy('d.municipality_id')
    .orderBy('d.created_at');
  if (townId) query = query.where('d.municipality_id', '=', townId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    townId: r.municipality_id,
    user: r.display_name,
    role: r.role,
    createdAt: new Date(r.created_at),
    lastSyncAt: r.last_sync_at === null ? null : new Date(r.last_sync_at),
    revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
    revokeReason: r.revoke_reason,
    wipeOrderedAt: r.wipe_ordered_at === null ? null : new Date(r.wipe_ordered_at),
    wipeAcknowledgedAt: r.wipe_acknowledged_at === null ? null : new Date(r.wipe_acknowledged_at),
  }));
}

/**
 * Revokes a device: its next request, of any kind, is refused; with a reason it is also told to wipe
 * itself (devices/lifecycle.ts).
 */
export function revokeDevice(
  db: Kysely<ServerDB>,
  deviceId: string,
  options: { reason?: RevokeReason | null; by?: string } = {},
): Promise<{ alreadyRevoked: boolean; reason: RevokeReason | null }> {
  return revokeWithReason(db, deviceId, options);
}
