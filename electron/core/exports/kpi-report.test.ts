import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { KPI_DEFINITIONS } from '../../../shared/domain/kpi/definitions.ts';
import type { ExportFile, KpiReportDocument } from '../../../shared/ipc/views/exports.ts';
import type { ReportFigures } from '../../../shared/ipc/views/reports.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/** The KPI report exports over the small sample town with coefficients set part-way through the year. */

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

const NOW = new Date('2026-12-04T03:00:00Z');
const PERIOD = { from: '2026-04-01', to: '2027-03-31' };

async function town(): Promise<AppCore> {
  const opened = await openTestCore({ now: () => NOW });
  disposers.push(opened.dispose);
  const c = opened.core;
  await call(c, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '与論 町子',
    role: 'town_admin',
  });
  await call(c, 'sample.load', { size: 'small' });
  await call(c, 'reports.setCoefficients', {
    effectiveFrom: '2026-10-01',
    spendPerPersonNightYen: 8800,
    rippleMultiplier: '1.55',
    note: '観光庁の単価から',
  });
  return c;
}

describe('KPI report exports', () => {
  it('writes the figures by month and programme, the definitions and the coefficients used', async () => {
    const c = await town();
    const figures = (await call(c, 'reports.figures', PERIOD)) as ReportFigures;
    expect(figures.totals.personNights).toBeGreaterThan(0);
    const file = (await call(c, 'exports.build', {
      jobId: '01930000-0000-7000-8000-00000000c001',
      kind: 'kpi',
      format: 'xlsx',
      filters: PERIOD,
    })) as ExportFile;
    expect(file.fileName).toBe('実績報告KPI_2026-12-04.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概要', '月別', 'プログラム別', '定義', '係数']);

    const summary = wb.getWorksheet('概要') as ExcelJS.Worksheet;
    const values = new Map(
      (summary.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1] as string, r[2]]),
    );
    expect(values.get('期間')).toBe('令和8年度（2026-04-01 〜 2027-03-31）');
    expect(values.get('延べ宿泊人泊数')).toBe(figures.totals.personNights);
    expect(values.get('地域経済波及効果')).toBe(figures.totals.rippleYen);
    expect(values.get('関係人口の創出数')).toBe(figures.totals.relationshipPopulation);

    const months = wb.getWorksheet('月別') as ExcelJS.Worksheet;
    expect(months.rowCount).toBe(1 + figures.months.length + 1);
    expect(months.getCell('A2').value).toBe(figures.months[0]?.month);
    expect(months.getCell('F2').value).toBe(figures.months[0]?.personNights);
    expect(months.getCell('H2').numFmt).toBe('#,##0"円"');
    expect(months.getCell(`A${months.rowCount}`).value).toBe('期間合計');
    expect(months.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const programmes = wb.getWorksheet('プログラム別') as ExcelJS.Worksheet;
    expect(programmes.rowCount - 1).toBe(figures.programmeMonths.length);

    const definitions = wb.getWorksheet('定義') as ExcelJS.Worksheet;
    expect(definitions.getCell('C2').value).toBe(KPI_DEFINITIONS.relationship_population.ja);

    // The version set from October, beside the sample town's own.
    const coefficients = wb.getWorksheet('係数') as ExcelJS.Worksheet;
    const rows = coefficients.getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(figures.coefficients.length + figures.coefficientGaps.length);
    const used = rows.find((r) => r[4] === '1.55') as unknown[];
    expect(used[3]).toBe(8800);
    expect((used[1] as Date).toISOString().slice(0, 10)).toBe('2026-10-01');
    // The sample town's own versions (from April) come first; any day without one reads 未設定.
    expect(rows.filter((r) => r[4] === '未設定')).toHaveLength(figures.coefficientGaps.length);
  });

  it('builds the 実績報告 summary HTML in Japanese with its font, a chart, the definitions and coefficients', async () => {
    const c = await town();
    const figures = (await call(c, 'reports.figures', PERIOD)) as ReportFigures;
    const doc = (await call(c, 'exports.kpiReport', PERIOD)) as KpiReportDocument;
    expect(doc.fileName).toBe('実績報告KPI_2026-04-01_2027-03-31.pdf');
    expect(doc.files).toHaveLength(1);
    expect(doc.files[0]).toMatch(/^file:.*BIZUDGothic-Regular\.ttf$/);
    expect(doc.html).toContain(`url('${doc.files[0]}')`);
    expect(doc.html).toContain('<html lang="ja">');
    expect(doc.html).toContain('実績報告（KPI）');
    expect(doc.html).toContain(figures.totals.personNights.toLocaleString('ja-JP'));
    expect(doc.html).toContain('<svg');
    expect((doc.html.match(/<rect /g) ?? []).length).toBe(figures.months.length);
    expect(doc.html).toContain('8,000円');
    expect(doc.html).toContain('1.55');
    expect(doc.html).toContain('係数未設定');
    expect(doc.html).toContain(KPI_DEFINITIONS.ripple_yen.ja.slice(0, 20));
    // Nothing the print window could fetch besides its font.
    expect(doc.html).not.toMatch(/<script|https?:\/\//);
  });
});
