import { japanDateTime, latLonText } from '../../../shared/domain/inspection/sheet.ts';
import type { InspectionSheetView } from '../../../shared/ipc/views/inspection-summary.ts';

/**
 * The 現地調査報告書 as one self-contained HTML document (A4, as many pages as it needs), in Japanese
 * whatever the UI language: it is the town's document. Like the listing sheet, the font is the app's
 * own file (an @font-face file: URL; the PDF embeds the subset used) and the photos are data: URLs, so
 * printing needs no network. There is no map tile offline: the position is printed as 緯度経度 with
 * 住居表示 and 地番. Pure: no DOM, no Node.
 *
 * The owner block is only there when the caller sets `owner`, which it does only after
 * ConsentService.disclose allowed the hand-over (inspection-report.ts).
 */

export interface ReportPhoto {
  /** The item's label (or 全体 for a photo of the inspection as a whole). */
  itemLabel: string;
  /** data: URL of a small JPEG. */
  src: string;
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface InspectionReportData {
  sheet: InspectionSheetView;
  town: { prefecture: string; name: string };
  photos: ReportPhoto[];
  owner: { name: string | null; contact: string | null } | null;
  /** The day printed ('YYYY-MM-DD'). */
  issuedOn: string;
  /** The font to embed: a file: URL of a TrueType file. */
  fontUrl: string;
}

export const REPORT_FONT_FAMILY = 'FutasatoReport';

const DETERMINATION: Record<string, string> = {
  tokutei: '特定空家等',
  kanri_fuzen: '管理不全空家等',
  none: '該当しない',
};

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : esc(v));

function japaneseDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const pts = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

function row(label: string, value: string): string {
  return `<tr><th>${label}</th><td>${value}</td></tr>`;
}

function overview(d: InspectionReportData): string {
  const { inspection: i, property: p, template, townRules } = d.sheet;
  const position = latLonText(p.latitude, p.longitude);
  return `<table class="overview">
${row('整理番号', dash(p.refNumber))}
${row('所在地（住居表示）', dash(p.address))}
${row('地番', dash(p.lotNumber))}
${row('地区', dash(p.district))}
${row('位置（緯度, 経度）', position ? esc(position) : '—（未登録）')}
${row('調査日', esc(japaneseDay(i.inspectedOn)))}
${row('調査員', dash(i.surveyorName))}
${row('天候', dash(i.weather))}
${row('調査票', `${esc(template.title.ja)}（第${template.version}版）`)}
${row('町の基準', townRules ? `${esc(townRules.title.ja)}（第${townRules.version}版）` : 'なし')}
${row('立入', i.entryPermitted ? '所有者の許可あり' : '許可なし（外観のみ）')}
${row('状態', i.status === 'finished' ? `調査完了（${esc(japanDateTime(i.finishedAt ?? ''))}）` : '調査中（未完了）')}
</table>`;
}

function ownerBlock(d: InspectionReportData): string {
  if (!d.owner) return '';
  return `<h2>所有者</h2><table class="overview">
${row('氏名', dash(d.owner.name))}
${row('連絡先', dash(d.owner.contact))}
</table>`;
}

function scoreBlock(d: InspectionReportData): string {
  const { score } = d.sheet.inspection;
  const townOn = d.sheet.townRules !== null;
  const measures = score.measures
    .map((m) => {
      const factors = m.multipliers.map((x) => `${esc(x.label.ja)}`).join('、') || '—';
      return `<tr>
<td>${esc(m.label.ja)}</td>
<td class="num">${pts(m.base)}</td>
${townOn ? `<td class="num">${pts(m.townAdded)}</td><td>${factors}</td>` : ''}
<td class="num strong">${pts(m.total)}</td>
<td>${esc(m.band.label.ja)}${
        townOn && m.baseBand.key !== m.band.key ? `<br>法の基準（基本点）：${esc(m.baseBand.label.ja)}` : ''
      }${m.provisional ? `<br><span class="prov">暫定：未確認の項目次第で最大 ${pts(m.maxPossible)}点</span>` : ''}</td>
</tr>`;
    })
    .join('\n');
  const categories = score.categories
    .map(
      (c) =>
        `<tr><td>${esc(c.label.ja)}${c.from === 'town' ? '（町）' : ''}</td><td class="num">${pts(c.raw)}</td><td class="num">${c.cap === null ? '—' : pts(c.cap)}</td><td class="num strong">${pts(c.points)}</td></tr>`,
    )
    .join('\n');
  const measureTable = score.measures.length
    ? `<table class="grid"><thead><tr><th>指標</th><th>基本点</th>${townOn ? '<th>町の加算</th><th>町の倍率</th>' : ''}<th>合計</th><th>区分</th></tr></thead><tbody>
${measures}
</tbody></table>`
    : '';
  const categoryTable = score.categories.length
    ? `<table class="grid"><thead><tr><th>評定区分</th><th>小計</th><th>最高評点</th><th>評点</th></tr></thead><tbody>
${categories}
</tbody></table>`
    : '';
  return `<h2>評点</h2>${measureTable}${categoryTable}`;
}

