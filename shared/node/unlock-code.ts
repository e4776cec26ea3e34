import {
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Offline unlock codes (docs/security.md, "Offline lock"). A laptop that has not reached the server
 * for too long locks its records; a town administrator reads it a one-time code over the phone, which
 * the laptop checks with no network at all. The code has to be short enough to read out, so it is a
 * truncated HMAC, not a signature:
 *
 *   device secret = HMAC-SHA256(server's unlock master key, "futasato-unlock-device-v2" ‖ device id)
 *   code (125 bits) = expiry (21 bits: 10-minute steps since 2026-01-01 UTC)
 *                   ‖ nonce (40 random bits)
 *                   ‖ first 64 bits of HMAC-SHA256(device secret, "futasato-unlock-v2" ‖ device id ‖ expiry ‖ nonce)
 *
 * 25 characters of Crockford base32 (0-9 A-Z without I L O U), shown as five groups of five. Typed,
 * case, full-width characters (NFKC), spaces, dashes and the look-alikes I/L → 1, O → 0 are forgiven.
 * The server derives each laptop's secret from its master key and hands it to that laptop (at
 * enrolment and on every token refresh); the laptop keeps it in its encrypted database. Guessing is
 * held back by the laptop's rate limit on wrong codes (lock-service.ts).
 */

const CODE_DOMAIN = Buffer.from('futasato-unlock-v2', 'utf8');
const SECRET_DOMAIN = Buffer.from('futasato-unlock-device-v2', 'utf8');
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_CHARS = 25;
const GROUP = 5;
const EXPIRY_BITS = 21n;
const NONCE_BITS = 40n;
const MAC_BITS = 64n;
/** 2026-01-01T00:00:00Z; 2^21 ten-minute steps reach into 2065. */
const EPOCH_MS = Date.UTC(2026, 0, 1);
const STEP_MS = 10 * 60_000;
const MAX_STEP = (1 << Number(EXPIRY_BITS)) - 1;

export type UnlockCodeRefusal = 'UNLOCK_CODE_INVALID' | 'UNLOCK_CODE_EXPIRED';

export interface UnlockCodeFacts {
  /** Hex of the 40 random bits: what the laptop remembers as used, and the server audits. */
  nonce: string;
  expiresAt: Date;
}

export class UnlockCodeError extends Error {
  readonly code: UnlockCodeRefusal;
  constructor(code: UnlockCodeRefusal, message: string) {
    super(message);
    this.name = 'UnlockCodeError';
    this.code = code;
  }
}

/** A new server key pair: the public half as base64 SPKI DER, the private as PKCS#8 PEM. */
export function newSigningKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/**
 * The unlock master key, derived from the server's private key (the one row of server_signing_key,
 * which only the database owner reads): no second secret to store, back up or leak separately.
 * HKDF with its own label keeps it apart from any use of the key itself.
 */
export function unlockMasterKey(privateKeyPem: string): Buffer {
  const der = createPrivateKey(privateKeyPem).export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(hkdfSync('sha256', der, Buffer.alloc(0), 'futasato-unlock-master-v2', 32));
}

function uuidBytes(deviceId: string): Buffer {
  const hex = deviceId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a device id: ${deviceId}`);
  return Buffer.from(hex, 'hex');
}

/** One laptop's secret (base64), what the server hands that laptop and nobody else. */
export function deviceUnlockSecret(masterKey: Buffer, deviceId: string): string {
  return createHmac('sha256', masterKey)
    .update(Buffer.concat([SECRET_DOMAIN, uuidBytes(deviceId)]))
    .digest('base64');
}

function mac(secret: string, deviceId: string, step: number, nonce: bigint): bigint {
  const head = Buffer.alloc(8);
  head.writeBigUInt64BE((BigInt(step) << NONCE_BITS) | nonce);
  const digest = createHmac('sha256', Buffer.from(secret, 'base64'))
    .update(Buffer.concat([CODE_DOMAIN, uuidBytes(deviceId), head]))
    .digest();
  return digest.readBigUInt64BE(0);
}

function encode(value: bigint): string {
  let out = '';
  for (let i = CODE_CHARS - 1; i >= 0; i -= 1) out += ALPHABET[Number((value >> BigInt(i * 5)) & 31n)];
  return out;
}

/**
 * What the person typed, made canonical: full-width letters and digits folded (NFKC), upper case,
 * spaces and dashes of any kind dropped, I/L read as 1 and O as 0. Null when anything else is left.
 */
export function normalizeTypedCode(typed: string): string | null {
  const compact = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―−ー_]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]*$/.test(compact) ? compact : null;
}

/** Five groups of five, dash-separated: what the administrator reads out and the person types. */
export function groupCode(text: string): string {
  return (text.match(new RegExp(`.{1,${GROUP}}`, 'g')) ?? []).join('-');
}

/**
 * Makes a code for one laptop (the server, with that laptop's secret). The expiry is rounded up to
 * the next 10-minute step, so a code never lasts less than asked.
 */
export function issueUnlockCode(input: {
  secret: string;
  deviceId: string;
  expiresAt: Date;
  nonce?: Buffer;
}): { code: string; nonce: string; expiresAt: Date } {
  const step = Math.ceil((input.expiresAt.getTime() - EPOCH_MS) / STEP_MS);
  if (step < 0 || step > MAX_STEP) throw new Error('expiry outside what a code can say');
  const nonceBytes = (input.nonce ?? randomBytes(5)).subarray(0, 5);
  if (nonceBytes.length !== 5) throw new Error('a nonce is 5 bytes');
  const nonce = BigInt(`0x${nonceBytes.toString('hex')}`);
  const value =
    (((BigInt(step) << NONCE_BITS) | nonce) << MAC_BITS) | mac(input.secret, input.deviceId, step, nonce);
  return {
    code: groupCode(encode(value)),
    nonce: nonceBytes.toString('hex'),
    expiresAt: new Date(EPOCH_MS + step * STEP_MS),
  };
}

/**
 * Checks a typed code with this laptop's secret. Throws UNLOCK_CODE_INVALID (not a code, a typo, made
 * for another laptop or by another server) or UNLOCK_CODE_EXPIRED; whether its nonce was used already
 * is the caller's to check (it keeps the list).
 */
export function verifyUnlockCode(input: {
  typed: string;
  secret: string;
  deviceId: string;
  now: Date;
}): UnlockCodeFacts {
  const compact = normalizeTypedCode(input.typed);
  if (compact === null || compact.length !== CODE_CHARS) {
    throw new UnlockCodeError('UNLOCK_CODE_INVALID', 'not an unlock code (wrong length or characters)');
  }
  let value = 0n;
  for (const ch of compact) value = (value << 5n) | BigInt(ALPHABET.indexOf(ch));
  const given = value & ((1n << MAC_BITS) - 1n);
  const nonce = (value >> MAC_BITS) & ((1n << NONCE_BITS) - 1n);
  const step = Number(value >> (MAC_BITS + NONCE_BITS));
  const expected = mac(input.secret, input.deviceId, step, nonce);
  const a = Buffer.alloc(8);
  const b = Buffer.alloc(8);
  a.writeBigUInt64BE(given);
  b.writeBigUInt64BE(expected);
  if (!timingSafeEqual(a, b)) {
    throw new UnlockCodeError('UNLOCK_CODE_INVALID', 'the code was not made for this laptop');
  }
  const expiresAt = new Date(EPOCH_MS + step * STEP_MS);
  if (expiresAt.getTime() <= input.now.getTime()) {
    throw new UnlockCodeError('UNLOCK_CODE_EXPIRED', 'the unlock code has expired');
  }
  return { nonce: nonce.toString(16).padStart(10, '0'), expiresAt };
}
