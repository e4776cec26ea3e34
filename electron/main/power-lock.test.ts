import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { powerMonitor, resetFakeElectron } from '../testing/fake-electron.ts';
import { lockOnSuspend } from './power-lock.ts';

afterEach(() => resetFakeElectron());

describe('lockOnSuspend', () => {
  it('locks the core when the system suspends or the screen locks, and stops when unsubscribed', async () => {
    const calls: [string, unknown][] = [];
    const core = {
      invoke: async (channel: string, input: unknown): Promise<Result<unknown>> => {
        calls.push([channel, input]);
        return { ok: true, value: null };
      },
    };
    const stop = lockOnSuspend(core);
    powerMonitor.emit('resume');
    expect(calls).toEqual([]);
    powerMonitor.emit('suspend');
    powerMonitor.emit('lock-screen');
    expect(calls).toEqual([
      ['lock.lock', {}],
      ['lock.lock', {}],
    ]);
    stop();
    powerMonitor.emit('suspend');
    expect(calls).toHaveLength(2);
  });

  it('a refusal or a failure of the core is logged, never thrown into Electron', async () => {
    let answered = 0;
    const stop = lockOnSuspend({
      invoke: async () => {
        answered += 1;
        if (answered === 1) return { ok: false, error: { code: 'INTERNAL', message: 'x' } };
        throw new Error('core gone');
      },
    });
    expect(() => powerMonitor.emit('suspend')).not.toThrow();
    expect(() => powerMonitor.emit('lock-screen')).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(2);
    stop();
  });
});
