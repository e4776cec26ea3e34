import { type FormEvent, useState } from 'react';
import { japanDate } from '../../../../../shared/domain/dates.ts';
import { PROPERTY_STATUSES, type PropertyStatus } from '../../../../../shared/domain/enums.ts';
import { propertyStatusChange } from '../../../../../shared/domain/inputs/properties.ts';
import type { PropertyView } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { call } from '../../../lib/api.ts';
import { formatDateWithYear } from '../../../lib/format.ts';
import { DateInput } from '../../../lib/forms/DateInput.tsx';
import { Field } from '../../../lib/forms/Field.tsx';
import {
  checkForm,
  type DateValue,
  type FieldErrors,
  FORM,
  fieldsIn,
  hasErrors,
  serverErrors,
} from '../../../lib/forms/form-model.ts';
import { useToast } from '../../../lib/forms/toast.tsx';
import { Section } from '../../../lib/PageSection.tsx';

/** The usual next step: 候補 → 調査済 → 所有者交渉中 → バンク登録 → 改修中 → お試し住宅 → 成約 (除却 any time). */
export function nextStatus(current: PropertyStatus): PropertyStatus {
  const i = PROPERTY_STATUSES.indexOf(current);
  const next = PROPERTY_STATUSES[i + 1];
  if (next && next !== 'demolished') return next;
  return current === 'demolished' ? 'candidate' : 'demolished';
}

const place = fieldsIn(['toStatus', 'changedOn', 'note']);

/**
 * 状態: the current status, a change (to which status, on which day, why) and the timeline of every
 * change with who recorded it. A change the core refuses (バンク登録 without a valid 空き家バンク掲載
 * consent) is said in Japanese on the status field, and nothing changes.
 */
export function StatusPipeline({ property, onChanged }: { property: PropertyView; onChanged: () => void }) {
  const { t, i18n } = useT();
  const toast = useToast();
  const [toStatus, setToStatus] = useState<PropertyStatus>(nextStatus(property.status));
  const [changedOn, setChangedOn] = useState<DateValue>({ date: japanDate(new Date()), error: null });
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const label = (s: PropertyStatus | null) => (s ? t(`property:status.${s}`) : t('property:page.created'));
  const error = (k: string) => (errors[k] ? t(errors[k]) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = {
      propertyId: property.id,
      toStatus,
      changedOn: changedOn.date ?? '',
      note: note.trim() || null,
    };
    const found = checkForm({
      schema: propertyStatusChange,
      input,
      place,
      typed: { changedOn: changedOn.error },
      required: { changedOn: changedOn.date },
      rules: toStatus === property.status ? { toStatus: 'validation.statusUnchanged' } : {},
    });
    if (hasErrors(found)) {
      setErrors(found);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const after = await call('properties.changeStatus', input);
      setNote('');
      setToStatus(nextStatus(after.status));
      toast({ message: t('property:page.changed', { status: label(after.status) }) });
      onChanged();
    } catch (err) {
      setErrors(serverErrors(err, place));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="prop-status" title={t('property:page.pipeline')}>
      <ol className="prop-pipeline" aria-label={t('property:page.pipeline')}>
        {PROPERTY_STATUSES.map((s) => (
          <li
            key={s}
            className={s === property.status ? 'current' : undefined}
            aria-current={s === property.status ? 'step' : undefined}
          >
            {label(s)}
          </li>
        ))}
      </ol>
      <form className="prop-status-form" onSubmit={submit} noValidate>
        <Field label={t('property:page.nextStatus')} error={error('toStatus')}>
          <select
            value={toStatus}
            onChange={(e) => {
              setToStatus(e.target.value as PropertyStatus);
              setErrors(({ toStatus: _, ...rest }) => rest);
            }}
          >
            {PROPERTY_STATUSES.filter((s) => s !== property.status).map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('property:page.changedOn')} error={error('changedOn')}>
          <DateInput value={changedOn.date} onChange={setChangedOn} />
        </Field>
        <Field label={t('property:page.note')} error={error('note')}>
          <input value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" />
        </Field>
        <div className="prop-status-submit">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('property:page.changing') : t('property:page.changeStatus')}
          </button>
        </div>
        {errors[FORM] ? (
          <p className="field-error" role="alert">
            {t(errors[FORM])}
          </p>
        ) : null}
      </form>
      <h3 className="prop-subhead">{t('property:page.timeline')}</h3>
      <ol className="prop-timeline" data-testid="timeline">
        {[...property.timeline].reverse().map((s) => (
          <li key={s.id}>
            <span className="prop-timeline-date">{formatDateWithYear(s.changedOn, i18n.language)}</span>
            <span className="prop-timeline-move">
              {s.fromStatus
                ? t('property:page.fromTo', { from: label(s.fromStatus), to: label(s.toStatus) })
                : t('common.labelled', { label: label(null), value: label(s.toStatus) })}
            </span>
            <span className="muted">
              {s.byName ? t('property:page.by', { name: s.byName }) : t('property:page.byUnknown')}
            </span>
            {s.note ? <span className="prop-timeline-note">{s.note}</span> : null}
          </li>
        ))}
      </ol>
    </Section>
  );
}
