import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The town's lock policy (migration 0011, docs/security.md): one `town_policy` row per version, written
 * by a town administrator and synced to every laptop of the town. The version in force is the latest
 * `set_at`, then the greatest id: the rule the KPI coefficients use for two versions set at once, so
 * two administrators who changed it offline end with every laptop on the same version.
 *
 * A version the server refused (its insert quarantined: written before enrolment by someone the
 * server does not know as a town administrator) is not in force here either: no other laptop will
 * ever have it, and a laptop must not keep a looser lock of its own that way.
 */

export const MIN_IDLE_MINUTES = 1;
export const MAX_IDLE_MINUTES = 240;
export const MIN_OFFLINE_DAYS = 1;
export const MAX_OFFLINE_DAYS = 365;

export interface TownPolicyRow {
  id: string;
  idle_minutes: number;
  offline_lock_days: number;
  note: string | null;
  set_at: string;
  created_by: string;
}

/** The version in force for the town of this laptop's profile (the real one), or null: none yet. */
export function policyInForce(sqlite: Database): TownPolicyRow | null {
  const row = sqlite
    .prepare(
      `SELECT id, idle_minutes, offline_lock_days, note, set_at, created_by
         FROM town_policy
        WHERE municipality_id = (SELECT municipality_id FROM local_profile LIMIT 1)
          AND deleted_at IS NULL
          AND id NOT IN (SELECT row_id FROM outbox WHERE table_name = 'town_policy' AND state = 'quarantined')
        ORDER BY set_at DESC, id DESC
        LIMIT 1`,
    )
    .get() as TownPolicyRow | undefined;
  return row ?? null;
}
