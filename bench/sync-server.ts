/**
 * The real server in its own process, for `npm run bench:sync` and tests/sync/poor-link.test.ts:
 * `npm run -s server` on a free loopback port, with its database prepared beforehand.
 *
 * Towns, users and enrolment codes are made through the admin commands (server/src/admin/commands.ts,
 * what `npm run server:admin` runs) on the server's own database BEFORE the server opens it: the
 * embedded PGlite database is one process's at a time, so nothing can write it next to the running
 * server. With a PostgreSQL URL the database is a fresh one (CREATE DATABASE), dropped by `dispose`.
 * Afterwards, `stop` ends the server (SIGTERM: in-flight syncs finish, PGlite is closed cleanly) so
 * its records can be read back with `open`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createEnrollmentCode, createTown, createUser } from '../server/src/admin/commands.ts';
import { openDatabase, type ServerDatabase } from '../server/src/db/connect.ts';
import { migrateServer } from '../server/src/db/migrate.ts';
import type { ServerDB } from '../server/src/db/schema.ts';
import type { Role } from '../shared/domain/enums.ts';
import { newId } from '../shared/ids.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether any process of this process group is still running (Linux /proc; false elsewhere). */
function groupAlive(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch {
      // exited while we looked
    }
  }
  return false;
}

export interface ServerStore {
  kind: 'pglite' | 'postgres';
  /** DATA_DIR of the server (PGlite lives in it; blobs and upload staging too). */
  dataDir: string;
  /** The fresh PostgreSQL database's URL, when the store is PostgreSQL. */
  databaseUrl?: string;
  /** Opens the server's database (PGlite: only while the server is stopped). */
  open(): Promise<ServerDatabase>;
  dispose(): Promise<void>;
}

/**
 * A new, empty, migrated server database: PGlite in a temporary DATA_DIR, or (with `postgresUrl`) a
 * new database on that PostgreSQL server, named futasato_<label>_<random>.
 */
export async function createServerStore(label: string, postgresUrl?: string): Promise<ServerStore> {
  const dataDir = mkdtempSync(join(tmpdir(), `futasato-${label}-`));
  if (!postgresUrl) {
    const store: ServerStore = {
      kind: 'pglite',
      dataDir,
      open: () => openDatabase({ dataDir }),
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
    const database = await store.open();
    try {
      await migrateServer(database);
    } finally {
      await database.close();
    }
    return store;
  }
  const name = `futasato_${label.replace(/[^a-z0-9]/g, '')}_${newId().replace(/-/g, '').slice(-12)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const store: ServerStore = {
    kind: 'postgres',
    dataDir,
    databaseUrl,
    open: () => openDatabase({ url: databaseUrl, poolSize: 2 }),
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
  const database = await store.open();
  try {
    await migrateServer(database);
  } finally {
    await database.close();
  }
  return store;
}

export interface Enrolment {
  userId: string;
  name: string;
  code: string;
}

/** A town (if missing) and, per name, a user of `role` with a one-time enrolment code. */
export async function prepareTown(
  db: Kysely<ServerDB>,
  town: string,
  names: readonly string[],
  role: Role = 'coordinator',
): Promise<Enrolment[]> {
  const exists = await db.selectFrom('town').select('id').where('id', '=', town).executeTakeFirst();
  if (!exists) await createTown(db, { id: town });
  const out: Enrolment[] = [];
  for (const name of names) {
    const user = await createUser(db, { townId: town, displayName: name, role });
    const { code } = await createEnrollmentCode(db, { userId: user.id });
    out.push({ userId: user.id, name, code });
  }
  return out;
}

export interface ServerProcess {
  url: string;
  port: number;
  /** What the server wrote to stdout and stderr (warnings and errors at LOG_LEVEL=warn). */
  output(): string;
  /** SIGTERM to the server's process group; resolves when it has exited. */
  stop(): Promise<number | null>;
}

/**
 * `npm run -s server` with DATA_DIR, PORT, LOG_LEVEL=warn, AUTH_RATE_LIMIT=10000 (and DATABASE_URL
 * for PostgreSQL). Resolves once /v1/health answers 200.
 */
export async function startServerProcess(
  store: ServerStore,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: store.dataDir,
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '10000',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  if (store.databaseUrl) childEnv.DATABASE_URL = store.databaseUrl;
  // Its own process group: npm, the shell and node all get the SIGTERM, whoever is in between.
  const child: ChildProcess = spawn('npm', ['run', '-s', 'server'], {
    cwd: REPO,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const signal = (name: NodeJS.Signals) => {
    if (child.pid === undefined || exitCode !== undefined) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  // The server runs in a process group of its own, so it would outlive a test run that is killed or
  // times out: take it down with this process whatever happens.
  const onExit = () => signal('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 30_000);
    const code = await exited;
    // npm may be gone before node has closed its database: wait for the whole group to be gone.
    while (child.pid !== undefined && groupAlive(child.pid)) await new Promise((r) => setTimeout(r, 100));
    clearTimeout(timer);
    return code;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited during start:\n${output}`);
    const ok = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /v1/health within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { url, port, output: () => output, stop };
}
