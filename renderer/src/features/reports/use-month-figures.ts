import { useEffect, useRef, useState } from 'react';
import type { Programme } from '../../../../shared/domain/enums.ts';
import type { ReportFigures } from '../../../../shared/ipc/views/reports.ts';
import { ApiError, call } from '../../lib/api.ts';
import type { ReportPeriodChoice } from './use-report-period.ts';

/**
 * The figures of the chosen month, when one is chosen (null otherwise: the whole 年度's figures, which
 * the page reads anyway, are not asked for twice). Read again when the data changes; an older, slower
 * answer never overwrites a newer one.
 */
export function useMonthFigures(period: ReportPeriodChoice): {
  data: ReportFigures | undefined;
  error: ApiError | undefined;
} {
  const [data, setData] = useState<ReportFigures>();
  const [error, setError] = useState<ApiError>();
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  const key = period.month
    ? JSON.stringify({ from: period.from, to: period.to, programme: period.programme })
    : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the period; `version` forces a reload.
  useEffect(() => {
    const ticket = ++latest.current;
    setData(undefined);
    if (!key) return;
    const { from, to, programme } = JSON.parse(key) as {
      from: string;
      to: string;
      programme: Programme | null;
    };
    call('reports.figures', { from, to, ...(programme ? { programme } : {}) }).then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(undefined);
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        setError(e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) }));
      },
    );
  }, [key, version]);

  useEffect(() => window.api.subscribe('data.changed', () => setVersion((v) => v + 1)), []);
  return { data, error };
}
