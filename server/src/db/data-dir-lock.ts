import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database has no lock between processes, and two processes writing one PGlite
 * directory would corrupt it (a server and the admin CLI, or two servers). A lock file holding the
 * owner's pid guards it; a lock left by a process that no longer runs (a crash, a power cut) is taken
 * over, so the server always starts again after a crash.
 */

export class DataDirInUseError extends Error {
  readonly pid: number;
  constructor(dir: string, pid: number) {
    super(`the embedded database in ${dir} is in use by process ${pid}: stop it first`);
    this.name = 'DataDirInUseError';
    this.pid = pid;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirInUseError; returns the release function. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'futasato.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirInUseError(dir, pid);
      }
      // Stale (its process is gone): take it over.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}
