import { powerMonitor } from 'electron';
import type { MainCore } from './core-supervisor.ts';
import { mainLog } from './main-log.ts';

/**
 * Locks the app when the lid closes or the system sleeps ('suspend') and when the OS screen locks
 * ('lock-screen'): the core locks (lock/lock-service.ts) and the window, told by `lock.changed`,
 * shows the lock screen. Without a passcode set the core has nothing to lock with and answers as it
 * was. Returns the unsubscribe.
 */
export function lockOnSuspend(core: Pick<MainCore, 'invoke'>): () => void {
  const lock = () => {
    core
      .invoke('lock.lock', {})
      .then((result) => {
        if (!result.ok) mainLog().warn({ code: result.error.code }, 'the app could not be locked');
      })
      .catch((error: unknown) => mainLog().warn({ err: error }, 'the app could not be locked'));
  };
  powerMonitor.on('suspend', lock);
  powerMonitor.on('lock-screen', lock);
  return () => {
    powerMonitor.off('suspend', lock);
    powerMonitor.off('lock-screen', lock);
  };
}
