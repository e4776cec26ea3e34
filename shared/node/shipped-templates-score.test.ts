import { describe, expect, it } from 'vitest';
import { type Answers, scoreInspection } from '../domain/inspection/score.ts';
import { COULD_NOT_CHECK, type InspectionTemplate } from '../domain/inspection/template-schema.ts';
import { loadTemplate, loadTownRules } from './inspection-templates.ts';

// Hand-computed scores of the shipped checklists, read from resources/inspection-templates/ as the app
// reads them. The line, cap and missing-answer rules themselves are tested on a fixture in
// shared/domain/inspection/score.test.ts.

const furyodo = loadTemplate('furyodo_wooden', 1);
const exterior = loadTemplate('exterior_survey', 1);
const tokutei = loadTemplate('tokutei_kanri_fuzen', 1);
const sampleTown = loadTownRules('sample_school_route', 1);

/** Every item answered with its first choice (the "no problem" one in the shipped templates). */
function firstChoices(t: InspectionTemplate, extra: Answers = {}): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const s of t.sections) for (const i of s.items) answers[i.key] = i.choices[0]!.key;
  return { ...answers, ...extra };
}

describe('不良度判定 after 別表第一', () => {
  it.each([
    [
      '95: 大修理 50 + 外壁 15 + 屋根 15 + 床 15',
      { frame: 'major', walls: 'exposed', roof: 'partial', floor_joists: 'severe' },
      95,
      'below_line',
      'not_furyo',
    ],
    [
      '100: 大修理 50 + 屋根の著しい変形 50',
      { frame: 'major', roof: 'deformed' },
      100,
      'furyo_jutaku',
      'furyo_jutaku',
    ],
    [
      '110: 大修理 50 + 外壁 25 + 屋根 15 + 可燃性の屋根 10 + 排水設備なし 10',
      { frame: 'major', walls: 'severe', roof: 'partial', rainwater: 'absent', fire_roof: 'combustible' },
      110,
      'furyo_jutaku',
      'furyo_jutaku',
    ],
  ] as const)('%s', (_name, answers, total, band, judgement) => {
    const r = scoreInspection(furyodo, firstChoices(furyodo, answers));
    expect(r.measures[0]).toMatchObject({ key: 'furyodo', total, band: { key: band }, provisional: false });
    expect(r.judgement?.key).toBe(judgement);
  });

  it('caps each category at its 最高評点: 50 + 100 + 30 + 10 = 190', () => {
    const r = scoreInspection(
      furyodo,
      firstChoices(furyodo, {
        foundation_type: 'absent',
        column_size: 'thin',
        wall_construction: 'poor',
        floor_height: 'low',
        frame: 'collapse',
        roof: 'deformed',
        fire_walls: 'three_sides',
        fire_roof: 'combustible',
        rainwater: 'absent',
      }),
    );
    expect(r.categories.map((x) => [x.key, x.raw, x.points])).toEqual([
      ['general', 75, 50],
      ['decay', 150, 100],
      ['fire', 30, 30],
      ['drainage', 10, 10],
    ]);
    expect(r.measures[0]?.total).toBe(190);
  });

  it('with the sample town rules: base 65 stays below 不良住宅, (65 + 50) × 1.5 = 172.5 crosses the town line', () => {
    const answers = firstChoices(furyodo, { frame: 'major', walls: 'exposed' });
    const r = scoreInspection(
      furyodo,
      { ...answers, road_danger: 'present', townscape: 'none', school_route: 'yes' },
      sampleTown,
    );
    expect(r.measures[0]).toMatchObject({
      base: 65,
      baseBand: { key: 'below_line' },
      townAdded: 50,
      multipliers: [{ key: 'school_route', factor: 1.5 }],
      total: 172.5,
      band: { key: 'town_dangerous' },
    });
    // 不良住宅 is the law's line and reads the base score only.
    expect(r.judgement).toMatchObject({ key: 'not_furyo', provisional: false });
  });

  it('an entry-only item answered 確認できず keeps a 90-point house provisional (worst case 105, capped at the category cap of 100)', () => {
    const r = scoreInspection(
      furyodo,
      firstChoices(furyodo, {
        frame: 'major',
        roof: 'severe',
        walls: 'exposed',
        floor_joists: COULD_NOT_CHECK,
      }),
    );
    expect(r.measures[0]).toMatchObject({ total: 90, maxPossible: 100, provisional: true });
    expect(r.judgement).toMatchObject({
      key: 'not_furyo',
      provisional: true,
      worstCase: { key: 'furyo_jutaku' },
    });
    expect(r.couldNotCheck).toEqual(['floor_joists']);
  });
});

