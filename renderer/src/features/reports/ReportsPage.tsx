import { useState } from 'react';
import { Link } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { PROGRAMMES } from '../../../../shared/domain/enums.ts';
import { fiscalYear, fiscalYearLabels } from '../../../../shared/domain/fiscal-year.ts';
import type { DrilldownFigure } from '../../../../shared/domain/inputs/reports.ts';
import type { ReportFigures } from '../../../../shared/ipc/views/reports.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { KpiExportButtons } from '../exports/KpiExportButtons.tsx';
import { ChartFigure } from './ChartFigure.tsx';
import { CoefficientsUsed } from './CoefficientsUsed.tsx';
import { CumulativeLineChart, PROGRAMME_COLOURS, StackedBarChart } from './charts.tsx';
import { DataQualityPanel } from './DataQualityPanel.tsx';
import { EventFiguresSection } from './EventFiguresSection.tsx';
import { FigureCard } from './FigureCard.tsx';
import { monthNumber } from './fiscal-year.ts';
import { GrantTarget, useTargetsInForce } from './GrantTarget.tsx';
import { PeriodBar } from './PeriodBar.tsx';
import { formatFigure, formatNumber } from './report-format.ts';
import { useMonthFigures } from './use-month-figures.ts';
import { periodParams, type ReportPeriodChoice, useReportPeriod } from './use-report-period.ts';
import './reports.css';

/** The roles that may take the town's figures away as files (the core's own check is the same). */
const EXPORTERS = ['coordinator', 'town_admin', 'consortium_admin'] as const;

const GRANT = ['relationship_population', 'person_nights', 'ripple_yen'] as const;
type GrantFigure = (typeof GRANT)[number];

/** The address of the records behind a figure, for the period on screen. */
export function drillAddress(figure: DrilldownFigure, p: ReportPeriodChoice, month?: string): string {
  const q = new URLSearchParams({
    figure,
    ...periodParams({ fy: p.fy, month: month ?? p.month, programme: p.programme }),
  });
  return `/reports/records?${q}`;
}

/** レポート: the town's grant KPIs for a 年度 (or a month of it), their charts, event figures and checks. */
export function ReportsPage() {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const { period, set } = useReportPeriod();
  const { profile } = useProfile();
  const mayExport = (EXPORTERS as readonly string[]).includes(profile.role);
  const thisYear = fiscalYear(japanDate(new Date()));
  const programme = period.programme ?? undefined;
  const year = useCall('reports.figures', {
    from: period.year.from,
    to: period.year.to,
    ...(programme ? { programme } : {}),
  });
  const monthFigures = useMonthFigures(period);
  // The cards show the month when one is chosen; the charts always show the whole 年度.
  const shown: ReportFigures | undefined = period.month ? monthFigures.data : year.data;
  const labels = fiscalYearLabels(period.fy);
  const error = year.error ?? monthFigures.error;
  const targets = useTargetsInForce(period.fy);
  const targetOf = (kpi: GrantFigure) => {
    const target = targets[kpi];
    return target ? <GrantTarget kpi={kpi} target={target} shownFy={period.fy} /> : null;
  };

  return (
    <section className="page reports-page">
      <div className="page-head">
        <h1>
          {t('reports:title')}{' '}
          <span className="fy-title">
            {lang === 'en' ? `${labels.en} (${labels.japanese})` : `${labels.japanese}（${labels.western}）`}
          </span>
        </h1>
        <div className="inline no-print">
          <Link className="button" to="/reports/coefficients">
            {t('reports:coefficientsLink')}
          </Link>
          <button type="button" onClick={() => window.print()}>
            {t('reports:print')}
          </button>
        </div>
      </div>
      <p className="muted lead">{t('reports:lead')}</p>
      <PeriodBar period={period} thisYear={thisYear} onChange={set} />
      {mayExport ? (
        <div className="no-print report-exports">
          <KpiExportButtons from={period.from} to={period.to} {...(programme ? { programme } : {})} />
        </div>
      ) : null}
      {error ? <p className="form-error">{errorText(t, error)}</p> : null}
      {!shown ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <section className="report-section" aria-labelledby="grant-kpis">
            <h2 id="grant-kpis">{t('reports:grantKpis')}</h2>
            <div className="figure-grid grant-grid">
              <FigureCard
                grant
                figure="relationship_population"
                value={formatFigure(t, shown.totals.relationshipPopulation, 'people', lang)}
                definitions={shown.definitions}
                drillTo={drillAddress('relationship_population', period)}
              >
                {targetOf('relationship_population')}
              </FigureCard>
              <FigureCard
                grant
                figure="person_nights"
                value={formatFigure(t, shown.totals.personNights, 'personNights', lang)}
                detail={
                  <p className="muted">
                    {t('reports:kpi.nights')} {formatFigure(t, shown.totals.nights, 'nights', lang)}
                  </p>
                }
                definitions={shown.definitions}
                drillTo={drillAddress('person_nights', period)}
              >
                {targetOf('person_nights')}
              </FigureCard>
              <FigureCard
                grant
                figure="ripple_yen"
                value={formatFigure(t, shown.totals.rippleYen, 'thousandYen', lang)}
                detail={
                  <p className="muted" data-testid="ripple-exact">
                    {t('reports:yenExact', { value: formatNumber(shown.totals.rippleYen, lang) })}
                  </p>
                }
                definitions={shown.definitions}
                drillTo={drillAddress('ripple_yen', period)}
              >
                <CoefficientsUsed uses={shown.coefficients} gaps={shown.coefficientGaps} />
                {targetOf('ripple_yen')}
              </FigureCard>
            </div>
          </section>
          {year.data ? <YearCharts figures={year.data} period={period} /> : null}
          <section className="report-section" aria-labelledby="visitors">
            <h2 id="visitors">{t('reports:visitors.title')}</h2>
            <div className="figure-grid">
              <FigureCard
                figure="arrivals"
                value={formatFigure(t, shown.totals.arrivals, 'people', lang)}
                definitions={shown.definitions}
                drillTo={drillAddress('arrivals', period)}
              />
              <FigureCard
                figure="repeaters"
                value={formatFigure(t, shown.totals.repeaters, 'people', lang)}
                definitions={shown.definitions}
                drillTo={drillAddress('repeaters', period)}
              />
              <FigureCard
                figure="nights"
                value={formatFigure(t, shown.totals.nights, 'nights', lang)}
                definitions={shown.definitions}
                drillTo={drillAddress('nights', period)}
              />
            </div>
            {year.data ? <VisitorsTable figures={year.data} /> : null}
          </section>
        </>
      )}
      <EventFiguresSection fiscalYear={period.fy} />
      <DataQualityPanel from={period.from} to={period.to} />
    </section>
  );
}

