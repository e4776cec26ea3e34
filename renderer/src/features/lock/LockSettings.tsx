import { type FormEvent, useId, useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';

/**
 * 設定 → 画面ロック: set or change the passcode, lock now, and (a town administrator) the idle
 * minutes and offline days.
 */
export function LockSettings() {
  const { t } = useT();
  const id = useId();
  const status = useCall('lock.status', {});
  const [current, setCurrent] = useState('');
  const [passcode, setPasscode] = useState('');
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState('');
  const [idle, setIdle] = useState<string | null>(null);
  const [days, setDays] = useState<string | null>(null);
  const [policyMessage, setPolicyMessage] = useState('');
  const s = status.data;
  if (!s) return null;

  const savePasscode = async (e: FormEvent) => {
    e.preventDefault();
    if (passcode !== confirm) {
      setMessage(t('lock:settings.mismatch'));
      return;
    }
    try {
      await call('lock.setPasscode', { ...(s.hasPasscode ? { current } : {}), passcode });
      setCurrent('');
      setPasscode('');
      setConfirm('');
      setMessage(t('lock:settings.saved'));
      status.reload();
    } catch (err) {
      setMessage(errorText(t, err));
    }
  };

  const savePolicy = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('lock.setPolicy', {
        idleMinutes: Number(idle ?? s.idleMinutes),
        offlineDays: Number(days ?? s.offlineDays),
      });
      setPolicyMessage(t('lock:settings.policySaved'));
      status.reload();
    } catch (err) {
      setPolicyMessage(errorText(t, err));
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('lock:settings.title')}</h2>
      <p>{t('lock:settings.lead')}</p>
      <p>{s.hasPasscode ? t('lock:settings.isSet') : t('lock:settings.none')}</p>
      <p className="muted">{t('lock:settings.policy', { minutes: s.idleMinutes, days: s.offlineDays })}</p>
      <form className="form" onSubmit={savePasscode} noValidate>
        {s.hasPasscode ? (
          <>
            <label htmlFor={`${id}-current`}>{t('lock:settings.current')}</label>
            <input
              id={`${id}-current`}
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </>
        ) : null}
        <label htmlFor={`${id}-new`}>{t('lock:settings.passcode')}</label>
        <input
          id={`${id}-new`}
          type="password"
          autoComplete="new-password"
          value={passcode}
          onChange={(e) => setPasscode(e.target.value)}
        />
        <label htmlFor={`${id}-confirm`}>{t('lock:settings.confirm')}</label>
        <input
          id={`${id}-confirm`}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
        <div className="inline">
          <button type="submit" className="primary">
            {t('lock:settings.save')}
          </button>
          {s.hasPasscode ? (
            <button type="button" onClick={() => void call('lock.lock', {}).catch(() => undefined)}>
              {t('lock:settings.lockNow')}
            </button>
          ) : null}
        </div>
        <p role="status" aria-live="polite">
          {message}
        </p>
      </form>
      {s.canSetPolicy ? (
        <form className="form" onSubmit={savePolicy} noValidate>
          <h3>{t('lock:settings.policyTitle')}</h3>
          <label htmlFor={`${id}-idle`}>{t('lock:settings.idleMinutes')}</label>
          <input
            id={`${id}-idle`}
            type="number"
            inputMode="numeric"
            min={1}
            max={120}
            value={idle ?? String(s.idleMinutes)}
            onChange={(e) => setIdle(e.target.value)}
          />
          <label htmlFor={`${id}-days`}>{t('lock:settings.offlineDays')}</label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            value={days ?? String(s.offlineDays)}
            onChange={(e) => setDays(e.target.value)}
          />
          <button type="submit" className="primary">
            {t('lock:settings.savePolicy')}
          </button>
          <p role="status" aria-live="polite">
            {policyMessage}
          </p>
        </form>
      ) : null}
    </section>
  );
}
