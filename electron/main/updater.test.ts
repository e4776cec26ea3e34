import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import type { VerifiedInstallerView } from '../../shared/ipc/views.ts';
import { app, resetFakeElectron, shell } from '../testing/fake-electron.ts';
import { type InstallDeps, installUpdate } from './updater.ts';

/**
 * 「再起動して更新」 against the stand-in electron module: the installer the core verified is hashed
 * again and run the platform's way (spawn recorded, never run); a file changed after the check, or no
 * verified file at all, runs nothing.
 */

let dir: string;
let spawned: { command: string; args: string[] }[];
const deps = (platform: NodeJS.Platform, appImage?: string): InstallDeps => ({
  platform,
  appImage,
  spawn: (command, args) => spawned.push({ command, args }),
});

function installer(name: string): VerifiedInstallerView {
  const bytes = randomBytes(200 * 1024);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return {
    version: '0.2.0',
    path,
    sha512: createHash('sha512').update(bytes).digest('base64'),
    size: bytes.length,
  };
}

/** The core's answer to updates.verified (its own tests: tests/sync/update-download.test.ts). */
const coreAnswering = (answer: Result<unknown>) => {
  const asked: string[] = [];
  return {
    asked,
    invoke: (channel: string) => {
      asked.push(channel);
      return Promise.resolve(answer);
    },
  };
};

beforeEach(() => {
  resetFakeElectron();
  spawned = [];
  dir = mkdtempSync(join(tmpdir(), 'futasato-install-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('main: installing a verified update', () => {
  it('runs the NSIS installer silently as an update, then quits (Windows)', async () => {
    const file = installer('Futasato-0.2.0-x64.exe');
    const core = coreAnswering({ ok: true, value: file });
    const answer = await installUpdate(core, {}, null, deps('win32'));
    expect(answer).toEqual({ ok: true, value: { started: true, version: '0.2.0' } });
    expect(core.asked).toEqual(['updates.verified']);
    expect(spawned).toEqual([{ command: file.path, args: ['/S', '--updated', '--force-run'] }]);
    expect(app.lifecycle).toEqual(['quit']);
  });

  it('replaces the running AppImage and restarts (Linux)', async () => {
    const file = installer('Futasato-0.2.0-x86_64.AppImage');
    const running = join(dir, 'Futasato.AppImage');
    writeFileSync(running, 'the old version');
    const answer = await installUpdate(
      coreAnswering({ ok: true, value: file }),
      {},
      null,
      deps('linux', running),
    );
    expect(answer.ok).toBe(true);
    expect(readFileSync(running).equals(readFileSync(file.path))).toBe(true);
    expect(app.lifecycle).toEqual(['relaunch', 'quit']);
    expect(spawned).toEqual([]);
  });

  it('opens the disk image for the person and keeps running (macOS)', async () => {
    const file = installer('Futasato-0.2.0-arm64.dmg');
    const answer = await installUpdate(coreAnswering({ ok: true, value: file }), {}, null, deps('darwin'));
    expect(answer.ok).toBe(true);
    expect(shell.openedPaths).toEqual([file.path]);
    expect(app.lifecycle).toEqual([]);
  });

  it('never runs a file that changed after the core verified it', async () => {
    const file = installer('Futasato-0.2.0-x64.exe');
    const bytes = readFileSync(file.path);
    bytes[5000] = (bytes[5000] ?? 0) ^ 0xff;
    writeFileSync(file.path, bytes);
    const answer = await installUpdate(coreAnswering({ ok: true, value: file }), {}, null, deps('win32'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'UPDATE_INSTALLER_CHANGED' } });
    expect(spawned).toEqual([]);
    expect(app.lifecycle).toEqual([]);
    // A missing file is refused the same way.
    rmSync(file.path);
    const gone = await installUpdate(coreAnswering({ ok: true, value: file }), {}, null, deps('win32'));
    expect(gone).toMatchObject({ ok: false, error: { code: 'UPDATE_INSTALLER_CHANGED' } });
  });

  it('passes on the core refusing (nothing verified yet)', async () => {
    const refusal = { ok: false as const, error: { code: 'UPDATE_NOT_READY' as const, message: 'no' } };
    const answer = await installUpdate(coreAnswering(refusal), {}, null, deps('win32'));
    expect(answer).toEqual(refusal);
    expect(spawned).toEqual([]);
    expect(app.lifecycle).toEqual([]);
  });
});
