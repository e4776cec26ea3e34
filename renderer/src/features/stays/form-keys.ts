import type { KeyboardEvent } from 'react';

/**
 * Enter is pressed many times while typing Japanese (each IME conversion is confirmed with it), so in a
 * text field it must never send a half-filled form. Ctrl+Enter (⌘+Enter) saves from anywhere.
 */
export function enterGuard(save: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      save();
    } else if ((e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
    }
  };
}
