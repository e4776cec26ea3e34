import { PROGRAMMES, type Programme } from '../../../../shared/domain/enums.ts';
import type { LodgingConflict } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { ConflictWarning } from './ConflictWarning.tsx';
import { LodgingPicker } from './LodgingPicker.tsx';
import { type FieldErrors, nightsOf, type StayPlan } from './stay-draft.ts';
// The form styles travel with the fields, so the enquiry pages that reuse them get them too.
import './stays.css';

/**
 * The plan of a stay: programme, planned dates, lodging (with the double-booking warning) and
 * nursery/school. Used by the stay form and by the enquiry conversion, whose errors carry a `stay.`
 * prefix (`prefix`).
 */
export function StayPlanFields({
  plan,
  onChange,
  errors,
  conflicts,
  prefix = '',
}: {
  plan: StayPlan;
  onChange: (next: Partial<StayPlan>) => void;
  errors: FieldErrors;
  conflicts: LodgingConflict[];
  prefix?: string;
}) {
  const { t } = useT();
  const error = (field: string) => {
    const key = errors[`${prefix}${field}`];
    return key ? t(key) : undefined;
  };
  const nights = nightsOf(plan.plannedArrival.date, plan.plannedDeparture.date);
  return (
    <>
      <Field label={t('stays:programme')} error={error('programme')} required>
        <select
          value={plan.programme}
          onChange={(e) => onChange({ programme: e.target.value as Programme | '' })}
        >
          <option value="">{t('stays:choose')}</option>
          {PROGRAMMES.map((p) => (
            <option key={p} value={p}>
              {t(`enums.programme.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="date-pair">
        <Field label={t('stays:plannedArrival')} error={error('plannedArrival')} required>
          <DateInput value={plan.plannedArrival.date} onChange={(v) => onChange({ plannedArrival: v })} />
        </Field>
        <Field
          label={t('stays:plannedDeparture')}
          error={error('plannedDeparture')}
          hint={nights !== null ? t('stays:nights', { nights }) : undefined}
          required
        >
          <DateInput value={plan.plannedDeparture.date} onChange={(v) => onChange({ plannedDeparture: v })} />
        </Field>
      </div>
      <LodgingPicker
        value={plan}
        onChange={onChange}
        error={error('lodgingPropertyId') ?? error('lodgingText')}
      />
      <ConflictWarning conflicts={conflicts} />
      <Field label={t('stays:schoolName')} hint={t('stays:schoolHint')} error={error('schoolName')}>
        <input
          value={plan.schoolName}
          maxLength={100}
          onChange={(e) => onChange({ schoolName: e.target.value })}
        />
      </Field>
      <Field label={t('stays:notes')} error={error('notes')}>
        <textarea rows={3} value={plan.notes} onChange={(e) => onChange({ notes: e.target.value })} />
      </Field>
    </>
  );
}
