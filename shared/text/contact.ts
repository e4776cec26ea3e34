import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Contact details as Japanese office staff type them: full-width digits (０９０－１２３４－５６７８), a
 * mix of hyphen look-alikes, spaces. We store one canonical form and format it for display.
 */

const DASHES = /[-‐‑‒–—―−－ｰー]/g;

function halfWidthDigitsAndPlus(value: string): string {
  return value.normalize('NFKC').replace(DASHES, '-').replace(/\s+/g, '');
}

/** Japanese phone number → digits only (`09012345678`), `+81` folded to a leading 0; null if not a phone number. */
export function normalizePhone(value: string): string | null {
  let v = halfWidthDigitsAndPlus(value).replace(/[()（）-]/g, '');
  if (v.startsWith('+81')) v = `0${v.slice(3)}`;
  if (!/^0\d{9,10}$/.test(v)) return null;
  return v;
}

/**
 * Display form with the real grouping of the Japanese numbering plan: the area code's length depends
 * on the area (鹿児島市 099-212-3456, 札幌 011-234-5678, 東京 03-1234-5678, 奄美 0997-12-3456), which
 * only the plan's tables know, so the maintained libphonenumber metadata decides. The stored digits
 * stay as they are; a number the plan does not know is shown as typed.
 */
export function formatPhone(digits: string): string {
  const parsed = parsePhoneNumberFromString(digits, 'JP');
  const national = parsed?.formatNational();
  return national && /^0[\d-]+$/.test(national) && national.includes('-') ? national : digits;
}

/** 〒123-4567 in any width → `1234567`; null if not seven digits. */
export function normalizePostalCode(value: string): string | null {
  const v = halfWidthDigitsAndPlus(value).replace(/^〒/, '').replace(/-/g, '');
  return /^\d{7}$/.test(v) ? v : null;
}

export function normalizeEmail(value: string): string | null {
  const v = value.normalize('NFKC').trim();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? v : null;
}
