import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

/**
 * Offline unlock codes (docs/security.md, "Offline lock"). A laptop that has not reached the server
 * for too long locks its records; a town administrator reads it a one-time code, which the laptop
 * checks with no network at all:
 *
 *   code = expiry (4 bytes, minutes since 1970, big-endian) ‖ nonce (4 random bytes)
 *          ‖ Ed25519 signature (64 bytes) over "futasato-unlock-v1" ‖ device id (16 bytes) ‖ expiry ‖ nonce
 *
 * 72 bytes, typed as Crockford base32 (0-9 A-Z without I L O U; case, spaces, dashes and the look-alikes
 * I/L → 1, O → 0 forgiven) in groups of four. The device id is signed but not sent: a code made for
 * another laptop fails the signature check there. The server's private key signs (server/src/devices);
 * the laptop holds only the public half, received at enrolment, so it can check codes but never make one.
 */

const DOMAIN = Buffer.from('futasato-unlock-v1', 'utf8');
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_BYTES = 72;
const SIGNATURE_BYTES = 64;

export type UnlockCodeRefusal = 'UNLOCK_CODE_INVALID' | 'UNLOCK_CODE_EXPIRED';

export interface UnlockCodeFacts {
  /** Hex of the 4 random bytes: what the laptop remembers as used, and the server audits. */
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

/** A new signing key pair: the public half as base64 SPKI DER (what laptops store), the private as PKCS#8 PEM. */
export function newSigningKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

function uuidBytes(deviceId: string): Buffer {
  const hex = deviceId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a device id: ${deviceId}`);
  return Buffer.from(hex, 'hex');
}

function signedMessage(deviceId: string, head: Buffer): Buffer {
  return Buffer.concat([DOMAIN, uuidBytes(deviceId), head]);
}

export function encodeBase32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** null for a character outside the alphabet (after forgiving case and look-alikes). */
export function decodeBase32(text: string): Buffer | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const raw of text) {
    const ch = raw === 'I' || raw === 'L' ? '1' : raw === 'O' ? '0' : raw;
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

/** Groups of four, dash-separated: what the administrator reads out and the person types. */
export function groupCode(text: string): string {
  return (text.match(/.{1,4}/g) ?? []).join('-');
}

/** Makes a code for one laptop (the server, with its private key). */
export function issueUnlockCode(input: {
  privateKeyPem: string;
  deviceId: string;
  expiresAt: Date;
  nonce?: Buffer;
}): { code: string; nonce: string; expiresAt: Date } {
  const minutes = Math.ceil(input.expiresAt.getTime() / 60_000);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(minutes, 0);
  (input.nonce ?? randomBytes(4)).copy(head, 4, 0, 4);
  const signature = sign(null, signedMessage(input.deviceId, head), createPrivateKey(input.privateKeyPem));
  return {
    code: groupCode(encodeBase32(Buffer.concat([head, signature]))),
    nonce: head.subarray(4).toString('hex'),
    expiresAt: new Date(minutes * 60_000),
  };
}

/**
 * Checks a typed code for this laptop against the server's public key. Throws UNLOCK_CODE_INVALID
 * (not a code, not signed by this server, or made for another laptop) or UNLOCK_CODE_EXPIRED; whether
 * its nonce was used already is the caller's to check (it keeps the list).
 */
export function verifyUnlockCode(input: {
  typed: string;
  publicKey: string;
  deviceId: string;
  now: Date;
}): UnlockCodeFacts {
  const compact = input.typed.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  const bytes = decodeBase32(compact);
  if (!bytes || bytes.length !== CODE_BYTES) {
    throw new UnlockCodeError('UNLOCK_CODE_INVALID', 'not an unlock code (wrong length or characters)');
  }
  const head = bytes.subarray(0, CODE_BYTES - SIGNATURE_BYTES);
  const signature = bytes.subarray(CODE_BYTES - SIGNATURE_BYTES);
  let good = false;
  try {
    const key = createPublicKey({ key: Buffer.from(input.publicKey, 'base64'), format: 'der', type: 'spki' });
    good = verify(null, signedMessage(input.deviceId, head), key, signature);
  } catch {
    good = false;
  }
  if (!good) throw new UnlockCodeError('UNLOCK_CODE_INVALID', 'the code is not signed for this laptop');
  const expiresAt = new Date(head.readUInt32BE(0) * 60_000);
  if (expiresAt.getTime() <= input.now.getTime()) {
    throw new UnlockCodeError('UNLOCK_CODE_EXPIRED', 'the unlock code has expired');
  }
  return { nonce: head.subarray(4).toString('hex'), expiresAt };
}