function YearCharts({ figures, period }: { figures: ReportFigures; period: ReportPeriodChoice }) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const [kpi, setKpi] = useState<GrantFigure>('person_nights');
  const monthLabel = (m: string) => t('reports:monthOption', { year: m.slice(0, 4), month: monthNumber(m) });
  const shortMonth = (m: string) =>
    lang === 'en' ? `${monthNumber(m)}/${m.slice(2, 4)}` : `${monthNumber(m)}月`;
  const unitOf = {
    relationship_population: 'people',
    person_nights: 'personNights',
    ripple_yen: 'thousandYen',
  } as const;
  const monthValue = (m: ReportFigures['months'][number], k: GrantFigure) =>
    k === 'relationship_population'
      ? m.relationshipPopulation
      : k === 'person_nights'
        ? m.personNights
        : m.rippleYen;
  // Running sums from April.
  const running = { relationship_population: 0, person_nights: 0, ripple_yen: 0 };
  const cumulative = figures.months.map((m) => {
    for (const k of GRANT) running[k] += monthValue(m, k);
    return { month: m.month, ...running };
  });
  const chartData = cumulative.map((c) => ({ label: shortMonth(c.month), value: c[kpi] }));
  const fmt = (k: GrantFigure) => (n: number) => formatFigure(t, n, unitOf[k], lang);

  const programmes = PROGRAMMES.filter((p) => figures.programmeMonths.some((pm) => pm.programme === p));
  const byMonth = figures.months.map((m) => {
    const row: Record<string, number | string> = { label: shortMonth(m.month), month: m.month };
    for (const p of programmes) {
      row[p] =
        figures.programmeMonths.find((pm) => pm.month === m.month && pm.programme === p)?.personNights ?? 0;
    }
    return row as { label: string; month: string } & Record<string, number>;
  });
  const personNights = (n: number) => formatFigure(t, n, 'personNights', lang);

  return (
    <section className="report-section" aria-labelledby="progress">
      <h2 id="progress" className="visually-hidden">
        {t('reports:chart.cumulative')}
      </h2>
      <div className="chart-grid">
        <ChartFigure
          title={`${t('reports:chart.cumulative')}：${t(`reports:kpi.${kpi}`)}`}
          alt={t('reports:chart.cumulativeAlt', { name: t(`reports:kpi.${kpi}`) })}
          controls={
            <fieldset className="segmented no-print">
              <legend className="visually-hidden">{t('reports:grantKpis')}</legend>
              {GRANT.map((k) => (
                <button key={k} type="button" aria-pressed={kpi === k} onClick={() => setKpi(k)}>
                  {t(`reports:kpi.${k}`)}
                </button>
              ))}
            </fieldset>
          }
          chart={
            <CumulativeLineChart
              data={chartData}
              series={[{ key: 'value', name: t(`reports:kpi.${kpi}`), colour: '#1d6b57' }]}
              format={fmt(kpi)}
            />
          }
          rowHeader={t('reports:chart.monthCol')}
          columns={GRANT.map((k) => ({ key: k, label: t(`reports:kpi.${k}`) }))}
          rows={cumulative.map((c) => ({
            key: c.month,
            label: monthLabel(c.month),
            cells: GRANT.map((k) => fmt(k)(c[k])),
          }))}
        />
        <ChartFigure
          title={t('reports:chart.byProgramme')}
          alt={t('reports:chart.byProgrammeAlt')}
          chart={
            <StackedBarChart
              data={byMonth}
              series={programmes.map((p) => ({
                key: p,
                name: t(`enums.programme.${p}`),
                colour: PROGRAMME_COLOURS[p] ?? '#5b6770',
              }))}
              format={(n) => formatNumber(n, lang)}
            />
          }
          rowHeader={t('reports:chart.monthCol')}
          columns={[
            ...programmes.map((p) => ({ key: p, label: t(`enums.programme.${p}`) })),
            { key: 'total', label: t('reports:chart.total') },
          ]}
          rows={byMonth.map((r) => ({
            key: r.month,
            label: monthLabel(r.month),
            cells: [
              // Each programme's month links to its stays, as the per-month links do.
              ...programmes.map((p) =>
                (r[p] ?? 0) > 0 ? (
                  <Link key={p} to={drillAddress('person_nights', { ...period, programme: p }, r.month)}>
                    {personNights(r[p] ?? 0)}
                    <span className="visually-hidden">
                      （{t(`enums.programme.${p}`)} {monthLabel(r.month)}）
                    </span>
                  </Link>
                ) : (
                  personNights(0)
                ),
              ),
              personNights(programmes.reduce((s, p) => s + (r[p] ?? 0), 0)),
            ],
          }))}
        />
      </div>
      <ProgrammeDrillLinks figures={figures} period={period} />
    </section>
  );
}

