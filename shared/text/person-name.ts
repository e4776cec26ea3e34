/**
 * A full name as people type it into an enquiry, split into surname and given name. With a space
 * (half- or full-width) the split is the person's own. Without one — 「金城美穂」 — it is a guess, made
 * from common surnames (longest match first) or, for four kanji, the usual two and two; the form then
 * says it guessed so the coordinator checks it. A name that cannot be split is left whole as the
 * surname, and the empty given name is then asked for like any missing field.
 */

export interface SplitName {
  family: string;
  given: string;
  /** True when the split was not marked by the person (no space): to be checked on screen. */
  guessed: boolean;
}

/** Common surnames, with their usual reading, including the Amami and Okinawa names of the southern towns. */
const SURNAMES: readonly (readonly [string, string])[] = [
  ['佐藤', 'さとう'],
  ['鈴木', 'すずき'],
  ['高橋', 'たかはし'],
  ['髙橋', 'たかはし'],
  ['田中', 'たなか'],
  ['伊藤', 'いとう'],
  ['渡辺', 'わたなべ'],
  ['渡邊', 'わたなべ'],
  ['山本', 'やまもと'],
  ['中村', 'なかむら'],
  ['小林', 'こばやし'],
  ['加藤', 'かとう'],
  ['吉田', 'よしだ'],
  ['山田', 'やまだ'],
  ['佐々木', 'ささき'],
  ['山口', 'やまぐち'],
  ['松本', 'まつもと'],
  ['井上', 'いのうえ'],
  ['木村', 'きむら'],
  ['斎藤', 'さいとう'],
  ['齋藤', 'さいとう'],
  ['清水', 'しみず'],
  ['山崎', 'やまざき'],
  ['森', 'もり'],
  ['林', 'はやし'],
  ['池田', 'いけだ'],
  ['橋本', 'はしもと'],
  ['阿部', 'あべ'],
  ['石川', 'いしかわ'],
  ['前田', 'まえだ'],
  ['藤田', 'ふじた'],
  ['小川', 'おがわ'],
  ['岡田', 'おかだ'],
  ['後藤', 'ごとう'],
  ['長谷川', 'はせがわ'],
  ['村上', 'むらかみ'],
  ['近藤', 'こんどう'],
  ['石井', 'いしい'],
  ['坂本', 'さかもと'],
  ['遠藤', 'えんどう'],
  ['青木', 'あおき'],
  ['藤井', 'ふじい'],
  ['西村', 'にしむら'],
  ['福田', 'ふくだ'],
  ['太田', 'おおた'],
  ['三浦', 'みうら'],
  ['藤原', 'ふじわら'],
  ['岡本', 'おかもと'],
  ['松田', 'まつだ'],
  ['中川', 'なかがわ'],
  ['中野', 'なかの'],
  ['原田', 'はらだ'],
  ['小野', 'おの'],
  ['田村', 'たむら'],
  ['竹内', 'たけうち'],
  ['金子', 'かねこ'],
  ['和田', 'わだ'],
  ['中山', 'なかやま'],
  ['石田', 'いしだ'],
  ['上田', 'うえだ'],
  ['森田', 'もりた'],
  ['原', 'はら'],
  ['柴田', 'しばた'],
  ['酒井', 'さかい'],
  ['工藤', 'くどう'],
  ['横山', 'よこやま'],
  ['宮崎', 'みやざき'],
  ['宮本', 'みやもと'],
  ['内田', 'うちだ'],
  ['高木', 'たかぎ'],
  ['安藤', 'あんどう'],
  ['谷口', 'たにぐち'],
  ['大野', 'おおの'],
  ['丸山', 'まるやま'],
  ['今井', 'いまい'],
  ['高田', 'たかだ'],
  ['藤本', 'ふじもと'],
  ['武田', 'たけだ'],
  ['村田', 'むらた'],
  ['上野', 'うえの'],
  ['杉山', 'すぎやま'],
  ['増田', 'ますだ'],
  ['平野', 'ひらの'],
  ['大塚', 'おおつか'],
  ['千葉', 'ちば'],
  ['久保', 'くぼ'],
  ['松井', 'まつい'],
  ['小島', 'こじま'],
  ['岩崎', 'いわさき'],
  ['桜井', 'さくらい'],
  ['野口', 'のぐち'],
  ['松尾', 'まつお'],
  ['野村', 'のむら'],
  ['木下', 'きのした'],
  ['菊地', 'きくち'],
  ['佐野', 'さの'],
  ['大西', 'おおにし'],
  ['杉本', 'すぎもと'],
  ['新井', 'あらい'],
  ['浜田', 'はまだ'],
  ['菅原', 'すがわら'],
  ['市川', 'いちかわ'],
  ['水野', 'みずの'],
  ['小松', 'こまつ'],
  ['島田', 'しまだ'],
  ['古川', 'ふるかわ'],
  ['小山', 'こやま'],
  ['高野', 'たかの'],
  ['西田', 'にしだ'],
  ['菊池', 'きくち'],
  ['山下', 'やました'],
  ['山内', 'やまうち'],
  ['吉川', 'よしかわ'],
  ['𠮷田', 'よしだ'],
  // The southern islands (奄美・沖縄) and Kagoshima.
  ['金城', 'きんじょう'],
  ['比嘉', 'ひが'],
  ['宮城', 'みやぎ'],
  ['新垣', 'あらかき'],
  ['大城', 'おおしろ'],
  ['玉城', 'たまき'],
  ['上原', 'うえはら'],
  ['島袋', 'しまぶくろ'],
  ['平良', 'たいら'],
  ['知念', 'ちねん'],
  ['山城', 'やましろ'],
  ['仲宗根', 'なかそね'],
  ['與那嶺', 'よなみね'],
  ['喜屋武', 'きゃん'],
  ['元', 'はじめ'],
  ['竹', 'たけ'],
  ['町田', 'まちだ'],
  ['福山', 'ふくやま'],
  ['有村', 'ありむら'],
  ['東', 'ひがし'],
  ['西', 'にし'],
  ['南', 'みなみ'],
  ['川畑', 'かわばた'],
  ['泊', 'とまり'],
];

