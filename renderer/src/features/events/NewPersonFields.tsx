import { CONTACT_CHANNELS, type ContactChannel } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { Field } from '../../lib/forms/Field.tsx';
import type { SupporterValues } from '../supporters/form-model.ts';

/**
 * 「新しい人を登録」 on the event page: the few things a coordinator asks a new person at the counter
 * (name, furigana, contact and consent). The rest of the register's record can be filled in later on
 * the supporter's own page; the values are the register form's, so the same schema checks them.
 */
export function NewPersonFields({
  values,
  onChange,
  error,
}: {
  values: SupporterValues;
  onChange: (patch: Partial<SupporterValues>) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useT();
  const text = (key: 'name' | 'nameKana' | 'phone' | 'email') => ({
    value: values[key],
    onChange: (e: { target: { value: string } }) => onChange({ [key]: e.target.value }),
  });
  const toggle = (c: ContactChannel, on: boolean) =>
    onChange({
      contactChannels: on ? [...values.contactChannels, c] : values.contactChannels.filter((x) => x !== c),
    });
  return (
    <fieldset className="new-person">
      <legend>{t('events:apply.newPerson')}</legend>
      <div className="pair">
        <Field label={t('supporters:fields.name')} error={error('name')} required>
          <input {...text('name')} maxLength={200} autoComplete="off" />
        </Field>
        <Field label={t('supporters:fields.nameKana')} error={error('nameKana')}>
          <input {...text('nameKana')} maxLength={200} autoComplete="off" />
        </Field>
        <Field label={t('supporters:fields.phone')} error={error('phone')}>
          <input {...text('phone')} type="tel" autoComplete="off" />
        </Field>
        <Field label={t('supporters:fields.email')} error={error('email')}>
          <input {...text('email')} type="email" autoComplete="off" maxLength={320} />
        </Field>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={values.contactConsent}
          onChange={(e) =>
            onChange({
              contactConsent: e.target.checked,
              ...(e.target.checked ? {} : { contactChannels: [] }),
            })
          }
        />
        {t('supporters:fields.contactConsent')}
      </label>
      <fieldset disabled={!values.contactConsent}>
        <legend>{t('supporters:fields.contactChannels')}</legend>
        {CONTACT_CHANNELS.map((c) => (
          <label key={c} className="choice">
            <input
              type="checkbox"
              checked={values.contactChannels.includes(c)}
              onChange={(e) => toggle(c, e.target.checked)}
            />
            {t(`supporters:channel.${c}`)}
          </label>
        ))}
        {error('contactChannels') ? (
          <p className="field-error" role="alert">
            {error('contactChannels')}
          </p>
        ) : null}
      </fieldset>
    </fieldset>
  );
}
