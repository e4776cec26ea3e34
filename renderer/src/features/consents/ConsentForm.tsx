import { type FormEvent, useEffect, useId, useRef } from 'react';
import { CONSENT_PURPOSES, CONSENT_SCOPES, type ConsentScope } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { useToast } from '../../lib/forms/toast.tsx';
import { useForm } from '../../lib/forms/use-form.ts';
import { type ConsentDraft, checkConsent, consentInput, placeConsent } from './consent-draft.ts';

/** Record a consent, or correct one; its withdrawal is a separate act (ConsentPanel). */
export function ConsentForm({ start, onDone }: { start: ConsentDraft; onDone: () => void }) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const form = useForm({ initial: start, check: checkConsent, place: placeConsent, guard: false });
  const draft = form.values ?? start;
  const { errors, change, focusTick } = form;
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (focusTick > 0)
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus();
  }, [focusTick]);

  const error = (field: string) => {
    const key = errors[field];
    return key ? t(key) : undefined;
  };

  const toggleScope = (scope: ConsentScope, on: boolean) =>
    change({
      scope: on
        ? CONSENT_SCOPES.filter((s) => s === scope || draft.scope.includes(s))
        : draft.scope.filter((s) => s !== scope),
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(async (values) => {
      await call('consents.save', consentInput(values));
      toast({ message: t(values.id ? 'consents:form.corrected' : 'consents:form.saved') });
      onDone();
    });
  };

  return (
    <form ref={formRef} className="consent-form" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h3 id={`${id}-title`}>{t(draft.id ? 'consents:form.editTitle' : 'consents:form.newTitle')}</h3>
      {errors.form ? (
        <p className="form-error" role="alert" tabIndex={-1}>
          {t(errors.form)}
        </p>
      ) : null}
      <div className="pair">
        <Field label={t('consents:form.purpose')} error={error('purpose')} required>
          <select
            value={draft.purpose}
            onChange={(e) => change({ purpose: e.target.value as ConsentDraft['purpose'] })}
          >
            {CONSENT_PURPOSES.map((p) => (
              <option key={p} value={p}>
                {t(`consents:purpose.${p}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('consents:form.recipient')}
          hint={t('consents:form.recipientHint')}
          error={error('recipient')}
          required
        >
          <input
            value={draft.recipient}
            maxLength={200}
            onChange={(e) => change({ recipient: e.target.value })}
          />
        </Field>
      </div>
      <fieldset
        className={`consent-scope${errors.scope ? ' has-error' : ''}`}
        aria-describedby={errors.scope ? `${id}-scope-error` : undefined}
      >
        <legend>
          {t('consents:form.scope')}
          <span className="required"> *</span>
        </legend>
        {CONSENT_SCOPES.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={draft.scope.includes(s)}
              onChange={(e) => toggleScope(s, e.target.checked)}
            />
            {t(`consents:scope.${s}`)}
          </label>
        ))}
        {errors.scope ? (
          <p className="field-error" id={`${id}-scope-error`} role="alert">
            {error('scope')}
          </p>
        ) : null}
      </fieldset>
      <div className="pair">
        <Field label={t('consents:form.givenOn')} error={error('givenOn')} required>
          <DateInput value={draft.givenOn.date} onChange={(v) => change({ givenOn: v })} />
        </Field>
        <Field
          label={t('consents:form.expiresOn')}
          hint={t('consents:form.expiresOnHint')}
          error={error('expiresOn')}
        >
          <DateInput value={draft.expiresOn.date} onChange={(v) => change({ expiresOn: v })} />
        </Field>
      </div>
      <Field label={t('consents:form.notes')} error={error('notes')}>
        <textarea rows={2} value={draft.notes} onChange={(e) => change({ notes: e.target.value })} />
      </Field>
      <div className="form-actions">
        <button type="button" onClick={onDone}>
          {t('forms.cancel')}
        </button>
        <button type="submit" className="primary" disabled={form.submitting}>
          {t('consents:form.save')}
        </button>
      </div>
    </form>
  );
}
