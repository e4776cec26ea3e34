import type { ReportFigures } from '../../../shared/ipc/views/reports.ts';
import { LABELS, label } from './labels.ts';
import type { ExportTable } from './table.ts';

/**
 * The KPI report (実績報告) as tables for the .xlsx and as self-contained HTML for the PDF. Both are
 * made from one `reports.figures` answer, so the file, the PDF and the レポート screen cannot disagree;
 * the definitions are the shared ones (shared/domain/kpi/definitions.ts) and the coefficients are the
 * versions actually used for the period, with the days none was in force.
 */

/** The figures in the report's order, with their Japanese names and units. */
const FIGURES = [
  { key: 'relationship_population', name: '関係人口の創出数', unit: '人' },
  { key: 'arrivals', name: '来訪者数（実人数）', unit: '人' },
  { key: 'repeaters', name: 'リピーター', unit: '人' },
  { key: 'nights', name: '延べ宿泊数', unit: '泊' },
  { key: 'person_nights', name: '延べ宿泊人泊数', unit: '人泊' },
  { key: 'ripple_yen', name: '地域経済波及効果', unit: '円' },
  { key: 'stays_without_members', name: '参加者未登録の滞在', unit: '件' },
] as const;

type FigureKey = (typeof FIGURES)[number]['key'];

function totalOf(f: ReportFigures, key: FigureKey): number {
  const t = f.totals;
  switch (key) {
    case 'relationship_population':
      return t.relationshipPopulation;
    case 'arrivals':
      return t.arrivals;
    case 'repeaters':
      return t.repeaters;
    case 'nights':
      return t.nights;
    case 'person_nights':
      return t.personNights;
    case 'ripple_yen':
      return t.rippleYen;
    case 'stays_without_members':
      return t.staysWithoutMembers;
  }
}

export function periodText(f: ReportFigures): string {
  const span = `${f.period.from} 〜 ${f.period.to}`;
  return f.period.labels ? `${f.period.labels.japanese}（${span}）` : span;
}

const programmeText = (f: ReportFigures): string =>
  f.programme ? (label(LABELS.programme, f.programme) ?? f.programme) : 'すべて';

