import { useId } from 'react';
import { NOTE_MAX } from '../../../../../shared/domain/records.ts';
import { characterCount } from '../../../../../shared/text/valid-text.ts';
import { useT } from '../../../i18n/use-t.ts';
import { Field } from '../../../lib/forms/Field.tsx';
import { PREFECTURES } from '../prefectures.ts';
import type { FamilyValues, FormErrors } from './form-model.ts';

const REFERRAL_KEYS = ['website', 'sns', 'friend', 'fair', 'media', 'repeat', 'school'] as const;

/** The family's own fields: name and furigana, home, contact, emergency contact, consents, notes. */
export function FamilyFieldset({
  values,
  errors,
  setField,
}: {
  values: FamilyValues;
  errors: FormErrors;
  setField: <K extends keyof FamilyValues>(key: K, value: FamilyValues[K]) => void;
}) {
  const { t, i18n } = useT();
  const id = useId();
  const error = (key: keyof FamilyValues) => (errors[key] ? t(errors[key]) : null);
  const text = (key: keyof FamilyValues) => ({
    value: values[key] as string,
    onChange: (e: { target: { value: string } }) => setField(key, e.target.value),
  });
  const knownPrefecture = PREFECTURES.some((p) => p.ja === values.homePrefecture);

  return (
    <fieldset className="fam-form-section">
      <legend>{t('families:form.familySection')}</legend>
      <div className="fam-form-grid">
        <Field label={t('families:fields.familyName')} required error={error('familyName')}>
          <input {...text('familyName')} autoComplete="off" maxLength={50} />
        </Field>
        <Field
          label={t('families:fields.familyNameKana')}
          required
          hint={t('families:form.kanaHint')}
          error={error('familyNameKana')}
        >
          <input {...text('familyNameKana')} autoComplete="off" />
        </Field>
      </div>
      <div className="fam-form-grid three">
        <Field
          label={t('families:fields.postalCode')}
          hint={t('families:form.postalHint')}
          error={error('homePostalCode')}
        >
          <input
            {...text('homePostalCode')}
            inputMode="numeric"
            autoComplete="postal-code"
            className="fam-short"
          />
        </Field>
        <Field label={t('families:fields.prefecture')} error={error('homePrefecture')}>
          <select {...text('homePrefecture')}>
            <option value="">{t('families:form.choose')}</option>
            {knownPrefecture || !values.homePrefecture ? null : (
              <option value={values.homePrefecture}>{values.homePrefecture}</option>
            )}
            {PREFECTURES.map((p) => (
              <option key={p.ja} value={p.ja}>
                {i18n.language === 'ja' ? p.ja : p.en}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('families:fields.city')} error={error('homeCity')}>
          <input {...text('homeCity')} maxLength={50} placeholder={t('families:form.cityPlaceholder')} />
        </Field>
      </div>
      <div className="fam-form-grid">
        <Field label={t('families:fields.phone')} hint={t('families:form.phoneHint')} error={error('phone')}>
          <input {...text('phone')} type="tel" autoComplete="off" />
        </Field>
        <Field label={t('families:fields.email')} error={error('email')}>
          <input {...text('email')} type="email" autoComplete="off" />
        </Field>
        <Field label={t('families:fields.emergencyName')} error={error('emergencyContactName')}>
          <input {...text('emergencyContactName')} maxLength={50} autoComplete="off" />
        </Field>
        <Field label={t('families:fields.emergencyPhone')} error={error('emergencyContactPhone')}>
          <input {...text('emergencyContactPhone')} type="tel" autoComplete="off" />
        </Field>
      </div>
      <Field
        label={t('families:fields.referralSource')}
        hint={t('families:form.referralHint')}
        error={error('referralSource')}
      >
        <input {...text('referralSource')} list={`${id}-referral`} maxLength={200} />
      </Field>
      <datalist id={`${id}-referral`}>
        {REFERRAL_KEYS.map((k) => (
          <option key={k} value={t(`families:referral.${k}`)} />
        ))}
      </datalist>
      <fieldset className="fam-consents">
        <legend>{t('families:form.consents')}</legend>
        <label className="fam-check">
          <input
            type="checkbox"
            checked={values.consentPhoto}
            onChange={(e) => setField('consentPhoto', e.target.checked)}
          />
          {t('families:form.consentPhoto')}
        </label>
        <label className="fam-check">
          <input
            type="checkbox"
            checked={values.consentShare}
            onChange={(e) => setField('consentShare', e.target.checked)}
          />
          {t('families:form.consentShare')}
        </label>
      </fieldset>
      <Field
        label={t('families:fields.notes')}
        hint={t('families:form.charCount', { count: characterCount(values.notes), max: NOTE_MAX })}
        error={error('notes')}
      >
        <textarea {...text('notes')} rows={4} />
      </Field>
    </fieldset>
  );
}
