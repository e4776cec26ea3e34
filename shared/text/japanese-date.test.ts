import { describe, expect, it } from 'vitest';
import { dateExamples, parseJapaneseDate, toWareki } from './japanese-date.ts';

describe('Japanese date input', () => {
  it.each([
    ['2025-04-01', '2025-04-01'],
    ['2025/4/1', '2025-04-01'],
    ['2025.4.1', '2025-04-01'],
    ['2025年4月1日', '2025-04-01'],
    ['２０２５年４月１日', '2025-04-01'],
    ['20250401', '2025-04-01'],
    ['令和7年4月1日', '2025-04-01'],
    ['令和７年４月１日', '2025-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R7.4.1', '2025-04-01'],
    ['r7/4/1', '2025-04-01'],
    ['Ｒ７．４．１', '2025-04-01'],
    ['R1.5.1', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['S56.5.31', '1981-05-31'],
    ['昭和64年1月7日', '1989-01-07'],
    [' 令和 7年 4月 1日 ', '2025-04-01'],
  ])('%s → %s', (input, expected) => {
    expect(parseJapaneseDate(input)).toEqual({ ok: true, date: expected });
  });

  it.each([
    ['平成31年5月1日', 'outsideEra'],
    ['R1.4.30', 'outsideEra'],
    ['昭和64年1月8日', 'outsideEra'],
    ['令和7年2月30日', 'invalid'],
    ['2025/13/1', 'invalid'],
    ['2025/2/29', 'invalid'],
    ['', 'format'],
    ['きのう', 'format'],
    ['X7.4.1', 'format'],
    ['7/4/1', 'format'],
  ])('refuses %s (%s)', (input, error) => {
    expect(parseJapaneseDate(input)).toEqual({ ok: false, error });
  });

  it('writes a date in its era', () => {
    expect(toWareki('2025-04-01')).toBe('令和7年4月1日');
    expect(toWareki('2019-05-01')).toBe('令和元年5月1日');
    expect(toWareki('2019-04-30')).toBe('平成31年4月30日');
    expect(toWareki('1981-05-31')).toBe('昭和56年5月31日');
  });

  describe('the quick forms, given today', () => {
    it.each([
      ['12/5', '2026-12-04', '2026-12-05'],
      ['12月5日', '2026-12-04', '2026-12-05'],
      ['１２月５日', '2026-12-04', '2026-12-05'],
      ['１２／５', '2026-12-04', '2026-12-05'],
      ['12-5', '2026-12-04', '2026-12-05'],
      // Early in the next year, not eleven months back.
      ['1/5', '2026-12-04', '2027-01-05'],
      // Late last year, seen from January.
      ['12/28', '2027-01-03', '2026-12-28'],
      ['7/1', '2026-12-04', '2026-07-01'],
      ['6/1', '2026-12-04', '2027-06-01'],
      // 2/29 only where it exists: from 2027 the nearest is 2028.
      ['2/29', '2027-09-01', '2028-02-29'],
      ['明日', '2026-12-31', '2027-01-01'],
      ['あした', '2026-12-04', '2026-12-05'],
      ['明後日', '2026-12-04', '2026-12-06'],
      ['あさって', '2026-12-04', '2026-12-06'],
      ['今日', '2026-12-04', '2026-12-04'],
      ['昨日', '2026-03-01', '2026-02-28'],
      [' 明日 ', '2026-12-04', '2026-12-05'],
      ['2027/1/5', '2026-12-04', '2027-01-05'],
      ['R8.12.5', '2026-12-04', '2026-12-05'],
    ])('%s on %s → %s', (input, today, expected) => {
      expect(parseJapaneseDate(input, today)).toEqual({ ok: true, date: expected });
    });

    it.each([
      ['13/5', 'invalid'],
      ['2/30', 'invalid'],
      ['らいしゅう', 'format'],
      ['12/5/', 'format'],
    ])('refuses %s (%s)', (input, error) => {
      expect(parseJapaneseDate(input, '2026-12-04')).toEqual({ ok: false, error });
    });

    it('needs today for a date without a year', () => {
      expect(parseJapaneseDate('12/5')).toEqual({ ok: false, error: 'format' });
      expect(parseJapaneseDate('明日')).toEqual({ ok: false, error: 'format' });
    });
  });

  it('gives hint examples from today, each of which parses back to today', () => {
    const today = '2026-12-04';
    const examples = dateExamples(today);
    expect(examples).toEqual({
      dateShort: '12/4',
      dateWestern: '2026/12/4',
      dateEra: 'R8.12.4',
      dateWareki: '令和8年12月4日',
    });
    for (const text of Object.values(examples))
      expect(parseJapaneseDate(text, today)).toEqual({ ok: true, date: today });
  });
});
