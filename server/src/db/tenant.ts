import { type Kysely, sql, type Transaction } from 'kysely';
import type { ServerDB } from './schema.ts';

/**
 * Runs `work` in one transaction as the unprivileged role futasato_app with app.municipality_id set
 * to the caller's town. From inside, the database itself hides and refuses every other town's rows
 * (server/migrations/0001: row-level security), whatever the route code does.
 */
export async function withTown<T>(
  db: Kysely<ServerDB>,
  municipalityId: string,
  work: (trx: Transaction<ServerDB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // One round trip: `role` is the setting SET LOCAL ROLE changes.
    await sql`SELECT set_config('role', 'futasato_app', true), set_config('app.municipality_id', ${municipalityId}, true)`.execute(
      trx,
    );
    return work(trx);
  });
}

/**
 * Runs `work` as futasato_app with no town set: every town-scoped table then reads as empty and
 * refuses writes. For requests not yet tied to a town (enrolment, token refresh): they learn their
 * town from a credential (townOfEnrollmentCode, townOfDevice) and then `enterTown`.
 */
export async function withoutTown<T>(
  db: Kysely<ServerDB>,
  work: (trx: Transaction<ServerDB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL ROLE futasato_app`.execute(trx);
    return work(trx);
  });
}

/** Sets the town of a transaction begun by `withoutTown`, once a credential has named it. */
export async function enterTown(trx: Transaction<ServerDB>, municipalityId: string): Promise<void> {
  await sql`SELECT set_config('app.municipality_id', ${municipalityId}, true)`.execute(trx);
}

/**
 * The town an enrolment code hash belongs to, or null (server/migrations/0006: the one fact the
 * request role may learn across towns before its town is known).
 */
export async function townOfEnrollmentCode(
  trx: Transaction<ServerDB>,
  codeHash: string,
): Promise<string | null> {
  const { rows } = await sql<{ town: string | null }>`SELECT auth_code_town(${codeHash}) AS town`.execute(
    trx,
  );
  return rows[0]?.town ?? null;
}

/** The town a device id belongs to, or null (server/migrations/0006). */
export async function townOfDevice(trx: Transaction<ServerDB>, deviceId: string): Promise<string | null> {
  const { rows } = await sql<{
    town: string | null;
  }>`SELECT auth_device_town(${deviceId}::uuid) AS town`.execute(trx);
  return rows[0]?.town ?? null;
}
