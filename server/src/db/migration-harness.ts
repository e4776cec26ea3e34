import { type Kysely, type RawBuilder, sql } from 'kysely';
import { newId } from '../../../shared/ids.ts';
import { type DatabaseOptions, openDatabase, type ServerDatabase } from './connect.ts';
import { loadServerMigrations, migrateServer } from './migrate.ts';

/**
 * A throwaway database for one migration's test (server/migrations/NNNN_name.test.ts): a fresh
 * schema on the real PostgreSQL named by TEST_DATABASE_URL, dropped afterwards, or embedded PGlite
 * in memory without it — like every server suite (server/src/test-support.ts). A test migrates to
 * N-1, seeds rows as they were stored then, migrates to N and checks what N promises.
 */
export interface MigrationHarness {
  database: ServerDatabase;
  // Each version has its own tables: the test speaks SQL, not the current schema's types.
  db: Kysely<Record<string, never>>;
  /** Applies every migration up to and including `version`; returns the versions applied now. */
  migrateTo(version: number): Promise<number[]>;
  /** Runs one statement as the owner; its rows. */
  rows<R = Record<string, unknown>>(query: RawBuilder<R>): Promise<R[]>;
  /** Runs `query` as the request role futasato_app in `town` (or no town), in its own transaction. */
  asTown<R = Record<string, unknown>>(town: string | null, query: RawBuilder<R>): Promise<R[]>;
  close(): Promise<void>;
}

export async function openMigrationHarness(): Promise<MigrationHarness> {
  const url = process.env.TEST_DATABASE_URL;
  const schema = url ? `m_${newId().replace(/-/g, '').slice(-20)}` : undefined;
  const options: DatabaseOptions = { url, schema, poolSize: 2 };
  const database = await openDatabase(options);
  const db = database.db as unknown as Kysely<Record<string, never>>;
  const all = loadServerMigrations();
  return {
    database,
    db,
    migrateTo: (version) =>
      migrateServer(
        database,
        all.filter((m) => m.version <= version),
      ),
    rows: async (query) => (await query.execute(db)).rows,
    asTown: (town, query) =>
      db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('role', 'futasato_app', true), set_config('app.municipality_id', ${town ?? ''}, true)`.execute(
          trx,
        );
        return (await query.execute(trx)).rows;
      }),
    close: async () => {
      if (schema && url) await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db);
      await database.close();
    },
  };
}

/** Version numbers of the migrations this server ships. */
export function serverMigrationVersions(): number[] {
  return loadServerMigrations().map((m) => m.version);
}