const BY_LENGTH = [...SURNAMES].sort((a, b) => b[0].length - a[0].length);
const SPACE = /[\s\u3000]+/;
const HAS_KANJI = /\p{Script=Han}/u;

function bySpace(full: string): { family: string; given: string } | null {
  const parts = full.trim().split(SPACE);
  if (parts.length < 2) return null;
  const [family = '', ...rest] = parts;
  return { family, given: rest.join(' ') };
}

/** The name and its furigana, split consistently (the reading follows the surname that was found). */
export function splitPersonName(
  name: string | null,
  kana: string | null,
): { name: SplitName; kana: SplitName } {
  const fullName = (name ?? '').trim();
  const fullKana = (kana ?? '').trim();
  const spacedKana = bySpace(fullKana);
  const kanaSplit: SplitName = spacedKana
    ? { ...spacedKana, guessed: false }
    : { family: fullKana, given: '', guessed: false };

  const spaced = bySpace(fullName);
  if (spaced) return { name: { ...spaced, guessed: false }, kana: kanaSplit };
  if (!HAS_KANJI.test(fullName))
    return { name: { family: fullName, given: '', guessed: false }, kana: kanaSplit };

  const chars = Array.from(fullName);
  const known = BY_LENGTH.find(
    ([surname]) => fullName.startsWith(surname) && Array.from(surname).length < chars.length,
  );
  let family: string | null = null;
  if (known) family = known[0];
  else if (chars.length === 4) family = chars.slice(0, 2).join('');
  if (!family) return { name: { family: fullName, given: '', guessed: false }, kana: kanaSplit };

  const nameSplit: SplitName = { family, given: fullName.slice(family.length), guessed: true };
  if (!spacedKana && known && fullKana.startsWith(known[1]) && fullKana.length > known[1].length) {
    return {
      name: nameSplit,
      kana: { family: known[1], given: fullKana.slice(known[1].length), guessed: true },
    };
  }
  return { name: nameSplit, kana: kanaSplit };
}
