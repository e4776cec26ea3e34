import { describe, expect, it } from 'vitest';
import { type Answers, answerFault, scoreInspection } from './score.ts';
import { COULD_NOT_CHECK, parseTemplate, parseTownRules } from './template-schema.ts';

// Hand-computed cases. The fixture has 1-point steps so that 99 / 100 / 101 can be reached exactly (the
// 別表第一 points are all multiples of 5). The shipped templates, which are files, are scored in
// shared/node/shipped-templates-score.test.ts.

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
