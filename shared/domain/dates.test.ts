import { describe, expect, it } from 'vitest';
import { addDays, ageOn, japanDate } from './dates.ts';

describe('calendar dates', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('computes 満年齢 (completed years) on a given day', () => {
    expect(ageOn('2020-04-02', '2026-04-01')).toBe(5);
    expect(ageOn('2020-04-02', '2026-04-02')).toBe(6);
    expect(ageOn('2020-02-29', '2026-02-28')).toBe(5);
    expect(ageOn('2020-02-29', '2026-03-01')).toBe(6);
    expect(ageOn('2026-11-22', '2026-11-22')).toBe(0);
  });

  it('gives the calendar date in Japan whatever the machine’s time zone', () => {
    expect(japanDate(new Date('2026-11-21T15:00:00Z'))).toBe('2026-11-22');
    expect(japanDate(new Date('2026-11-21T14:59:59Z'))).toBe('2026-11-21');
  });
});
