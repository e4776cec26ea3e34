import { type FormEvent, useId, useState } from 'react';
import type { LockStatusView } from '../../../../shared/ipc/views.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

/**
 * 設定 → 町のロックの設定: the town's idle minutes and offline days, the same on every laptop of the
 * town. Everyone sees the values in force and who set them when; a town administrator (on the real
 * records, not in practice) writes a new version, which the next sync carries to the other laptops.
 */
export function TownPolicySettings({ status, onSaved }: { status: LockStatusView; onSaved: () => void }) {
  const { t, i18n } = useT();
  const { profile } = useProfile();
  const id = useId();
  const [idle, setIdle] = useState<string | null>(null);
  const [days, setDays] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [failed, setFailed] = useState(false);
  const policy = status.townPolicy;

  const when = policy
    ? new Intl.DateTimeFormat(i18n.language, {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'Asia/Tokyo',
      }).format(new Date(policy.setAt))
    : null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('lock.setPolicy', {
        idleMinutes: Number(idle ?? status.idleMinutes),
        offlineDays: Number(days ?? status.offlineDays),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setIdle(null);
      setDays(null);
      setNote('');
      setFailed(false);
      setMessage(t('lock:town.saved'));
      onSaved();
    } catch (err) {
      setFailed(true);
      setMessage(errorText(t, err));
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="town-lock-policy">
      <h2 id={`${id}-title`}>{t('lock:town.title')}</h2>
      <p>{t('lock:town.lead')}</p>
      <p data-testid="town-lock-values">
        {t('lock:settings.policy', { minutes: status.idleMinutes, days: status.offlineDays })}
      </p>
      <p className="muted" data-testid="town-lock-set">
        {policy && when
          ? policy.setByYou
            ? t('lock:town.setByYou', { when })
            : t('lock:town.setByAdmin', { when, id: policy.setBy.slice(-8) })
          : t('lock:town.defaults', { minutes: status.idleMinutes, days: status.offlineDays })}
      </p>
      {policy?.note ? <p className="muted">{t('lock:town.note', { note: policy.note })}</p> : null}
      {status.canSetPolicy ? (
        <form className="form" onSubmit={save} noValidate>
          <label htmlFor={`${id}-idle`}>{t('lock:town.idleMinutes')}</label>
          <input
            id={`${id}-idle`}
            type="number"
            inputMode="numeric"
            min={1}
            max={240}
            aria-invalid={failed || undefined}
            value={idle ?? String(status.idleMinutes)}
            onChange={(e) => setIdle(e.target.value)}
          />
          <label htmlFor={`${id}-days`}>{t('lock:town.offlineDays')}</label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            aria-invalid={failed || undefined}
            value={days ?? String(status.offlineDays)}
            onChange={(e) => setDays(e.target.value)}
          />
          <label htmlFor={`${id}-note`}>{t('lock:town.noteLabel')}</label>
          <input
            id={`${id}-note`}
            type="text"
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="primary">
            {t('lock:town.save')}
          </button>
          <p role={failed ? 'alert' : 'status'} aria-live="polite">
            {message}
          </p>
        </form>
      ) : (
        <p data-testid="town-lock-readonly">
          {profile?.role === 'town_admin' && profile.practice
            ? t('lock:town.practice')
            : t('lock:town.readOnly')}
        </p>
      )}
    </section>
  );
}
