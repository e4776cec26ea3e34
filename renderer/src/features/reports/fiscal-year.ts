/**
 * The months of a 年度 (shared/domain/fiscal-year.ts has the 年度 itself and its labels), 'YYYY-MM'.
 */

/** The twelve months of a 年度, April first. */
export function fiscalMonths(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    const y = i < 9 ? fy : fy + 1;
    return `${y}-${String(m).padStart(2, '0')}`;
  });
}

/** The month's number (4 for '2026-04'). */
export const monthNumber = (month: string) => Number(month.slice(5, 7));
