/**
 * CSV that Excel opens safely, for lists a coordinator copies into e-mail or a spreadsheet:
 * UTF-8 with a BOM (Excel on Japanese Windows otherwise reads Shift_JIS and garbles every name), CRLF
 * line ends, every cell quoted, and a cell that would start a formula (=, +, -, @, or a tab or carriage
 * return before one) prefixed with an apostrophe, so a name typed as 「=HYPERLINK(…)」 stays text
 * (CSV injection).
 */

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
