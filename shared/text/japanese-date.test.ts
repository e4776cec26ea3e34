import { describe, expect, it } from 'vitest';
import { parseJapaneseDate, toWareki } from './japanese-date.ts';

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
});
