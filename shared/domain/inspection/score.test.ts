import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Answers, answerFault, scoreInspection } from './score.ts';
import {
  COULD_NOT_CHECK,
  type InspectionTemplate,
  parseTemplate,
  parseTownRules,
} from './template-schema.ts';

// Hand-computed cases. The fixture has 1-point steps so that 99 / 100 / 101 can be reached exactly (the
// 別表第一 points are all multiples of 5); the shipped templates are scored below as well.

const L = (ja: string) => ({ ja, en: ja });
const c = (key: string, points: number, flags: string[] = []) => ({ key, label: L(key), points, flags });
const item = (key: string, category: string | null, choices: ReturnType<typeof c>[]) => ({
  key,
  label: L(key),
  help: L(key),
  category,
  choices,
  photoExpected: false,
  needsEntry: false,
});
const source = [{ name: 'fixture', article: 'none', url: null, checkedOn: '2026-12-04', note: L('fixture') }];

const fixture = parseTemplate({
  id: 'line_fixture',
  version: 1,
  effectiveFrom: '2026-01-01',
  title: L('fixture'),
  source,
  sections: [
    {
      key: 's',
      label: L('s'),
      items: [
        item('a1', 'a', [c('none', 0), c('x', 30), c('y', 49)]),
        item('a2', 'a', [c('none', 0), c('x', 30)]),
        item('b1', 'b', [c('none', 0), c('p', 50)]),
        item('c1', 'c', [c('none', 0), c('one', 1), c('two', 2)]),
        item('flagged', null, [c('no', 0), c('yes', 0, ['danger'])]),
      ],
    },
  ],
  scoring: {
    categories: [
      { key: 'a', label: L('a'), cap: 50 },
      { key: 'b', label: L('b'), cap: 100 },
      { key: 'c', label: L('c') },
    ],
    measures: [
      {
        key: 'total',
        label: L('total'),
        categories: ['a', 'b', 'c'],
        bands: [
          { key: 'ok', label: L('ok'), min: 0 },
          { key: 'bad', label: L('bad'), min: 100 },
        ],
      },
    ],
    judgement: {
      rules: [
        { key: 'bad', label: L('bad'), when: { measureAtLeast: { measure: 'total', min: 100 } } },
        { key: 'watch', label: L('watch'), when: { flag: 'danger' } },
      ],
      otherwise: { key: 'fine', label: L('fine') },
    },
  },
});

const fixtureTown = parseTownRules({
  id: 'fixture_town',
  version: 1,
  effectiveFrom: '2026-01-01',
  title: L('town'),
  municipalityId: null,
  templateId: 'line_fixture',
  source,
  categories: [{ key: 'tx', label: L('tx') }],
  sections: [
    {
      key: 'town',
      label: L('town'),
      items: [
        item('t1', 'tx', [c('none', 0), c('yes', 10)]),
        item('school', null, [c('no', 0), c('yes', 0, ['school_route'])]),
      ],
    },
  ],
  additions: [{ measure: 'total', categories: ['tx'] }],
  multipliers: [
    { key: 'school', label: L('×1.5'), measure: 'total', factor: 1.5, when: { flag: 'school_route' } },
  ],
});

const clean: Answers = { a1: 'none', a2: 'none', b1: 'none', c1: 'none', flagged: 'no' };

