import { toTsubo } from '../../../../../shared/domain/akiya/listing.ts';
import { seismicStandard } from '../../../../../shared/domain/akiya/seismic.ts';
import {
  BUILDING_TYPES,
  BUILDING_USES,
  OUTBUILDINGS,
  STRUCTURES,
} from '../../../../../shared/domain/enums.ts';
import { yearWithWareki } from '../../../../../shared/text/japanese-year.ts';
import { useT } from '../../../i18n/use-t.ts';
import { DateInput } from '../../../lib/forms/DateInput.tsx';
import { Field } from '../../../lib/forms/Field.tsx';
import type { FieldErrors } from '../../../lib/forms/form-model.ts';
import { Check, EnumSelect } from './controls.tsx';
import { type PropertyValues, readNumber, readYear } from './form-model.ts';

/** 建物: use, type, structure, floors, year built (西暦 or 和暦) with 旧耐震 shown live, areas with 坪. */
export function BuildingFieldset({
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
  const year = readYear(values.yearBuilt).year;
  const seismic = seismicStandard({ permitDate: values.permitDate.date, yearBuilt: year });
  const nothingToJudge = year === null && values.permitDate.date === null;
  const tsubo = (s: string) => {
    const n = readNumber(s);
    return n === null || Number.isNaN(n) ? undefined : t('property:form.tsubo', { value: toTsubo(n) });
  };

  return (
    <fieldset className="prop-form-section">
      <legend>{t('property:form.building')}</legend>
      <div className="prop-form-grid three">
        <Field label={t('property:fields.buildingUse')} error={error('buildingUse')}>
          <EnumSelect
            values={BUILDING_USES}
            label={(v) => t(`property:buildingUse.${v as 'other'}`)}
            value={values.buildingUse}
            onChange={(v) => change({ buildingUse: v })}
          />
        </Field>
        <Field label={t('property:fields.buildingType')} error={error('buildingType')}>
          <EnumSelect
            values={BUILDING_TYPES}
            label={(v) => t(`property:buildingType.${v as 'row'}`)}
            value={values.buildingType}
            onChange={(v) => change({ buildingType: v })}
          />
        </Field>
        <Field label={t('property:fields.structure')} error={error('structure')}>
          <EnumSelect
            values={STRUCTURES}
            label={(v) => t(`property:structure.${v as 'wood'}`)}
            value={values.structure}
            onChange={(v) => change({ structure: v })}
          />
        </Field>
        <Field label={t('property:fields.floors')} error={error('floors')}>
          <input {...text('floors')} inputMode="numeric" autoComplete="off" />
        </Field>
        <Field
          label={t('property:fields.yearBuilt')}
          hint={year !== null && !errors.yearBuilt ? yearWithWareki(year) : t('property:form.yearHint')}
          error={error('yearBuilt')}
        >
          <input {...text('yearBuilt')} autoComplete="off" />
        </Field>
        <Field label={t('property:fields.permitDate')} error={error('permitDate')}>
          <DateInput value={values.permitDate.date} onChange={(v) => change({ permitDate: v })} />
        </Field>
      </div>
      <p className="prop-seismic" aria-live="polite">
        <span className="prop-label">{t('property:fields.seismic')}</span>
        <strong data-testid="seismic" className={`prop-pill seismic-${nothingToJudge ? 'none' : seismic}`}>
          {t(`property:seismic.${nothingToJudge ? 'none' : seismic}`)}
        </strong>
        <span className="field-hint">{t('property:seismicHint')}</span>
      </p>
      <div className="prop-form-grid three">
        <Field
          label={t('property:fields.vacantSince')}
          hint={t('property:form.vacantSinceHint')}
          error={error('vacantSince')}
        >
          <input {...text('vacantSince')} autoComplete="off" />
        </Field>
        <Field
          label={t('property:fields.floorAreaM2')}
          hint={tsubo(values.floorAreaM2)}
          error={error('floorAreaM2')}
        >
          <input {...text('floorAreaM2')} inputMode="decimal" autoComplete="off" />
        </Field>
        <Field
          label={t('property:fields.landAreaM2')}
          hint={tsubo(values.landAreaM2)}
          error={error('landAreaM2')}
        >
          <input {...text('landAreaM2')} inputMode="decimal" autoComplete="off" />
        </Field>
      </div>
      <Field label={t('property:fields.roadAccess')} error={error('roadAccess')}>
        <input {...text('roadAccess')} autoComplete="off" />
      </Field>
      <fieldset className="prop-checks">
        <legend>{t('property:fields.outbuildings')}</legend>
        {OUTBUILDINGS.map((o) => (
          <Check
            key={o}
            label={t(`property:outbuilding.${o}`)}
            checked={values.outbuildings.includes(o)}
            onChange={(on) =>
              change({
                outbuildings: on
                  ? OUTBUILDINGS.filter((x) => x === o || values.outbuildings.includes(x))
                  : values.outbuildings.filter((x) => x !== o),
              })
            }
          />
        ))}
      </fieldset>
    </fieldset>
  );
}
