import { type Facilities, toTsubo } from '../../../shared/domain/akiya/listing.ts';
import { yearWithWareki } from '../../../shared/text/japanese-year.ts';

/**
 * The 空き家バンク listing sheet (物件登録カード) as one self-contained HTML document: one A4 page, in
 * Japanese whatever the UI language (it is a document handed to the bank and to people who ask about a
 * house, as towns print it). The font comes from the app's own file (@font-face with a file: URL; the
 * PDF embeds the subset of it the page uses) and the photos are data: URLs, so printing needs no
 * network. A data: URL for the font was measured at 6–12 s of Chromium's time per print (decoding and
 * sanitising 6 MB of base64 each time) against about 1 s from the file. Pure: no DOM, no Node.
 *
 * What it holds is decided by the caller from the consent it goes out under: `owner` is only set when
 * that consent's scope includes the owner, `photos` only when photos may be published.
 */

export interface ListingSheetData {
  refNumber: string | null;
  address: string | null;
  lotNumber: string | null;
  district: string | null;
  dealType: string | null;
  priceYen: number | null;
  rentYen: number | null;
  landAreaM2: number | null;
  floorAreaM2: number | null;
  layout: string | null;
  yearBuilt: number | null;
  structure: string | null;
  floors: number | null;
  facilities: Facilities;
  parking: string | null;
  nearby: string | null;
  surroundings: string | null;
  hazard: string | null;
  withFarmland: boolean;
  withShop: boolean;
  repairs: string | null;
  furnitureLeft: boolean;
  /** Only when the consent's scope includes 'owner'. */
  owner: { name: string | null; intent: string | null } | null;
  /** Only when photos may be published; data: URLs with their captions. */
  photos: { src: string; caption: string | null }[];
  town: { prefecture: string; name: string };
  /** 担当課・電話, as the town wants it printed. */
  contact: string | null;
  /** The day printed on the sheet ('YYYY-MM-DD'). */
  issuedOn: string;
  /** The font to embed: a file: URL of a TrueType file. */
  fontUrl: string;
}

const DEAL: Record<string, string> = { sale: '売買', rent: '賃貸', sale_or_rent: '売買・賃貸' };
const STRUCTURE: Record<string, string> = {
  wood: '木造',
  steel: '鉄骨造',
  rc: '鉄筋コンクリート造',
  src: '鉄骨鉄筋コンクリート造',
  other: 'その他',
};
const FACILITY: Record<keyof Facilities, { label: string; values: Record<string, string> }> = {
  water: { label: '水道', values: { public: '上水道', well: '井戸', none: 'なし' } },
  sewage: { label: '排水', values: { public: '公共下水', septic: '浄化槽', pit: '汲み取り', none: 'なし' } },
  gas: { label: 'ガス', values: { city: '都市ガス', lpg: 'プロパンガス', none: 'なし' } },
  internet: { label: 'ネット', values: { fiber: '光回線', other: 'その他', none: 'なし' } },
};
const REPAIRS: Record<string, string> = {
  none: '修繕不要',
  minor: '小規模な修繕が必要',
  major: '大規模な修繕が必要',
};
const INTENT: Record<string, string> = {
  sell: '売却希望',
  rent: '賃貸希望',
  demolish: '解体希望',
  undecided: '未定',
};

export const LISTING_FONT_FAMILY = 'FutasatoListing';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
const area = (m2: number | null) =>
  m2 === null
    ? null
    : `${m2.toLocaleString('ja-JP', { maximumFractionDigits: 2 })}㎡（${toTsubo(m2).toLocaleString('ja-JP')}坪）`;

function priceText(d: ListingSheetData): string | null {
  const parts: string[] = [];
  if (d.priceYen !== null) parts.push(`価格 ${yen(d.priceYen)}`);
  if (d.rentYen !== null) parts.push(`賃料 月額${yen(d.rentYen)}`);
  return parts.length ? parts.join(' ／ ') : null;
}

function facilitiesText(f: Facilities): string | null {
  const parts = (Object.keys(FACILITY) as (keyof Facilities)[])
    .filter((k) => f[k])
    .map((k) => `${FACILITY[k].label}：${FACILITY[k].values[f[k] as string] ?? f[k]}`);
  return parts.length ? parts.join('　') : null;
}

