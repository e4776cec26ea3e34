import { net, powerMonitor } from 'electron';
import type { MainCore } from './core-supervisor.ts';
import { mainLog } from './main-log.ts';

/**
 * Tells the sync engine when the network comes back (or the laptop wakes), so what was typed offline
 * goes up at once instead of at the end of a backoff. Electron has no online event in the main
 * process; a cheap poll of the OS's own view (net.isOnline) is the documented way.
 */
export function watchConnectivity(core: Pick<MainCore, 'notifyOnline'>, everyMs = 15_000): () => void {
  const notify = () =>
    core.notifyOnline().catch((error: unknown) => mainLog().warn({ err: error }, 'notifyOnline failed'));
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) notify();
    online = now;
  }, everyMs);
  const onResume = () => {
    notify();
  };
  powerMonitor.on('resume', onResume);
  return () => {
    clearInterval(timer);
    powerMonitor.off('resume', onResume);
  };
}
