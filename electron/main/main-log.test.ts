import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { resetFakeElectron } from '../testing/fake-electron.ts';
import { closeMainLog, mainLog } from './main-log.ts';

const dirs: string[] = [];
afterEach(() => {
  closeMainLog();
  resetFakeElectron();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the main process log', () => {
  it('writes main.log in logs/ under the app data folder, beside the core’s, redacted the same way', () => {
    const userData = mkdtempSync(join(tmpdir(), 'futasato-main-log-'));
    dirs.push(userData);
    (app as unknown as { paths: Map<string, string> }).paths.set('userData', userData);
    mainLog().error(
      { err: new Error('the core process stopped'), familyName: '山田', token: 'secret-token' },
      'the core process stopped',
    );
    closeMainLog();
    const text = readFileSync(join(userData, 'logs', 'main.log'), 'utf8');
    const line = JSON.parse(text.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(line.msg).toBe('the core process stopped');
    expect((line.err as { stack: string }).stack).toContain('main-log.test.ts');
    expect(text).not.toContain('山田');
    expect(text).not.toContain('secret-token');
  });

  it('falls back to stderr where there is no data folder, without throwing', () => {
    expect(() => mainLog().warn('no folder')).not.toThrow();
  });
});
