/**
 * Touch sizing: on a device with a touch screen (or when the user asks for it in 設定) every target
 * grows to at least 44×44 px and checkboxes and radios become large. The choice lives in the
 * renderer's own storage (it belongs to this screen, not to the records); CSS reads
 * `<html data-touch="true">`.
 */

export const TOUCH_PREFERENCES = ['auto', 'on', 'off'] as const;
export type TouchPreference = (typeof TOUCH_PREFERENCES)[number];

const STORAGE_KEY = 'futasato.touch';
const COARSE = '(any-pointer: coarse)';

export function touchPreference(): TouchPreference {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  return (TOUCH_PREFERENCES as readonly string[]).includes(saved ?? '') ? (saved as TouchPreference) : 'auto';
}

export function setTouchPreference(preference: TouchPreference): void {
  safeStorage()?.setItem(STORAGE_KEY, preference);
  applyTouchMode();
}

export function applyTouchMode(): void {
  const preference = touchPreference();
  const touch = preference === 'on' || (preference === 'auto' && window.matchMedia(COARSE).matches);
  document.documentElement.dataset.touch = touch ? 'true' : 'false';
}

/** Applies the mode now and again when a touch screen is attached or detached. */
export function watchTouchMode(): void {
  applyTouchMode();
  window.matchMedia(COARSE).addEventListener('change', applyTouchMode);
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage can be unavailable (a locked-down profile): the automatic mode still works.
    return null;
  }
}
