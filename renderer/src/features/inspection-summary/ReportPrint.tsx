import { type FormEvent, useState } from 'react';
import type { ConsentPurpose } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { useToast } from '../../lib/forms/toast.tsx';

/** The purposes under which an owner's data may leave the office with a report. */
const OWNER_PURPOSES: readonly ConsentPurpose[] = [
  'management_support_corp',
  'residence_support_corp',
  'bank_listing',
];

/**
 * 「報告書を印刷（PDF）」: the main process prints the 現地調査報告書 and asks where to save it. By
 * default the report holds no owner data; ticking the box asks for the owner block, which the core
 * allows only under a valid consent of the chosen purpose covering the owner (and logs the hand-over).
 */
export function ReportPrint({ inspectionId }: { inspectionId: string }) {
  const { t } = useT();
  const toast = useToast();
  const [withOwner, setWithOwner] = useState(false);
  const [purpose, setPurpose] = useState<ConsentPurpose>('management_support_corp');
  const [recipient, setRecipient] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const print = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const printed = await call('inspections.printReport', {
        inspectionId,
        owner: withOwner ? { purpose, recipient: recipient.trim() || null } : null,
      });
      toast({
        message: printed.saved
          ? t('inspectionSummary:report.saved', { file: printed.fileName })
          : t('inspectionSummary:report.notSaved'),
      });
    } catch (err) {
      setProblem(
        err instanceof ApiError && err.code === 'CONSENT_REQUIRED'
          ? t('inspectionSummary:report.needsConsent')
          : errorText(t, err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="is-form" onSubmit={print} noValidate data-testid="report-form">
      <p className="muted">{t('inspectionSummary:report.hint')}</p>
      <label className="is-choice">
        <input type="checkbox" checked={withOwner} onChange={(e) => setWithOwner(e.target.checked)} />
        {t('inspectionSummary:report.withOwner')}
      </label>
      {withOwner ? (
        <div className="is-pair">
          <Field label={t('inspectionSummary:report.purpose')}>
            <select value={purpose} onChange={(e) => setPurpose(e.target.value as ConsentPurpose)}>
              {OWNER_PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {t(`inspectionSummary:report.purposeValue.${p}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label={t('inspectionSummary:report.recipient')}
            hint={t('inspectionSummary:report.recipientHint')}
          >
            <input value={recipient} maxLength={200} onChange={(e) => setRecipient(e.target.value)} />
          </Field>
        </div>
      ) : null}
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('inspectionSummary:report.button')}
      </button>
    </form>
  );
}
