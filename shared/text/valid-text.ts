/**
 * What text the app accepts, decided once for every free-text field: the input schemas
 * (shared/domain/records.ts) refuse anything else at the keyboard, and the server's sync validation
 * (shared/sync/validate.ts) quarantines it, so a laptop and the server never disagree about a value.
 *
 * Refused:
 * - control characters other than tab, line feed and carriage return (C0, DEL and C1). U+0000 in
 *   particular cannot be stored at all by PostgreSQL (neither in text nor in JSONB), and the others
 *   are invisible, so they are never what a person meant to type;
 * - unpaired UTF-16 surrogates (half an emoji, from a broken paste or a truncated string): they are
 *   not Unicode text, cannot be encoded as UTF-8, and JSONB refuses their escapes.
 * Everything else is text, including right-to-left and other format marks, emoji and characters
 * outside the Basic Multilingual Plane such as 𠮷.
 *
 * Lengths are counted in characters (code points), not UTF-16 units, so a limit means the same for 𠮷
 * as for あ.
 */

export type TextFault = 'control_character' | 'lone_surrogate';

function isRefusedControl(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** Why `value` is not acceptable text, or null when it is. One pass, no allocation. */
export function textFault(value: string): TextFault | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0xa0) {
      if (isRefusedControl(code)) return 'control_character';
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'lone_surrogate';
      i += 1;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return 'lone_surrogate';
    }
  }
  return null;
}

/** The number of characters (code points) in well-formed text. */
export function characterCount(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/**
 * True when every string anywhere in `value` (object keys included) is text PostgreSQL can store: no
 * U+0000 and no unpaired surrogate. Weaker than `textFault` on purpose: it is the server's last check
 * on a whole operation before anything is written, whatever field the bad string hides in.
 */
export function isStorable(value: unknown): boolean {
  if (typeof value === 'string') return !unstorable(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isStorable);
  return Object.entries(value).every(([k, v]) => !unstorable(k) && isStorable(v));
}

function unstorable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i += 1;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/** Longest free text the app accepts anywhere (a long note pasted from a document), in characters. */
export const LONGEST_TEXT = 50_000;

/**
 * `text` with what PostgreSQL cannot store made visible instead: U+0000 becomes the six characters
 * `\u0000` and an unpaired surrogate the replacement character. For diagnostics only (a quarantine
 * reason), never for a person's data.
 */
export function storableText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code === 0) out += '\\u0000';
    else if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text.slice(i, i + 2);
      i += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += text[i];
  }
  return out;
}
