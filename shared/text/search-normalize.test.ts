import { describe, expect, it } from 'vitest';
import { KANJI_VARIANTS, normalizeForSearch, toFtsQuery, toIndexColumns } from './search-normalize.ts';

/**
 * What FTS5 does with our columns, in miniature: a 1-character query must be one of the `chars` terms, a
 * longer one is a phrase, i.e. its bigrams must appear as consecutive tokens of `grams`.
 */
function finds(documentParts: readonly (string | null | undefined)[], query: string): boolean {
  const fts = toFtsQuery(query);
  if (fts === null) return false;
  const { grams, chars } = toIndexColumns(documentParts);
  const phrase = fts.match.slice(1, -1).replaceAll('""', '"').split(' ');
  const terms = (fts.column === 'chars' ? chars : grams).split(' ');
  return terms.some((_, start) => phrase.every((token, i) => terms[start + i] === token));
}

describe('normalizeForSearch', () => {
  const cases: [input: string, key: string][] = [
    ['山田 太郎', '山田太郎'],
    ['山田　太郎', '山田太郎'],
    ['ヤマダ', 'やまだ'],
    ['ﾔﾏﾀﾞ', 'やまだ'],
    ['ｻﾄｳ', 'さとう'],
    ['ﾊﾟﾝ屋', 'ぱん屋'],
    ['か゛っこう', 'がっこう'],
    ['ヴィラ', 'ゔぃら'],
    ['０９０－１２３４－５６７８', '09012345678'],
    ['090-1234-5678', '09012345678'],
    ['(0994) 22-0111', '0994220111'],
    ['〒100-0001', '1000001'],
    ['鹿児島県肝属郡錦江町城元１２３－４', '鹿児島県肝属郡錦江町城元1234'],
    ['城元123ー4', '城元1234'],
    ['髙橋', '高橋'],
    ['山﨑', '山崎'],
    ['宮嵜', '宮崎'],
    ['齋藤', '斎藤'],
    ['齊藤', '斎藤'],
    ['斉藤', '斎藤'],
    ['渡邊', '渡辺'],
    ['渡邉', '渡辺'],
    ['長濵', '長浜'],
    ['龍ケ崎市', '竜け崎市'],
    ['霞ヶ関', '霞け関'],
    ['一ヵ月', '一か月'],
    ['サーフィン', 'さーふぃん'],
    ['さ－ふぃん', 'さーふぃん'],
    ['サ-フィン', 'さーふぃん'],
    ['ｻｰﾌｨﾝ', 'さーふぃん'],
    ['さ〜ふぃん', 'さーふぃん'],
    ['サーーフィン', 'さーふぃん'],
    ['センター１階', 'せんたー1階'],
    ['山田 - 太郎', '山田太郎'],
    ['E-Mail', 'email'],
    ['Ｔシャツ', 'tしゃつ'],
    ['ＡＢＣ Ｆａｒｍ', 'abcfarm'],
    ['㈱ふたさと', '株ふたさと'],
    ['葛\u{e0100}城市', '葛城市'],
    ['🌾田植え体験🌾（6月）！', '田植え体験6月'],
    ['「移住・定住」相談', '移住定住相談'],
    ['𠮷田', '𠮷田'],
    ['', ''],
    [' 　\t\n', ''],
    ['・！？…', ''],
  ];

  it.each(cases)('%j → %j', (input, key) => {
    expect(normalizeForSearch(input)).toBe(key);
  });

  it.each(cases)('%j: the key is stable and holds only letters, digits and ー', (input) => {
    const key = normalizeForSearch(input);
    expect(normalizeForSearch(key)).toBe(key);
    expect(key).toMatch(/^[\p{L}\p{N}]*$/u);
  });

  it('folds every listed variant to its common form', () => {
    for (const [common, variants] of Object.entries(KANJI_VARIANTS)) {
      for (const variant of variants) expect(normalizeForSearch(variant)).toBe(common);
    }
  });
});

