import { type FormEvent, useId, useState } from 'react';
import { LOCALES, type Locale, type Role } from '../../../../shared/domain/enums.ts';
import { useProfile } from '../../app/profile-context.ts';
import { changeLocale } from '../../i18n/index.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { PracticeSection } from '../device/PracticeSection.tsx';
import { RoleChoices, ServerRole } from '../device/RoleChoices.tsx';
import {
  setTouchPreference,
  TOUCH_PREFERENCES,
  type TouchPreference,
  touchPreference,
} from '../device/touch-mode.ts';
import { DevicesLink } from '../device-admin/DevicesLink.tsx';
import { LockSettings } from '../lock/LockSettings.tsx';
import { EnrolSection } from '../sync/EnrolSection.tsx';

export function SettingsPage() {
  const { t, i18n } = useT();
  const { profile, setProfile } = useProfile();
  const info = useCall('app.info', {});
  const id = useId();
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [displayNameKana, setDisplayNameKana] = useState(profile.displayNameKana ?? '');
  const [role, setRole] = useState<Role>(profile.role);
  const [profileMessage, setProfileMessage] = useState('');
  const [touch, setTouch] = useState<TouchPreference>(touchPreference);

  const saveProfile = async (e: FormEvent) => {
    e.preventDefault();
    try {
      // An enrolled laptop's role is the server's: send it back unchanged (the core refuses a change).
      const next = await call('profile.update', {
        displayName,
        displayNameKana,
        role: profile.roleFromServer ? profile.role : role,
      });
      setProfile(next);
      setRole(next.role);
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
          {profile.roleFromServer ? (
            <ServerRole role={profile.role} />
          ) : (
            <>
              <RoleChoices value={role} onChange={setRole} />
              <p className="muted">{t('device:roles.beforeEnrol')}</p>
            </>
          )}
          <button type="submit" className="primary">
            {t('settings.save')}
          </button>
          <p role="status" aria-live="polite">
            {profileMessage}
          </p>
        </form>
      </section>

      <EnrolSection />

      <LockSettings />
      <DevicesLink />

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
        <h2>{t('device:display.title')}</h2>
        <div role="radiogroup" aria-label={t('device:display.touch')} className="inline">
          <span>{t('device:display.touch')}</span>
          {TOUCH_PREFERENCES.map((p) => (
            <label key={p} className="radio">
              <input
                type="radio"
                name="touch"
                checked={touch === p}
                onChange={() => {
                  setTouch(p);
                  setTouchPreference(p);
                }}
              />
              {t(`device:display.touch${p === 'auto' ? 'Auto' : p === 'on' ? 'On' : 'Off'}`)}
            </label>
          ))}
        </div>
      </section>

      <PracticeSection />

      <section className="card">
        <h2>{t('settings.about')}</h2>
        {info.data ? (
          <p>{t('settings.version', { version: info.data.version, schema: info.data.schemaVersion })}</p>
        ) : null}
      </section>
    </section>
  );
}
