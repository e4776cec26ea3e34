/**
 * Search keys for the FTS5 `search_index` table
 * (`tokenize = 'unicode61 remove_diacritics 0'`, default detail=full).
 *
 * unicode61 splits text on anything that is not a letter or digit, which is useless for Japanese: a name
 * or an address is one long run of letters. So we do the segmentation ourselves and hand FTS5 only
 * ready-made tokens:
 *
 * - `grams`: overlapping character bigrams of each normalised field (`城元1234` → `城元 元1 12 23 34`);
 *   a query of 2+ characters is the phrase of its own bigrams, and an FTS5 phrase matches consecutive
 *   tokens, so `"元1 12"` finds any key that contains `元12` anywhere (a substring search).
 * - `chars`: each distinct character once, because a 1-character query has no bigram to look up.
 *
 * Documents and queries go through the same `normalizeForSearch`, so whatever spelling the office typed
 * (half-width katakana, full-width digits, 髙 for 高, a hyphen for ー) meets the spelling the visitor typed.
 */

import { toHiragana } from './kana.ts';

/**
 * Variant (異体字) kanji that registers and people write interchangeably in names and place names, keyed
 * by the form we fold to. NFKC does not cover these: most are separate unified ideographs, and even 﨑
 * (U+FA11) is one of the few "compatibility" ideographs without a decomposition.
 */
export const KANJI_VARIANTS: Readonly<Record<string, string>> = {
  高: '髙',
  崎: '﨑嵜碕㟢',
  斎: '齋齊斉',
  辺: '邊邉',
  沢: '澤',
  浜: '濵濱',
  広: '廣',
  桜: '櫻',
  国: '國',
  島: '嶋嶌',
  富: '冨',
  真: '眞',
  渕: '淵',
  槙: '槇',
  蔵: '藏',
  万: '萬',
  瀬: '瀨',
  徳: '德',
  恵: '惠',
  昇: '曻',
  竜: '龍',
  滝: '瀧',
  柳: '栁',
  曽: '曾',
  黒: '黑',
  増: '增',
  桑: '桒',
  穂: '穗',
};

const VARIANT_TO_COMMON: ReadonlyMap<string, string> = new Map(
  Object.entries(KANJI_VARIANTS).flatMap(([common, variants]) =>
    Array.from(variants, (variant): [string, string] => [variant, common]),
  ),
);

// Hyphen, dash, minus, tilde and long-vowel look-alikes that IMEs, Excel and old Shift_JIS data produce
// for the same keystroke. Half-width forms (－ ～ ｰ) are listed for clarity; NFKC has already mapped them.
const DASH_RUN =
  /[-~\u2010-\u2015\u2043\u2053\u2212\u223c\u2500\u2501\u301c\u3030\u30fc\ufe58\ufe63\uff0d\uff5e\uff70]+/gu;

// A dash right after kana is a long-vowel mark (さ-ふぃん = サーフィン); anywhere else it only separates
// (090-1234-5678, 城元123-4, 山田 - 太郎, e-mail), and a separator must vanish like a space does.
const KANA_BEFORE_DASH = /[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff]/u;

// Everything unicode61 would treat as a separator inside our bigrams must go, or a bigram would be split
// into two tokens. ー is \p{Lm}, so it survives as a letter.
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/** Common form of each variant kanji; other characters unchanged. Code points, so 𠮷 stays whole. */
function foldKanjiVariants(text: string): string {
  let out = '';
  for (const char of text) out += VARIANT_TO_COMMON.get(char) ?? char;
  return out;
}

function foldDashes(text: string): string {
  return text.replace(DASH_RUN, (_run, offset: number, whole: string) =>
    KANA_BEFORE_DASH.test(whole.charAt(offset - 1)) ? 'ー' : '',
  );
}

/**
 * The search key for `text`: the same string for every way a Japanese office or visitor is likely to type
 * the same name, phone number or address. Only letters, digits and ー remain; the result may be empty.
 *
 * `normalizeForSearch('ﾔﾏﾀﾞ　ﾀﾛｳ')` → `'やまだたろう'`; `normalizeForSearch('０９０－１２３４－５６７８')` → `'09012345678'`.
 */
export function normalizeForSearch(text: string): string {
  // A spacing voiced mark (か゛, typed on keyboards without kana composition) is first turned into the
  // combining one, so that NFKC composes it to が instead of leaving a space before a loose mark.
  const composed = text
    .replace(/\u309b/g, '\u3099')
    .replace(/\u309c/g, '\u309a')
    .normalize('NFKC');
  const folded = toHiragana(foldKanjiVariants(composed.toLowerCase()));
  return foldDashes(folded).replace(NOT_LETTER_OR_DIGIT, '');
}

/** Overlapping bigrams of a key given as code points; a one-character key is its own only token. */
function bigramsOf(chars: readonly string[]): string[] {
  if (chars.length < 2) return [...chars];
  const grams: string[] = [];
  let previous: string | undefined;
  for (const char of chars) {
    if (previous !== undefined) grams.push(previous + char);
    previous = char;
  }
  return grams;
}

/**
 * Column values for one `search_index` row. Each part (family name, furigana, phone, address…) is
 * normalised on its own so that no bigram joins the end of one field to the start of the next.
 */
export function toIndexColumns(parts: readonly (string | null | undefined)[]): {
  grams: string;
  chars: string;
} {
  const grams: string[] = [];
  const chars = new Set<string>();
  for (const part of parts) {
    if (part == null) continue;
    const key = Array.from(normalizeForSearch(part));
    if (key.length === 0) continue;
    grams.push(bigramsOf(key).join(' '));
    for (const char of key) chars.add(char);
  }
  return { grams: grams.join(' '), chars: [...chars].join(' ') };
}

/** FTS5 string literal: double quotes, with an inner `"` doubled. Quoting also keeps AND/OR/NOT/NEAR literal. */
function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 query for what a visitor typed, or null when nothing searchable is left (empty, spaces, only
 * punctuation). The caller combines column and match into a column filter and binds it as a parameter:
 *
 * ```ts
 * const q = toFtsQuery('城元123'); // { column: 'grams', match: '"城元 元1 12 23"' }
 * db.prepare('SELECT rowid FROM search_index WHERE search_index MATCH ?').all(`${q.column} : ${q.match}`);
 * // i.e. search_index MATCH 'grams : "城元 元1 12 23"'; for '鹿': search_index MATCH 'chars : "鹿"'
 * ```
 */
export function toFtsQuery(query: string): { column: 'grams' | 'chars'; match: string } | null {
  const key = Array.from(normalizeForSearch(query));
  const [first] = key;
  if (first === undefined) return null;
  if (key.length === 1) return { column: 'chars', match: ftsString(first) };
  return { column: 'grams', match: ftsString(bigramsOf(key).join(' ')) };
}
