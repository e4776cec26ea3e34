import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { InspectionSheetView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { validationKey } from '../../lib/forms/form-model.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { answerLink } from './JudgementPanel.tsx';
import { inLanguage } from './summary-format.ts';

/**
 * Finishing an open inspection: the recommended action and the follow-up date, with every item still
 * unanswered listed (a link back to it), so nothing is closed unseen. inspections.finish stores the
 * score's headline; the answers cannot change afterwards.
 */
export function FinishForm({ sheet, onDone }: { sheet: InspectionSheetView; onDone: () => void }) {
  const { t, i18n } = useT();
  const toast = useToast();
  const [action, setAction] = useState('');
  const [followUp, setFollowUp] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = sheet.inspection.id;
  const open = sheet.sections.flatMap((s) => s.items).filter((it) => it.state === 'not_assessed');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || dateError) return;
    setBusy(true);
    setProblem(null);
    try {
      await call('inspections.finish', {
        inspectionId: id,
        recommendedAction: action.trim() || null,
        followUpOn: followUp,
      });
      toast({ message: t('inspectionSummary:finish.done') });
      onDone();
    } catch (err) {
      setProblem(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="is-form" onSubmit={submit} noValidate data-testid="finish-form">
      <p className="muted">{t('inspectionSummary:finish.hint')}</p>
      {open.length ? (
        <div className="is-missing-list" data-testid="finish-unanswered">
          <h3>{t('inspectionSummary:finish.unanswered', { count: open.length })}</h3>
          <ul>
            {open.map((it) => (
              <li key={it.key}>
                <Link className="is-link" to={answerLink(id, it.key)}>
                  {t('inspectionSummary:judgement.answerIt', { item: inLanguage(it.label, i18n.language) })}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{t('inspectionSummary:finish.allAnswered')}</p>
      )}
      <Field
        label={t('inspectionSummary:finish.recommended')}
        hint={t('inspectionSummary:finish.recommendedHint')}
      >
        <textarea rows={3} maxLength={2000} value={action} onChange={(e) => setAction(e.target.value)} />
      </Field>
      <Field
        label={t('inspectionSummary:finish.followUp')}
        error={dateError ? t(validationKey(dateError)) : null}
      >
        <DateInput
          value={followUp}
          onChange={({ date, error }) => {
            setFollowUp(date);
            setDateError(error);
          }}
        />
      </Field>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('inspectionSummary:finish.button')}
      </button>
    </form>
  );
}
