import { useId } from 'react';
import { STAY_STATUSES, type StayStatus } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import type { DateValue, FieldErrors, StayDraft } from './stay-draft.ts';

/** 状況 and the actual dates it needs; statuses the stay cannot move to are shown but disabled. */
export function StayStatusFields({
  draft,
  reachable,
  onStatus,
  onDate,
  errors,
}: {
  draft: StayDraft;
  reachable: StayStatus[];
  onStatus: (status: StayStatus) => void;
  onDate: (field: 'actualArrival' | 'actualDeparture', value: DateValue) => void;
  errors: FieldErrors;
}) {
  const { t } = useT();
  const id = useId();
  const error = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  const arrived =
    draft.status !== 'planned' && (draft.status !== 'cancelled' || draft.actualArrival.date !== null);
  return (
    <>
      <fieldset className="status-choice" aria-describedby={`${id}-hint`}>
        <legend>{t('stays:status')}</legend>
        <div className="inline">
          {STAY_STATUSES.map((s) => (
            <label key={s} className="radio">
              <input
                type="radio"
                name={`${id}-status`}
                checked={draft.status === s}
                disabled={!reachable.includes(s)}
                onChange={() => onStatus(s)}
              />
              {t(`enums.stayStatus.${s}`)}
            </label>
          ))}
        </div>
        <p className="field-hint" id={`${id}-hint`}>
          {t('stays:statusHint')}
        </p>
      </fieldset>
      {arrived ? (
        <div className="date-pair">
          <Field label={t('stays:actualArrival')} error={error('actualArrival')} required>
            <DateInput value={draft.actualArrival.date} onChange={(v) => onDate('actualArrival', v)} />
          </Field>
          {draft.status === 'completed' || draft.actualDeparture.date ? (
            <Field label={t('stays:actualDeparture')} error={error('actualDeparture')} required>
              <DateInput value={draft.actualDeparture.date} onChange={(v) => onDate('actualDeparture', v)} />
            </Field>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
