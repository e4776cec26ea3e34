import { useEffect, useId, useState } from 'react';
import type { FamilyDetail } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { call } from '../../../lib/api.ts';
import { errorText } from '../../../lib/error-text.ts';
import { ConfirmDialog } from '../../../lib/forms/ConfirmDialog.tsx';
import { useToast } from '../../../lib/forms/toast.tsx';

/** Compared the way the core compares them: width-folded, spaces ignored. */
const sameName = (a: string, b: string) => {
  const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return fold(a) !== '' && fold(a) === fold(b);
};

/**
 * 個人情報の削除 (erase on request): says exactly what goes and what the KPIs keep, and only lets the
 * button work once the family name has been typed back.
 */
export function EraseFamilyDialog({
  family,
  open,
  onClose,
}: {
  family: FamilyDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setTyped('');
      setError(null);
    }
  }, [open]);

  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('families.erase', { id: family.id, confirmName: typed });
      onClose();
      toast({ message: t('families:erase.done', { name: family.familyName }) });
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const matches = sameName(typed, family.familyName);

  return (
    <ConfirmDialog
      open={open}
      title={t('families:erase.title', { name: family.familyName })}
      confirmLabel={t('families:erase.confirm')}
      danger
      confirmDisabled={busy || !matches}
      onConfirm={erase}
      onCancel={onClose}
    >
      <p>{t('families:erase.lead')}</p>
      <div className="fam-erase-lists">
        <div>
          <h3>{t('families:erase.wipedTitle')}</h3>
          <ul>
            <li>{t('families:erase.wipedNames')}</li>
            <li>{t('families:erase.wipedContact')}</li>
            <li>{t('families:erase.wipedBirthDates')}</li>
            <li>{t('families:erase.wipedSensitive')}</li>
            <li>{t('families:erase.wipedNotes')}</li>
          </ul>
        </div>
        <div>
          <h3>{t('families:erase.keptTitle')}</h3>
          <ul>
            <li>{t('families:erase.keptStays')}</li>
            <li>{t('families:erase.keptCounts')}</li>
            <li>{t('families:erase.keptPrefecture')}</li>
          </ul>
        </div>
      </div>
      <p className="fam-erase-warning">{t('families:erase.irreversible')}</p>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('families:erase.typeName', { name: family.familyName })}</label>
        <input
          id={`${id}-name`}
          value={typed}
          autoComplete="off"
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing && matches && !busy) void erase();
          }}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
        />
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </ConfirmDialog>
  );
}
