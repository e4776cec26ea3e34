import { describe, expect, it } from 'vitest';
import {
  fiscalYear,
  fiscalYearLabelJapanese,
  fiscalYearLabels,
  fiscalYearLabelWestern,
  fiscalYearOfPeriod,
  fiscalYearRange,
} from './fiscal-year.ts';

describe('年度', () => {
  it('runs April to March, named after the year it starts in', () => {
    expect(fiscalYear('2026-04-01')).toBe(2026);
    expect(fiscalYear('2027-03-31')).toBe(2026);
    expect(fiscalYear('2026-03-31')).toBe(2025);
    expect(fiscalYear('2026-12-31')).toBe(2026);
    expect(fiscalYear('2027-01-01')).toBe(2026);
    expect(() => fiscalYear('2026-13-01')).toThrow(RangeError);
  });

  it('has its first and last day, and recognises a period that is exactly one', () => {
    expect(fiscalYearRange(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(fiscalYearOfPeriod('2026-04-01', '2027-03-31')).toBe(2026);
    expect(fiscalYearOfPeriod('2026-04-01', '2027-03-30')).toBeNull();
    expect(fiscalYearOfPeriod('2026-01-01', '2026-12-31')).toBeNull();
  });

  it('is labelled in the Japanese era and in the western year', () => {
    expect(fiscalYearLabelJapanese(2026)).toBe('令和8年度');
    expect(fiscalYearLabelJapanese(2019)).toBe('令和元年度');
    expect(fiscalYearLabelJapanese(2020)).toBe('令和2年度');
    expect(fiscalYearLabelJapanese(2018)).toBe('平成30年度');
    expect(fiscalYearLabelJapanese(1989)).toBe('平成元年度');
    expect(fiscalYearLabelJapanese(1988)).toBe('昭和63年度');
    expect(fiscalYearLabelWestern(2026)).toBe('2026年度');
    expect(fiscalYearLabels(2026)).toEqual({ japanese: '令和8年度', western: '2026年度', en: 'FY2026' });
  });
});
