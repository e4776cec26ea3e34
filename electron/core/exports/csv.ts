import { csvCell } from '../../../shared/text/csv.ts';
import { CHUNK_ROWS, checkpoint, type ExportProgress } from './progress.ts';
import { type Cell, type ColumnKind, type ExportTable, japanTimeText } from './table.ts';

/**
 * One table as CSV bytes for other systems and for Excel: UTF-8 with a BOM, CRLF line ends, every
 * text cell quoted, and a text cell that would start a formula (= + - @, or a tab or carriage return)
 * neutralised with a leading apostrophe — the same cell rule as the follow-up list
 * (shared/text/csv.ts). Numbers are written bare (a negative number is a number, not a formula);
 * dates as `YYYY-MM-DD`, date-times as Japan time `YYYY-MM-DD HH:MM`.
 */

const BOM = '\uFEFF';
const CRLF = '\r\n';

function csvValue(kind: ColumnKind, value: Cell): string {
  if (value === null) return '""';
  if (typeof value === 'number' && kind !== 'text' && Number.isFinite(value)) return String(value);
  if (kind === 'datetime' && typeof value === 'string') return csvCell(japanTimeText(value));
  return csvCell(value);
}

export async function writeCsv(table: ExportTable, progress: ExportProgress = {}): Promise<Uint8Array> {
  const { signal, report } = progress;
  const total = table.rows.length;
  report?.(0, total);
  const kinds = table.columns.map((c) => c.kind);
  const parts: string[] = [BOM, table.columns.map((c) => csvCell(c.header)).join(','), CRLF];
  for (let start = 0; start < total; start += CHUNK_ROWS) {
    const end = Math.min(total, start + CHUNK_ROWS);
    for (let r = start; r < end; r++) {
      const row = table.rows[r] as Cell[];
      parts.push(kinds.map((kind, i) => csvValue(kind, row[i] ?? null)).join(','), CRLF);
    }
    report?.(end, total);
    await checkpoint(signal);
  }
  return new TextEncoder().encode(parts.join(''));
}
