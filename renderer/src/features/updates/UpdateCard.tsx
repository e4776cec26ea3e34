import { useCallback, useEffect, useState } from 'react';
import type { UpdateStatusView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { formatBytes, formatInstant } from '../sync/sync-format.ts';
import './updates.css';

const KNOWN_ERRORS = [
  'UPDATE_SIGNATURE_INVALID',
  'UPDATE_MANIFEST_INVALID',
  'UPDATE_FILE_TAMPERED',
  'UPDATE_KEY_INVALID',
  'UPDATE_NO_KEY',
  'UPDATE_METERED',
  'UPDATE_NO_INSTALLER',
  'UPDATE_DOWNLOAD_FAILED',
  'UPDATE_SERVER',
] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

/**
 * 更新 on the 同期 page: this version and the offered one (signature already checked by the core),
 * the download's progress, the metered-link warning, a refusal in plain words, and 「再起動して更新」
 * once the installer is downloaded and verified. A laptop the server refuses as too old sees it first.
 */
export function UpdateCard() {
  const { t, i18n } = useT();
  const first = useCall('updates.status', {});
  const [view, setView] = useState<UpdateStatusView | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // Answers and pushed changes may arrive out of order: the newer revision of the core's state wins.
  const keepNewer = useCallback(
    (next: UpdateStatusView) => setView((shown) => (shown && shown.revision > next.revision ? shown : next)),
    [],
  );
  useEffect(() => {
    if (first.data) keepNewer(first.data);
  }, [first.data, keepNewer]);
  useEffect(() => window.api.subscribe('updates.changed', keepNewer), [keepNewer]);
  // A sync run may have found the server refusing this version: the card reads again.
  const { reload } = first;
  useEffect(() => window.api.subscribe('sync.changed', () => reload()), [reload]);

  if (!view) return null;
  const size = (n: number | null) => (n === null ? '' : formatBytes(n, i18n.language));
  const failure = (code: string) =>
    (KNOWN_ERRORS as readonly string[]).includes(code)
      ? t(`updates:error.${code as KnownError}`)
      : t('updates:error.unknown', { code });

  const run = async (action: () => Promise<UpdateStatusView | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const after = await action();
      if (after) keepNewer(after);
    } catch (e) {
      setMessage({ text: errorText(t, e), error: true });
    } finally {
      setBusy(false);
    }
  };
  const install = () =>
    run(async () => {
      await call('updates.install', {});
      setMessage({ text: t('updates:installing'), error: false });
      return null;
    });

  const { phase } = view;
  const offered = view.version !== null && phase !== 'none' && phase !== 'idle' && phase !== 'checking';
  const percent =
    phase === 'downloading' && view.bytes ? Math.floor(((view.received ?? 0) / view.bytes) * 100) : null;

  return (
    <section className="card upd-card" aria-labelledby="upd-title" data-testid="update-card">
      <h2 id="upd-title">{t('updates:title')}</h2>
      <p>{t('updates:current', { version: view.currentVersion })}</p>
      {view.required && phase !== 'none' ? (
        <p className="upd-warning" role="status" data-testid="update-required">
          {t('updates:required')}
        </p>
      ) : null}
      <div aria-live="polite" data-testid="update-state">
        {phase === 'idle' ? <p className="muted">{t('updates:idle')}</p> : null}
        {phase === 'checking' ? <p>{t('updates:checking')}</p> : null}
        {phase === 'none' ? <p>{t('updates:none')}</p> : null}
        {offered && phase !== 'ready' ? (
          <p data-testid="update-available">
            {t('updates:available', { version: view.version, size: size(view.bytes) })}
          </p>
        ) : null}
        {phase === 'downloading' ? (
          <>
            <p>{t('updates:downloading', { received: size(view.received), size: size(view.bytes) })}</p>
            <progress
              max={100}
              value={percent ?? 0}
              aria-label={t('updates:progressLabel')}
              data-testid="update-progress"
            />
          </>
        ) : null}
        {phase === 'ready' ? (
          <p data-testid="update-ready">{t('updates:ready', { version: view.version })}</p>
        ) : null}
        {phase === 'failed' && view.errorCode ? (
          <p className="upd-failed" role="alert" data-testid="update-failed">
            {t('updates:failed', { reason: failure(view.errorCode) })}
          </p>
        ) : null}
      </div>
      {phase === 'available' && view.metered ? (
        <p className="upd-warning" data-testid="update-metered">
          {t('updates:meteredWarning')}
        </p>
      ) : null}
      <div className="upd-actions">
        {phase === 'ready' ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void install()}>
            {t('updates:install')}
          </button>
        ) : null}
        {phase === 'available' || (phase === 'failed' && offered) ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void run(() => call('updates.download', { evenIfMetered: view.metered }))}
          >
            {view.metered ? t('updates:downloadMetered') : t('updates:download')}
          </button>
        ) : null}
        {phase !== 'downloading' && phase !== 'checking' && phase !== 'ready' ? (
          <button type="button" disabled={busy} onClick={() => void run(() => call('updates.check', {}))}>
            {t('updates:check')}
          </button>
        ) : null}
      </div>
      {view.lastCheckedAt ? (
        <p className="muted">
          {t('updates:lastChecked', { at: formatInstant(view.lastCheckedAt, i18n.language) })}
        </p>
      ) : null}
      {message ? (
        <p role={message.error ? 'alert' : 'status'} data-testid="update-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