function row(label: string, value: string | null, wide = false): string {
  const text = value === null || value === '' ? '—' : escapeHtml(value);
  return `<tr${wide ? ' class="wide"' : ''}><th>${label}</th><td>${text}</td></tr>`;
}

function japaneseDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function listingSheetHtml(d: ListingSheetData): string {
  const location = [d.address ? `住居表示：${d.address}` : null, d.lotNumber ? `地番：${d.lotNumber}` : null]
    .filter(Boolean)
    .join('　');
  const rows = [
    row('所在地', location || null, true),
    row('地区', d.district),
    row('売買／賃貸', d.dealType ? (DEAL[d.dealType] ?? d.dealType) : null),
    row('価格・賃料', priceText(d), true),
    row('土地面積', area(d.landAreaM2)),
    row('延床面積', area(d.floorAreaM2)),
    row('間取り', d.layout),
    row('築年', d.yearBuilt === null ? null : `${yearWithWareki(d.yearBuilt)}築`),
    row('構造', d.structure ? (STRUCTURE[d.structure] ?? d.structure) : null),
    row('階数', d.floors === null ? null : `${d.floors}階建て`),
    row('設備', facilitiesText(d.facilities), true),
    row('駐車場', d.parking),
    row('農地付き', d.withFarmland ? 'あり' : 'なし'),
    row('最寄り施設', d.nearby, true),
    row('周辺環境', d.surroundings, true),
    row('ハザード', d.hazard, true),
    row('修繕', d.repairs ? (REPAIRS[d.repairs] ?? d.repairs) : null),
    row('家財', d.furnitureLeft ? '家財あり' : '家財なし'),
    ...(d.withShop ? [row('店舗付き', 'あり')] : []),
    ...(d.owner
      ? [
          row('所有者', d.owner.name),
          row('所有者の意向', d.owner.intent ? (INTENT[d.owner.intent] ?? d.owner.intent) : null),
        ]
      : []),
  ].join('\n');
  const photos = d.photos.length
    ? `<section class="photos" aria-label="写真">${d.photos
        .map(
          (p) =>
            `<figure><img src="${p.src}" alt="${escapeHtml(p.caption ?? '物件写真')}">${
              p.caption ? `<figcaption>${escapeHtml(p.caption)}</figcaption>` : ''
            }</figure>`,
        )
        .join('')}</section>`
    : '<section class="photos none"><p>写真は掲載していません</p></section>';
  const town = `${d.town.prefecture}${d.town.name}`;
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>物件登録カード ${escapeHtml(d.refNumber ?? '')}</title>
<style>
@font-face { font-family: '${LISTING_FONT_FAMILY}'; src: url('${d.fontUrl}') format('truetype'); }
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: '${LISTING_FONT_FAMILY}'; font-size: 9.5pt; color: #111; line-height: 1.45; }
.sheet { height: 272mm; overflow: hidden; display: flex; flex-direction: column; gap: 3mm; }
header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 0.6mm solid #222; padding-bottom: 2mm; }
h1 { font-size: 17pt; margin: 0; letter-spacing: 0.1em; }
.ids { text-align: right; font-size: 10pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.25mm solid #666; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
th { width: 26mm; background: #eee; font-weight: normal; white-space: nowrap; }
td { overflow-wrap: anywhere; max-height: 18mm; overflow: hidden; }
.photos { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm; flex: 1 1 auto; min-height: 0; }
.photos figure { margin: 0; display: flex; flex-direction: column; min-height: 0; }
.photos img { width: 100%; height: 100%; max-height: 48mm; object-fit: cover; border: 0.25mm solid #666; }
.photos figcaption { font-size: 8pt; }
.photos.none { display: block; color: #555; }
footer { border-top: 0.4mm solid #222; padding-top: 2mm; display: flex; justify-content: space-between; font-size: 9pt; }
</style>
</head>
<body>
<div class="sheet">
<header>
  <h1>空き家バンク 物件登録カード</h1>
  <div class="ids">物件番号（整理番号）：${escapeHtml(d.refNumber ?? '—')}</div>
</header>
<table>
${rows}
</table>
${photos}
<footer>
  <div>お問い合わせ：${escapeHtml(town)}${d.contact ? `　${escapeHtml(d.contact)}` : ''}</div>
  <div>作成日：${japaneseDay(d.issuedOn)}</div>
</footer>
</div>
</body>
</html>
`;
}
