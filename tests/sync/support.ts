import { rmSync } from 'node:fs';
import { AppCore, type CoreOptions } from '../../electron/core/app-core.ts';
import { call, openTestCore, testCoreOptions } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import type { TestServer } from '../../server/src/test-support.ts';
import type { Role } from '../../shared/domain/enums.ts';

/**
 * A laptop for sync tests: the real core on its own SQLite file, set up as a coordinator of `town`
 * and enrolled with the real server through the same path the 設定 page uses.
 */
export interface TestLaptop {
  core: AppCore;
  dir: string;
  /** Closes and opens the same database again, as after a crash or a restart. */
  restart: () => Promise<void>;
  dispose: () => Promise<void>;
}

type LaptopOptions = Partial<Omit<CoreOptions, 'dbPath' | 'migrations'>>;

export async function enrolledLaptop(
  server: TestServer,
  town = 'kagoshima-yoron',
  name = '田中 美咲',
  options: LaptopOptions = {},
  /** Where the laptop reaches the server: the server itself, or a shaped link in front of it. */
  via: string = server.url ?? '',
  /** The person's role on the server (an enrolled laptop takes its role from there). */
  role: Role = 'coordinator',
): Promise<TestLaptop> {
  const exists = await server.deps.db
    .selectFrom('town')
    .select('id')
    .where('id', '=', town)
    .executeTakeFirst();
  if (!exists) await createTown(server.deps.db, { id: town });
  const opened = await openTestCore(options);
  await call(opened.core, 'profile.setup', { municipalityId: town, displayName: name, role });
  const user = await createUser(server.deps.db, { townId: town, displayName: name, role });
  const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
  await opened.core.enroll(via, code);
  const laptop: TestLaptop = {
    core: opened.core,
    dir: opened.dir,
    restart: async () => {
      await laptop.core.close();
      laptop.core = await AppCore.open(testCoreOptions(opened.dir, options));
    },
    dispose: async () => {
      await laptop.core.close();
      rmSync(opened.dir, { recursive: true, force: true });
    },
  };
  return laptop;
}

/** Syncs a laptop until it has nothing to send and nothing to fetch; fails on a failed run. */
export async function syncOk(laptop: TestLaptop): Promise<void> {
  const engine = laptop.core.sync;
  if (!engine) throw new Error('no profile');
  const report = await engine.run('manual');
  if (!report.ok) throw new Error(`sync failed: ${report.errorCode} ${engine.lastError?.message ?? ''}`);
}
