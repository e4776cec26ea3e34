import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { type FieldErrors, FORM, fieldsIn, serverErrors } from '../../lib/forms/form-model.ts';
import { useSyncStatus } from './use-sync-status.ts';
import './sync.css';

const placeEnrol = fieldsIn(['serverUrl', 'code']);

/**
 * Which field a refused enrolment is about: the one the core names, else the one its code is about
 * (an unreachable server is the address's fault, a used or foreign code the code's).
 */
function errorsOf(error: unknown): FieldErrors {
  const placed = serverErrors(error, placeEnrol);
  const key = placed[FORM];
  if (!key || !(error instanceof ApiError)) return placed;
  if (error.code === 'SYNC_UNREACHABLE') return { serverUrl: key };
  if (error.code === 'SYNC_CODE_INVALID' || error.code === 'SYNC_WRONG_TOWN') return { code: key };
  return placed;
}

/**
 * 設定 → 同期: enrol this laptop with the code a town administrator issued (typed in any width or
 * case; the server folds it). Once enrolled, it says with which server and for which town.
 */
export function EnrolSection() {
  const { t } = useT();
  const { profile } = useProfile();
  const status = useSyncStatus();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [allowInsecure, setAllowInsecure] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage('');
    try {
      await call('sync.enroll', { serverUrl, code, allowInsecure });
      setCode('');
      setMessage(t('sync:enrol.done'));
      status.reload();
    } catch (err) {
      setErrors(errorsOf(err));
    } finally {
      setBusy(false);
    }
  };

  const enrolledUrl = status.data?.serverUrl ?? null;
  return (
    <section className="card sync-enrol" aria-labelledby="settings-sync">
      <h2 id="settings-sync">{t('sync:enrol.title')}</h2>
      {enrolledUrl ? (
        <>
          <p>
            <strong>{t('sync:enrol.enrolled')}</strong>
          </p>
          <dl className="sync-facts" data-testid="enrolment">
            <dt>{t('sync:page.server')}</dt>
            <dd>{enrolledUrl}</dd>
            <dt>{t('sync:enrol.town')}</dt>
            <dd>
              {profile.municipality.prefecture}
              {profile.municipality.name}
            </dd>
            <dt>{t('sync:enrol.state')}</dt>
            <dd>{t('sync:enrol.enrolledState')}</dd>
          </dl>
          <p className="sync-message" role="status" aria-live="polite">
            {message}
          </p>
          <p>
            <Link to="/sync">{t('sync:enrol.openSync')}</Link>
          </p>
        </>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p className="muted">{t('sync:enrol.lead')}</p>
          <Field
            label={t('sync:enrol.server')}
            hint={t('sync:enrol.serverHint')}
            error={errors.serverUrl ? t(errors.serverUrl) : undefined}
          >
            <input
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
              autoComplete="url"
              inputMode="url"
              spellCheck={false}
            />
          </Field>
          <Field
            label={t('sync:enrol.code')}
            hint={t('sync:enrol.codeHint')}
            error={errors.code ? t(errors.code) : undefined}
          >
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
            />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={allowInsecure}
              onChange={(e) => setAllowInsecure(e.target.checked)}
              aria-describedby="sync-allow-insecure-hint"
            />
            {t('sync:enrol.allowInsecure')}
          </label>
          <p className="field-hint" id="sync-allow-insecure-hint">
            {t('sync:enrol.allowInsecureHint')}
          </p>
          {errors.form ? (
            <p className="form-error" role="alert">
              {t(errors.form)}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('sync:enrol.submitting') : t('sync:enrol.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
