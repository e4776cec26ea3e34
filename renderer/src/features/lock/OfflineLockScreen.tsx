import { type FormEvent, useId, useState } from 'react';
import type { LockStatusView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

/** The records are locked after too long offline: sync, or type the administrator's one-time code. */
export function OfflineLockScreen({
  status,
  onStatus,
}: {
  status: LockStatusView;
  onStatus: (next: LockStatusView) => void;
}) {
  const { t, i18n } = useT();
  const id = useId();
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [syncMessage, setSyncMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const when = status.lastContactAt
    ? new Intl.DateTimeFormat(i18n.language, {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'Asia/Tokyo',
      }).format(new Date(status.lastContactAt))
    : null;

  const syncNow = async () => {
    setBusy(true);
    setSyncMessage(t('lock:offline.syncing'));
    try {
      await call('sync.now', {});
      const next = await call('lock.status', {});
      setSyncMessage(next.state === 'offline_locked' ? t('lock:offline.syncFailed') : '');
      onStatus(next);
    } catch {
      setSyncMessage(t('lock:offline.syncFailed'));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onStatus(await call('lock.enterCode', { code }));
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="setup lock-screen" id="main" data-lock="offline">
      <h1>
        {t('app.name')} — {t('lock:offline.title')}
      </h1>
      <p className="lead">{t('lock:offline.lead', { days: status.offlineDays })}</p>
      <p>{when ? t('lock:offline.lastContact', { when }) : t('lock:offline.never')}</p>
      <div className="inline">
        <button type="button" className="primary" onClick={syncNow} disabled={busy}>
          {t('lock:offline.syncNow')}
        </button>
      </div>
      <p role="status" aria-live="polite">
        {syncMessage}
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-code`}>{t('lock:offline.codeLabel')}</label>
        <input
          id={`${id}-code`}
          className="unlock-code-input"
          type="text"
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          placeholder={t('lock:offline.codePlaceholder')}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            setError('');
          }}
          aria-invalid={error !== ''}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />
        <p className="muted" id={`${id}-hint`}>
          {t('lock:offline.codeHint')}
        </p>
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy || code.trim() === ''}>
          {t('lock:offline.submitCode')}
        </button>
      </form>
    </main>
  );
}
