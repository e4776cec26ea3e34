import { type FormEvent, useState } from 'react';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { DETERMINATIONS, type Determination } from '../../../../shared/domain/enums.ts';
import type { InspectionSheetView } from '../../../../shared/ipc/views.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong } from '../../lib/format.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { validationKey } from '../../lib/forms/form-model.ts';
import { useToast } from '../../lib/forms/toast.tsx';

/**
 * The town's 判定 (特定空家等 / 管理不全空家等 / neither): a separate decision by a town administrator,
 * recorded with who and when (inspections.determine). Everyone sees it; only a town_admin may record
 * or change it, and only on a finished inspection.
 */
export function DeterminationPanel({ sheet, onDone }: { sheet: InspectionSheetView; onDone: () => void }) {
  const { t, i18n } = useT();
  const { profile } = useProfile();
  const i = sheet.inspection;
  const recorded = i.determination ? (
    <p className="is-determination" data-testid="determination">
      {t('inspectionSummary:determine.recorded', {
        determination: t(`inspectionSummary:determine.value.${i.determination}`),
        date: i.determinedOn ? formatDateLong(i.determinedOn, i18n.language) : '—',
        by: sheet.determinedByName ?? t('inspectionSummary:determine.unknownAuthor'),
      })}
      {i.determinationNote ? <span className="is-note">{i.determinationNote}</span> : null}
    </p>
  ) : (
    <p className="muted" data-testid="determination">
      {t('inspectionSummary:determine.none')}
    </p>
  );
  let form = null;
  if (profile.role !== 'town_admin')
    form = <p className="muted">{t('inspectionSummary:determine.readOnly')}</p>;
  else if (i.status !== 'finished')
    form = <p className="muted">{t('inspectionSummary:determine.notFinished')}</p>;
  else form = <DetermineForm sheet={sheet} onDone={onDone} />;
  return (
    <div className="is-determine">
      {recorded}
      {form}
    </div>
  );
}

function DetermineForm({ sheet, onDone }: { sheet: InspectionSheetView; onDone: () => void }) {
  const { t } = useT();
  const toast = useToast();
  const i = sheet.inspection;
  const [choice, setChoice] = useState<Determination | null>(i.determination);
  const [on, setOn] = useState<string | null>(i.determinedOn ?? japanDate(new Date()));
  const [dateError, setDateError] = useState<string | null>(null);
  const [note, setNote] = useState(i.determinationNote ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !choice || !on || dateError) return;
    setBusy(true);
    setProblem(null);
    try {
      await call('inspections.determine', {
        inspectionId: i.id,
        determination: choice,
        determinedOn: on,
        note: note.trim() || null,
      });
      toast({ message: t('inspectionSummary:determine.done') });
      onDone();
    } catch (err) {
      setProblem(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="is-form" onSubmit={submit} noValidate data-testid="determine-form">
      <fieldset className="is-choices">
        <legend>{t('inspectionSummary:determine.choice')}</legend>
        {DETERMINATIONS.map((d) => (
          <label key={d} className="is-choice">
            <input
              type="radio"
              name="determination"
              value={d}
              checked={choice === d}
              onChange={() => setChoice(d)}
            />
            {t(`inspectionSummary:determine.value.${d}`)}
          </label>
        ))}
      </fieldset>
      <Field
        label={t('inspectionSummary:determine.date')}
        error={dateError ? t(validationKey(dateError)) : null}
      >
        <DateInput
          value={on}
          onChange={({ date, error }) => {
            setOn(date);
            setDateError(error);
          }}
        />
      </Field>
      <Field label={t('inspectionSummary:determine.note')}>
        <textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy || !choice || !on}>
        {t('inspectionSummary:determine.button')}
      </button>
    </form>
  );
}
