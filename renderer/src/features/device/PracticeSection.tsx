import { useEffect, useId, useState } from 'react';
import { SAMPLE_SIZES, type SampleSize } from '../../../../shared/domain/enums.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

/**
 * 設定 → 練習モード: the sample town opens in its own practice database, after saying so. Ending it is
 * on the banner (and here), and brings the real records back as they were.
 */
export function PracticeSection() {
  const { t } = useT();
  const { profile, setProfile } = useProfile();
  const id = useId();
  const [size, setSize] = useState<SampleSize>('medium');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  // The large town takes a while: the core reports rows written (task.progress) while the call runs.
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  useEffect(() => {
    if (!busy) return;
    return window.api.subscribe('task.progress', (event) => {
      if (event.task === 'sample.load') setProgress({ done: event.done, total: event.total });
    });
  }, [busy]);

  const start = async () => {
    setConfirming(false);
    setProgress(null);
    setBusy(true);
    setMessage(t('settings.loadingSample'));
    try {
      const result = await call('sample.load', { size });
      setMessage(t('settings.sampleLoaded', { ...result }));
      const now = await call('profile.get', {});
      if (now) setProfile(now);
    } catch (err) {
      setMessage(errorText(t, err));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('device:practice.title')}</h2>
      <p>{t('device:practice.lead')}</p>
      {profile.practice ? <p className="practice-note">{t('device:practice.active')}</p> : null}
      <div className="inline">
        <label htmlFor={`${id}-size`}>{t('settings.sampleSize')}</label>
        <select id={`${id}-size`} value={size} onChange={(e) => setSize(e.target.value as SampleSize)}>
          {SAMPLE_SIZES.map((s) => (
            <option key={s} value={s}>
              {t(`settings.sampleSizes.${s}`)}
            </option>
          ))}
        </select>
        <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={busy}>
          {t('device:practice.start')}
        </button>
      </div>
      {confirming ? (
        <div className="confirm-panel" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            <strong>{t('device:practice.confirmTitle')}</strong>
          </p>
          <p>{t('device:practice.confirmBody')}</p>
          <div className="inline">
            <button type="button" className="primary" onClick={start}>
              {t('device:practice.confirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('device:practice.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {busy && progress ? (
        <progress
          className="sample-progress"
          data-testid="sample-progress"
          aria-label={t('settings.sampleProgress', {
            percent: Math.floor((100 * progress.done) / Math.max(1, progress.total)),
          })}
          max={progress.total}
          value={progress.done}
        />
      ) : null}
      <p role="status" aria-live="polite" data-testid="sample-status">
        {message}
      </p>
    </section>
  );
}
