/**
 * The new-coefficients form, checked before it is sent (the core checks the same again): a date, a
 * whole number of yen, a multiplier as exact decimal text. Errors are i18n keys.
 */
export interface CoefficientDraft {
  effectiveFrom: string | null;
  /** An error key from the date field while its text is not a date. */
  dateError: string | null;
  spend: string;
  multiplier: string;
  note: string;
}

export type CoefficientErrors = Partial<Record<'effectiveFrom' | 'spend' | 'multiplier', string>>;

/** Full-width digits and separators typed in a Japanese IME read as ASCII. */
export function asciiDigits(text: string): string {
  return text
    .replace(/[０-９．，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s円]/g, '')
    .trim();
}

const MULTIPLIER = /^(0|[1-9]\d{0,2})(\.\d{1,4})?$/;

export function checkCoefficients(d: CoefficientDraft): {
  errors: CoefficientErrors;
  input?: {
    effectiveFrom: string;
    spendPerPersonNightYen: number;
    rippleMultiplier: string;
    note: string | null;
  };
} {
  const errors: CoefficientErrors = {};
  if (d.dateError || !d.effectiveFrom) errors.effectiveFrom = 'reports:coef.err.date';
  const spend = asciiDigits(d.spend);
  if (!/^\d{1,8}$/.test(spend) || Number(spend) > 10_000_000) errors.spend = 'reports:coef.err.spend';
  const multiplier = asciiDigits(d.multiplier);
  if (!MULTIPLIER.test(multiplier) || !/[1-9]/.test(multiplier) || Number(multiplier) > 10)
    errors.multiplier = 'reports:coef.err.multiplier';
  if (Object.keys(errors).length > 0 || !d.effectiveFrom) return { errors };
  return {
    errors,
    input: {
      effectiveFrom: d.effectiveFrom,
      spendPerPersonNightYen: Number(spend),
      rippleMultiplier: multiplier,
      note: d.note.trim() === '' ? null : d.note.trim(),
    },
  };
}
