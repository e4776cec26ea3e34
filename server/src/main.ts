import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import { startAdminSocket } from './admin/socket.ts';
import { adminSocketPath } from './admin/socket-client.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { MigrationError, migrateServer } from './db/migrate.ts';

/**
 * `npm run server`: configuration → database (PostgreSQL or embedded PGlite) → migrations under a
 * lock → HTTP. SIGTERM/SIGINT stop accepting requests, let in-flight syncs finish (each is one
 * transaction, so one cut short would simply be retried by the laptop), then close the database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const workers = config.DATABASE_URL ? (config.WORKERS ?? availableParallelism()) : 1;
  if (cluster.isPrimary && workers > 1) {
    await primary(config, workers);
    return;
  }
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
  // With workers, the primary migrated before forking; a single process migrates itself.
  const ran = cluster.isPrimary ? await migrateServer(database) : [];
  if (cluster.isPrimary) {
    // Fresh statistics before the first pull plans its query (autovacuum keeps them fresh after).
    await sql`ANALYZE record`.execute(database.db);
  }
  // Each worker stamps with its own node id: two workers must never issue the same clock.
  const clock = new HybridLogicalClock({
    node: cluster.isPrimary ? 'server' : `server${cluster.worker?.id ?? 0}`,
  });
  const app = await buildApp({ db: database.db, config, clock });
  app.log.info(
    {
      database: database.kind,
      dataDir: database.kind === 'pglite' ? config.dataDir : undefined,
      migrations: ran,
    },
    'database ready',
  );
  await app.listen({ port: config.PORT, host: config.HOST });
  // The administration CLI reaches an embedded database through the server that holds it.
  const adminSocket =
    database.kind === 'pglite'
      ? await startAdminSocket(adminSocketPath(config.dataDir), database.db, config.UPDATES_DIR)
      : null;

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_SECONDS * 1000);
    timer.unref();
    await app.close();
    adminSocket?.close();
    await database.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/**
 * With PostgreSQL the server forks one HTTP worker per CPU (Node's cluster shares the port): the
 * primary migrates once, then supervises. The database's locks and sequence order make the workers
 * interchangeable; a worker that dies is replaced.
 */
async function primary(config: ReturnType<typeof loadConfig>, workers: number): Promise<void> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 1 });
  const ran = await migrateServer(database);
  await sql`ANALYZE record`.execute(database.db);
  await database.close();
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, msg: 'primary ready', workers, migrations: ran })}\n`,
  );
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(
      `futasato-server: worker ${worker.process.pid} exited (${code}); starting another\n`,
    );
    cluster.fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), (config.SHUTDOWN_GRACE_SECONDS + 5) * 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MigrationError || error instanceof DataDirInUseError) {
    process.stderr.write(`futasato-server: ${error.message}\n`);
  } else {
    process.stderr.write(
      `futasato-server: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
