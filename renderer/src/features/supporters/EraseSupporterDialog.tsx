import { useEffect, useId, useState } from 'react';
import type { SupporterView } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { ConfirmDialog } from '../../lib/forms/ConfirmDialog.tsx';
import { useToast } from '../../lib/forms/toast.tsx';

/** Compared as the core compares them (event-context.ts sameName): width-folded, spaces ignored. */
const sameName = (a: string, b: string) => {
  const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return fold(a) !== '' && fold(a) === fold(b);
};

/**
 * 個人情報の削除 on request: says what goes and what the anonymous counts keep, and works only once
 * the name has been typed back.
 */
export function EraseSupporterDialog({
  supporter,
  open,
  onClose,
}: {
  supporter: SupporterView;
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

  const matches = sameName(typed, supporter.name);
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('supporters.erase', { id: supporter.id, confirmName: typed });
      onClose();
      toast({ message: t('supporters:erase.done') });
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      open={open}
      title={t('supporters:erase.title', { name: supporter.name })}
      confirmLabel={t('supporters:erase.confirm')}
      danger
      confirmDisabled={busy || !matches}
      onConfirm={() => void erase()}
      onCancel={onClose}
    >
      <p>{t('supporters:erase.lead')}</p>
      <div className="sup-erase-lists">
        <div>
          <h3>{t('supporters:erase.wipedTitle')}</h3>
          <ul>
            <li>{t('supporters:erase.wipedName')}</li>
            <li>{t('supporters:erase.wipedContact')}</li>
            <li>{t('supporters:erase.wipedNotes')}</li>
          </ul>
        </div>
        <div>
          <h3>{t('supporters:erase.keptTitle')}</h3>
          <ul>
            <li>{t('supporters:erase.keptCounts')}</li>
            <li>{t('supporters:erase.keptPrefecture')}</li>
          </ul>
        </div>
      </div>
      <p className="sup-erase-warning">{t('supporters:erase.irreversible')}</p>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('supporters:erase.typeName', { name: supporter.name })}</label>
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
