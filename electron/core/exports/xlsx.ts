import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { CHUNK_ROWS, checkpoint, type ExportProgress, throwIfCancelled } from './progress.ts';
import {
  type Cell,
  type ColumnKind,
  calendarDay,
  DEFAULT_WIDTH,
  type ExportTable,
  japanWallClock,
  sheetName,
} from './table.ts';

/**
 * Writes tables as an .xlsx workbook (exceljs): one sheet per table, the header row bold, frozen
 * and filterable, each column its width and its number format — counts `#,##0`, money `#,##0"円"`,
 * dates as real Excel dates — so a town office can sort, sum and chart it without retyping.
 */

export const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: '@',
  int: '#,##0',
  yen: '#,##0"円"',
  decimal: '#,##0.0',
  date: 'yyyy/mm/dd',
  datetime: 'yyyy/mm/dd hh:mm',
};

export interface WorkbookOptions extends ExportProgress {
  /** Shown in the file's properties (作成者). */
  creator?: string;
  /** When the file was made (its properties); defaults to now. */
  created?: Date;
}

function cellValue(kind: ColumnKind, value: Cell): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'int':
    case 'yen':
    case 'decimal':
      return typeof value === 'number'
        ? value
        : Number.isFinite(Number(value))
          ? Number(value)
          : String(value);
    case 'date':
      return typeof value === 'string' ? (calendarDay(value) ?? value) : value;
    case 'datetime':
      return typeof value === 'string' ? (japanWallClock(value) ?? value) : value;
  }
}

export async function writeWorkbook(
  tables: readonly ExportTable[],
  options: WorkbookOptions = {},
): Promise<Uint8Array> {
  const { signal, report } = options;
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  let done = 0;
  report?.(0, total);
  // The streaming writer: rows are turned into XML as they are committed and styles are shared, about
  // twice as fast as building the whole document in memory and a fraction of its memory.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = options.creator ?? 'ふたさと';
  workbook.created = options.created ?? new Date();
  const used = new Set<string>();
  for (const table of tables) {
    let name = sheetName(table.name);
    for (let n = 2; used.has(name); n++) name = sheetName(`${table.name.slice(0, 27)} (${n})`);
    used.add(name);
    const sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    });
    sheet.columns = table.columns.map((c, i) => ({
      header: c.header,
      key: `c${i}`,
      width: c.width ?? DEFAULT_WIDTH[c.kind],
      style: { numFmt: NUMBER_FORMATS[c.kind] },
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle' };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    header.numFmt = '@';
    if (table.columns.length > 0) {
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    }
    header.commit();
    const kinds = table.columns.map((c) => c.kind);
    for (let start = 0; start < table.rows.length; start += CHUNK_ROWS) {
      const end = Math.min(table.rows.length, start + CHUNK_ROWS);
      for (let r = start; r < end; r++) {
        const row = table.rows[r] as Cell[];
        sheet.addRow(kinds.map((kind, i) => cellValue(kind, row[i] ?? null))).commit();
      }
      done += end - start;
      report?.(done, total);
      await checkpoint(signal);
    }
    sheet.commit();
  }
  throwIfCancelled(signal);
  await workbook.commit();
  await finished;
  throwIfCancelled(signal);
  const buffer = Buffer.concat(chunks);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
