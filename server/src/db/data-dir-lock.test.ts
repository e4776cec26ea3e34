import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { DataDirInUseError } from './data-dir-lock.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the embedded database directory lock', () => {
  it('refuses a second opener while the first runs, and frees the directory on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'futasato-lock-'));
    dirs.push(dir);
    const first = await openDatabase({ dataDir: dir });
    // Another process holds it: simulate by writing its (live) pid, as a second process would see it.
    writeFileSync(join(dir, 'futasato.lock'), String(process.ppid));
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    writeFileSync(join(dir, 'futasato.lock'), String(process.pid));
    await first.close();
    expect(() => readFileSync(join(dir, 'futasato.lock'))).toThrow();
  });

  it('takes over a lock left by a process that no longer runs (after a crash)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'futasato-lock-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'futasato.lock'), '999999999');
    const db = await openDatabase({ dataDir: dir });
    expect(readFileSync(join(dir, 'futasato.lock'), 'utf8')).toBe(String(process.pid));
    await db.close();
  });
});
