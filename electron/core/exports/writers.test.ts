import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { writeCsv } from './csv.ts';
import type { ExportTable } from './table.ts';
import { writeWorkbook } from './xlsx.ts';

const stays: ExportTable = {
  name: '滞在',
  columns: [
    { header: '家族名', kind: 'text', width: 20 },
    { header: '到着日', kind: 'date' },
    { header: '泊数', kind: 'int' },
    { header: '費用', kind: 'yen' },
    { header: '記録日時', kind: 'datetime' },
    { header: '面積', kind: 'decimal' },
  ],
  rows: [
    ['森田', '2026-04-03', 12, 1234567, '2026-04-03T01:30:00.000Z', 82.5],
    ['=HYPERLINK("http://x")', null, 0, -500, null, null],
    ['"引用"と,カンマ\n改行', '2026-12-31', 1, 0, '2026-12-31T15:00:00.000Z', 3],
  ],
};

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe('writeWorkbook', () => {
  it('writes one sheet per table with Japanese headers, formats, real dates and a frozen header', async () => {
    const other: ExportTable = {
      name: '日々の記録',
      columns: [{ header: '状態', kind: 'text' }],
      rows: [['良好']],
    };
    const bytes = await writeWorkbook([stays, other]);
    const wb = await readBack(bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['滞在', '日々の記録']);
    const sheet = wb.getWorksheet('滞在');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '家族名',
      '到着日',
      '泊数',
      '費用',
      '記録日時',
      '面積',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.getColumn(2).width).toBe(12);
    const arrival = sheet.getCell('B2');
    expect(arrival.value).toBeInstanceOf(Date);
    expect((arrival.value as Date).toISOString()).toBe('2026-04-03T00:00:00.000Z');
    expect(arrival.numFmt).toBe('yyyy/mm/dd');
    expect(sheet.getCell('C2').value).toBe(12);
    expect(sheet.getCell('C2').numFmt).toBe('#,##0');
    expect(sheet.getCell('D2').value).toBe(1234567);
    expect(sheet.getCell('D2').numFmt).toBe('#,##0"円"');
    // 01:30 UTC is 10:30 in Japan: the sheet shows the town's clock.
    expect((sheet.getCell('E2').value as Date).toISOString()).toBe('2026-04-03T10:30:00.000Z');
    expect(sheet.getCell('E2').numFmt).toBe('yyyy/mm/dd hh:mm');
    expect(sheet.getCell('F2').value).toBe(82.5);
    // A formula typed as a name stays text: Excel stores a string, never a formula.
    expect(sheet.getCell('A3').value).toBe('=HYPERLINK("http://x")');
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B3').value).toBeNull();
    expect(sheet.getCell('D3').value).toBe(-500);
    expect(sheet.rowCount).toBe(4);
  });

  it('keeps sheet names Excel accepts and distinct', async () => {
    const t = (name: string): ExportTable => ({ name, columns: [{ header: 'a', kind: 'text' }], rows: [] });
    const wb = await readBack(await writeWorkbook([t('a/b:c'), t('a/b:c'), t('x'.repeat(40))]));
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'a_b_c',
      'a/b:c (2)'.replace(/[/:]/g, '_'),
      'x'.repeat(31),
    ]);
  });

  it('reports progress and stops with EXPORT_CANCELLED when aborted between chunks', async () => {
    const big: ExportTable = {
      name: 'big',
      columns: [{ header: 'n', kind: 'int' }],
      rows: Array.from({ length: 5000 }, (_, i) => [i]),
    };
    const seen: number[] = [];
    const controller = new AbortController();
    const run = writeWorkbook([big], {
      signal: controller.signal,
      report: (done, total) => {
        seen.push(done);
        expect(total).toBe(5000);
        if (done >= 2000) controller.abort();
      },
    });
    await expect(run).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'EXPORT_CANCELLED',
    );
    expect(seen).toEqual([0, 1000, 2000]);
  });
});

describe('writeCsv', () => {
  it('writes UTF-8 with a BOM and CRLF, quotes text, neutralises formulas and writes numbers bare', async () => {
    const bytes = await writeCsv(stays);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('"家族名","到着日","泊数","費用","記録日時","面積"');
    expect(lines[1]).toBe('"森田","2026-04-03",12,1234567,"2026-04-03 10:30",82.5');
    expect(lines[2]).toBe('"\'=HYPERLINK(""http://x"")","",0,-500,"",""');
    // A line break inside a quoted cell stays a bare LF; records end with CRLF.
    expect(lines[3]).toBe('"""引用""と,カンマ\n改行","2026-12-31",1,0,"2027-01-01 00:00",3');
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
    for (const start of ['+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) {
      const one: ExportTable = { name: 'x', columns: [{ header: 'h', kind: 'text' }], rows: [[start]] };
      const out = new TextDecoder().decode(await writeCsv(one)).split('\r\n')[1];
      expect(out).toBe(`"'${start}"`);
    }
  });

  it('stops with EXPORT_CANCELLED when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const table: ExportTable = { name: 'x', columns: [{ header: 'n', kind: 'int' }], rows: [[1]] };
    await expect(writeCsv(table, { signal: controller.signal })).rejects.toMatchObject({
      code: 'EXPORT_CANCELLED',
    });
  });
});
