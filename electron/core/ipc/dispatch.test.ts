import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { CHANNEL_NAMES, type Handlers, MAIN_PROCESS_CHANNELS } from '../../../shared/ipc/contract.ts';
import type { AppCore } from '../app-core.ts';
import { openTestCore } from '../test-support.ts';
import { dispatch } from './dispatch.ts';
import { inputWithin } from './input-size.ts';

let core: AppCore;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ core, dispose } = await openTestCore());
});
afterEach(() => dispose());

describe('IPC dispatch', () => {
  it('has a handler for exactly the contract’s channels, but those the main process answers', () => {
    const mine = CHANNEL_NAMES.filter((n) => !(MAIN_PROCESS_CHANNELS as readonly string[]).includes(n));
    expect(Object.keys(core.handlers).sort()).toEqual(mine.sort());
    // A main-process channel reaching the core is not the core's to answer.
    expect(MAIN_PROCESS_CHANNELS).toEqual([
      'consents.printListingSheet',
      'inspections.printReport',
      'exports.save',
      'exports.printKpiReport',
      'updates.install',
    ]);
  });

  it('answers UNKNOWN_CHANNEL for a channel the main process answers', async () => {
    expect(await core.invoke('consents.printListingSheet', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
  });

  it('refuses an unknown channel, including prototype names', async () => {
    for (const channel of ['nope', '__proto__', 'constructor', 'toString']) {
      expect(await core.invoke(channel, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('refuses input that does not match the schema, naming the field', async () => {
    expect(await core.invoke('today.board', { date: '2026-02-30' })).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'validation.date', field: 'date' },
    });
    expect(await core.invoke('today.board', { date: '2026-02-01', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await core.invoke('sample.load', 'large')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('answers NOT_SET_UP for record channels before the first-run setup', async () => {
    expect(await core.invoke('families.list', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_SET_UP' },
    });
    expect(
      await core.invoke('profile.setup', {
        municipalityId: 'atlantis',
        displayName: 'x',
        role: 'coordinator',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_MUNICIPALITY', field: 'municipalityId' },
    });
  });

  it('maps an AppError to its code and anything else to INTERNAL without leaking details', async () => {
    const logged: unknown[] = [];
    const handlers = {
      ...core.handlers,
      'app.info': () => {
        throw new AppError('FORBIDDEN', 'no');
      },
      'municipalities.list': () => {
        throw new Error('SQLITE_CORRUPT: database disk image is malformed at /home/user/secret.db');
      },
    } as Handlers;
    expect(await dispatch(handlers, 'app.info', {})).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'no' },
    });
    const internal = await dispatch(handlers, 'municipalities.list', {}, (e) => logged.push(e));
    expect(internal).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(JSON.stringify(internal)).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });

  it('refuses a second setup and keeps the first profile', async () => {
    const first = await core.invoke('profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '一人目',
      role: 'coordinator',
    });
    expect(first.ok).toBe(true);
    const second = await core.invoke('profile.setup', {
      municipalityId: 'tokyo-ome',
      displayName: '二人目',
      role: 'town_admin',
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    expect(await core.invoke('profile.get', {})).toMatchObject({
      ok: true,
      value: { displayName: '一人目' },
    });
  });

  it('persists the profile and the UI language across a restart', async () => {
    await core.invoke('profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '田中',
      role: 'coordinator',
    });
    await core.invoke('app.setLocale', { locale: 'en' });
    const dbPath = core.database.sqlite.name;
    await core.close();
    const { AppCore } = await import('../app-core.ts');
    const { REPO_MIGRATIONS_DIR, loadMigrationsFromDir } = await import('../db/migrations-fs.ts');
    const migrations = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    core = await AppCore.open({ dbPath, migrations, appVersion: 't' });
    expect(await core.invoke('app.info', {})).toMatchObject({
      ok: true,
      value: { locale: 'en', schemaVersion: Math.max(...migrations.map((m) => m.version)) },
    });
    expect(await core.invoke('profile.get', {})).toMatchObject({ ok: true, value: { displayName: '田中' } });
    expect((await core.invoke('families.list', {})).ok).toBe(true);
  });
});

describe('IPC input size', () => {
  it('refuses an oversized input in milliseconds, before parsing, on every channel shape', async () => {
    const big = new Float64Array(5 * 1024 * 1024); // 40 MB
    const inputs: [string, unknown][] = [
      ['today.board', big],
      ['today.board', { date: big }],
      ['families.create', { familyName: 'x'.repeat(2 * 1024 * 1024) }],
      ['search.all', { query: new Array(10_000_000).fill(0) }],
      ['attachments.list', { ownerTable: 'family', ownerId: new Uint8Array(2 * 1024 * 1024) }],
      ['attachments.add', { ownerTable: 'family', ownerId: 'x', bytes: new Uint8Array(61 * 1024 * 1024) }],
    ];
    for (const [channel, input] of inputs) {
      const started = performance.now();
      const result = await core.invoke(channel, input);
      const ms = performance.now() - started;
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'INPUT_TOO_LARGE' } });
      // Milliseconds, not minutes: generous for a busy machine.
      expect(ms, channel).toBeLessThan(500);
    }
  });

  it("leaves the attachment channel its room: a file over the attachment limit gets the core's own answer", async () => {
    const result = await core.invoke('attachments.add', {
      ownerTable: 'family',
      ownerId: '00000000-0000-4000-8000-000000000000',
      bytes: new Uint8Array(31 * 1024 * 1024),
    });
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: { code: string } }).error.code).not.toBe('INPUT_TOO_LARGE');
  });

  it('measures nested and cyclic inputs without running away', () => {
    expect(inputWithin({ a: [1, 2, 'three'], b: { c: null } }, 1024)).toBe(true);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(inputWithin(cyclic, 1024 * 1024)).toBe(false);
    expect(inputWithin(new Map([['k', 'v'.repeat(600_000)]]), 1024 * 1024)).toBe(false);
  });
});
