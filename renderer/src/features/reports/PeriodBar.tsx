import { useId } from 'react';
import { PROGRAMMES, type Programme } from '../../../../shared/domain/enums.ts';
import { fiscalYearLabels } from '../../../../shared/domain/fiscal-year.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatWareki } from '../../lib/format.ts';
import { fiscalMonths, monthNumber } from './fiscal-year.ts';
import type { ReportPeriodChoice } from './use-report-period.ts';

/** The 年度 offered: from 2020年度 to the next one. */
export function fiscalYearChoices(current: number): number[] {
  const last = Math.max(current + 1, 2021);
  return Array.from({ length: last - 2020 + 1 }, (_, i) => last - i);
}

/** 年度 (令和8年度（2026年度）), optional month and programme; the period's first and last day in 和暦. */
export function PeriodBar({
  period,
  thisYear,
  onChange,
}: {
  period: ReportPeriodChoice;
  thisYear: number;
  onChange: (patch: { fy?: number; month?: string | null; programme?: Programme | null }) => void;
}) {
  const { t } = useT();
  const id = useId();
  const years = fiscalYearChoices(Math.max(thisYear, period.fy));
  return (
    <fieldset className="period-bar">
      <legend className="visually-hidden">{t('reports:period')}</legend>
      <label htmlFor={`${id}-fy`}>{t('reports:fiscalYear')}</label>
      <select id={`${id}-fy`} value={period.fy} onChange={(e) => onChange({ fy: Number(e.target.value) })}>
        {years.map((y) => {
          const labels = fiscalYearLabels(y);
          return (
            <option key={y} value={y}>
              {t('reports:fiscalYearOption', labels)}
            </option>
          );
        })}
      </select>
      <label htmlFor={`${id}-month`}>{t('reports:month')}</label>
      <select
        id={`${id}-month`}
        value={period.month ?? ''}
        onChange={(e) => onChange({ month: e.target.value || null })}
      >
        <option value="">{t('reports:allMonths')}</option>
        {fiscalMonths(period.fy).map((m) => (
          <option key={m} value={m}>
            {t('reports:monthOption', { year: m.slice(0, 4), month: monthNumber(m) })}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-prog`}>{t('reports:programme')}</label>
      <select
        id={`${id}-prog`}
        value={period.programme ?? ''}
        onChange={(e) => onChange({ programme: (e.target.value || null) as Programme | null })}
      >
        <option value="">{t('reports:allProgrammes')}</option>
        {PROGRAMMES.map((p) => (
          <option key={p} value={p}>
            {t(`enums.programme.${p}`)}
          </option>
        ))}
      </select>
      <span className="period-range muted">
        {t('reports:range', { from: formatWareki(period.from), to: formatWareki(period.to) })}
      </span>
    </fieldset>
  );
}
