import { type FormEvent, useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { FamilyFieldset } from '../families/form/FamilyFieldset.tsx';
import type { FamilyValues, FormErrors } from '../families/form/form-model.ts';
import { MemberFieldset } from '../families/form/MemberFieldset.tsx';
import { DoubleBookingConfirm } from '../stays/ConflictWarning.tsx';
import { enterGuard } from '../stays/form-keys.ts';
import { StayPlanFields } from '../stays/StayPlanFields.tsx';
import '../families/families.css';
import { useConvertForm } from './use-convert-form.ts';
import './enquiries.css';

/** 家族として登録: the family, its members and a planned stay, from one enquiry, in one save. */
export function ConvertEnquiryPage() {
  const { t, i18n } = useT();
  const { enquiryId = '' } = useParams();
  const form = useConvertForm(enquiryId);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (form.focusTick === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? errorRef.current)?.focus();
  }, [form.focusTick]);

  const { load, draft, errors } = form;
  const enquiry = load.state === 'ready' ? load.enquiry : null;
  if (!enquiry || !draft) {
    let message = t('app.loading');
    if (load.state === 'failed') message = errorText(t, load.error);
    else if (load.state === 'ready')
      message = t(enquiry ? 'enquiries:convertPage.alreadyConverted' : 'enquiries:convertPage.notFound');
    return (
      <section className="page convert-page">
        <h1>{t('enquiries:convert')}</h1>
        <p role={load.state === 'loading' ? undefined : 'alert'}>{message}</p>
        <Link to="/enquiries">{t('enquiries:title')}</Link>
      </section>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.save(false);
  };
  const formError = errors.form ?? (Object.keys(errors).length > 0 ? 'stays:errorSummary' : null);
  const familyErrors = errors as FormErrors;
  const setField = <K extends keyof FamilyValues>(key: K, value: FamilyValues[K]) =>
    form.update((d) => ({ ...d, family: { ...d.family, [key]: value } }), [key]);
  return (
    <section className="page convert-page">
      <div className="page-head">
        <h1>{t('enquiries:convertPage.title', { name: enquiry.contactName })}</h1>
        <Link to="/enquiries">{t('enquiries:title')}</Link>
      </div>
      <p className="muted">
        {t('enquiries:convertPage.fromEnquiry', {
          date: formatDateWithYear(enquiry.receivedOn, i18n.language),
          channel: t(`enums.enquiryChannel.${enquiry.channel}`),
        })}
        ・{enquiry.topic}
      </p>
      <p className="muted">{t('enquiries:convertPage.lead')}</p>
      <form
        ref={formRef}
        className="stay-form"
        onSubmit={submit}
        onKeyDown={enterGuard(() => form.save(false))}
        noValidate
      >
        <p ref={errorRef} className="form-error" role="alert" tabIndex={-1}>
          {formError ? t(formError) : null}
        </p>
        {draft.nameGuessed ? (
          <p className="name-guess-note" role="note">
            {t('enquiries:convertPage.nameGuessed', { name: enquiry.contactName })}
          </p>
        ) : null}
        <FamilyFieldset values={draft.family} errors={familyErrors} setField={setField} />
        <fieldset className="fam-form-section">
          <legend>{t('families:form.membersSection')}</legend>
          {draft.members.map((row, i) => (
            <MemberFieldset
              key={row.key}
              row={row}
              number={i + 1}
              errors={familyErrors}
              withSensitive={form.withSensitive}
              onChange={(patch) => form.updateRow(row.key, patch)}
              onRemove={() => form.removeRow(row.key)}
              onRestore={() => undefined}
              onRevealNotes={() => undefined}
            />
          ))}
          <button type="button" onClick={form.addRow}>
            ＋ {t('families:form.addMember')}
          </button>
          <p className="field-hint">{t('families:form.blankRowHint')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('enquiries:convertPage.stay')}</legend>
          <StayPlanFields
            plan={draft.stay}
            prefix="stay."
            errors={errors}
            conflicts={form.conflicts}
            onChange={(next) =>
              form.update(
                (d) => ({ ...d, stay: { ...d.stay, ...next } }),
                Object.keys(next).map((field) => `stay.${field}`),
              )
            }
          />
        </fieldset>
        <div className="form-actions">
          <Link to="/enquiries">{t('forms.cancel')}</Link>
          <button type="submit" className="primary" disabled={form.saving}>
            {t('enquiries:convertPage.save')}
          </button>
        </div>
      </form>
      <DoubleBookingConfirm
        conflicts={form.confirming}
        onConfirm={() => form.save(true)}
        onCancel={form.cancelConfirm}
      />
    </section>
  );
}
