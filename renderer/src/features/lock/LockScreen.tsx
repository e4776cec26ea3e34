import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { LockStatusView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

/** The lock screen: the app's name and a passcode box, nothing else (no name, no record). */
export function LockScreen({
  status,
  onStatus,
}: {
  status: LockStatusView;
  onStatus: (next: LockStatusView) => void;
}) {
  const { t } = useT();
  const id = useId();
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onStatus(await call('lock.unlock', { passcode }));
    } catch (err) {
      setPasscode('');
      setError(errorText(t, err));
      call('lock.status', {})
        .then(onStatus)
        .catch(() => undefined);
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="setup lock-screen" id="main" data-lock="app">
      <h1>
        {t('app.name')} — {t('lock:locked.title')}
      </h1>
      <p className="lead">{t('lock:locked.lead')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-passcode`}>{t('lock:locked.passcode')}</label>
        <input
          ref={input}
          id={`${id}-passcode`}
          type="password"
          autoComplete="current-password"
          value={passcode}
          onChange={(e) => {
            setPasscode(e.target.value);
            setError('');
          }}
          aria-invalid={error !== ''}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        ) : null}
        {status.retryAfterSeconds > 0 ? (
          <p className="muted">{t('lock:locked.retryAfter', { seconds: status.retryAfterSeconds })}</p>
        ) : null}
        <button type="submit" className="primary" disabled={busy || passcode === ''}>
          {t('lock:locked.unlock')}
        </button>
      </form>
    </main>
  );
}
