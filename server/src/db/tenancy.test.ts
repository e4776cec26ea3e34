import { type Kysely, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import { issueUnlockCode, issueWipeAckToken } from '../devices/lifecycle.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';
import type { ServerDB } from './schema.ts';

/**
 * Defence in depth: connected as the request role futasato_app with town A set, no row of town B in
 * any town-scoped table can be read, changed, removed or forged, whatever SQL a route might run.
 * The tables are found in the catalogue (every table with a municipality_id column), so a new table
 * without a policy fails here, and so does one this test has no row of town B in (add it to the
 * fixture below): a probe that finds nothing to hide proves nothing.
 */

const A = 'kagoshima-yoron';
const B = 'kagoshima-kinko';

let server: TestServer;
let db: Kysely<ServerDB>;
let deviceB: TestDevice;

beforeAll(async () => {
  server = await startTestServer();
  db = server.deps.db;
  await enrollTestDevice(server, A, 'town_admin');
  deviceB = await enrollTestDevice(server, B, 'coordinator');
  // Town B's records, applied operations and sync log, through a real sync.
  const hlc = new HybridLogicalClock({ node: 'b0b0b0b0b0b0b0b0' }).now();
  const v = (value: string | number) => ({ value, hlc, base: null });
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: { authorization: `Bearer ${deviceB.token}` },
    payload: {
      protocol: 1,
      schema: 1,
      device_id: deviceB.deviceId,
      after_seq: 0,
      cursor: '0',
      ops: [
        {
          seq: 1,
          op_id: newId(),
          table: 'family',
          row: newId(),
          op: 'insert',
          at: new Date().toISOString(),
          changes: {
            family_name: v('錦江'),
            family_name_kana: v('きんこう'),
            phone: v('09012345678'),
            consent_photo: v(0),
            consent_share: v(0),
          },
        },
      ],
    },
  });
  if (res.statusCode !== 200) throw new Error(`fixture sync failed: ${res.body}`);
  // Two refreshes: town B's device has a retired refresh secret.
  let secret = deviceB.refreshToken;
  for (let i = 0; i < 2; i += 1) {
    const refreshed = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { device_id: deviceB.deviceId, refresh_token: secret },
    });
    if (refreshed.statusCode !== 200) throw new Error(`fixture refresh failed: ${refreshed.body}`);
    secret = (refreshed.json() as { refresh_token: string }).refresh_token;
  }
  // Town B's device audit and an unlock code (devices/lifecycle.ts).
  await issueUnlockCode(db, deviceB.deviceId, { hours: 1 });
  // A wipe acknowledgement token of town B (devices/lifecycle.ts).
  await issueWipeAckToken(db, { id: deviceB.deviceId, town: B });
  // A KPI target of town B (kpi/targets.ts; the consortium's own rows have no town).
  await sql`INSERT INTO kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, value, set_by_name)
            VALUES (${B}, 'nights', 2026, 2026, 50, 'fixture')`.execute(db);
  // What no simple request makes: a quarantined op and a stored blob of town B.
  await db
    .insertInto('quarantine')
    .values({
      device_id: deviceB.deviceId,
      seq: 99,
      municipality_id: B,
      op: JSON.stringify({ seq: 99 }),
      code: 'INVALID_VALUE',
      message: 'fixture',
    })
    .execute();
  await db
    .insertInto('blob')
    .values({
      municipality_id: B,
      sha256: 'a'.repeat(64),
      size_bytes: 1,
      mime_type: 'image/jpeg',
      created_by: deviceB.userId,
    })
    .execute();
});
afterAll(async () => server.close());

async function townScopedTables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'municipality_id' AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

class Rollback extends Error {}

