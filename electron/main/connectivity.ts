import { net, powerMonitor } from 'electron';
import type { AppCore } from '../core/app-core.ts';

/**
 * Tells the sync engine when the network comes back (or the laptop wakes), so what was typed offline
 * goes up at once instead of at the end of a backoff. Electron has no online event in the main
 * process; a cheap poll of the OS's own view (net.isOnline) is the documented way.
 */
export function watchConnectivity(core: AppCore, everyMs = 15_000): () => void {
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) core.notifyOnline();
    online = now;
  }, everyMs);
  const onResume = () => core.notifyOnline();
  powerMonitor.on('resume', onResume);
  return () => {
    clearInterval(timer);
    powerMonitor.off('resume', onResume);
  };
}
