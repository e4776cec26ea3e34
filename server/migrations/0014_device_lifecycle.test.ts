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

describe('server migration: device lifecycle (lost / retired, audit, unlock codes)', () => {
  it('keeps stored devices as they were, checks the reason, and keeps the audit and codes per town', async () => {
    await h.migrateTo(VERSION - 1);
    await seedTowns(h);
    await seedDevice(h);
    await h.rows(sql`UPDATE device SET revoked_at = now() WHERE id = ${DEVICE}`);
    expect(await h.migrateTo(VERSION)).toEqual([VERSION]);

    // A device revoked before keeps its plain refusal: no reason, no wipe order.
    expect(
      await h.rows(sql`SELECT revoke_reason, wipe_ordered_at, wipe_acknowledged_at FROM device`),
    ).toEqual([{ revoke_reason: null, wipe_ordered_at: null, wipe_acknowledged_at: null }]);
    await expect(h.rows(sql`UPDATE device SET revoke_reason = 'stolen'`)).rejects.toThrow(/check/i);
    await expect(
      h.asTown(
        TOWN,
        sql`INSERT INTO device_audit (municipality_id, device_id, action) VALUES (${TOWN}, ${DEVICE}, 'wiped')`,
      ),
    ).rejects.toThrow(/check/i);

    await h.asTown(
      TOWN,
      sql`INSERT INTO device_audit (municipality_id, device_id, action, detail) VALUES (${TOWN}, ${DEVICE}, 'revoked', '{"reason":"lost"}')`,
    );
    await h.asTown(
      TOWN,
      sql`INSERT INTO unlock_code (nonce, municipality_id, device_id, expires_at) VALUES ('0badc0de', ${TOWN}, ${DEVICE}, now())`,
    );
    expect(await h.asTown(TOWN, sql`SELECT action FROM device_audit`)).toEqual([{ action: 'revoked' }]);
    expect(await h.asTown(OTHER_TOWN, sql`SELECT action FROM device_audit`)).toEqual([]);
    expect(await h.asTown(OTHER_TOWN, sql`SELECT nonce FROM unlock_code`)).toEqual([]);
    await expect(
      h.asTown(
        OTHER_TOWN,
        sql`INSERT INTO device_audit (municipality_id, device_id, action) VALUES (${TOWN}, ${DEVICE}, 'revoked')`,
      ),
    ).rejects.toThrow(/row-level security/);
    // The audit is append-only for the request role.
    await expect(h.asTown(TOWN, sql`DELETE FROM device_audit`)).rejects.toThrow(/permission denied/);

    // The signing key: the request role reads the public half only.
    await h.rows(sql`INSERT INTO server_signing_key (id, public_key, private_key) VALUES (1, 'pub', 'priv')`);
    expect(await h.asTown(null, sql`SELECT public_key FROM server_signing_key`)).toEqual([
      { public_key: 'pub' },
    ]);
    await expect(h.asTown(null, sql`SELECT private_key FROM server_signing_key`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      h.rows(sql`INSERT INTO server_signing_key (id, public_key, private_key) VALUES (2, 'a', 'b')`),
    ).rejects.toThrow(/check/i);
  });
});
