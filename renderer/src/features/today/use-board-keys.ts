import { useEffect, useRef } from 'react';

/** Inputs where a letter is text, not a command (a checkbox or a button is not one). */
const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);
function isTyping(target: HTMLElement): boolean {
  if (target.closest('textarea, select, [contenteditable="true"]')) return true;
  return target instanceof HTMLInputElement && !NOT_TYPING.has(target.type);
}

export interface BoardKeyActions {
  move: (step: 1 | -1) => void;
  recordGood: () => void;
  recordDetail: () => void;
  previousDay: () => void;
  nextDay: () => void;
  today: () => void;
}

/**
 * The board's single-key shortcuts. They stay out of the way of typing, of the check-in dialog, and of
 * Alt/Ctrl/Meta combinations (the shell's Alt+1…9). A held key does not repeat a record.
 */
export function useBoardKeys(actions: BoardKeyActions): void {
  // The latest actions without re-subscribing the listener on every render.
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement;
      if (isTyping(target) || target.closest('dialog')) return;
      const a = latest.current;
      const run: Record<string, (() => void) | undefined> = {
        j: () => a.move(1),
        k: () => a.move(-1),
        g: e.repeat ? undefined : a.recordGood,
        d: e.repeat ? undefined : a.recordDetail,
        '[': a.previousDay,
        ']': a.nextDay,
        t: a.today,
      };
      const action = run[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
