import { afterEach, describe, expect, it } from 'vitest';
import { addDays, japanDate } from '../../../shared/domain/dates.ts';
import type { CoefficientHistory, ReportFigures } from '../../../shared/ipc/views/reports.ts';
import { call, openTestCore } from '../test-support.ts';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

describe('the sample town in the reports', () => {
  it('has a coefficient history with a revision mid-way, so earlier periods keep the earlier coefficients', async () => {
    const opened = await openTestCore();
    disposers.push(opened.dispose);
    const { core } = opened;
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '山田 花子',
      role: 'town_admin',
    });
    await call(core, 'sample.load', { size: 'small' });
    const history = (await call(core, 'reports.coefficients')) as CoefficientHistory;
    expect(history.versions).toHaveLength(2);
    const [revision, first] = history.versions as [
      CoefficientHistory['versions'][0],
      CoefficientHistory['versions'][0],
    ];
    expect(revision.effectiveFrom > first.effectiveFrom).toBe(true);
    expect(first.effectiveFrom.slice(5)).toBe('04-01');
    expect([first.rippleMultiplier, revision.rippleMultiplier]).toEqual(['1.35', '1.42']);

    const today = japanDate(new Date());
    const from = first.effectiveFrom;
    const whole = (await call(core, 'reports.figures', { from, to: today })) as ReportFigures;
    expect(whole.totals.personNights).toBeGreaterThan(0);
    expect(whole.totals.unpricedPersonNights).toBe(0);
    expect(whole.coefficients.map((c) => [c.version.id, c.from, c.to])).toEqual([
      [first.id, from, addDays(revision.effectiveFrom, -1)],
      [revision.id, revision.effectiveFrom, today],
    ]);
    expect(whole.coefficients.every((c) => c.personNights > 0)).toBe(true);
    // Rounded once in all, and once per version: at most half a yen apart per version.
    const parts = whole.coefficients.reduce((s, c) => s + c.rippleYen, 0);
    expect(Math.abs(parts - whole.totals.rippleYen)).toBeLessThanOrEqual(1);

    const before = (await call(core, 'reports.figures', {
      from,
      to: addDays(revision.effectiveFrom, -1),
    })) as ReportFigures;
    expect(before.coefficients.map((c) => c.version.id)).toEqual([first.id]);
    // 8,000 × 1.35 = 10,800 yen per person-night, exactly.
    expect(before.totals.rippleYen).toBe(before.totals.personNights * 10_800);
  });
});
