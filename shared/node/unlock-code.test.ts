import { describe, expect, it } from 'vitest';
import {
  CODE_CHARS,
  deviceUnlockSecret,
  issueUnlockCode,
  newSigningKeyPair,
  normalizeTypedCode,
  unlockMasterKey,
  verifyUnlockCode,
} from './unlock-code.ts';

const DEVICE = '0190a5c2-6f1e-7000-8000-00000000a001';
const OTHER = '0190a5c2-6f1e-7000-8000-00000000a002';
const NOW = new Date('2026-12-05T03:00:00Z');
const master = unlockMasterKey(newSigningKeyPair().privateKey);
const secret = deviceUnlockSecret(master, DEVICE);

const issue = (expiresInMs = 3_600_000, s = secret, device = DEVICE) =>
  issueUnlockCode({ secret: s, deviceId: device, expiresAt: new Date(NOW.getTime() + expiresInMs) });
const check = (typed: string, s = secret, device = DEVICE, now = NOW) =>
  verifyUnlockCode({ typed, secret: s, deviceId: device, now });

describe('offline unlock codes (short, HMAC)', () => {
  it('are five groups of five Crockford base32 characters and check back to their nonce and expiry', () => {
    const issued = issue();
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    expect(issued.code.replace(/-/g, '')).toHaveLength(CODE_CHARS);
    expect(issued.nonce).toMatch(/^[0-9a-f]{10}$/);
    // Rounded up to the next 10-minute step: never shorter than asked.
    expect(issued.expiresAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 3_600_000);
    expect(issued.expiresAt.getTime()).toBeLessThan(NOW.getTime() + 3_600_000 + 600_000);
    expect(check(issued.code)).toEqual({ nonce: issued.nonce, expiresAt: issued.expiresAt });
    // Fresh nonces: two codes for the same laptop differ.
    expect(issue().code).not.toBe(issued.code);
  });

  it('the secret is per laptop and per server; the master key is stable for one private key', () => {
    const pair = newSigningKeyPair();
    expect(unlockMasterKey(pair.privateKey).equals(unlockMasterKey(pair.privateKey))).toBe(true);
    expect(deviceUnlockSecret(master, DEVICE)).toBe(secret);
    expect(deviceUnlockSecret(master, OTHER)).not.toBe(secret);
    expect(deviceUnlockSecret(unlockMasterKey(pair.privateKey), DEVICE)).not.toBe(secret);
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
  });

  it('refuses a code for another laptop, from another server, tampered or truncated: UNLOCK_CODE_INVALID', () => {
    const invalid = expect.objectContaining({ code: 'UNLOCK_CODE_INVALID' });
    // Made for another laptop (its own secret), or checked on another laptop with this one's secret.
    expect(() => check(issue(3_600_000, deviceUnlockSecret(master, OTHER), OTHER).code)).toThrow(invalid);
    expect(() => check(issue().code, secret, OTHER)).toThrow(invalid);
    // Another server's master key.
    const stranger = deviceUnlockSecret(unlockMasterKey(newSigningKeyPair().privateKey), DEVICE);
    expect(() => check(issue(3_600_000, stranger).code)).toThrow(invalid);
    // Every single character changed anywhere (the expiry and nonce are covered by the MAC too).
    const compact = issue().code.replace(/-/g, '');
    for (let i = 0; i < compact.length; i += 1) {
      const swapped = compact[i] === 'Z' ? 'Y' : 'Z';
      expect(() => check(compact.slice(0, i) + swapped + compact.slice(i + 1)), `char ${i}`).toThrow(invalid);
    }
    for (const typed of [
      '',
      compact.slice(1),
      `${compact}0`,
      'ABCDE-FGHJK',
      `${compact.slice(1)}U`,
      '日本語',
    ]) {
      expect(() => check(typed), typed).toThrow(invalid);
    }
  });

  it('refuses an expired code: UNLOCK_CODE_EXPIRED (only once the MAC checks)', () => {
    const issued = issue(3_600_000);
    expect(() => check(issued.code, secret, DEVICE, issued.expiresAt)).toThrow(
      expect.objectContaining({ code: 'UNLOCK_CODE_EXPIRED' }),
    );
    expect(() => check(issue(-600_000).code)).toThrow(
      expect.objectContaining({ code: 'UNLOCK_CODE_EXPIRED' }),
    );
  });

  it('forgives what people type: lower case, full width, spaces, hyphens, long dashes, I/L/O look-alikes', () => {
    const issued = issue();
    const compact = issued.code.replace(/-/g, '');
    const fullWidth = [...issued.code]
      .map((c) => (c === '-' ? 'ー' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
      .join('');
    const variants = [
      issued.code.toLowerCase(),
      compact,
      issued.code.replace(/-/g, ' '),
      ` ${issued.code.replace(/-/g, '　')} `,
      issued.code.replace(/-/g, '–'),
      fullWidth,
      fullWidth.toLowerCase(),
      compact.replace(/1/g, 'l').replace(/0/g, 'O'),
      compact.replace(/1/g, 'I').replace(/0/g, 'o'),
    ];
    for (const typed of variants) expect(check(typed).nonce, typed).toBe(issued.nonce);
    expect(normalizeTypedCode('ab-cd ef')).toBe('ABCDEF');
    expect(normalizeTypedCode('abcu')).toBeNull();
  });

  it('a given nonce and expiry give the same code (reuse is the laptop list’s to catch)', () => {
    const nonce = Buffer.from('0102030405', 'hex');
    const expiresAt = new Date(NOW.getTime() + 3_600_000);
    const a = issueUnlockCode({ secret, deviceId: DEVICE, expiresAt, nonce });
    const b = issueUnlockCode({ secret, deviceId: DEVICE, expiresAt, nonce });
    expect(a.code).toBe(b.code);
    expect(check(a.code).nonce).toBe('0102030405');
  });
});
