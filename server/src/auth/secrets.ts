import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets the server hands out. Only their SHA-256 is stored: a stolen database backup yields no
 * usable credential. (SHA-256 rather than a slow password hash is right here: these are 256-bit
 * random values, not guessable passwords.)
 */

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newRefreshToken(): string {
  return `frt_${randomBytes(32).toString('base64url')}`;
}

/** A wipe acknowledgement token (devices/lifecycle.ts): good only for saying one device has wiped. */
export function newWipeAckToken(): string {
  return `fwa_${randomBytes(32).toString('base64url')}`;
}

export function newAccessToken(): string {
  return `fat_${randomBytes(32).toString('base64url')}`;
}

/** Crockford base32: no I, L, O or U, so a code read aloud over the phone is not mistyped. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code a town administrator reads out or hands over: 12 symbols, 60 bits. */
export function newEnrollmentCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % 32];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * The form a typed code is compared in: full-width letters and digits (typed with a Japanese IME on)
 * folded to ASCII, case, spaces and hyphens (any dash) ignored, and the letters Crockford treats as
 * look-alikes mapped to their digits.
 */
export function normalizeEnrollmentCode(typed: string): string {
  return typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―ー−]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
}
