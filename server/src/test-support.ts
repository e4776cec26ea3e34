import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Role } from '../../shared/domain/enums.ts';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import { newId } from '../../shared/ids.ts';
import { createEnrollmentCode, createTown, createUser } from './admin/commands.ts';
import { buildApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { openDatabase, type ServerDatabase } from './db/connect.ts';
import { migrateServer } from './db/migrate.ts';
import type { ServerDeps } from './deps.ts';

/**
 * A real server for tests: embedded PGlite in memory by default, or a fresh schema on the real
 * PostgreSQL named by TEST_DATABASE_URL (CI sets it), so every suite runs on both.
 */

export interface TestServer {
  app: FastifyInstance;
  deps: ServerDeps;
  database: ServerDatabase;
  /** "http://127.0.0.1:port" once `listen` was asked for, else undefined (use app.inject). */
  url: string | undefined;
  close(): Promise<void>;
}

export function testDatabaseKind(): 'postgres' | 'pglite' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

export async function startTestServer(
  options: { listen?: boolean; config?: Record<string, string>; poolSize?: number } = {},
): Promise<TestServer> {
  const url = process.env.TEST_DATABASE_URL;
  const schema = url ? `t_${newId().replace(/-/g, '').slice(-20)}` : undefined;
  const database = await openDatabase({ url, schema, poolSize: options.poolSize ?? 10 });
  await migrateServer(database);
  const config: Config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/futasato-test-unused',
    // Tests enrol many devices from one address; the rate limit has its own test.
    AUTH_RATE_LIMIT: '10000',
    ...options.config,
  });
  const deps: ServerDeps = { db: database.db, config, clock: new HybridLogicalClock({ node: 'server' }) };
  const app = await buildApp(deps, {
    loggerInstance: pino({ level: process.env.TEST_SERVER_LOG ?? 'silent' }),
  });
  let address: string | undefined;
  if (options.listen) address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    deps,
    database,
    url: address,
    close: async () => {
      await app.close();
      if (schema && url) {
        await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      }
      await database.close();
    },
  };
}

export interface TestDevice {
  deviceId: string;
  userId: string;
  token: string;
  refreshToken: string;
  townId: string;
  /** What the enrolment answer gave the laptop to check offline unlock codes with. */
  unlockSecret: string;
}

/** A user of `role` in `townId` (created if missing) with one enrolled device, through the real API. */
export async function enrollTestDevice(
  server: TestServer,
  townId: string,
  role: Role = 'coordinator',
): Promise<TestDevice> {
  const exists = await server.deps.db
    .selectFrom('town')
    .select('id')
    .where('id', '=', townId)
    .executeTakeFirst();
  if (!exists) await createTown(server.deps.db, { id: townId });
  const user = await createUser(server.deps.db, { townId, displayName: `${role} of ${townId}`, role });
  const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/auth/enroll',
    payload: { code, device_name: `test ${role}` },
  });
  if (res.statusCode !== 200) throw new Error(`enrol failed: ${res.body}`);
  const body = res.json() as {
    device_id: string;
    access_token: string;
    refresh_token: string;
    unlock_secret: string;
  };
  return {
    deviceId: body.device_id,
    userId: user.id,
    token: body.access_token,
    refreshToken: body.refresh_token,
    townId,
    unlockSecret: body.unlock_secret,
  };
}