/** Runs `work` as the request role of town A, then rolls everything back. */
async function asTownA<T>(work: (trx: Transaction<ServerDB>) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('role', 'futasato_app', true), set_config('app.municipality_id', ${A}, true)`.execute(
        trx,
      );
      result = await work(trx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

/** Rows touched, or 'refused' when the database said no (42501: privilege or policy). */
async function attempt(
  trx: Transaction<ServerDB>,
  statement: ReturnType<typeof sql>,
): Promise<number | 'refused'> {
  await sql`SAVEPOINT probe`.execute(trx);
  try {
    const result = await statement.execute(trx);
    await sql`RELEASE SAVEPOINT probe`.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT probe`.execute(trx);
    if ((error as { code?: string }).code === '42501') return 'refused';
    throw error;
  }
}

describe('row-level security on every town-scoped table', () => {
  it('finds the credential tables among the town-scoped ones', async () => {
    expect(await townScopedTables()).toEqual(
      expect.arrayContaining(['app_user', 'device', 'enrollment_code', 'access_token', 'record', 'blob']),
    );
  });

  it('every town-scoped table has row-level security on and a policy', async () => {
    const { rows } = await sql<{ relname: string; rls: boolean; policies: number }>`
      SELECT c.relname, c.relrowsecurity AS rls,
             (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r'`.execute(db);
    const byName = new Map(rows.map((r) => [r.relname, r]));
    for (const table of [...(await townScopedTables()), 'town']) {
      expect(byName.get(table), table).toMatchObject({ rls: true });
      expect(byName.get(table)?.policies, table).toBeGreaterThan(0);
    }
  });

  it("as town A's request role, town B's rows cannot be read, updated, deleted or forged", async () => {
    const tables = await townScopedTables();
    const { rows: schemaRows } = await sql<{ name: string }>`SELECT current_schema() AS name`.execute(db);
    const schema = schemaRows[0]?.name ?? 'public';
    for (const table of tables) {
      const t = sql.table(table);
      // The fixture holds a row of town B here (as the owner sees it): otherwise the probe is empty.
      const owned = await sql<{ row: Record<string, unknown> }>`
        SELECT to_jsonb(x) AS row FROM ${t} x WHERE municipality_id = ${B} LIMIT 1`.execute(db);
      const rowB = owned.rows[0]?.row;
      expect(rowB, `the fixture has no row of town B in ${table}: add one`).toBeDefined();

      await asTownA(async (trx) => {
        const seen = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM ${t} WHERE municipality_id <> ${A}`.execute(trx);
        expect(seen.rows[0]?.n, `${table}: another town's rows are visible`).toBe(0);
        const updated = await attempt(
          trx,
          sql`UPDATE ${t} SET municipality_id = municipality_id WHERE municipality_id = ${B}`,
        );
        expect([0, 'refused'], `${table}: another town's rows were updated`).toContain(updated);
        const deleted = await attempt(trx, sql`DELETE FROM ${t} WHERE municipality_id = ${B}`);
        expect([0, 'refused'], `${table}: another town's rows were deleted`).toContain(deleted);
        // A row of town B written from town A: a copy of B's own row, so only tenancy can refuse it.
        // (Schema-qualified: the table `record` shares its name with the pseudo-type.)
        const forged = await attempt(
          trx,
          sql`INSERT INTO ${t} SELECT * FROM jsonb_populate_record(NULL::${sql.raw(`"${schema}"."${table}"`)}, ${JSON.stringify(rowB)}::jsonb)`,
        );
        expect(forged, `${table}: a row of another town was written`).toBe('refused');
      });
    }
  });

  it("town B's devices cannot be revoked and its town row not read from town A", async () => {
    const revoked = await asTownA((trx) => attempt(trx, sql`UPDATE device SET revoked_at = now()`));
    expect(revoked).toBe(1); // town A's own device only
    await asTownA(async (trx) => {
      const towns = await sql<{ id: string }>`SELECT id FROM town`.execute(trx);
      expect(towns.rows.map((r) => r.id)).toEqual([A]);
      const hashes = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM device d JOIN access_token t ON t.device_id = d.id
         WHERE d.id = ${deviceB.deviceId}::uuid`.execute(trx);
      expect(hashes.rows[0]?.n).toBe(0);
    });
  });
});
