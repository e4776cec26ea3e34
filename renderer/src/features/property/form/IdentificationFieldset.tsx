import { useState } from 'react';
import { toDms } from '../../../../../shared/domain/akiya/position.ts';
import type { AttachmentItemView } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { Field } from '../../../lib/forms/Field.tsx';
import type { FieldErrors } from '../../../lib/forms/form-model.ts';
import { useCall } from '../../../lib/use-call.ts';
import { CurrentPosition } from './CurrentPosition.tsx';
import { type PropertyValues, readCoordinate } from './form-model.ts';

type Change = (patch: Partial<PropertyValues>) => void;

/** 識別: 整理番号, 住居表示 or 地番, 地区, 地図番号 and the position: typed, the tablet's (現在地), or a photo's. */
export function IdentificationFieldset({
  values,
  errors,
  change,
  propertyId,
}: {
  values: PropertyValues;
  errors: FieldErrors;
  change: Change;
  propertyId: string | null;
}) {
  const { t } = useT();
  const error = (key: string) => (errors[key] ? t(errors[key]) : null);
  const text = (key: keyof PropertyValues) => ({
    value: values[key] as string,
    onChange: (e: { target: { value: string } }) => change({ [key]: e.target.value }),
  });
  const dms = (s: string) => {
    const r = readCoordinate(s).value;
    return r === null ? undefined : t('property:form.asDms', { value: toDms(r) });
  };
  return (
    <fieldset className="prop-form-section">
      <legend>{t('property:form.identification')}</legend>
      <div className="prop-form-grid">
        <Field label={t('property:fields.refNumber')} error={error('refNumber')}>
          <input {...text('refNumber')} autoComplete="off" maxLength={50} />
        </Field>
        <Field label={t('property:fields.district')} error={error('district')}>
          <input {...text('district')} autoComplete="off" />
        </Field>
        <Field
          label={t('property:fields.address')}
          hint={t('property:form.addressHint')}
          error={error('address')}
        >
          <input {...text('address')} autoComplete="off" />
        </Field>
        <Field
          label={t('property:fields.lotNumber')}
          hint={t('property:form.lotHint')}
          error={error('lotNumber')}
        >
          <input {...text('lotNumber')} autoComplete="off" />
        </Field>
        <Field label={t('property:fields.mapNumber')} error={error('mapNumber')}>
          <input {...text('mapNumber')} autoComplete="off" />
        </Field>
      </div>
      <div className="prop-form-grid">
        <Field
          label={t('property:fields.latitude')}
          hint={dms(values.latitude) ?? t('property:form.coordinateHint')}
          error={error('latitude')}
        >
          <input {...text('latitude')} autoComplete="off" inputMode="decimal" />
        </Field>
        <Field
          label={t('property:fields.longitude')}
          hint={dms(values.longitude) ?? t('property:form.coordinateHint')}
          error={error('longitude')}
        >
          <input {...text('longitude')} autoComplete="off" inputMode="decimal" />
        </Field>
      </div>
      <CurrentPosition fill={change} />
      {propertyId ? (
        <PhotoPosition propertyId={propertyId} change={change} />
      ) : (
        <p className="field-hint">{t('property:form.photosAfterCreate')}</p>
      )}
    </fieldset>
  );
}

/** 「写真の位置を使う」: the property's photos that carry an EXIF GPS position; one photo fills at once. */
function PhotoPosition({ propertyId, change }: { propertyId: string; change: Change }) {
  const { t } = useT();
  const list = useCall('attachments.list', { ownerTable: 'property', ownerId: propertyId });
  const [choosing, setChoosing] = useState(false);
  const [filled, setFilled] = useState(false);
  const located = (list.data ?? []).filter(
    (a): a is AttachmentItemView & { latitude: number; longitude: number } =>
      a.latitude !== null && a.longitude !== null,
  );
  const use = (a: { latitude: number; longitude: number }) => {
    change({ latitude: String(round(a.latitude)), longitude: String(round(a.longitude)) });
    setChoosing(false);
    setFilled(true);
  };
  if (list.loading && !list.data) return null;
  if (located.length === 0) return <p className="field-hint">{t('property:form.noPhotoPosition')}</p>;
  return (
    <div className="prop-photo-position">
      <button
        type="button"
        onClick={() => {
          const [only] = located;
          if (located.length === 1 && only) use(only);
          else setChoosing((c) => !c);
        }}
        aria-expanded={located.length > 1 ? choosing : undefined}
      >
        {t('property:form.usePhotoPosition')}
      </button>
      <span role="status" className="muted">
        {filled ? t('property:form.positionFilled') : ''}
      </span>
      {choosing ? (
        <ul className="prop-photo-choices" aria-label={t('property:form.choosePhoto')}>
          {located.map((a) => (
            <li key={a.id}>
              <button type="button" onClick={() => use(a)}>
                {t('property:form.photoPosition', {
                  name: a.fileName ?? a.caption ?? t('property:form.photo'),
                  lat: round(a.latitude),
                  lon: round(a.longitude),
                })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Seven decimals is about a centimetre: more than a phone's GPS knows. */
const round = (v: number) => Math.round(v * 1e7) / 1e7;
