import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';

// The number is held for the kpi-engine branch's migration (see the .sql file); this test goes with it.
let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

describe('server migration 0012 (reserved)', () => {
  it('applies after 0011', async () => {
    await h.migrateTo(11);
    expect(await h.migrateTo(12)).toEqual([12]);
  });
});
