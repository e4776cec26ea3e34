import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useT } from '../../i18n/use-t.ts';

/**
 * A modal on the native <dialog> (focus trapped, Esc cancels) with its own title id, so the page's
 * several dialogs (merge, link, erase) never share one.
 */
export function SupDialog({
  open,
  title,
  children,
  confirmLabel,
  confirmDisabled,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  confirmDisabled: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog sup-dialog" aria-labelledby={`${id}-title`} onCancel={onCancel}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="dialog-body">{open ? children : null}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('forms.cancel')}
        </button>
        <button type="button" className="primary" disabled={confirmDisabled} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
