import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { ServerClientOptions } from '../../electron/core/sync/server-client.ts';
import { call } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createUser } from '../../server/src/admin/commands.ts';
import type { TestServer } from '../../server/src/test-support.ts';
import { type AppUnderTest, launchApp, launchBrowser } from './harness.ts';

/**
 * Field laptops for the end-to-end suites that enrol several apps with a real server (lock and wipe,
 * 端末の管理, the town's lock policy, updates): one Chromium per file, Windows tablets at 1280×800
 * touch, and everything an attempt made closed after it, so a retried attempt starts clean.
 */

export interface LaptopSuite {
  readonly browser: Browser;
  /** Closed after each attempt, last first (apps before the server they talk to). */
  readonly cleanups: (() => Promise<unknown>)[];
}

/** Registers the suite's hooks (call inside `describe`): the browser, failed attempts said, cleanups. */
export function laptopSuite(): LaptopSuite {
  let browser: Browser | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(({ task }) => {
      console.log(
        `attempt failed: ${task.name}: ${(task.result?.errors ?? []).map((e) => e.message).join(' | ')}`,
      );
    });
  });
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) await clean().catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    cleanups,
  };
}

/** A tablet laptop of `town` with its profile set up (as a coordinator), not yet enrolled. */
export async function openLaptop(
  suite: LaptopSuite,
  town: string,
  name: string,
  serverClient?: ServerClientOptions,
): Promise<AppUnderTest> {
  const app = await launchApp({
    browser: suite.browser,
    viewport: { width: 1280, height: 800 },
    hasTouch: true,
    deviceName: name,
    ...(serverClient ? { serverClient } : {}),
  });
  suite.cleanups.push(() => app.close());
  await call(app.core, 'profile.setup', { municipalityId: town, displayName: name, role: 'coordinator' });
  return app;
}

/**
 * Enrols `app` as a new user of `town` with `role` on the server. Enrolment starts a first sync by
 * itself; with `settle` that sync is finished here, so what the test writes next is not in it.
 */
export async function enrol(
  app: AppUnderTest,
  server: TestServer,
  user: { town: string; name: string; role: 'coordinator' | 'town_admin' },
  settle = true,
): Promise<{ userId: string; deviceId: string }> {
  const created = await createUser(server.deps.db, {
    townId: user.town,
    displayName: user.name,
    role: user.role,
  });
  const { code } = await createEnrollmentCode(server.deps.db, { userId: created.id });
  await call(app.core, 'sync.enroll', { serverUrl: server.url ?? '', code });
  if (settle) {
    await expect.poll(() => app.core.sync?.deviceId ?? null).not.toBeNull();
    await call(app.core, 'sync.now');
  }
  return { userId: created.id, deviceId: app.core.sync?.deviceId ?? '' };
}
