import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../../i18n/use-t.ts';

interface Toast {
  message: string;
  /** When given, the toast offers 「元に戻す」 for a few seconds. */
  undo?: () => Promise<void> | void;
}

const ToastContext = createContext<(toast: Toast) => void>(() => undefined);
const SlotContext = createContext<(slot: HTMLElement | null) => void>(() => undefined);

/**
 * Shows one message at a time in a polite live region; an undo action stays for 8 seconds. By default
 * the region floats at the bottom of the window; a page whose buttons sit where it would float (the 今日
 * board: the next card's 良好 button) gives it a place of its own with <ToastSlot />.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useT();
  const [toast, setToast] = useState<Toast | null>(null);
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const show = useCallback((next: Toast) => {
    clearTimeout(timer.current);
    setToast(next);
    timer.current = setTimeout(() => setToast(null), next.undo ? 8000 : 4000);
  }, []);
  const content = toast ? (
    <div className="toast">
      <span>{toast.message}</span>
      {toast.undo ? (
        <button
          type="button"
          onClick={async () => {
            const undo = toast.undo;
            setToast(null);
            await undo?.();
          }}
        >
          {t('forms.undo')}
        </button>
      ) : null}
    </div>
  ) : null;
  return (
    <ToastContext.Provider value={show}>
      <SlotContext.Provider value={setSlot}>{children}</SlotContext.Provider>
      {slot ? (
        createPortal(content, slot)
      ) : (
        <div className="toast-region" role="status" aria-live="polite">
          {content}
        </div>
      )}
    </ToastContext.Provider>
  );
}

/** Where this page shows its toasts: in the page's own flow, so they never cover its controls. */
export function ToastSlot({ className }: { className?: string }) {
  const register = useContext(SlotContext);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    register(ref.current);
    return () => register(null);
  }, [register]);
  return <div ref={ref} className={className} role="status" aria-live="polite" />;
}

export function useToast(): (toast: Toast) => void {
  return useContext(ToastContext);
}
