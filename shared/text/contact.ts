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

/** Display form with the usual grouping (mobile 3-4-4, others 2/3/4-x-4 approximated by length). */
export function formatPhone(digits: string): string {
  if (/^0[5789]0\d{8}$/.test(digits)) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  if (/^0[36]\d{8}$/.test(digits)) return `${digits.slice(0, 2)}-${digits.slice(2, 6)}-${digits.slice(6)}`;
  if (digits.length === 10) return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  return digits;
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
