import { sql } from 'kysely';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import { adminSocketPath, startAdminSocket } from './admin/socket.ts';
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
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
  const ran = await migrateServer(database);
  // Fresh statistics before the first pull plans its query (autovacuum keeps them fresh after).
  await sql`ANALYZE record`.execute(database.db);
  const clock = new HybridLogicalClock({ node: 'server' });
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
    database.kind === 'pglite' ? await startAdminSocket(adminSocketPath(config.dataDir), database.db) : null;

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
