import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { ServerDB } from './schema.ts';

/**
 * The server's database: a real PostgreSQL when a URL is given, else embedded PGlite (PostgreSQL
 * compiled to WASM) in the data directory, so `npm run server` works on a fresh machine. Both speak
 * the same SQL, run the same migrations and enforce the same row-level security.
 */

export interface DatabaseOptions {
  /** postgres:// URL; absent = embedded PGlite. */
  url?: string | undefined;
  /** Directory for the embedded database; absent with no url = in memory (tests). */
  dataDir?: string | undefined;
  /** Install into and use this schema instead of public (tests share one PostgreSQL). */
  schema?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export interface ServerDatabase {
  db: Kysely<ServerDB>;
  kind: 'postgres' | 'pglite';
  /** The embedded engine, for what Kysely cannot pass through (multi-statement migration scripts). */
  pglite?: PGlite;
  close(): Promise<void>;
}

// bigint (int8) as string: sequence numbers must never lose precision. numeric stays a string too.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export async function openDatabase(options: DatabaseOptions): Promise<ServerDatabase> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error(`invalid schema name: ${options.schema}`);
  }
  if (options.url) {
    if (options.schema) {
      const admin = new pg.Client({ connectionString: options.url });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<ServerDB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let dir: string | undefined;
  let release = () => {};
  if (options.dataDir) {
    dir = join(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    release = lockDataDir(options.dataDir);
  }
  // int8 as text, as with pg above: one representation whichever engine runs.
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir, { parsers: { 20: (value: string) => value } });
  } catch (error) {
    release();
    throw error;
  }
  if (options.schema) {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path = ${options.schema}`);
  }
  const db = new Kysely<ServerDB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      release();
    },
  };
}
