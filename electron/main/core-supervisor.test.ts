import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/ipc/channels.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../core/db/migrations-fs.ts';
import { forkCoreProcess } from '../core/host/fork.ts';
import type { CoreStartOptions } from '../core/host/protocol.ts';
import { CoreSupervisor, type SupervisorOptions } from './core-supervisor.ts';

/**
 * The supervisor with a real core process (a Node child on the same entry the app starts with
 * utilityProcess) on a real database: a crash is answered, the core comes back on the same data, and
 * repeated crashes stop the retries until the user asks for one more.
 */

const setup = { municipalityId: 'kagoshima-kinko', displayName: '森 さくら', role: 'coordinator' };

/** Resolves once `check` holds, polling the event loop (no fixed sleep). */
async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('core supervisor', () => {
  let dir: string;
  let pids: number[];
  let supervisor: CoreSupervisor | null;
  let gaveUp: number;
  let events: EventName[];

  const start = (options: Partial<SupervisorOptions> = {}) =>
    CoreSupervisor.start({
      spawn: () => {
        const transport = forkCoreProcess();
        pids.push(transport.pid);
        return transport;
      },
      startOptions: (): CoreStartOptions => ({
        dbPath: join(dir, 'futasato.db'),
        migrations: loadMigrationsFromDir(REPO_MIGRATIONS_DIR),
        appVersion: '0.0.0-test',
      }),
      onGiveUp: () => {
        gaveUp++;
      },
      restartDelayMs: 10,
      ...options,
    });
  const killCurrent = () => process.kill(pids.at(-1) as number, 'SIGKILL');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'futasato-supervisor-'));
    pids = [];
    supervisor = null;
    gaveUp = 0;
    events = [];
  });
  afterEach(async () => {
    await supervisor?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the core in another process and answers through it', async () => {
    supervisor = await start();
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(process.pid);
    expect(await supervisor.invoke('app.info', {})).toMatchObject({
      ok: true,
      value: { version: '0.0.0-test' },
    });
    await supervisor.setSetting('window.state', '{"x":1}');
    expect(await supervisor.getSetting('window.state')).toBe('{"x":1}');
  });

  it('answers a call the crash interrupted with an error, and restarts the core on the same data', async () => {
    const s = await start();
    supervisor = s;
    s.onEvent((name) => events.push(name));
    expect(await s.invoke('profile.setup', setup)).toMatchObject({ ok: true });

    // A long call in flight when the core process dies.
    const interrupted = s.invoke('sample.load', { size: 'medium' });
    killCurrent();
    expect(await interrupted).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'the core process stopped' },
    });

    // The next call waits for the new core, which opened the same database.
    const profile = await s.invoke('profile.get', {});
    expect(profile).toMatchObject({ ok: true, value: { displayName: '森 さくら' } });
    expect(pids).toHaveLength(2);
    expect(s.restartCount).toBe(1);
    // The window is told to read again.
    await until(() => events.includes('profile.changed'));
    // The interrupted load was one transaction: none of it was kept.
    expect(s.status.inPractice).toBe(false);
    expect(await s.invoke('families.list', {})).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('gives up after repeated crashes, until asked to try again', async () => {
    const s = await start({ maxCrashes: 2, windowMs: 60_000 });
    supervisor = s;
    killCurrent();
    await until(() => pids.length === 2 && s.restartCount === 1);
    killCurrent();
    await until(() => gaveUp === 1);
    expect(await s.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'the core process keeps stopping' },
    });
    expect(pids).toHaveLength(2);

    s.retry();
    expect(await s.invoke('app.info', {})).toMatchObject({ ok: true });
    expect(pids).toHaveLength(3);
  });

  it('closes the core when asked, without counting it as a crash', async () => {
    const s = await start();
    await s.close();
    expect(s.restartCount).toBe(0);
    expect(pids).toHaveLength(1);
    expect(() => process.kill(pids[0] as number, 0)).toThrow();
  });
});
