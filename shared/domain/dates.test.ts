import { describe, expect, it } from 'vitest';
import { addDays, ageOn, dateFault, isCalendarDate, japanDate } from './dates.ts';
import { isoDate } from './records.ts';

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

describe('dateFault: the calendar the app supports', () => {
  it('accepts 1868-01-01 through 2100-12-31', () => {
    for (const d of ['1868-01-01', '1912-07-30', '2000-02-29', '2100-12-31'])
      expect(dateFault(d), d).toBeNull();
  });
  it('refuses year 0 and anything outside the range', () => {
    for (const d of ['0000-01-01', '0001-01-01', '1867-12-31', '2101-01-01', '9999-12-31']) {
      expect(dateFault(d), d).toBe('out_of_range');
    }
  });
  it('refuses what is no day at all', () => {
    for (const d of [
      '2025-02-29',
      '2100-02-29',
      '2025-13-01',
      '2025-1-1',
      '+02025-01-01',
      '2025-01-01T00:00',
    ]) {
      expect(dateFault(d), d).toBe('not_a_date');
      expect(isCalendarDate(d), d).toBe(false);
    }
  });
  it('is the rule the input schemas use', () => {
    expect(isoDate.safeParse('0000-01-01').error?.issues[0]?.message).toBe('validation.dateRange');
    expect(isoDate.safeParse('2025-02-30').error?.issues[0]?.message).toBe('validation.date');
    expect(isoDate.safeParse('1868-01-01').success).toBe(true);
  });
});
