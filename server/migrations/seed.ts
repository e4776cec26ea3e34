import { sql } from 'kysely';
import type { MigrationHarness } from '../src/db/migration-harness.ts';

/**
 * Rows as the server stored them at an early version, written in SQL so a test seeds exactly the
 * columns that version had (the migration tests beside this file).
 */

export const TOWN = 'kagoshima-yoron';
export const OTHER_TOWN = 'tokyo-ome';
export const USER = '01900000-0000-7000-8000-00000000f001';
export const DEVICE = '01900000-0000-7000-8000-00000000d001';

export async function seedTowns(h: MigrationHarness): Promise<void> {
  await h.rows(
    sql`INSERT INTO town (id, name, prefecture) VALUES (${TOWN}, '与論町', '鹿児島県'), (${OTHER_TOWN}, '青梅市', '東京都')`,
  );
  await h.rows(sql`INSERT INTO town_seq (municipality_id) VALUES (${TOWN}), (${OTHER_TOWN})`);
}

/** A town's user with one enrolled device (refresh hash 'r1'). */
export async function seedDevice(
  h: MigrationHarness,
  town = TOWN,
  user = USER,
  device = DEVICE,
): Promise<void> {
  await h.rows(
    sql`INSERT INTO app_user (id, municipality_id, display_name, role) VALUES (${user}, ${town}, 'coordinator', 'coordinator')`,
  );
  await h.rows(
    sql`INSERT INTO device (id, user_id, municipality_id, name, refresh_hash) VALUES (${device}, ${user}, ${town}, 'laptop', ${`r-${device}`})`,
  );
}

/** One record row: `vals` as stored (JSON of the synced columns). */
export async function seedRecord(
  h: MigrationHarness,
  row: { id: string; town?: string; table: string; vals: Record<string, unknown>; clocks?: unknown },
): Promise<void> {
  await h.rows(
    sql`INSERT INTO record (id, municipality_id, table_name, vals, clocks, seq, created_at, created_by, updated_at, updated_by)
        VALUES (${row.id}, ${row.town ?? TOWN}, ${row.table}, ${JSON.stringify(row.vals)}::jsonb,
                ${JSON.stringify(row.clocks ?? {})}::jsonb, 1, now(), ${USER}, now(), ${USER})`,
  );
}

/** A started stay of `people` members (each its own stay_member row). */
export async function seedStay(
  h: MigrationHarness,
  id: string,
  vals: Record<string, unknown>,
  people: string[] = [],
): Promise<void> {
  await seedRecord(h, { id, table: 'stay', vals: { programme: 'school_stay', status: 'in_town', ...vals } });
  for (const [i, member] of people.entries()) {
    const link = `${id.slice(0, -4)}${String(9000 + i)}`;
    await seedRecord(h, { id: link, table: 'stay_member', vals: { stay_id: id, member_id: member } });
  }
}
