import { FACILITY_KEYS, FACILITY_VALUES } from '../../../../../shared/domain/akiya/listing.ts';
import { DEAL_TYPES, REPAIR_NEEDS } from '../../../../../shared/domain/enums.ts';
import { useT } from '../../../i18n/use-t.ts';
import { Field } from '../../../lib/forms/Field.tsx';
import type { FieldErrors } from '../../../lib/forms/form-model.ts';
import { Check, EnumSelect } from './controls.tsx';
import type { PropertyValues } from './form-model.ts';

/** 空き家バンク掲載情報: the items the national 全国版空き家・空き地バンク unified. */
export function ListingFieldset({
  values,
  errors,
  change,
}: {
  values: PropertyValues;
  errors: FieldErrors;
  change: (patch: Partial<PropertyValues>) => void;
}) {
  const { t } = useT();
  const error = (key: string) => (errors[key] ? t(errors[key]) : null);
  const text = (key: keyof PropertyValues) => ({
    value: values[key] as string,
    onChange: (e: { target: { value: string } }) => change({ [key]: e.target.value }),
  });
  return (
    <fieldset className="prop-form-section">
      <legend>{t('property:form.listing')}</legend>
      <div className="prop-form-grid three">
        <Field label={t('property:fields.dealType')} error={error('dealType')}>
          <EnumSelect
            values={DEAL_TYPES}
            label={(v) => t(`property:dealType.${v as 'sale'}`)}
            value={values.dealType}
            onChange={(v) => change({ dealType: v })}
          />
        </Field>
        <Field label={t('property:fields.priceYen')} error={error('priceYen')}>
          <input {...text('priceYen')} inputMode="numeric" autoComplete="off" />
        </Field>
        <Field label={t('property:fields.rentYen')} error={error('rentYen')}>
          <input {...text('rentYen')} inputMode="numeric" autoComplete="off" />
        </Field>
        <Field label={t('property:fields.layout')} error={error('layout')}>
          <input {...text('layout')} autoComplete="off" placeholder="4DK" />
        </Field>
        <Field label={t('property:fields.parking')} error={error('parking')}>
          <input {...text('parking')} autoComplete="off" />
        </Field>
        <Field label={t('property:fields.repairs')} error={error('repairs')}>
          <EnumSelect
            values={REPAIR_NEEDS}
            label={(v) => t(`property:repairs.${v as 'none'}`)}
            value={values.repairs}
            onChange={(v) => change({ repairs: v })}
          />
        </Field>
      </div>
      <div className="prop-form-grid four">
        {FACILITY_KEYS.map((key) => (
          <Field key={key} label={t(`property:facility.${key}.label`)} error={error('facilities')}>
            <EnumSelect
              values={FACILITY_VALUES[key]}
              label={(v) => t(`property:facility.${key}.${v}` as 'property:facility.water.none')}
              value={values.facilities[key]}
              onChange={(v) => change({ facilities: { ...values.facilities, [key]: v } })}
            />
          </Field>
        ))}
      </div>
      <div className="prop-checks-row">
        <Check
          label={t('property:fields.withFarmland')}
          checked={values.withFarmland}
          onChange={(v) => change({ withFarmland: v })}
        />
        <Check
          label={t('property:fields.withShop')}
          checked={values.withShop}
          onChange={(v) => change({ withShop: v })}
        />
        <Check
          label={t('property:fields.furnitureLeft')}
          checked={values.furnitureLeft}
          onChange={(v) => change({ furnitureLeft: v })}
        />
      </div>
      <div className="prop-form-grid">
        <Field label={t('property:fields.hazard')} error={error('hazard')}>
          <textarea {...text('hazard')} rows={2} />
        </Field>
        <Field label={t('property:fields.nearby')} error={error('nearby')}>
          <textarea {...text('nearby')} rows={2} />
        </Field>
        <Field label={t('property:fields.surroundings')} error={error('surroundings')}>
          <textarea {...text('surroundings')} rows={2} />
        </Field>
        <Field label={t('property:fields.notes')} error={error('notes')}>
          <textarea {...text('notes')} rows={2} />
        </Field>
      </div>
    </fieldset>
  );
}
