import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { LockStatusView } from '../../../../shared/ipc/views.ts';
import { call } from '../../lib/api.ts';
import { ACTIVITY_EVENTS, IdleTimer } from './idle-timer.ts';
import { LockScreen } from './LockScreen.tsx';
import { OfflineLockScreen } from './OfflineLockScreen.tsx';
import { WipedNotice } from './WipedNotice.tsx';

/**
 * The window's top: the app only while the core says `open`. Locked, offline-locked or wiped, the
 * app's tree is unmounted (not covered), so no name or record is left in the page; the core refuses
 * the records meanwhile anyway (lock/lock-service.ts). While open with a passcode set, an idle timer
 * locks after the town's minutes without input. `children` mounts the app afresh after each unlock.
 */
export function LockGate({ initial, children }: { initial: LockStatusView; children: () => ReactNode }) {
  const [status, setStatus] = useState(initial);
  const reload = useCallback(() => {
    call('lock.status', {})
      .then(setStatus)
      .catch(() => undefined);
  }, []);
  useEffect(() => window.api.subscribe('lock.changed', reload), [reload]);
  // The offline lock comes with the passing of days, not an event: asked again every minute.
  useEffect(() => {
    const timer = setInterval(reload, 60_000);
    return () => clearInterval(timer);
  }, [reload]);

  const idleLock = status.state === 'open' && status.hasPasscode;
  useEffect(() => {
    if (!idleLock) return;
    const timer = new IdleTimer({
      timeoutMs: status.idleMinutes * 60_000,
      onIdle: () => {
        call('lock.lock', {})
          .then(setStatus)
          .catch(() => undefined);
      },
    });
    const onActivity = () => timer.activity();
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, onActivity, { passive: true, capture: true });
    timer.start();
    return () => {
      timer.stop();
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [idleLock, status.idleMinutes]);

  switch (status.state) {
    case 'wiped':
      return <WipedNotice status={status} />;
    case 'app_locked':
      return <LockScreen status={status} onStatus={setStatus} />;
    case 'offline_locked':
      return <OfflineLockScreen status={status} onStatus={setStatus} />;
    default:
      return <>{children()}</>;
  }
}
