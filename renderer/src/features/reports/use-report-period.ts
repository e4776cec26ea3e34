import { useSearchParams } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { PROGRAMMES, type Programme } from '../../../../shared/domain/enums.ts';
import { fiscalYear, fiscalYearRange } from '../../../../shared/domain/fiscal-year.ts';
import { fiscalMonths } from './fiscal-year.ts';

export interface ReportPeriodChoice {
  fy: number;
  month: string | null;
  programme: Programme | null;
  /** The whole 年度. */
  year: { from: string; to: string };
  /** The 年度, or the chosen month of it. */
  from: string;
  to: string;
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The period of the address (?fy=2026&month=2026-05&programme=nursery_stay), this 年度 by default. */
export function readPeriod(params: URLSearchParams, today = japanDate(new Date())): ReportPeriodChoice {
  const fyText = params.get('fy') ?? '';
  const fy =
    /^\d{4}$/.test(fyText) && Number(fyText) >= 2000 && Number(fyText) <= 2100
      ? Number(fyText)
      : fiscalYear(today);
  const monthText = params.get('month');
  const month = monthText && fiscalMonths(fy).includes(monthText) ? monthText : null;
  const programmeText = params.get('programme');
  const programme = (PROGRAMMES as readonly string[]).includes(programmeText ?? '')
    ? (programmeText as Programme)
    : null;
  const year = fiscalYearRange(fy);
  return {
    fy,
    month,
    programme,
    year,
    from: month ? `${month}-01` : year.from,
    to: month ? lastDay(month) : year.to,
  };
}

export function periodParams(p: {
  fy: number;
  month: string | null;
  programme: Programme | null;
}): Record<string, string> {
  return {
    fy: String(p.fy),
    ...(p.month ? { month: p.month } : {}),
    ...(p.programme ? { programme: p.programme } : {}),
  };
}

export function useReportPeriod() {
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params);
  const set = (patch: Partial<Pick<ReportPeriodChoice, 'fy' | 'month' | 'programme'>>) => {
    const next = { fy: period.fy, month: period.month, programme: period.programme, ...patch };
    // Another 年度 has other months: a month of the old one does not carry over.
    if (patch.fy !== undefined && patch.fy !== period.fy) next.month = null;
    setParams(periodParams(next), { replace: true });
  };
  return { period, set, params };
}