describe('search equivalences', () => {
  const cases: [document: readonly (string | null)[], query: string, found: boolean][] = [
    // Name in kanji and furigana, both indexed; visitors search either way.
    [['山田 太郎', 'やまだ たろう'], 'やまだ', true],
    [['山田 太郎', 'やまだ たろう'], 'ヤマダ', true],
    [['山田 太郎', 'やまだ たろう'], 'ﾔﾏﾀﾞ', true],
    [['山田 太郎', 'やまだ たろう'], '山田　太郎', true],
    [['山田 太郎', 'やまだ たろう'], 'たろう', true],
    [['山田 太郎', 'やまだ たろう'], 'やまだはなこ', false],
    [['佐藤 花子', 'サトウ ハナコ'], 'ｻﾄｳ', true],
    [['佐藤 花子', 'サトウ ハナコ'], 'さとうはなこ', true],
    // Phone numbers in any width and grouping, and part of one.
    [['０９０－１２３４－５６７８'], '09012345678', true],
    [['０９０－１２３４－５６７８'], '090-1234-5678', true],
    [['０９０－１２３４－５６７８'], '1234', true],
    [['０９０－１２３４－５６７８'], '４５６７', true],
    [['０９０－１２３４－５６７８'], '1235', false],
    // Two-character place names and one-character queries.
    [['東京都青梅市'], '青梅', true],
    [['京都府相楽郡和束町'], '和束', true],
    [['熊本県天草市'], '天草', true],
    [['鹿児島県大島郡与論町'], '与論', true],
    [['鹿児島県大島郡与論町'], '鹿', true],
    [['鹿児島県大島郡与論町'], '島', true],
    [['東京都青梅市'], '島', false],
    [['東京都青梅市'], '梅', true],
    [['長野県'], '野', true],
    // Variant kanji, either side.
    [['髙橋 一郎'], '高橋', true],
    [['高橋 一郎'], '髙橋', true],
    [['山﨑 花'], '山崎', true],
    [['山崎 花'], '山﨑', true],
    [['齋藤'], '斉藤', true],
    [['齊藤'], '斎藤', true],
    [['斉藤'], '齋藤', true],
    [['斎藤'], '齊藤', true],
    [['渡邊'], '渡辺', true],
    [['渡邉'], '渡邊', true],
    [['渡辺'], '渡邉', true],
    [['龍ケ崎市'], '竜ヶ崎', true],
    [['霞ヶ関'], '霞ケ関', true],
    // Long-vowel mark typed as a hyphen, a full-width minus or half-width ｰ.
    [['サーフィン体験'], 'さ－ふぃん', true],
    [['サーフィン体験'], 'サ-フィン', true],
    [['サーフィン体験'], 'ｻｰﾌｨﾝ', true],
    [['サーフィン体験'], 'さふぃん', false],
    [['さ-ふぃん'], 'サーフィン', true],
    [['コミュニティセンター１階'], 'センター', true],
    // Addresses: full-width lot numbers against half-width queries.
    [['鹿児島県肝属郡錦江町城元１２３－４'], '城元123', true],
    [['鹿児島県肝属郡錦江町城元１２３－４'], '城元 123-4', true],
    [['鹿児島県肝属郡錦江町城元１２３－４'], '錦江町', true],
    [['鹿児島県肝属郡錦江町城元１２３－４'], '城元124', false],
    // Emoji and punctuation never get in the way.
    [['🌾田植え体験🌾（6月）！'], '田植え', true],
    [['🌾田植え体験🌾（6月）！'], '体験6月', true],
    // A phrase of bigrams is found in the middle of a key: 'xa ab bc cd dy' contains 'ab bc cd'.
    [['xabcdy'], 'abcd', true],
    [['xabcdy'], 'bcdy', true],
    [['xabcdy'], 'abce', false],
    [['xabcdy'], 'XABCDY', true],
    // Bigrams never join two fields: no '田0' between the name and the phone number.
    [['山田', '09012345678'], '田0', false],
    [['山田', '09012345678'], '山田', true],
    [['山田', '09012345678'], '0901', true],
    // Nothing searchable: no query, no hits.
    [['山田 太郎'], '', false],
    [['山田 太郎'], '　 ', false],
  ];

  it.each(cases)('%j finds %j: %s', (document, query, found) => {
    expect(finds(document, query)).toBe(found);
  });
});

describe('toIndexColumns', () => {
  it('emits overlapping bigrams per field, skipping empty fields', () => {
    expect(toIndexColumns(['山田', null, undefined, ' ', '090'])).toEqual({
      grams: '山田 09 90',
      chars: '山 田 0 9',
    });
  });

  it('keeps a one-character field as its own token', () => {
    expect(toIndexColumns(['鹿', 'しか'])).toEqual({ grams: '鹿 しか', chars: '鹿 し か' });
  });

  it('lists each character once across fields', () => {
    expect(toIndexColumns(['田中', '中田'])).toEqual({ grams: '田中 中田', chars: '田 中' });
  });

  it('keeps characters outside the BMP whole', () => {
    expect(toIndexColumns(['𠮷田', '𠮷'])).toEqual({ grams: '𠮷田 𠮷', chars: '𠮷 田' });
  });

  it('is empty for no parts', () => {
    expect(toIndexColumns([])).toEqual({ grams: '', chars: '' });
    expect(toIndexColumns([null, '・'])).toEqual({ grams: '', chars: '' });
  });
});

describe('toFtsQuery', () => {
  const cases: [query: string, expected: ReturnType<typeof toFtsQuery>][] = [
    ['', null],
    ['   ', null],
    ['　', null],
    ['！？（）', null],
    ['鹿', { column: 'chars', match: '"鹿"' }],
    ['ｶ', { column: 'chars', match: '"か"' }],
    ['𠮷', { column: 'chars', match: '"𠮷"' }],
    ['青梅', { column: 'grams', match: '"青梅"' }],
    ['ヤマダ', { column: 'grams', match: '"やま まだ"' }],
    ['城元１２３', { column: 'grams', match: '"城元 元1 12 23"' }],
    ['𠮷田', { column: 'grams', match: '"𠮷田"' }],
    ['OR', { column: 'grams', match: '"or"' }],
    ['"NEAR"', { column: 'grams', match: '"ne ea ar"' }],
  ];

  it.each(cases)('%j → %j', (query, expected) => {
    expect(toFtsQuery(query)).toEqual(expected);
  });
});