/** Person-nights per month, each a link to its stays (the drill from the chart). */
function ProgrammeDrillLinks({ figures, period }: { figures: ReportFigures; period: ReportPeriodChoice }) {
  const { t, i18n } = useT();
  const months = figures.months.filter((m) => m.personNights > 0);
  if (months.length === 0) return null;
  return (
    <nav className="month-drill no-print" aria-label={t('reports:records')}>
      <span className="muted">{t('reports:kpi.person_nights')}：</span>
      {months.map((m) => (
        <Link key={m.month} className="button" to={drillAddress('person_nights', period, m.month)}>
          {t('reports:monthOption', { year: m.month.slice(0, 4), month: monthNumber(m.month) })}{' '}
          {formatFigure(t, m.personNights, 'personNights', i18n.language)}
        </Link>
      ))}
    </nav>
  );
}

function VisitorsTable({ figures }: { figures: ReportFigures }) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  return (
    <table className="report-table visitors-table">
      <caption>{t('reports:visitors.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports:chart.monthCol')}</th>
          <th scope="col">{t('reports:kpi.arrivals')}</th>
          <th scope="col">{t('reports:kpi.repeaters')}</th>
          <th scope="col">{t('reports:kpi.relationship_population')}</th>
        </tr>
      </thead>
      <tbody>
        {figures.months.map((m) => (
          <tr key={m.month}>
            <th scope="row">
              {t('reports:monthOption', { year: m.month.slice(0, 4), month: monthNumber(m.month) })}
            </th>
            <td>{formatFigure(t, m.arrivals, 'people', lang)}</td>
            <td>{formatFigure(t, m.repeaters, 'people', lang)}</td>
            <td>{formatFigure(t, m.relationshipPopulation, 'people', lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
