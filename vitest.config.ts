import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects: fast Node tests beside the code, and the Chromium end-to-end suite (which builds the
// renderer once in its global setup). `npm test` runs both.
export default defineConfig({
  test: {
    projects: [
      {
        // The Electron binary cannot run here: the glue's tests (electron/main, electron/preload) import
        // a stand-in that behaves as Electron documents it.
        resolve: {
          alias: {
            electron: fileURLToPath(new URL('electron/testing/fake-electron.ts', import.meta.url)),
          },
        },
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'migrations/**/*.test.ts',
            'tests/unit/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          // The consortium server against embedded PGlite, or the real PostgreSQL when
          // TEST_DATABASE_URL is set (.ci/run sets it, so CI runs these on both).
          name: 'server',
          include: ['server/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/sync/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
          // A page waits on the core process and Chromium: on a busy machine a second (vitest's default
          // for expect.poll) is not enough. Still a condition, only given longer to hold.
          expect: { poll: { timeout: 15_000 } },
          // A browser on a shared, noisy 2-core CI machine can miss a beat; one retry, reported as
          // such by vitest, separates that from a real failure (which fails twice).
          retry: 1,
        },
      },
    ],
  },
});
