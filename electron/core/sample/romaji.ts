/**
 * Hiragana → the romaji people use in e-mail addresses (さとう → sato, しょうた → shota): Hepburn without
 * long-vowel marks. Only used to make sample e-mail addresses match the family's name.
 */

// biome-ignore format: a kana table reads best as the usual grid
const MONO: Record<string, string> = {
  あ: 'a', い: 'i', う: 'u', え: 'e', お: 'o',
  か: 'ka', き: 'ki', く: 'ku', け: 'ke', こ: 'ko',
  が: 'ga', ぎ: 'gi', ぐ: 'gu', げ: 'ge', ご: 'go',
  さ: 'sa', し: 'shi', す: 'su', せ: 'se', そ: 'so',
  ざ: 'za', じ: 'ji', ず: 'zu', ぜ: 'ze', ぞ: 'zo',
  た: 'ta', ち: 'chi', つ: 'tsu', て: 'te', と: 'to',
  だ: 'da', ぢ: 'ji', づ: 'zu', で: 'de', ど: 'do',
  な: 'na', に: 'ni', ぬ: 'nu', ね: 'ne', の: 'no',
  は: 'ha', ひ: 'hi', ふ: 'fu', へ: 'he', ほ: 'ho',
  ば: 'ba', び: 'bi', ぶ: 'bu', べ: 'be', ぼ: 'bo',
  ぱ: 'pa', ぴ: 'pi', ぷ: 'pu', ぺ: 'pe', ぽ: 'po',
  ま: 'ma', み: 'mi', む: 'mu', め: 'me', も: 'mo',
  や: 'ya', ゆ: 'yu', よ: 'yo',
  ら: 'ra', り: 'ri', る: 'ru', れ: 're', ろ: 'ro',
  わ: 'wa', を: 'o', ん: 'n',
};

const SMALL_Y: Record<string, string> = { ゃ: 'a', ゅ: 'u', ょ: 'o' };

export function kanaToRomaji(kana: string): string {
  const chars = [...kana];
  let out = '';
  let doubleNext = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === 'っ') {
      doubleNext = true;
      continue;
    }
    // Long vowels as written in passports and e-mail: さとう → sato, おおた → ota, ゆうこ → yuko; but the
    // う of いのうえ (before another vowel) is a syllable of its own.
    const after = chars[i + 1];
    const beforeVowel = after !== undefined && 'あいうえお'.includes(after);
    if ((c === 'う' && /[ou]$/.test(out) && !beforeVowel) || (c === 'お' && out.endsWith('o'))) continue;
    let syllable = MONO[c];
    if (syllable === undefined) throw new Error(`kanaToRomaji: unsupported kana ${c} in ${kana}`);
    const next = chars[i + 1];
    const small = next === undefined ? undefined : SMALL_Y[next];
    if (small !== undefined) {
      // きゃ → kya, しょ → sho, じゅ → ju, ちょ → cho
      const stem = syllable.slice(0, -1);
      syllable = stem.endsWith('h') || stem === 'j' ? stem + small : `${stem}y${small}`;
      i++;
    }
    if (doubleNext) {
      syllable = (syllable.startsWith('ch') ? 't' : syllable[0]) + syllable;
      doubleNext = false;
    }
    out += syllable;
  }
  return out;
}
