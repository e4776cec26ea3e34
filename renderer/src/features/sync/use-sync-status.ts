import { createContext, createElement, type ReactNode, useContext, useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../../shared/ipc/views.ts';
import { type CallState, useCall } from '../../lib/use-call.ts';

const SyncStatusContext = createContext<CallState<SyncStatusView> | null>(null);

/**
 * The sync status, read once for the whole window and kept fresh: again whenever the core says sync
 * changed (a run started or ended, an enrolment) or data changed (a write waits to go up), and every
 * minute besides. Placed above the router: a new status re-renders only what reads it (the indicator,
 * the menu badge, the 同期 page), never the shell and the page under it.
 */
export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const state = useCall('sync.status', {});
  const { reload } = state;
  useEffect(() => window.api.subscribe('sync.changed', () => reload()), [reload]);
  useEffect(() => {
    const handle = setInterval(reload, 60_000);
    return () => clearInterval(handle);
  }, [reload]);
  return createElement(SyncStatusContext.Provider, { value: state }, children);
}

export function useSyncStatus(): CallState<SyncStatusView> {
  const state = useContext(SyncStatusContext);
  if (!state) throw new Error('useSyncStatus outside SyncStatusProvider');
  return state;
}

/** The current time, ticking every `everyMs`, so 「3分前」 stays true while the page is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(handle);
  }, [everyMs]);
  return now;
}
