import { useState } from 'react';
import type { FamilyDetail } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { call } from '../../../lib/api.ts';
import { errorText } from '../../../lib/error-text.ts';
import { ConfirmDialog } from '../../../lib/forms/ConfirmDialog.tsx';
import { useToast } from '../../../lib/forms/toast.tsx';

/**
 * An erased family can be erased again: a clean-up for personal data a colleague's laptop sent
 * around the erasure (sync scrubs it too; this lets a coordinator make sure at once). There is no
 * name left to type back, so a plain confirmation stands in for it.
 */
export function EraseAgain({ family }: { family: FamilyDetail }) {
  const { t } = useT();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('families.erase', { id: family.id, confirmName: '' });
      setOpen(false);
      toast({ message: t('families:erase.againDone') });
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="danger-outline" onClick={() => setOpen(true)}>
        {t('families:erase.againOpen')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('families:erase.againTitle')}
        confirmLabel={t('families:erase.againConfirm')}
        danger
        confirmDisabled={busy}
        onConfirm={erase}
        onCancel={() => setOpen(false)}
      >
        <p>{t('families:erase.againLead')}</p>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
