/**
 * What every export is made of, before it becomes a file: named tables of typed columns. The same
 * tables become an .xlsx (one sheet each, formats by kind) or a CSV (one table), so a list looks the
 * same in both, and the writers know nothing about families or houses.
 */

/**
 * How a column's values are written.
 * - `text`: as is (CSV-injection guarded in CSV; Excel stores it as a string, never a formula).
 * - `int`: a whole number, `#,##0`.
 * - `yen`: a whole number of yen, `#,##0"円"`.
 * - `decimal`: one decimal place, `#,##0.0` (areas in m²).
 * - `date`: `YYYY-MM-DD`, a real date in Excel (`yyyy/mm/dd`).
 * - `datetime`: an ISO instant, shown as Japan time (`yyyy/mm/dd hh:mm` in Excel).
 */
export type ColumnKind = 'text' | 'int' | 'yen' | 'decimal' | 'date' | 'datetime';

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
  /** Width in Excel's character units; a default by kind when absent. */
  width?: number;
}

export type Cell = string | number | null;

export interface ExportTable {
  /** The sheet's name (at most 31 characters, none of : \ / ? * [ ]). */
  name: string;
  columns: ExportColumn[];
  rows: Cell[][];
}

export const DEFAULT_WIDTH: Record<ColumnKind, number> = {
  text: 16,
  int: 10,
  yen: 14,
  decimal: 10,
  date: 12,
  datetime: 17,
};

/** Excel refuses these in a sheet name, and names longer than 31 characters. */
export function sheetName(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '_').trim();
  return (clean || 'Sheet').slice(0, 31);
}

/** Japan has no daylight saving: its wall clock is UTC + 9 hours all year. */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * Excel stores a date-time without a zone. An instant is written as the Japan wall-clock time it
 * was (the town's time), encoded as that time in UTC, which is how exceljs writes a Date unchanged.
 */
export function japanWallClock(instant: string): Date | null {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : new Date(ms + JST_OFFSET_MS);
}

/** A calendar day `YYYY-MM-DD` as midnight UTC (Excel's serial day, no zone shift). */
export function calendarDay(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** An instant as Japan time text, `YYYY-MM-DD HH:MM` (CSV for other systems). */
export function japanTimeText(instant: string): string {
  const d = japanWallClock(instant);
  return d ? d.toISOString().slice(0, 16).replace('T', ' ') : instant;
}
