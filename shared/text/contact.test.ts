import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './contact.ts';

describe('formatPhone', () => {
  it.each([
    ['0992123456', '099-212-3456'], // 鹿児島市: a three-digit area code
    ['0112345678', '011-234-5678'], // 札幌
    ['0312345678', '03-1234-5678'], // 東京 23区
    ['0663123456', '06-6312-3456'], // 大阪
    ['0997123456', '0997-12-3456'], // 奄美: a four-digit area code
    ['09012345678', '090-1234-5678'], // mobile
    ['0120123456', '0120-123-456'], // free dial
  ])('%s → %s', (digits, shown) => {
    expect(formatPhone(digits)).toBe(shown);
  });

  it('shows a number the numbering plan does not know as it is stored', () => {
    expect(formatPhone('0501234567')).toBe('0501234567');
  });

  it('formats what normalizePhone stores from any typing', () => {
    const stored = normalizePhone('０９９－２１２－３４５６');
    expect(stored).toBe('0992123456');
    expect(formatPhone(stored as string)).toBe('099-212-3456');
  });
});
