import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_MAX } from '../../../../../shared/domain/records.ts';
import { characterCount } from '../../../../../shared/text/valid-text.ts';
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
  const { t, i18n } = useTranslation();
  const id = useId();
  const error = (key: keyof FamilyValues) => (errors[key] ? t(errors[key]) : null);
  const text = (key: keyof FamilyValues) => ({
    value: values[key] as string,
    onChange: (e: { target: { value: string } }) => setField(key, e.target.value),
  });
  const knownPrefecture = PREFECTURES.some((p) => p.ja === values.homePrefecture);

  return (
    <fieldset className="fam-form-section">
      <legend>{t('familyWs.form.familySection')}</legend>
      <div className="fam-form-grid">
        <Field label={t('familyWs.fields.familyName')} required error={error('familyName')}>
          <input {...text('familyName')} autoComplete="off" maxLength={50} />
        </Field>
        <Field
          label={t('familyWs.fields.familyNameKana')}
          required
          hint={t('familyWs.form.kanaHint')}
          error={error('familyNameKana')}
        >
          <input {...text('familyNameKana')} autoComplete="off" />
        </Field>
      </div>
      <div className="fam-form-grid three">
        <Field
          label={t('familyWs.fields.postalCode')}
          hint={t('familyWs.form.postalHint')}
          error={error('homePostalCode')}
        >
          <input
            {...text('homePostalCode')}
            inputMode="numeric"
            autoComplete="postal-code"
            className="fam-short"
          />
        </Field>
        <Field label={t('familyWs.fields.prefecture')} error={error('homePrefecture')}>
          <select {...text('homePrefecture')}>
            <option value="">{t('familyWs.form.choose')}</option>
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
        <Field label={t('familyWs.fields.city')} error={error('homeCity')}>
          <input {...text('homeCity')} maxLength={50} placeholder={t('familyWs.form.cityPlaceholder')} />
        </Field>
      </div>
      <div className="fam-form-grid">
        <Field label={t('familyWs.fields.phone')} hint={t('familyWs.form.phoneHint')} error={error('phone')}>
          <input {...text('phone')} type="tel" autoComplete="off" />
        </Field>
        <Field label={t('familyWs.fields.email')} error={error('email')}>
          <input {...text('email')} type="email" autoComplete="off" />
        </Field>
        <Field label={t('familyWs.fields.emergencyName')} error={error('emergencyContactName')}>
          <input {...text('emergencyContactName')} maxLength={50} autoComplete="off" />
        </Field>
        <Field label={t('familyWs.fields.emergencyPhone')} error={error('emergencyContactPhone')}>
          <input {...text('emergencyContactPhone')} type="tel" autoComplete="off" />
        </Field>
      </div>
      <Field
        label={t('familyWs.fields.referralSource')}
        hint={t('familyWs.form.referralHint')}
        error={error('referralSource')}
      >
        <input {...text('referralSource')} list={`${id}-referral`} maxLength={200} />
      </Field>
      <datalist id={`${id}-referral`}>
        {REFERRAL_KEYS.map((k) => (
          <option key={k} value={t(`familyWs.referral.${k}`)} />
        ))}
      </datalist>
      <fieldset className="fam-consents">
        <legend>{t('familyWs.form.consents')}</legend>
        <label className="fam-check">
          <input
            type="checkbox"
            checked={values.consentPhoto}
            onChange={(e) => setField('consentPhoto', e.target.checked)}
          />
          {t('familyWs.form.consentPhoto')}
        </label>
        <label className="fam-check">
          <input
            type="checkbox"
            checked={values.consentShare}
            onChange={(e) => setField('consentShare', e.target.checked)}
          />
          {t('familyWs.form.consentShare')}
        </label>
      </fieldset>
      <Field
        label={t('familyWs.fields.notes')}
        hint={t('familyWs.form.charCount', { count: characterCount(values.notes), max: NOTE_MAX })}
        error={error('notes')}
      >
        <textarea {...text('notes')} rows={4} />
      </Field>
    </fieldset>
  );
}