export function kpiTables(f: ReportFigures): ExportTable[] {
  const summary: ExportTable = {
    name: '概要',
    columns: [
      { header: '指標', kind: 'text', width: 24 },
      { header: '実績値', kind: 'int', width: 16 },
      { header: '単位', kind: 'text', width: 8 },
    ],
    rows: [
      ['期間', periodText(f), null],
      ['プログラム', programmeText(f), null],
      ...FIGURES.map((x) => [x.name, totalOf(f, x.key), x.unit]),
      ['係数未設定の人泊（波及効果に含めず）', f.totals.unpricedPersonNights, '人泊'],
    ],
  };
  const months: ExportTable = {
    name: '月別',
    columns: [
      { header: '月', kind: 'text', width: 9 },
      { header: '関係人口の創出数', kind: 'int', width: 14 },
      { header: '来訪者数（実人数）', kind: 'int', width: 14 },
      { header: 'リピーター', kind: 'int', width: 10 },
      { header: '延べ宿泊数', kind: 'int', width: 11 },
      { header: '延べ宿泊人泊数', kind: 'int', width: 13 },
      { header: '係数未設定の人泊', kind: 'int', width: 13 },
      { header: '地域経済波及効果', kind: 'yen', width: 18 },
    ],
    rows: [
      ...f.months.map((m) => [
        m.month,
        m.relationshipPopulation,
        m.arrivals,
        m.repeaters,
        m.nights,
        m.personNights,
        m.unpricedPersonNights,
        m.rippleYen,
      ]),
      // The period's own totals: distinct people are not a sum of months, and the yen are rounded once.
      [
        '期間合計',
        f.totals.relationshipPopulation,
        f.totals.arrivals,
        f.totals.repeaters,
        f.totals.nights,
        f.totals.personNights,
        f.totals.unpricedPersonNights,
        f.totals.rippleYen,
      ],
    ],
  };
  const programmes: ExportTable = {
    name: 'プログラム別',
    columns: [
      { header: '月', kind: 'text', width: 9 },
      { header: 'プログラム', kind: 'text', width: 16 },
      { header: '延べ宿泊数', kind: 'int', width: 11 },
      { header: '延べ宿泊人泊数', kind: 'int', width: 13 },
    ],
    rows: f.programmeMonths.map((p) => [
      p.month,
      label(LABELS.programme, p.programme),
      p.nights,
      p.personNights,
    ]),
  };
  const definitions: ExportTable = {
    name: '定義',
    columns: [
      { header: '指標', kind: 'text', width: 22 },
      { header: '単位', kind: 'text', width: 6 },
      { header: '定義', kind: 'text', width: 100 },
    ],
    rows: FIGURES.map((x) => [x.name, x.unit, f.definitions[x.key].ja]),
  };
  const coefficients: ExportTable = {
    name: '係数',
    columns: [
      { header: '適用期間（から）', kind: 'date', width: 14 },
      { header: '適用期間（まで）', kind: 'date', width: 14 },
      { header: '1人1泊あたり消費額', kind: 'yen', width: 16 },
      { header: '波及倍率', kind: 'text', width: 9 },
      { header: '対象の人泊', kind: 'int', width: 11 },
      { header: '波及効果', kind: 'yen', width: 16 },
      { header: '版の適用開始日', kind: 'date', width: 14 },
      { header: '設定日時', kind: 'datetime' },
      { header: 'メモ', kind: 'text', width: 30 },
    ],
    rows: [
      ...f.coefficients.map((c) => [
        c.from,
        c.to,
        c.version.spendPerPersonNightYen,
        c.version.rippleMultiplier,
        c.personNights,
        c.rippleYen,
        c.version.effectiveFrom,
        c.version.setAt,
        c.version.note,
      ]),
      ...f.coefficientGaps.map((g) => [
        g.from,
        g.to,
        null,
        '未設定',
        g.personNights,
        null,
        null,
        null,
        '係数未設定',
      ]),
    ],
  };
  return [summary, months, programmes, definitions, coefficients];
}

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const num = (n: number) => n.toLocaleString('ja-JP');

/** Person-nights by month as an SVG bar chart (no script; the PDF keeps it as vector graphics). */
export function personNightsChart(f: ReportFigures): string {
  const width = 640;
  const height = 200;
  const left = 56;
  const bottom = 28;
  const top = 12;
  const months = f.months;
  const max = Math.max(1, ...months.map((m) => m.personNights));
  const step = (width - left - 8) / Math.max(1, months.length);
  const bar = Math.max(4, step * 0.6);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const bars = months
    .map((m, i) => {
      const x = left + i * step + (step - bar) / 2;
      const h = height - bottom - y(m.personNights);
      return `<rect x="${x.toFixed(1)}" y="${y(m.personNights).toFixed(1)}" width="${bar.toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="#2f6f5e"><title>${esc(m.month)} ${num(m.personNights)}人泊</title></rect>
<text x="${(x + bar / 2).toFixed(1)}" y="${height - bottom + 14}" font-size="9" text-anchor="middle">${esc(String(Number(m.month.slice(5))))}月</text>`;
    })
    .join('\n');
  const ticks = [0, 0.5, 1]
    .map((r) => {
      const v = Math.round(max * r);
      return `<line x1="${left}" x2="${width - 4}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ccc" stroke-width="0.5"/>
<text x="${left - 4}" y="${(y(v) + 3).toFixed(1)}" font-size="9" text-anchor="end">${num(v)}</text>`;
    })
    .join('\n');
  return `<svg viewBox="0 0 ${width} ${height}" width="170mm" role="img" aria-label="月別の延べ宿泊人泊数">
${ticks}
${bars}
</svg>`;
}

export const KPI_REPORT_FONT_FAMILY = 'FutasatoKpiReport';

export interface KpiReportData {
  figures: ReportFigures;
  townName: string;
  /** A file: URL of the TrueType font to embed. */
  fontUrl: string;
  /** The day the report was made (Japan date). */
  madeOn: string;
}

