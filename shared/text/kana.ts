/**
 * Katakana → hiragana, because furigana is stored in either script and visitors type either. ヵ/ヶ land
 * on small ゕ/ゖ and are then read as か/け, so 霞ヶ関 and 霞ケ関 (both seen on official signs) agree.
 */
export function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6\u30fd\u30fe]/g, (kana) => {
    const hiragana = String.fromCharCode(kana.charCodeAt(0) - 0x60);
    if (hiragana === 'ゕ') return 'か';
    if (hiragana === 'ゖ') return 'け';
    return hiragana;
  });
}
