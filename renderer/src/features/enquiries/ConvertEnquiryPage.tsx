import { type FormEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { DoubleBookingConfirm } from '../stays/ConflictWarning.tsx';
import { enterGuard } from '../stays/form-keys.ts';
import { StayPlanFields } from '../stays/StayPlanFields.tsx';
import type { FamilyDraft } from './convert-draft.ts';
import { MemberRows } from './MemberRows.tsx';
import { useConvertForm } from './use-convert-form.ts';
import './enquiries.css';

const FAMILY_FIELDS: {
  field: keyof FamilyDraft;
  label: string;
  max: number;
  required?: boolean;
  type?: 'tel' | 'email';
}[] = [
  { field: 'familyName', label: 'enquiry.convertPage.familyName', max: 50, required: true },
  { field: 'familyNameKana', label: 'enquiry.convertPage.familyNameKana', max: 100, required: true },
  { field: 'phone', label: 'enquiry.form.phone', max: 40, type: 'tel' },
  { field: 'email', label: 'enquiry.form.email', max: 254, type: 'email' },
  { field: 'homePrefecture', label: 'enquiry.convertPage.homePrefecture', max: 10 },
  { field: 'homeCity', label: 'enquiry.convertPage.homeCity', max: 50 },
];

/** 家族として登録: the family, its members and a planned stay, from one enquiry, in one save. */
export function ConvertEnquiryPage() {
  const { t, i18n } = useTranslation();
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
      message = t(enquiry ? 'enquiry.convertPage.alreadyConverted' : 'enquiry.convertPage.notFound');
    return (
      <section className="page convert-page">
        <h1>{t('enquiry.convert')}</h1>
        <p role={load.state === 'loading' ? undefined : 'alert'}>{message}</p>
        <Link to="/enquiries">{t('enquiry.title')}</Link>
      </section>
    );
  }

  const error = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.save(false);
  };
  const formError = errors.form ?? (Object.keys(errors).length > 0 ? 'stayForm.errorSummary' : null);
  return (
    <section className="page convert-page">
      <div className="page-head">
        <h1>{t('enquiry.convertPage.title', { name: enquiry.contactName })}</h1>
        <Link to="/enquiries">{t('enquiry.title')}</Link>
      </div>
      <p className="muted">
        {t('enquiry.convertPage.fromEnquiry', {
          date: formatDateWithYear(enquiry.receivedOn, i18n.language),
          channel: t(`enums.enquiryChannel.${enquiry.channel}`),
        })}
        ・{enquiry.topic}
      </p>
      <p className="muted">{t('enquiry.convertPage.lead')}</p>
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
        <fieldset>
          <legend>{t('enquiry.convertPage.family')}</legend>
          <div className="member-row">
            {FAMILY_FIELDS.map((f) => (
              <Field
                key={f.field}
                label={t(f.label)}
                error={error(`family.${f.field}`)}
                required={f.required}
              >
                <input
                  type={f.type ?? 'text'}
                  value={draft.family[f.field]}
                  maxLength={f.max}
                  onChange={(e) =>
                    form.update(
                      (d) => ({ ...d, family: { ...d.family, [f.field]: e.target.value } }),
                      [`family.${f.field}`],
                    )
                  }
                />
              </Field>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('enquiry.convertPage.members')}</legend>
          <MemberRows
            members={draft.members}
            errors={errors}
            onChange={(members, touched) => form.update((d) => ({ ...d, members }), touched)}
          />
        </fieldset>
        <fieldset>
          <legend>{t('enquiry.convertPage.stay')}</legend>
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
            {t('enquiry.convertPage.save')}
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