/** The 実績報告 summary: figures, monthly table and chart, definitions and coefficients, in Japanese. */
export function kpiReportHtml(d: KpiReportData): string {
  const f = d.figures;
  const figureRows = FIGURES.map(
    (x) =>
      `<tr><th>${esc(x.name)}</th><td class="n">${num(totalOf(f, x.key))}</td><td>${esc(x.unit)}</td></tr>`,
  ).join('');
  const monthRows = f.months
    .map(
      (m) =>
        `<tr><td>${esc(m.month)}</td><td class="n">${num(m.relationshipPopulation)}</td><td class="n">${num(m.nights)}</td><td class="n">${num(m.personNights)}</td><td class="n">${num(m.rippleYen)}</td></tr>`,
    )
    .join('');
  const coefficientRows = [
    ...f.coefficients.map(
      (c) =>
        `<tr><td>${esc(c.from)} 〜 ${esc(c.to)}</td><td class="n">${num(c.version.spendPerPersonNightYen)}円</td><td class="n">${esc(c.version.rippleMultiplier)}</td><td class="n">${num(c.personNights)}</td><td class="n">${num(c.rippleYen)}円</td></tr>`,
    ),
    ...f.coefficientGaps.map(
      (g) =>
        `<tr class="gap"><td>${esc(g.from)} 〜 ${esc(g.to)}</td><td colspan="2">係数未設定</td><td class="n">${num(g.personNights)}</td><td>—</td></tr>`,
    ),
  ].join('');
  const definitionRows = FIGURES.map(
    (x) => `<dt>${esc(x.name)}（${esc(x.unit)}）</dt><dd>${esc(f.definitions[x.key].ja)}</dd>`,
  ).join('');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>実績報告（KPI）</title>
<style>
@font-face { font-family: '${KPI_REPORT_FONT_FAMILY}'; src: url('${d.fontUrl}') format('truetype'); }
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font-family: '${KPI_REPORT_FONT_FAMILY}'; font-size: 9pt; color: #111; line-height: 1.45; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 1mm; letter-spacing: 0.1em; }
h2 { font-size: 11pt; margin: 5mm 0 2mm; border-left: 1.2mm solid #333; padding-left: 2mm; break-after: avoid; }
.meta { margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.3mm solid #555; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; font-weight: normal; text-align: left; }
td.n { text-align: right; white-space: nowrap; }
.figures th { width: 60mm; }
tr.gap td { background: #fff4e5; }
dl { margin: 0; }
dt { font-weight: bold; margin-top: 1.5mm; }
dd { margin: 0 0 0 4mm; }
.chart { margin: 2mm 0; break-inside: avoid; }
</style>
</head>
<body>
<h1>実績報告（KPI）</h1>
<p class="meta">${esc(d.townName)}　期間：${esc(periodText(f))}　プログラム：${esc(programmeText(f))}　作成日：${esc(d.madeOn)}</p>
<h2>指標と実績値</h2>
<table class="figures"><thead><tr><th>指標</th><th>実績値</th><th>単位</th></tr></thead><tbody>${figureRows}
<tr><th>係数未設定の人泊（波及効果に含めず）</th><td class="n">${num(f.totals.unpricedPersonNights)}</td><td>人泊</td></tr></tbody></table>
<h2>月別の延べ宿泊人泊数</h2>
<div class="chart">${personNightsChart(f)}</div>
<table><thead><tr><th>月</th><th>関係人口の創出数（人）</th><th>延べ宿泊数（泊）</th><th>延べ宿泊人泊数（人泊）</th><th>地域経済波及効果（円）</th></tr></thead><tbody>${monthRows}</tbody></table>
<h2>使用した係数</h2>
<table><thead><tr><th>適用期間</th><th>1人1泊あたり消費額</th><th>波及倍率</th><th>対象の人泊</th><th>波及効果</th></tr></thead><tbody>${coefficientRows || '<tr><td colspan="5">係数の設定がありません</td></tr>'}</tbody></table>
<h2>指標の定義</h2>
<dl>${definitionRows}</dl>
</body>
</html>`;
}