describe('scoreInspection: the 100-point line, caps and missing answers (fixture)', () => {
  it.each([
    ['99 is below the line', { a1: 'y', b1: 'p' }, 99, 'ok', 'fine'],
    ['exactly 100 is on the line', { a1: 'y', b1: 'p', c1: 'one' }, 100, 'bad', 'bad'],
    ['101 is over the line', { a1: 'y', b1: 'p', c1: 'two' }, 101, 'bad', 'bad'],
    ['category a is capped at 50 (49 + 30 = 79 → 50)', { a1: 'y', a2: 'x', b1: 'p' }, 100, 'bad', 'bad'],
    ['a flag without points', { flagged: 'yes' }, 0, 'ok', 'watch'],
  ] as const)('%s', (_name, answers, total, band, judgement) => {
    const r = scoreInspection(fixture, { ...clean, ...answers });
    expect(r.measures[0]).toMatchObject({ total, base: total, band: { key: band }, provisional: false });
    expect(r.judgement).toMatchObject({ key: judgement, provisional: false });
    expect(r.notAssessed).toEqual([]);
    expect(r.couldNotCheck).toEqual([]);
    expect(r.provisional).toBe(false);
  });

  it('shows a category raw and capped', () => {
    const r = scoreInspection(fixture, { ...clean, a1: 'y', a2: 'x' });
    expect(r.categories.find((x) => x.key === 'a')).toMatchObject({
      raw: 79,
      cap: 50,
      points: 50,
      from: 'template',
    });
  });

  it('an unanswered item is not assessed, never zero: 99 with c1 missing is provisional (up to 101)', () => {
    const answers: Answers = { a1: 'y', a2: 'none', b1: 'p', flagged: 'no' };
    const r = scoreInspection(fixture, answers);
    expect(r.notAssessed).toEqual(['c1']);
    expect(r.measures[0]).toMatchObject({
      total: 99,
      band: { key: 'ok' },
      maxPossible: 101,
      provisional: true,
    });
    expect(r.judgement).toMatchObject({ key: 'fine', provisional: true, worstCase: { key: 'bad' } });
    expect(r.provisional).toBe(true);
  });

  it('確認できず is its own state, listed, and never counted as no problem', () => {
    const r = scoreInspection(fixture, { ...clean, a1: 'y', b1: 'p', c1: COULD_NOT_CHECK });
    expect(r.couldNotCheck).toEqual(['c1']);
    expect(r.notAssessed).toEqual([]);
    expect(r.measures[0]).toMatchObject({ total: 99, maxPossible: 101, provisional: true });
    // The same answers with c1 really checked as "none" are final: 確認できず is not that.
    expect(scoreInspection(fixture, { ...clean, a1: 'y', b1: 'p' }).provisional).toBe(false);
  });

  it('missing items that cannot cross a line are listed but leave the result final', () => {
    const { c1: _, ...answers } = clean;
    const r = scoreInspection(fixture, answers);
    expect(r.notAssessed).toEqual(['c1']);
    expect(r.measures[0]).toMatchObject({ total: 0, maxPossible: 2, provisional: false });
    expect(r.provisional).toBe(false);
  });

  it('nothing answered: everything listed, the worst case crosses the line', () => {
    const r = scoreInspection(fixture, {});
    expect(r.notAssessed).toEqual(['a1', 'a2', 'b1', 'c1', 'flagged']);
    expect(r.measures[0]).toMatchObject({ total: 0, maxPossible: 102, provisional: true });
    expect(r.judgement).toMatchObject({ key: 'fine', worstCase: { key: 'bad' }, provisional: true });
  });

  it('answers naming an unknown item or choice are reported and not scored', () => {
    const r = scoreInspection(fixture, { ...clean, a1: 'nope', zzz: 'x' });
    expect(r.unknownAnswers).toEqual(['a1', 'zzz']);
    expect(r.notAssessed).toEqual(['a1']);
    expect(answerFault(fixture, null, 'zzz', 'x')).toBe('unknown_item');
    expect(answerFault(fixture, null, 'a1', 'nope')).toBe('unknown_choice');
    expect(answerFault(fixture, null, 'a1', COULD_NOT_CHECK)).toBeNull();
    expect(answerFault(fixture, fixtureTown, 't1', 'yes')).toBeNull();
  });

  it('lists the answers behind a judgement as its reasons', () => {
    const watch = scoreInspection(fixture, { ...clean, flagged: 'yes' });
    expect(watch.judgement?.reasons).toEqual([
      { kind: 'answer', item: 'flagged', choice: 'yes', flags: ['danger'] },
    ]);
    const bad = scoreInspection(fixture, { ...clean, a1: 'y', b1: 'p', c1: 'one' });
    expect(bad.judgement?.reasons).toEqual([
      { kind: 'measure', measure: 'total', of: 'total', value: 100, min: 100 },
    ]);
    expect(scoreInspection(fixture, clean).judgement?.reasons).toEqual([]);
  });
});

describe('scoreInspection: town rules shown beside the base score (fixture)', () => {
  const town = { ...clean, t1: 'none', school: 'no' };

  it('adds the town points and multiplies by 1.5 on a school route: (32 + 10) × 1.5 = 63', () => {
    const r = scoreInspection(
      fixture,
      { ...town, a1: 'x', c1: 'two', t1: 'yes', school: 'yes' },
      fixtureTown,
    );
    expect(r.measures[0]).toMatchObject({
      base: 32,
      townAdded: 10,
      multipliers: [{ key: 'school', factor: 1.5 }],
      total: 63,
      provisional: false,
    });
    expect(r.categories.find((x) => x.key === 'tx')).toMatchObject({ points: 10, from: 'town' });
    expect(r.townRules).toEqual({ id: 'fixture_town', version: 1 });
  });

  it('the town multiplier carries the total over the line while the base stays below it', () => {
    const r = scoreInspection(fixture, { ...town, a1: 'x', b1: 'p', t1: 'yes', school: 'yes' }, fixtureTown);
    expect(r.measures[0]).toMatchObject({
      base: 80,
      baseBand: { key: 'ok' },
      total: 135,
      band: { key: 'bad' },
    });
    expect(r.judgement?.key).toBe('bad');
  });

  it('a multiplier whose condition is unanswered makes the result provisional', () => {
    const { school: _, ...answers } = { ...town, a1: 'x', b1: 'p', t1: 'yes' };
    const r = scoreInspection(fixture, answers, fixtureTown);
    expect(r.measures[0]).toMatchObject({ total: 90, multipliers: [], maxPossible: 135, provisional: true });
    expect(r.notAssessed).toEqual(['school']);
  });

  it('refuses town rules written for another template', () => {
    expect(() => scoreInspection(fixture, clean, { ...fixtureTown, templateId: 'other' })).toThrow(/other/);
  });
});

// The shipped templates, read as the app reads them (shared/node/inspection-templates.ts does the same
// with validation of the whole folder; this test stays within shared/ and reads the files directly).
const shipped = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../resources/inspection-templates/${name}`, import.meta.url), 'utf8'),
  );
const furyodo = parseTemplate(shipped('furyodo_wooden.v1.json'));
const exterior = parseTemplate(shipped('exterior_survey.v1.json'));
const tokutei = parseTemplate(shipped('tokutei_kanri_fuzen.v1.json'));
const sampleTown = parseTownRules(shipped('town-rules/sample_school_route.v1.json'));

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
