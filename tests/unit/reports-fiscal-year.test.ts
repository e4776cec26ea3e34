import { describe, expect, it } from 'vitest';
import { fiscalMonths, monthNumber } from '../../renderer/src/features/reports/fiscal-year.ts';
import { periodParams, readPeriod } from '../../renderer/src/features/reports/use-report-period.ts';

describe('the report period', () => {
  it('lists a 年度 as April to March', () => {
    const months = fiscalMonths(2026);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2026-04');
    expect(months[8]).toBe('2026-12');
    expect(months[9]).toBe('2027-01');
    expect(months[11]).toBe('2027-03');
    expect(monthNumber('2027-03')).toBe(3);
  });
  it('reads the address: this 年度 by default, a month of the 年度 only, a known programme only', () => {
    const p = (q: string) => readPeriod(new URLSearchParams(q), '2027-02-10');
    expect(p('')).toMatchObject({
      fy: 2026,
      month: null,
      programme: null,
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(p('fy=2025&month=2026-02')).toMatchObject({
      fy: 2025,
      month: '2026-02',
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(p('fy=2026&month=2026-02')).toMatchObject({ month: null, from: '2026-04-01' });
    expect(p('fy=2027&month=2028-02')).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(p('programme=nursery_stay').programme).toBe('nursery_stay');
    expect(p('programme=party').programme).toBeNull();
    expect(p('fy=19999').fy).toBe(2026);
    expect(periodParams({ fy: 2026, month: null, programme: 'workation' })).toEqual({
      fy: '2026',
      programme: 'workation',
    });
  });
});
