import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { indicatorState } from './sync-format.ts';
import { useNow, useSyncStatus } from './use-sync-status.ts';
import './sync.css';

/**
 * The shell's sync indicator: always in the header, in words (同期済み・未送信 3件・オフライン …), with
 * colour only as a second signal. The state is a polite live region; the relative time beside it is
 * not, so a minute passing is not announced. A click opens the 同期 page. It reads the status itself,
 * so a sync re-renders the indicator, not the shell and the page under it.
 */
export function SyncIndicator() {
  const { t } = useT();
  const status = useSyncStatus().data;
  const now = useNow();
  const state = status ? indicatorState(t, status, now) : null;
  return (
    <Link to="/sync" className={`sync-indicator tone-${state?.tone ?? 'off'}`} data-testid="sync-indicator">
      <span className="sync-dot" aria-hidden="true" />
      <span className="visually-hidden">
        {t('common.labelled', { label: t('sync:indicator.label'), value: '' })}
      </span>
      <span className="sync-indicator-state" role="status" aria-live="polite" aria-atomic="true">
        <span className="sync-indicator-main">{state?.main ?? t('app.loading')}</span>
        {state?.extra ? <span className="sync-indicator-extra">{state.extra}</span> : null}
        {status && status.openConflicts > 0 ? (
          <span className="sync-indicator-extra">
            {t('sync:indicator.conflicts', { count: status.openConflicts })}
          </span>
        ) : null}
      </span>
      {state?.ago ? <span className="sync-indicator-ago">{state.ago}</span> : null}
    </Link>
  );
}

/** The number of open conflicts beside 同期 in the menu, read out in words. */
export function SyncNavBadge() {
  const { t } = useT();
  const open = useSyncStatus().data?.openConflicts ?? 0;
  if (open === 0) return null;
  return (
    <span className="nav-badge">
      <span aria-hidden="true">{open}</span>
      <span className="visually-hidden">{t('sync:nav.conflictBadge', { count: open })}</span>
    </span>
  );
}
