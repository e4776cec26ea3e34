import { type FormEvent, useId, useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { TownPolicySettings } from './TownPolicySettings.tsx';

/**
 * 設定 → 画面ロック: set or change this laptop's passcode and lock now; below it, the town's lock
 * policy (TownPolicySettings), which is the town's rather than this laptop's.
 */
export function LockSettings() {
  const { t } = useT();
  const id = useId();
  const status = useCall('lock.status', {});
  const [current, setCurrent] = useState('');
  const [passcode, setPasscode] = useState('');
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState('');
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

  return (
    <>
      <section className="card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('lock:settings.title')}</h2>
        <p>{t('lock:settings.lead')}</p>
        <p>{s.hasPasscode ? t('lock:settings.isSet') : t('lock:settings.none')}</p>
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
      </section>
      <TownPolicySettings status={s} onSaved={status.reload} />
    </>
  );
}