function judgementBlock(d: InspectionReportData): string {
  const { inspection: i, reasons } = d.sheet;
  const j = i.score.judgement;
  const judgement = j
    ? `<p class="judgement"><span class="strong">${esc(j.label.ja)}</span>${
        j.provisional
          ? `<span class="prov">（暫定：未確認の項目次第で「${esc(j.worstCase.label.ja)}」になりうる）</span>`
          : ''
      }</p>${
        reasons.length
          ? `<p>理由：</p><ul class="reasons">${reasons.map((r) => `<li>${esc(r.text.ja)}</li>`).join('')}</ul>`
          : ''
      }`
    : '<p>この調査票には判定がありません。</p>';
  const town =
    i.determination !== null
      ? `<p>町の判定：<span class="strong">${DETERMINATION[i.determination] ?? esc(i.determination)}</span>（${esc(
          japaneseDay(i.determinedOn ?? ''),
        )}、${dash(d.sheet.determinedByName ?? i.determinedBy)}）${i.determinationNote ? `　${esc(i.determinationNote)}` : ''}</p>`
      : '<p>町の判定：未判定</p>';
  const missing = (label: string, keys: string[]) => {
    if (keys.length === 0) return '';
    const labels = d.sheet.sections
      .flatMap((s) => s.items)
      .filter((it) => keys.includes(it.key))
      .map((it) => esc(it.label.ja));
    return `<p>${label}（${keys.length}）：${labels.join('、')}</p>`;
  };
  const follow = `<table class="overview">
${row('推奨する対応', dash(i.recommendedAction))}
${row('次回確認日', i.followUpOn ? esc(japaneseDay(i.followUpOn)) : '—')}
</table>`;
  return `<h2>判定</h2>${judgement}${town}${missing('確認できず', i.score.couldNotCheck)}${missing('未回答', i.score.notAssessed)}${follow}`;
}

function itemsBlock(d: InspectionReportData): string {
  const sections = d.sheet.sections
    .map((s) => {
      const rows = s.items
        .map((it) => {
          const answer =
            it.state === 'not_assessed'
              ? '<span class="prov">未回答</span>'
              : it.state === 'could_not_check'
                ? '<span class="prov">確認できず</span>'
                : esc(it.choiceLabel?.ja ?? '');
          return `<tr><td>${esc(it.label.ja)}</td><td>${answer}</td><td class="num">${it.points === null ? '—' : pts(it.points)}</td><td class="note">${dash(it.note)}</td></tr>`;
        })
        .join('\n');
      return `<tr class="section"><th colspan="4">${esc(s.label.ja)}</th></tr>\n${rows}`;
    })
    .join('\n');
  return `<h2>調査項目</h2><table class="grid items"><thead><tr><th>項目</th><th>回答</th><th>点数</th><th>メモ</th></tr></thead><tbody>
${sections}
</tbody></table>`;
}

function photosBlock(d: InspectionReportData): string {
  if (d.photos.length === 0) return '<h2>写真</h2><p>写真はありません。</p>';
  const figures = d.photos
    .map((p, n) => {
      const position = latLonText(p.latitude, p.longitude);
      return `<figure><img src="${p.src}" alt="${esc(p.itemLabel)}"><figcaption>写真${n + 1}　${esc(p.itemLabel)}<br>撮影 ${
        p.takenAt ? esc(japanDateTime(p.takenAt)) : '—'
      }　位置 ${position ? esc(position) : '—'}</figcaption></figure>`;
    })
    .join('\n');
  return `<h2>写真（${d.photos.length}枚）</h2><section class="photos">\n${figures}\n</section>`;
}

export function inspectionReportHtml(d: InspectionReportData): string {
  const town = `${d.town.prefecture}${d.town.name}`;
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>現地調査報告書 ${esc(d.sheet.property.refNumber ?? d.sheet.property.address ?? '')}</title>
<style>
@font-face { font-family: '${REPORT_FONT_FAMILY}'; src: url('${d.fontUrl}') format('truetype'); }
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: '${REPORT_FONT_FAMILY}'; font-size: 9pt; color: #111; line-height: 1.4; }
header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 0.6mm solid #222; padding-bottom: 2mm; margin-bottom: 2mm; }
h1 { font-size: 16pt; margin: 0; letter-spacing: 0.1em; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-left: 1.2mm solid #333; padding-left: 2mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; }
th, td { border: 0.25mm solid #666; padding: 0.8mm 1.6mm; vertical-align: top; text-align: left; }
.overview th { width: 36mm; background: #eee; font-weight: normal; }
.grid thead th { background: #eee; font-weight: normal; }
.grid tr { break-inside: avoid; }
.items .section th { background: #f4f4f4; }
.items td.note { width: 45mm; overflow-wrap: anywhere; }
.num { text-align: right; white-space: nowrap; }
.strong { font-weight: bold; }
.prov { color: #8a4b00; }
.reasons { margin: 0 0 2mm; padding-left: 6mm; }
.judgement { font-size: 11pt; margin: 1mm 0; }
.photos { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 2mm; }
.photos figure { margin: 0; break-inside: avoid; }
.photos img { width: 100%; height: 40mm; object-fit: cover; border: 0.25mm solid #666; display: block; }
.photos figcaption { font-size: 7.5pt; }
footer { margin-top: 4mm; border-top: 0.4mm solid #222; padding-top: 1.5mm; font-size: 8pt; }
</style>
</head>
<body>
<header>
  <h1>現地調査報告書</h1>
  <div>${esc(town)}　作成日：${japaneseDay(d.issuedOn)}</div>
</header>
<h2>調査の概要</h2>
${overview(d)}
${ownerBlock(d)}
${scoreBlock(d)}
${judgementBlock(d)}
${itemsBlock(d)}
${photosBlock(d)}
<footer>根拠：${d.sheet.template.sources.map(esc).join('／')}。判定は調査員の記録に基づく候補であり、特定空家等・管理不全空家等であるかは町が判断する。地図は印刷していない（オフライン）。位置は緯度経度・住居表示・地番による。</footer>
</body>
</html>
`;
}
