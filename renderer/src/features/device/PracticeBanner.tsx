import { useState } from 'react';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

/** Always in view while practising, so fictional families are never taken for real ones. */
export function PracticeBanner() {
  const { t } = useT();
  const { profile, setProfile } = useProfile();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!profile.practice) return null;
  const end = async () => {
    setBusy(true);
    setError('');
    try {
      const back = await call('practice.end', {});
      if (back) setProfile(back);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="practice-banner" aria-label={t('device:practice.bannerLabel')}>
      <strong>{t('device:practice.title')}</strong>
      <span>{t('device:practice.banner')}</span>
      <button type="button" onClick={end} disabled={busy}>
        {busy ? t('device:practice.ending') : t('device:practice.end')}
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </section>
  );
}
