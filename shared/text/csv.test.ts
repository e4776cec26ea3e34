import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('Excel-safe CSV', () => {
  it('starts with a BOM, ends lines with CRLF and quotes every cell', () => {
    const text = toCsv(
      ['氏名', 'メモ'],
      [
        ['山田 花子', '行1\n行2'],
        ['"引用"', null],
      ],
    );
    expect(text.startsWith('\uFEFF"氏名","メモ"\r\n')).toBe(true);
    expect(text).toBe('\uFEFF"氏名","メモ"\r\n"山田 花子","行1\n行2"\r\n"""引用""",""\r\n');
  });

  it('neutralises cells that Excel would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+81 90')).toBe(`"'+81 90"`);
    expect(csvCell('-1')).toBe(`"'-1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    // Only the first character matters: text with = inside stays as it is.
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell(42)).toBe('"42"');
  });
});
