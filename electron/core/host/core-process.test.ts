import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/ipc/channels.ts';
import type { TaskProgress } from '../../../shared/ipc/contract/events.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../db/migrations-fs.ts';
import { CoreClient } from './core-client.ts';
import { forkCoreProcess } from './fork.ts';
import type { CoreStartOptions } from './protocol.ts';

/**
 * The core process over its message protocol, as the main process and the end-to-end harness use it:
 * a real Node child on the entry the app starts with utilityProcess, on a real database.
 */
describe('core process', () => {
  let dir: string;
  let client: CoreClient | null;
  const options = (): CoreStartOptions => ({
    dbPath: join(dir, 'futasato.db'),
    migrations: loadMigrationsFromDir(REPO_MIGRATIONS_DIR),
    appVersion: '0.0.0-test',
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'futasato-core-process-'));
    client = null;
  });
  afterEach(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the sample load’s progress while it runs, then answers', async () => {
    const core = await CoreClient.start(forkCoreProcess(), options());
    client = core;
    await core.invoke('profile.setup', {
      municipalityId: 'kagoshima-kinko',
      displayName: '森 さくら',
      role: 'coordinator',
    });
    const seen: { name: EventName; progress?: TaskProgress }[] = [];
    core.onEvent((name, payload) =>
      seen.push(name === 'task.progress' ? { name, progress: payload as TaskProgress } : { name }),
    );
    const answered = await core.invoke('sample.load', { size: 'small' });
    expect(answered).toMatchObject({ ok: true, value: { families: 60 } });

    const progress = seen.flatMap((e) => (e.progress ? [e.progress] : []));
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p) => p.task === 'sample.load' && p.total === progress[0]?.total)).toBe(true);
    expect(progress[0]?.done).toBe(0);
    expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.done).toBeGreaterThanOrEqual(progress[i - 1]?.done ?? 0);
    // The status that came with the answer: the practice town is open.
    expect(core.status.inPractice).toBe(true);
    expect(core.status.dbPath).toContain('practice');
  });

  it('answers the owner’s own calls (settings), and any channel with a Result', async () => {
    const core = await CoreClient.start(forkCoreProcess(), options());
    client = core;
    await core.setSetting('window.state', '{"maximized":true}');
    expect(await core.getSetting('window.state')).toBe('{"maximized":true}');
    expect(await core.getSetting('no.such.key')).toBeNull();
    // An input the contract refuses still comes back as an answer, typed by its code.
    expect(await core.invoke('no.such.channel', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
  });

  it('refuses to start on a database it cannot open, with the reason, and ends', async () => {
    const transport = forkCoreProcess();
    const exited = new Promise<number | null>((resolve) => transport.onExit(resolve));
    // Not a SQLite file: what a damaged disk or a wrong file leaves. (A missing folder is no longer
    // unopenable: the core makes its logs/ folder beside the database first.)
    const damaged = join(dir, 'damaged.db');
    writeFileSync(damaged, 'this is not a SQLite database, only text where one should be\n'.repeat(200));
    await expect(CoreClient.start(transport, { ...options(), dbPath: damaged })).rejects.toMatchObject({
      name: 'AppError',
    });
    expect(await exited).toBe(1);
  });

  it('closes the database and ends when asked', async () => {
    const transport = forkCoreProcess();
    const core = await CoreClient.start(transport, options());
    const exited = new Promise<number | null>((resolve) => transport.onExit(resolve));
    await core.close();
    expect(await exited).toBe(0);
    expect(core.running).toBe(false);
    expect(await core.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
