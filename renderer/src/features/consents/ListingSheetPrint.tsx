import { type FormEvent, useEffect, useId, useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { useToast } from '../../lib/forms/toast.tsx';

/**
 * 「物件登録カードを印刷（PDF）」: the main process makes the PDF and asks where to save it; the core
 * refuses without a valid 空き家バンク掲載 consent (CONSENT_REQUIRED, said here in the UI's language)
 * and logs each sheet made. The button stays usable without a consent so the refusal is explained,
 * not hidden.
 */
export function ListingSheetPrint({ propertyId, canPrint }: { propertyId: string; canPrint: boolean }) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const [recipient, setRecipient] = useState('');
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    call('consents.listingContact', {}).then(
      (v) => setContact((c) => c || (v.contact ?? '')),
      () => undefined,
    );
  }, []);

  const print = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const printed = await call('consents.printListingSheet', { propertyId, recipient, contact });
      toast({
        message: printed.saved
          ? t('consents:print.saved', { file: printed.fileName })
          : t('consents:print.notSaved'),
      });
    } catch (err) {
      setProblem(
        err instanceof ApiError && err.code === 'CONSENT_REQUIRED'
          ? t('consents:print.needsConsent')
          : errorText(t, err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="listing-print" aria-labelledby={`${id}-title`} onSubmit={print} noValidate>
      <h3 id={`${id}-title`}>{t('consents:print.title')}</h3>
      <div className="pair">
        <Field label={t('consents:print.recipient')} hint={t('consents:print.recipientHint')}>
          <input value={recipient} maxLength={200} onChange={(e) => setRecipient(e.target.value)} />
        </Field>
        <Field label={t('consents:print.contact')} hint={t('consents:print.contactHint')}>
          <input value={contact} maxLength={200} onChange={(e) => setContact(e.target.value)} />
        </Field>
      </div>
      {!canPrint && !problem ? <p className="muted">{t('consents:print.needsConsent')}</p> : null}
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('consents:print.button')}
      </button>
    </form>
  );
}
