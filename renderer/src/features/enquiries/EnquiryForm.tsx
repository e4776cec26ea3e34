import { type FormEvent, useEffect, useId, useRef } from 'react';
import { ENQUIRY_CHANNELS, ENQUIRY_OUTCOMES } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { useToast } from '../../lib/forms/toast.tsx';
import { useForm } from '../../lib/forms/use-form.ts';
import { enterGuard } from '../stays/form-keys.ts';
import { checkEnquiry, type EnquiryDraft, enquiryInput, placeEnquiry } from './enquiry-draft.ts';
import '../stays/stays.css';

/** Log a new enquiry or edit one; `start` is what the form begins from (a new one, or the one to edit). */
export function EnquiryForm({ start, onDone }: { start: EnquiryDraft; onDone: () => void }) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const form = useForm({ initial: start, check: checkEnquiry, place: placeEnquiry });
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

  const save = () =>
    form.submit(async (values) => {
      await call('enquiries.save', enquiryInput(values));
      toast({ message: t('enquiries:form.saved', { name: values.contactName.trim() }) });
      onDone();
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  return (
    <form
      ref={formRef}
      className="enquiry-form"
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      onKeyDown={enterGuard(save)}
      noValidate
    >
      <h2 id={`${id}-title`}>{t(draft.id ? 'enquiries:form.editTitle' : 'enquiries:form.newTitle')}</h2>
      {errors.form ? (
        <p className="form-error" role="alert" tabIndex={-1}>
          {t(errors.form)}
        </p>
      ) : null}
      <div className="pair">
        <Field
          label={t('enquiries:form.contactName')}
          hint={t('enquiries:form.contactNameHint')}
          error={error('contactName')}
          required
        >
          <input
            value={draft.contactName}
            maxLength={50}
            onChange={(e) => change({ contactName: e.target.value })}
          />
        </Field>
        <Field label={t('enquiries:form.contactNameKana')} error={error('contactNameKana')}>
          <input
            value={draft.contactNameKana}
            maxLength={100}
            onChange={(e) => change({ contactNameKana: e.target.value })}
          />
        </Field>
      </div>
      <div className="pair">
        <Field label={t('enquiries:form.phone')} error={error('phone')}>
          <input
            type="tel"
            value={draft.phone}
            maxLength={40}
            onChange={(e) => change({ phone: e.target.value })}
          />
        </Field>
        <Field label={t('enquiries:form.email')} error={error('email')}>
          <input
            type="email"
            value={draft.email}
            maxLength={254}
            onChange={(e) => change({ email: e.target.value })}
          />
        </Field>
      </div>
      <div className="pair">
        <Field label={t('enquiries:form.channel')} error={error('channel')} required>
          <select
            value={draft.channel}
            onChange={(e) => change({ channel: e.target.value as EnquiryDraft['channel'] })}
          >
            {ENQUIRY_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`enums.enquiryChannel.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('enquiries:form.receivedOn')} error={error('receivedOn')} required>
          <DateInput value={draft.receivedOn.date} onChange={(v) => change({ receivedOn: v })} />
        </Field>
      </div>
      <Field
        label={t('enquiries:form.topic')}
        hint={t('enquiries:form.topicHint')}
        error={error('topic')}
        required
      >
        <textarea rows={3} value={draft.topic} onChange={(e) => change({ topic: e.target.value })} />
      </Field>
      <Field
        label={t('enquiries:form.nextAction')}
        hint={t('enquiries:form.nextActionHint')}
        error={error('nextAction')}
      >
        <input
          value={draft.nextAction}
          maxLength={500}
          onChange={(e) => change({ nextAction: e.target.value })}
        />
      </Field>
      <div className="pair">
        <Field label={t('enquiries:form.outcome')} error={error('outcome')}>
          <select
            value={draft.outcome}
            onChange={(e) => change({ outcome: e.target.value as EnquiryDraft['outcome'] })}
          >
            {ENQUIRY_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`enums.enquiryOutcome.${o}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('enquiries:form.nextActionOn')} error={error('nextActionOn')}>
          <DateInput value={draft.nextActionOn.date} onChange={(v) => change({ nextActionOn: v })} />
        </Field>
      </div>
      <div className="form-actions">
        {draft.id ? (
          <button type="button" onClick={onDone}>
            {t('forms.cancel')}
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={form.submitting}>
          {t('enquiries:form.save')}
        </button>
      </div>
    </form>
  );
}
