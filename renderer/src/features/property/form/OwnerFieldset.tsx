import { INHERITANCE_STATES, OWNER_INTENTS } from '../../../../../shared/domain/enums.ts';
import { useT } from '../../../i18n/use-t.ts';
import { Field } from '../../../lib/forms/Field.tsx';
import type { FieldErrors } from '../../../lib/forms/form-model.ts';
import { EnumSelect } from './controls.tsx';
import type { OwnerValues } from './form-model.ts';

/** 所有者: shown only to coordinators and town administrators (the hook leaves it out for others). */
export function OwnerFieldset({
  owner,
  errors,
  setOwner,
}: {
  owner: OwnerValues;
  errors: FieldErrors;
  setOwner: (patch: Partial<OwnerValues>) => void;
}) {
  const { t } = useT();
  const error = (key: keyof OwnerValues) => {
    const k = errors[`owner.${key}`];
    return k ? t(k) : null;
  };
  const text = (key: keyof OwnerValues) => ({
    value: owner[key],
    onChange: (e: { target: { value: string } }) => setOwner({ [key]: e.target.value }),
  });
  return (
    <fieldset className="prop-form-section prop-owner">
      <legend>{t('property:form.owner')}</legend>
      <p className="field-hint">{t('property:form.ownerNote')}</p>
      <div className="prop-form-grid">
        <Field label={t('property:fields.ownerName')} error={error('ownerName')}>
          <input {...text('ownerName')} autoComplete="off" />
        </Field>
        <Field label={t('property:fields.ownerNameKana')} error={error('ownerNameKana')}>
          <input {...text('ownerNameKana')} autoComplete="off" />
        </Field>
        <Field label={t('property:fields.ownerAddress')} error={error('ownerAddress')}>
          <input {...text('ownerAddress')} autoComplete="off" />
        </Field>
        <Field label={t('property:fields.ownerPhone')} error={error('ownerPhone')}>
          <input {...text('ownerPhone')} type="tel" autoComplete="off" />
        </Field>
        <Field label={t('property:fields.ownerContact')} error={error('ownerContact')}>
          <input {...text('ownerContact')} autoComplete="off" />
        </Field>
        <Field label={t('property:fields.inheritance')} error={error('inheritance')}>
          <EnumSelect
            values={INHERITANCE_STATES}
            label={(v) => t(`property:inheritance.${v as 'unknown'}`)}
            value={owner.inheritance}
            onChange={(v) => setOwner({ inheritance: v })}
          />
        </Field>
        <Field label={t('property:fields.ownerIntent')} error={error('ownerIntent')}>
          <EnumSelect
            values={OWNER_INTENTS}
            label={(v) => t(`property:ownerIntent.${v as 'sell'}`)}
            value={owner.ownerIntent}
            onChange={(v) => setOwner({ ownerIntent: v })}
          />
        </Field>
      </div>
    </fieldset>
  );
}
