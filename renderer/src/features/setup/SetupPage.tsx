import { type FormEvent, useId, useState } from 'react';
import type { Role } from '../../../../shared/domain/enums.ts';
import type { Profile } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { type FieldErrors, fieldsIn, serverErrors, withoutFields } from '../../lib/forms/form-model.ts';
import { useCall } from '../../lib/use-call.ts';
import { RoleChoices } from '../device/RoleChoices.tsx';

/** The fields that show the core's refusal of them; any other goes above the form. */
const placeSetup = fieldsIn(['municipalityId', 'displayName', 'displayNameKana', 'role']);

/** First run: no server needed. Pick the town, say who you are; that makes the local profile. */
export function SetupPage({ onDone }: { onDone: (profile: Profile) => void }) {
  const { t } = useT();
  const towns = useCall('municipalities.list', {});
  const [municipalityId, setMunicipalityId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [displayNameKana, setDisplayNameKana] = useState('');
  const [role, setRole] = useState<Role>('coordinator');
  const [passcode, setPasscode] = useState('');
  // Before the router exists (no unsaved-changes guard to keep), so only the form model's pure half.
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      if (passcode !== '' && passcode.length < 4) {
        setErrors({ passcode: 'validation.passcodeShort' });
        return;
      }
      const profile = await call('profile.setup', { municipalityId, displayName, displayNameKana, role });
      // The screen-lock passcode (optional here; 設定 sets it too): stored as a slow hash by the core.
      if (passcode !== '') await call('lock.setPasscode', { passcode });
      onDone(profile);
    } catch (err) {
      setErrors(serverErrors(err, placeSetup));
    } finally {
      setBusy(false);
    }
  };
  const clearError = (field: string) => setErrors((e) => withoutFields(e, [field]));
  const fieldError = (field: string) => {
    const key = errors[field];
    return key ? (
      <p className="field-error" id={`${id}-${field}-error`} role="alert">
        {t(key)}
      </p>
    ) : null;
  };

  return (
    <main className="setup" id="main">
      <h1>
        {t('app.name')} — {t('setup.title')}
      </h1>
      <p className="lead">{t('setup.lead')}</p>
      <form onSubmit={submit} className="form" noValidate>
        <label htmlFor={`${id}-town`}>{t('setup.municipality')}</label>
        <select
          id={`${id}-town`}
          value={municipalityId}
          onChange={(e) => {
            setMunicipalityId(e.target.value);
            clearError('municipalityId');
          }}
          required
          aria-invalid={Boolean(errors.municipalityId)}
        >
          <option value="">{t('setup.municipalityPlaceholder')}</option>
          {towns.data?.map((m) => (
            <option key={m.id} value={m.id}>
              {m.prefecture} {m.name}
              {m.isLead ? ` ${t('setup.lead_town')}` : ''}
            </option>
          ))}
        </select>
        {fieldError('municipalityId')}

        <label htmlFor={`${id}-name`}>{t('setup.displayName')}</label>
        <input
          id={`${id}-name`}
          value={displayName}
          onChange={(e) => {
            setDisplayName(e.target.value);
            clearError('displayName');
          }}
          autoComplete="name"
          required
          aria-invalid={Boolean(errors.displayName)}
        />
        {fieldError('displayName')}

        <label htmlFor={`${id}-kana`}>{t('setup.displayNameKana')}</label>
        <input
          id={`${id}-kana`}
          value={displayNameKana}
          onChange={(e) => {
            setDisplayNameKana(e.target.value);
            clearError('displayNameKana');
          }}
          aria-invalid={Boolean(errors.displayNameKana)}
        />
        {fieldError('displayNameKana')}

        <label htmlFor={`${id}-passcode`}>{t('lock:setup.passcode')}</label>
        <input
          id={`${id}-passcode`}
          type="password"
          autoComplete="new-password"
          value={passcode}
          onChange={(e) => {
            setPasscode(e.target.value);
            clearError('passcode');
          }}
          aria-invalid={Boolean(errors.passcode)}
          aria-describedby={`${id}-passcode-hint`}
        />
        <p className="muted" id={`${id}-passcode-hint`}>
          {t('lock:setup.passcodeHint')}
        </p>
        {fieldError('passcode')}

        <RoleChoices value={role} onChange={setRole} />
        <p className="muted">{t('device:roles.beforeEnrol')}</p>
        {fieldError('role')}

        {errors.form ? (
          <p className="form-error" role="alert">
            {t(errors.form)}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
