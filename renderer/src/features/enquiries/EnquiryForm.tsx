import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENQUIRY_CHANNELS, ENQUIRY_OUTCOMES } from '../../../../shared/domain/enums.ts';
import { call } from '../../lib/api.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { useToast } from '../../lib/forms/toast.tsx';
import { useUnsavedGuard } from '../../lib/forms/use-unsaved-guard.ts';
import { enterGuard } from '../stays/form-keys.ts';
import { serverErrors } from '../stays/server-errors.ts';
import type { FieldErrors } from '../stays/stay-draft.ts';
import { type EnquiryDraft, enquiryInput, validateEnquiry } from './enquiry-draft.ts';
import '../stays/stays.css';

const FIELDS = new Set([
  'contactName',
  'contactNameKana',
  'phone',
  'email',
  'channel',
  'receivedOn',
  'topic',
  'outcome',
  'nextAction',
  'nextActionOn',
]);

/** Log a new enquiry or edit one; `start` is what the form begins from (a new one, or the one to edit). */
export function EnquiryForm({ start, onDone }: { start: EnquiryDraft; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const [draft, setDraft] = useState(start);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useUnsavedGuard(JSON.stringify(draft) !== JSON.stringify(start));

  useEffect(() => {
    if (focusTick > 0)
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus();
  }, [focusTick]);

  const change = (next: Partial<EnquiryDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    setErrors((e) => {
      const left = { ...e };
      for (const field of Object.keys(next)) delete left[field];
      return left;
    });
  };
  const error = (field: string) => (errors[field] ? t(errors[field]) : undefined);

  const save = async () => {
    if (saving) return;
    const found = validateEnquiry(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFocusTick((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      await call('enquiries.save', enquiryInput(draft));
      toast({ message: t('enquiry.form.saved', { name: draft.contactName.trim() }) });
      onDone();
    } catch (err) {
      setErrors(serverErrors(err, (field) => (FIELDS.has(field) ? field : null)));
      setFocusTick((n) => n + 1);
      setSaving(false);
    }
  };
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
      <h2 id={`${id}-title`}>{t(draft.id ? 'enquiry.form.editTitle' : 'enquiry.form.newTitle')}</h2>
      {errors.form ? (
        <p className="form-error" role="alert" tabIndex={-1}>
          {t(errors.form)}
        </p>
      ) : null}
      <div className="pair">
        <Field
          label={t('enquiry.form.contactName')}
          hint={t('enquiry.form.contactNameHint')}
          error={error('contactName')}
          required
        >
          <input
            value={draft.contactName}
            maxLength={50}
            onChange={(e) => change({ contactName: e.target.value })}
          />
        </Field>
        <Field label={t('enquiry.form.contactNameKana')} error={error('contactNameKana')}>
          <input
            value={draft.contactNameKana}
            maxLength={100}
            onChange={(e) => change({ contactNameKana: e.target.value })}
          />
        </Field>
      </div>
      <div className="pair">
        <Field label={t('enquiry.form.phone')} error={error('phone')}>
          <input
            type="tel"
            value={draft.phone}
            maxLength={40}
            onChange={(e) => change({ phone: e.target.value })}
          />
        </Field>
        <Field label={t('enquiry.form.email')} error={error('email')}>
          <input
            type="email"
            value={draft.email}
            maxLength={254}
            onChange={(e) => change({ email: e.target.value })}
          />
        </Field>
      </div>
      <div className="pair">
        <Field label={t('enquiry.form.channel')} error={error('channel')} required>
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
        <Field label={t('enquiry.form.receivedOn')} error={error('receivedOn')} required>
          <DateInput value={draft.receivedOn.date} onChange={(v) => change({ receivedOn: v })} />
        </Field>
      </div>
      <Field
        label={t('enquiry.form.topic')}
        hint={t('enquiry.form.topicHint')}
        error={error('topic')}
        required
      >
        <textarea rows={3} value={draft.topic} onChange={(e) => change({ topic: e.target.value })} />
      </Field>
      <Field
        label={t('enquiry.form.nextAction')}
        hint={t('enquiry.form.nextActionHint')}
        error={error('nextAction')}
      >
        <input
          value={draft.nextAction}
          maxLength={500}
          onChange={(e) => change({ nextAction: e.target.value })}
        />
      </Field>
      <div className="pair">
        <Field label={t('enquiry.form.outcome')} error={error('outcome')}>
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
        <Field label={t('enquiry.form.nextActionOn')} error={error('nextActionOn')}>
          <DateInput value={draft.nextActionOn.date} onChange={(v) => change({ nextActionOn: v })} />
        </Field>
      </div>
      <div className="form-actions">
        {draft.id ? (
          <button type="button" onClick={onDone}>
            {t('forms.cancel')}
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={saving}>
          {t('enquiry.form.save')}
        </button>
      </div>
    </form>
  );
}
