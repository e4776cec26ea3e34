import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { SyncStatusView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { UploadQueueCard } from '../attachments/UploadQueueCard.tsx';
import { UpdateCard } from '../updates/UpdateCard.tsx';
import {
  formatBytes,
  formatInstant,
  formatInstantWithAgo,
  indicatorState,
  reasonText,
  syncErrorText,
  tableText,
} from './sync-format.ts';
import { useNow, useSyncStatus } from './use-sync-status.ts';
import './sync.css';

/** Saves text as a file through the browser's download (the renderer has no file system). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * 同期: when sync last succeeded, what waits to go up, open conflicts, operations the server set aside
 * and recent runs, every code in plain words; 今すぐ同期 and the diagnostic bundle for support. States
 * that need a person (update, disabled device, wrong clock) get a banner saying what to do.
 */
export function SyncPage() {
  const { t, i18n } = useT();
  const status = useSyncStatus();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const s = status.data;

  const syncNow = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const after = await call('sync.now', {});
      setMessage(
        after.phase === 'idle'
          ? { text: t('sync:page.syncedNow'), error: false }
          : // The reason is beside 最後のエラー above (and in the recent syncs).
            { text: t('sync:page.syncFailed'), error: true },
      );
    } catch (err) {
      setMessage({ text: errorText(t, err), error: true });
    } finally {
      setBusy(false);
      status.reload();
    }
  };

  const exportDiagnostics = async () => {
    try {
      const { fileName, json } = await call('sync.diagnostics', {});
      download(fileName, json);
      setMessage({ text: t('sync:page.diagnosticsSaved', { file: fileName }), error: false });
    } catch (err) {
      setMessage({ text: errorText(t, err), error: true });
    }
  };

  if (status.error) {
    return (
      <section className="page sync-page">
        <h1>{t('sync:page.title')}</h1>
        <p role="alert">{errorText(t, status.error)}</p>
      </section>
    );
  }
  if (!s) {
    return (
      <section className="page sync-page" aria-busy="true">
        <h1>{t('sync:page.title')}</h1>
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }

  if (s.serverUrl === null) {
    return (
      <section className="page sync-page">
        <h1>{t('sync:page.title')}</h1>
        <div className="empty-state">
          <h2>{t('sync:page.notEnrolledTitle')}</h2>
          <p>{t('empty.sync.body')}</p>
          {s.waiting > 0 ? <p>{t('sync:page.localOnly', { count: s.waiting })}</p> : null}
          <p>
            <Link to="/settings">{t('sync:page.enrolLink')}</Link>
          </p>
        </div>
      </section>
    );
  }

  const syncing = busy || s.phase === 'syncing';
  const bad = ['error', 'offline', 'update_required', 'revoked', 'clock_skew'].includes(s.phase);
  return (
    <section className="page sync-page">
      <h1>{t('sync:page.title')}</h1>
      <p className="lead">{t('sync:page.lead')}</p>
      <Banner status={s} />
      {s.phase === 'update_required' ? <UpdateCard /> : null}

      <section className="card" aria-labelledby="sync-status-title">
        <h2 id="sync-status-title">{t('sync:page.statusTitle')}</h2>
        <dl className="sync-facts">
          <dt>{t('sync:page.state')}</dt>
          <dd>
            <span className={`sync-phase${bad ? ' bad' : ''}`} data-testid="sync-phase">
              {indicatorState(t, s, now).main}
            </span>
          </dd>
          <dt>{t('sync:page.lastSuccess')}</dt>
          <dd data-testid="sync-last-success">
            {s.lastSuccessAt
              ? formatInstantWithAgo(t, s.lastSuccessAt, i18n.language, now)
              : t('sync:page.never')}
          </dd>
          <dt>{t('sync:page.server')}</dt>
          <dd>{s.serverUrl}</dd>
          {s.lastError && s.phase !== 'idle' && s.phase !== 'syncing' ? (
            <>
              <dt>{t('sync:page.lastError')}</dt>
              <dd data-testid="sync-last-error">
                {syncErrorText(t, s.lastError.code)}
                <span className="muted">
                  {t('common.paren', { text: formatInstant(s.lastError.at, i18n.language) })}
                </span>
              </dd>
            </>
          ) : null}
        </dl>
        <div className="sync-actions">
          <button type="button" className="primary" onClick={syncNow} disabled={syncing}>
            {syncing ? t('sync:page.syncing') : t('sync:page.syncNow')}
          </button>
          <button type="button" onClick={exportDiagnostics}>
            {t('sync:page.diagnostics')}
          </button>
        </div>
        <p
          className={`sync-message${message?.error ? ' error' : ''}`}
          role="status"
          aria-live="polite"
          data-testid="sync-message"
        >
          {message?.text ?? ''}
        </p>
        <p className="sync-hint">{t('sync:page.diagnosticsHint')}</p>
      </section>

      <div className="sync-cards">
        <section className="card" aria-labelledby="sync-waiting-title">
          <h2 id="sync-waiting-title">{t('sync:page.waitingTitle')}</h2>
          {s.waiting === 0 && s.waitingPhotoBytes === 0 ? (
            <p data-testid="sync-waiting">{t('sync:page.waitingNone')}</p>
          ) : (
            <dl className="sync-facts" data-testid="sync-waiting">
              <dt>{t('sync:page.waitingCount')}</dt>
              <dd>{t('sync:page.waitingValue', { count: s.waiting })}</dd>
              {s.oldestWaitingAt ? (
                <>
                  <dt>{t('sync:page.oldestWaiting')}</dt>
                  <dd>{formatInstantWithAgo(t, s.oldestWaitingAt, i18n.language, now)}</dd>
                </>
              ) : null}
              <dt>{t('sync:page.photoBytes')}</dt>
              <dd>{formatBytes(s.waitingPhotoBytes, i18n.language)}</dd>
            </dl>
          )}
        </section>
        <section className="card" aria-labelledby="sync-conflicts-title">
          <h2 id="sync-conflicts-title">{t('sync:page.conflictsTitle')}</h2>
          {s.openConflicts === 0 ? (
            <p data-testid="sync-conflicts">{t('sync:page.conflictsNone')}</p>
          ) : (
            <>
              <p className="sync-big" data-testid="sync-conflicts">
                {t('sync:page.conflictsCount', { count: s.openConflicts })}
              </p>
              <p>
                <Link to="/sync/conflicts">{t('sync:page.reviewConflicts')}</Link>
              </p>
            </>
          )}
        </section>
      </div>

      <UploadQueueCard />
      {s.phase === 'update_required' ? null : <UpdateCard />}
      <Quarantined count={s.quarantined} />
      <RecentRuns status={s} />
    </section>
  );
}

