import { spawn as nodeSpawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, rename, rm, stat } from 'node:fs/promises';
import { app, shell } from 'electron';
import type { Result } from '../../shared/errors.ts';
import type { VerifiedInstallerView } from '../../shared/ipc/views.ts';
import type { MainCore } from './core-supervisor.ts';
import { mainLog } from './main-log.ts';

/**
 * 「再起動して更新」: runs the installer the core downloaded and verified against the consortium's
 * signed manifest (electron/core/updates/). The core process checks and downloads; this glue only
 * asks it for the verified file, hashes the file again (it sits in the user's data folder between the
 * check and now), and hands it to the platform:
 *
 * - Windows: the NSIS installer, silent (`/S`), told it is an update (`--updated`) and to start the
 *   app again when done (`--force-run`); the app quits so the files can be replaced.
 * - Linux: the running AppImage (`$APPIMAGE`) is replaced by the new one (copied beside it, then
 *   renamed over it in one step), and the app restarts.
 * - macOS: the disk image is opened for the person to drag the app over (an unsigned-by-Apple app
 *   cannot replace itself); the page says so.
 *
 * A file that is not exactly the verified one is never run (UPDATE_INSTALLER_CHANGED).
 */

export interface InstallDeps {
  platform: NodeJS.Platform;
  /** The running AppImage's path (Linux), from `$APPIMAGE`. */
  appImage: string | undefined;
  spawn: (command: string, args: string[]) => void;
}

const defaultDeps = (): InstallDeps => ({
  platform: process.platform,
  appImage: process.env.APPIMAGE,
  spawn: (command, args) => {
    nodeSpawn(command, args, { detached: true, stdio: 'ignore' }).unref();
  },
});

export type InstallAnswer = { started: true; version: string };

async function sha512Of(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

async function sameAsVerified(file: VerifiedInstallerView): Promise<boolean> {
  try {
    if ((await stat(file.path)).size !== file.size) return false;
    return (await sha512Of(file.path)) === file.sha512;
  } catch {
    return false;
  }
}

export async function installUpdate(
  core: Pick<MainCore, 'invoke'>,
  _input: unknown,
  _win: unknown,
  deps: InstallDeps = defaultDeps(),
): Promise<Result<InstallAnswer>> {
  const verified = await core.invoke('updates.verified', {});
  if (!verified.ok) return verified;
  const file = verified.value as VerifiedInstallerView;
  if (!(await sameAsVerified(file))) {
    mainLog().warn({ path: file.path }, 'update installer changed after its check; not run');
    return {
      ok: false,
      error: { code: 'UPDATE_INSTALLER_CHANGED', message: 'the installer is not the verified file' },
    };
  }
  mainLog().info({ version: file.version, platform: deps.platform }, 'installing the update');
  if (deps.platform === 'win32') {
    deps.spawn(file.path, ['/S', '--updated', '--force-run']);
    app.quit();
  } else if (deps.platform === 'darwin') {
    await shell.openPath(file.path);
  } else {
    if (!deps.appImage) {
      return {
        ok: false,
        error: {
          code: 'UPDATE_NOT_READY',
          message: 'not running from an AppImage; install the update by hand',
        },
      };
    }
    const next = `${deps.appImage}.update`;
    await copyFile(file.path, next);
    await chmod(next, 0o755);
    if (!(await sameAsVerified({ ...file, path: next }))) {
      await rm(next, { force: true });
      return {
        ok: false,
        error: {
          code: 'UPDATE_INSTALLER_CHANGED',
          message: 'the copied AppImage differs from the verified file',
        },
      };
    }
    await rename(next, deps.appImage);
    app.relaunch();
    app.quit();
  }
  return { ok: true, value: { started: true, version: file.version } };
}
