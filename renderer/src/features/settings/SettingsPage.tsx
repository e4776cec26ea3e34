import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LOCALES,
  type Locale,
  ROLES,
  type Role,
  SAMPLE_SIZES,
  type SampleSize,
} from '../../../../shared/domain/enums.ts';
import { useProfile } from '../../app/profile-context.ts';
import { changeLocale } from '../../i18n/index.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { EnrolSection } from '../sync/EnrolSection.tsx';

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { profile, setProfile } = useProfile();
  const info = useCall('app.info', {});
  const id = useId();
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [displayNameKana, setDisplayNameKana] = useState(profile.displayNameKana ?? '');
  const [role, setRole] = useState<Role>(profile.role);
  const [profileMessage, setProfileMessage] = useState('');
  const [size, setSize] = useState<SampleSize>('medium');
  const [sampleMessage, setSampleMessage] = useState('');
  const [loadingSample, setLoadingSample] = useState(false);

  const saveProfile = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setProfile(await call('profile.update', { displayName, displayNameKana, role }));
      setProfileMessage(t('settings.saved'));
    } catch (err) {
      setProfileMessage(errorText(t, err));
    }
  };

  // The radio follows the click at once; the dictionaries and the saved setting follow it.
  const [locale, setLocaleChoice] = useState<Locale>(i18n.language as Locale);
  const setLocale = async (next: Locale) => {
    setLocaleChoice(next);
    await call('app.setLocale', { locale: next });
    await changeLocale(next);
  };

  const loadSample = async () => {
    setLoadingSample(true);
    setSampleMessage(t('settings.loadingSample'));
    try {
      const result = await call('sample.load', { size });
      setSampleMessage(t('settings.sampleLoaded', { ...result }));
    } catch (err) {
      setSampleMessage(errorText(t, err));
    } finally {
      setLoadingSample(false);
    }
  };

  return (
    <section className="page settings">
      <h1>{t('settings.title')}</h1>

      <section className="card">
        <h2>{t('settings.profile')}</h2>
        <form className="form" onSubmit={saveProfile}>
          <p>
            {t('settings.municipality')}: {profile.municipality.prefecture}
            {profile.municipality.name}
          </p>
          <label htmlFor={`${id}-name`}>{t('setup.displayName')}</label>
          <input id={`${id}-name`} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          <label htmlFor={`${id}-kana`}>{t('setup.displayNameKana')}</label>
          <input
            id={`${id}-kana`}
            value={displayNameKana}
            onChange={(e) => setDisplayNameKana(e.target.value)}
          />
          <label htmlFor={`${id}-role`}>{t('setup.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="primary">
            {t('settings.save')}
          </button>
          <p role="status" aria-live="polite">
            {profileMessage}
          </p>
        </form>
      </section>

      <EnrolSection />

      <section className="card">
        <h2>{t('settings.language')}</h2>
        <div role="radiogroup" aria-label={t('settings.language')} className="inline">
          {LOCALES.map((l) => (
            <label key={l} className="radio">
              <input type="radio" name="locale" checked={locale === l} onChange={() => setLocale(l)} />
              {t(`settings.languages.${l}`)}
            </label>
          ))}
        </div>
      </section>

      <section className="card">
        <h2>{t('settings.sample')}</h2>
        <p>{t('settings.sampleLead')}</p>
        <div className="inline">
          <label htmlFor={`${id}-size`}>{t('settings.sampleSize')}</label>
          <select id={`${id}-size`} value={size} onChange={(e) => setSize(e.target.value as SampleSize)}>
            {SAMPLE_SIZES.map((s) => (
              <option key={s} value={s}>
                {t(`settings.sampleSizes.${s}`)}
              </option>
            ))}
          </select>
          <button type="button" className="primary" onClick={loadSample} disabled={loadingSample}>
            {t('settings.loadSample')}
          </button>
        </div>
        <p role="status" aria-live="polite" data-testid="sample-status">
          {sampleMessage}
        </p>
      </section>

      <section className="card">
        <h2>{t('settings.about')}</h2>
        {info.data ? (
          <p>{t('settings.version', { version: info.data.version, schema: info.data.schemaVersion })}</p>
        ) : null}
      </section>
    </section>
  );
}