/** What a person must do when sync has stopped for them (or the clock is off). */
function Banner({ status }: { status: SyncStatusView }) {
  const { t } = useT();
  const key =
    status.phase === 'update_required' || status.phase === 'revoked' || status.phase === 'clock_skew'
      ? status.phase
      : status.clockWarning
        ? 'clock_behind'
        : null;
  if (!key) return null;
  return (
    <div
      className={`sync-banner${key === 'clock_behind' ? ' warn' : ''}`}
      role="alert"
      data-testid="sync-banner"
    >
      <h2>{t(`sync:banner.${key}.title`)}</h2>
      <p>{t(`sync:banner.${key}.body`)}</p>
    </div>
  );
}

function Quarantined({ count }: { count: number }) {
  const { t, i18n } = useT();
  const list = useCall('sync.quarantined', {});
  const { reload } = list;
  // A run that sets an operation aside changes the count: read the list again.
  const seen = useRef(count);
  useEffect(() => {
    if (seen.current === count) return;
    seen.current = count;
    reload();
  }, [count, reload]);
  const rows = list.data ?? [];
  return (
    <section className="card" aria-labelledby="sync-quarantined-title">
      <h2 id="sync-quarantined-title">{t('sync:page.quarantinedTitle')}</h2>
      {rows.length === 0 ? (
        <p>{t('sync:page.quarantinedNone')}</p>
      ) : (
        <>
          <p className="muted">{t('sync:page.quarantinedLead')}</p>
          <table className="sync-table" data-testid="sync-quarantined">
            <thead>
              <tr>
                <th scope="col">{t('sync:page.quarantined.seq')}</th>
                <th scope="col">{t('sync:page.quarantined.table')}</th>
                <th scope="col">{t('sync:page.quarantined.op')}</th>
                <th scope="col">{t('sync:page.quarantined.reason')}</th>
                <th scope="col">{t('sync:page.quarantined.at')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((q) => (
                <tr key={q.seq}>
                  <td>{q.seq}</td>
                  <td>{tableText(t, q.table)}</td>
                  <td>{t(`sync:ops.${q.op}`, { defaultValue: q.op })}</td>
                  <td>{reasonText(t, q.reasonCode)}</td>
                  <td className="nowrap">{formatInstant(q.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function RecentRuns({ status }: { status: SyncStatusView }) {
  const { t, i18n } = useT();
  const runs = status.recentRuns;
  return (
    <section className="card" aria-labelledby="sync-runs-title">
      <h2 id="sync-runs-title">{t('sync:page.runsTitle')}</h2>
      {runs.length === 0 ? (
        <p>{t('sync:page.runsNone')}</p>
      ) : (
        <table className="sync-table" data-testid="sync-runs">
          <thead>
            <tr>
              <th scope="col">{t('sync:page.runs.at')}</th>
              <th scope="col">{t('sync:page.runs.trigger')}</th>
              <th scope="col">{t('sync:page.runs.result')}</th>
              <th scope="col">{t('sync:page.runs.counts')}</th>
              <th scope="col">{t('sync:page.runs.bytes')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.startedAt + r.trigger}>
                <td className="nowrap">{formatInstant(r.startedAt, i18n.language)}</td>
                <td className="nowrap">{t(`sync:triggers.${r.trigger}`, { defaultValue: r.trigger })}</td>
                <td>
                  <span className={`sync-outcome ${r.outcome}`}>{t(`sync:page.outcome.${r.outcome}`)}</span>
                  {r.errorCode ? <span className="sub">{syncErrorText(t, r.errorCode)}</span> : null}
                </td>
                <td className="nowrap">
                  {t('sync:page.runCounts', { pushed: r.pushed, pulled: r.pulled })}
                  {r.conflicts > 0 ? (
                    <span className="sub">{t('sync:page.runConflicts', { count: r.conflicts })}</span>
                  ) : null}
                  {r.quarantined > 0 ? (
                    <span className="sub">{t('sync:page.runQuarantined', { count: r.quarantined })}</span>
                  ) : null}
                </td>
                <td className="nowrap">
                  {t('sync:page.runBytes', {
                    up: formatBytes(r.bytesUp, i18n.language),
                    down: formatBytes(r.bytesDown, i18n.language),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