describe('外観目視調査', () => {
  it('gives 空家可能性 high from a sealed mailbox, stopped meters and a blocked entrance (2+2+2+2 = 8)', () => {
    const r = scoreInspection(
      exterior,
      firstChoices(exterior, {
        mailbox: 'sealed',
        electricity_meter: 'stopped',
        gas_meter: 'stopped',
        entrance: 'blocked',
      }),
    );
    expect(r.measures.find((m) => m.key === 'vacancy')).toMatchObject({ total: 8, band: { key: 'high' } });
    expect(r.vacancyLikelihood).toBe('high');
    expect(r.judgement?.key).toBe('observe');
  });

  it('a meter behind a fence (確認できず) leaves 空家可能性 medium and provisional', () => {
    const r = scoreInspection(
      exterior,
      firstChoices(exterior, {
        mailbox: 'sealed',
        electricity_meter: COULD_NOT_CHECK,
        gas_meter: 'stopped',
        entrance: 'blocked',
      }),
    );
    expect(r.measures.find((m) => m.key === 'vacancy')).toMatchObject({
      total: 6,
      maxPossible: 8,
      provisional: true,
    });
    expect(r.vacancyLikelihood).toBe('medium');
  });

  it('recommends a detailed survey for an overall lean, with the reason', () => {
    const r = scoreInspection(exterior, firstChoices(exterior, { tilt: 'overall' }));
    expect(r.measures.find((m) => m.key === 'deterioration')).toMatchObject({
      total: 50,
      band: { key: 'medium' },
    });
    expect(r.judgement).toMatchObject({ key: 'detailed_survey' });
    expect(r.judgement?.reasons).toEqual([
      { kind: 'answer', item: 'tilt', choice: 'overall', flags: ['severe'] },
    ]);
  });
});

describe('特定空家・管理不全空家の判断', () => {
  const severeRoof = { s_roof_walls: 'tokutei', impact: 'present' };

  it('a severe state, an effect on the neighbours and a school route: 特定空家等の候補, with the three reasons', () => {
    const r = scoreInspection(tokutei, firstChoices(tokutei, { ...severeRoof, route: 'yes' }));
    expect(r.judgement?.key).toBe('tokutei_candidate');
    expect(r.judgement?.reasons.map((x) => (x.kind === 'answer' ? x.item : x.measure))).toEqual([
      's_roof_walls',
      'impact',
      'route',
    ]);
    expect(r.provisional).toBe(false);
  });

  it('the same state without urgency: 管理不全空家等の候補', () => {
    const r = scoreInspection(tokutei, firstChoices(tokutei, severeRoof));
    expect(r.judgement).toMatchObject({ key: 'kanri_fuzen_candidate', provisional: false });
    expect(r.judgement?.reasons).toEqual([
      { kind: 'answer', item: 's_roof_walls', choice: 'tokutei', flags: ['tokutei'] },
    ]);
  });

  it('nothing found: 該当なし', () => {
    expect(scoreInspection(tokutei, firstChoices(tokutei)).judgement?.key).toBe('none');
  });

  it('urgency not yet assessed: 管理不全 for now, provisional, 特定空家 in the worst case', () => {
    const { imminence: _, route: __, ...answers } = firstChoices(tokutei, severeRoof);
    const r = scoreInspection(tokutei, answers);
    expect(r.judgement).toMatchObject({
      key: 'kanri_fuzen_candidate',
      provisional: true,
      worstCase: { key: 'tokutei_candidate' },
    });
    expect(r.notAssessed).toEqual(['route', 'imminence']);
  });
});
