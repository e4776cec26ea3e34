import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProfile } from '../../app/profile-context.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { useSyncStatus } from './use-sync-status.ts';
import './sync.css';

type EnrolErrors = { serverUrl?: string; code?: string; form?: string };

/** Which field a refused enrolment is about: the address, the code, or neither. */
function errorsOf(t: TFunction, error: unknown): EnrolErrors {
  const text = errorText(t, error);
  if (!(error instanceof ApiError)) return { form: text };
  if (error.field === 'serverUrl' || error.code === 'SYNC_UNREACHABLE') return { serverUrl: text };
  if (error.field === 'code' || error.code === 'SYNC_CODE_INVALID' || error.code === 'SYNC_WRONG_TOWN')
    return { code: text };
  return { form: text };
}

/**
 * 設定 → 同期: enrol this laptop with the code a town administrator issued (typed in any width or
 * case; the server folds it). Once enrolled, it says with which server and for which town.
 */
export function EnrolSection() {
  const { t } = useTranslation();
  const { profile } = useProfile();
  const status = useSyncStatus();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [allowInsecure, setAllowInsecure] = useState(false);
  const [errors, setErrors] = useState<EnrolErrors>({});
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
      setMessage(t('syncUi.enrol.done'));
      status.reload();
    } catch (err) {
      setErrors(errorsOf(t, err));
    } finally {
      setBusy(false);
    }
  };

  const enrolledUrl = status.data?.serverUrl ?? null;
  return (
    <section className="card sync-enrol" aria-labelledby="settings-sync">
      <h2 id="settings-sync">{t('syncUi.enrol.title')}</h2>
      {enrolledUrl ? (
        <>
          <p>
            <strong>{t('syncUi.enrol.enrolled')}</strong>
          </p>
          <dl className="sync-facts" data-testid="enrolment">
            <dt>{t('syncUi.page.server')}</dt>
            <dd>{enrolledUrl}</dd>
            <dt>{t('syncUi.enrol.town')}</dt>
            <dd>
              {profile.municipality.prefecture}
              {profile.municipality.name}
            </dd>
            <dt>{t('syncUi.enrol.state')}</dt>
            <dd>{t('syncUi.enrol.enrolledState')}</dd>
          </dl>
          <p className="sync-message" role="status" aria-live="polite">
            {message}
          </p>
          <p>
            <Link to="/sync">{t('syncUi.enrol.openSync')}</Link>
          </p>
        </>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p className="muted">{t('syncUi.enrol.lead')}</p>
          <Field
            label={t('syncUi.enrol.server')}
            hint={t('syncUi.enrol.serverHint')}
            error={errors.serverUrl}
          >
            <input
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
              autoComplete="url"
              inputMode="url"
              spellCheck={false}
            />
          </Field>
          <Field label={t('syncUi.enrol.code')} hint={t('syncUi.enrol.codeHint')} error={errors.code}>
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
            {t('syncUi.enrol.allowInsecure')}
          </label>
          <p className="field-hint" id="sync-allow-insecure-hint">
            {t('syncUi.enrol.allowInsecureHint')}
          </p>
          {errors.form ? (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('syncUi.enrol.submitting') : t('syncUi.enrol.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
