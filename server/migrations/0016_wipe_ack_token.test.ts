import { basename } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { DEVICE, OTHER_TOWN, seedDevice, seedTowns, TOWN } from './seed.ts';

/** This migration's number, from its file name (it may be renumbered when branches meet). */
const VERSION = Number(basename(import.meta.filename).slice(0, 4));

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

describe('server migration: wipe acknowledgement tokens', () => {
  it('keeps each town its own tokens; the request role may issue and spend them, never delete or rewrite', async () => {
    await h.migrateTo(VERSION - 1);
    await seedTowns(h);
    await seedDevice(h);
    expect(await h.migrateTo(VERSION)).toEqual([VERSION]);

    await h.asTown(
      TOWN,
      sql`INSERT INTO wipe_ack_token (token_hash, municipality_id, device_id) VALUES ('h1', ${TOWN}, ${DEVICE})`,
    );
    expect(await h.asTown(TOWN, sql`SELECT token_hash, used_at FROM wipe_ack_token`)).toEqual([
      { token_hash: 'h1', used_at: null },
    ]);
    expect(await h.asTown(OTHER_TOWN, sql`SELECT token_hash FROM wipe_ack_token`)).toEqual([]);
    await expect(
      h.asTown(
        OTHER_TOWN,
        sql`INSERT INTO wipe_ack_token (token_hash, municipality_id, device_id) VALUES ('h2', ${TOWN}, ${DEVICE})`,
      ),
    ).rejects.toThrow(/row-level security/);
    await h.asTown(TOWN, sql`UPDATE wipe_ack_token SET used_at = now() WHERE token_hash = 'h1'`);
    await expect(
      h.asTown(TOWN, sql`UPDATE wipe_ack_token SET device_id = ${DEVICE}, token_hash = 'h3'`),
    ).rejects.toThrow(/permission denied/);
    await expect(h.asTown(TOWN, sql`DELETE FROM wipe_ack_token`)).rejects.toThrow(/permission denied/);
    // A token names a device that exists.
    await expect(
      h.rows(
        sql`INSERT INTO wipe_ack_token (token_hash, municipality_id, device_id)
            VALUES ('h4', ${TOWN}, '01900000-0000-7000-8000-00000000dead')`,
      ),
    ).rejects.toThrow(/foreign key/i);
  });
});
