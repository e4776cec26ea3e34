import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The app-lock passcode (docs/security.md, "App lock"), stored only as a slow salted hash: scrypt
 * (Node's own, memory-hard) with N = 2^15, r = 8, p = 1 — about 32 MiB and a noticeable fraction of a second
 * per try on a field laptop, so a copied database does not give the passcode away cheaply. Stored as
 * `scrypt$N$r$p$salt$hash` (base64), so the cost can be raised later and old hashes still check.
 */

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

export const PASSCODE_MIN = 4;
export const PASSCODE_MAX = 64;

function derive(passcode: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passcode.normalize('NFKC'),
      salt,
      KEY_BYTES,
      { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(passcode, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison of the derived key; a malformed stored value never matches. */
export async function verifyPasscode(passcode: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((v) => Number.isSafeInteger(v) && v > 0) || n > 2 ** 20) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const actual = await derive(passcode, salt, n, r, p);
  return timingSafeEqual(actual, expected);
}

/**
 * How long to wait after `failures` wrong tries in a row: the first five are free, then 30 s,
 * doubling, at most 15 minutes. Kept in the database, so quitting the app does not reset it.
 */
export function lockoutMs(failures: number): number {
  if (failures < 5) return 0;
  return Math.min(30_000 * 2 ** (failures - 5), 15 * 60_000);
}
