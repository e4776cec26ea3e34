import { useId, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { TARGET_KPIS, type TargetKpi } from '../../../../shared/domain/kpi-targets.ts';
import type {
  ConsortiumReportView,
  ConsortiumTownFigures,
  TargetProgressView,
} from '../../../../shared/ipc/views/consortium-reports.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { formatInstant } from '../sync/sync-format.ts';
import { TargetEditor } from './TargetEditor.tsx';
import './consortium-reports.css';

/** The 年度 a date falls in: April to March. */
export function fiscalYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** 令和8 for 2026 (the era of 1 April of that 年度). */
export function eraOf(fiscalYear: number): string {
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(fiscalYear, 3, 1)))
    .replace(/年$/, '');
}

type SortKey = 'townName' | 'relationshipPopulation' | 'repeaters' | 'nights' | 'personNights' | 'rippleYen';
const COLUMNS: SortKey[] = [
  'townName',
  'relationshipPopulation',
  'repeaters',
  'nights',
  'personNights',
  'rippleYen',
];
const KPI_FIELD: Record<TargetKpi, keyof ConsortiumTownFigures> = {
  relationship_population: 'relationshipPopulation',
  nights: 'nights',
  person_nights: 'personNights',
  ripple_yen: 'rippleYen',
};

/**
 * コンソーシアム集計: every town's three KPIs for a 年度 against the targets, the consortium's total,
 * a sortable table by town (and a chart of one figure, with the table as its alternative), the event
 * figures per town, and the time of the last refresh. Everything shown comes from this laptop's cache
 * (reports.consortium), so it reads the same offline; 「更新」 fetches it again from the server.
 */
export function ConsortiumReportsPage() {
  const { t, i18n } = useT();
  const { profile } = useProfile();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  const thisYear = fiscalYearOf(japanDate(new Date()));
  const [fiscalYear, setFiscalYear] = useState(thisYear);
  const report = useCall('reports.consortium', { fiscalYear });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const years = useMemo(() => {
    const first = Math.min(2024, thisYear - 1);
    return Array.from({ length: Math.max(thisYear + 3, 2028) - first + 1 }, (_, i) => first + i);
  }, [thisYear]);

  const refresh = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await call('reports.refreshConsortium', { fiscalYear });
      setMessage({ text: t('consortiumReports:refreshedNow'), error: false });
    } catch (err) {
      setMessage({ text: errorText(t, err), error: true });
    } finally {
      setBusy(false);
      report.reload();
    }
  };

  const view = report.data;
  const fmt = (n: number) => n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB');

  return (
    <section className="page consortium-page">
      <div className="page-head">
        <h1>{t('consortiumReports:title')}</h1>
        <label className="consortium-year">
          <span>{t('consortiumReports:fiscalYear')}</span>
          <select value={fiscalYear} onChange={(e) => setFiscalYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {t('consortiumReports:fiscalYearOption', { year: y, era: eraOf(y) })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="lead">{t('consortiumReports:lead')}</p>

      <section className="card consortium-refresh" aria-labelledby="consortium-refreshed">
        <p id="consortium-refreshed" className="consortium-refreshed" data-testid="consortium-refreshed">
          {view?.refreshedAt
            ? t('consortiumReports:refreshedAt', { at: formatInstant(view.refreshedAt, locale) })
            : t('consortiumReports:neverRefreshed')}
        </p>
        <div className="consortium-actions">
          <button type="button" className="primary" onClick={refresh} disabled={busy}>
            {busy ? t('consortiumReports:refreshing') : t('consortiumReports:refresh')}
          </button>
          <span className="muted">{t('consortiumReports:offlineNote')}</span>
        </div>
        <p
          className={`consortium-message${message?.error ? ' error' : ''}`}
          data-testid="consortium-message"
          role={message?.error ? 'alert' : 'status'}
        >
          {message?.text ?? ''}
        </p>
      </section>

      {report.error ? <p role="alert">{errorText(t, report.error)}</p> : null}
      {view ? <ReportBody view={view} fmt={fmt} locale={locale} /> : null}

      {view && (profile.role === 'consortium_admin' || profile.role === 'town_admin') ? (
        <TargetEditor
          fiscalYear={fiscalYear}
          towns={view.towns.map((x) => ({ id: x.townId, name: x.townName }))}
          role={profile.role}
          ownTown={profile.municipality.id}
          onSaved={report.reload}
          locale={locale}
        />
      ) : null}
    </section>
  );
}

function ReportBody({
  view,
  fmt,
  locale,
}: {
  view: ConsortiumReportView;
  fmt: (n: number) => string;
  locale: 'ja' | 'en';
}) {
  const { t } = useT();
  const unit = (kpi: TargetKpi, n: number) => t(`consortiumReports:unit.${kpi}`, { value: fmt(n) });
  return (
    <>
      <section className="card" aria-labelledby="consortium-targets-title">
        <h2 id="consortium-targets-title">{t('consortiumReports:targets')}</h2>
        {view.targets.length === 0 ? (
          <p className="muted">{t('consortiumReports:noTargets')}</p>
        ) : (
          <ul className="consortium-targets" data-testid="consortium-targets">
            {view.targets.map((p) => (
              <TargetProgress key={p.target.id} progress={p} unit={unit} />
            ))}
          </ul>
        )}
      </section>

      {view.total ? (
        <section className="card" aria-labelledby="consortium-total-title">
          <h2 id="consortium-total-title">{t('consortiumReports:totals')}</h2>
          <dl className="consortium-total" data-testid="consortium-total">
            {TARGET_KPIS.map((kpi) => (
              <div key={kpi}>
                <dt>{t(`consortiumReports:kpi.${kpi}`)}</dt>
                <dd>{unit(kpi, view.total?.[KPI_FIELD[kpi] as 'nights'] ?? 0)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      {view.towns.length > 0 ? <TownTable view={view} fmt={fmt} /> : null}
      {view.towns.length > 0 ? <TownChart view={view} fmt={fmt} /> : null}
      {view.events.length > 0 ? <EventTable view={view} fmt={fmt} /> : null}

      {Object.keys(view.definitions).length > 0 ? (
        <details className="card consortium-definitions">
          <summary>{t('consortiumReports:definitions')}</summary>
          <ul>
            {Object.entries(view.definitions).map(([key, text]) => (
              <li key={key}>{text[locale]}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function TargetProgress({
  progress,
  unit,
}: {
  progress: TargetProgressView;
  unit: (kpi: TargetKpi, n: number) => string;
}) {
  const { t } = useT();
  const { target, achieved, achievedThrough } = progress;
  const value = target.value ?? 0;
  const percent = achieved === null || value === 0 ? null : Math.floor((achieved / value) * 1000) / 10;
  const span =
    target.fiscalYearFrom === target.fiscalYearTo
      ? t('consortiumReports:targetYear', { from: target.fiscalYearFrom })
      : t('consortiumReports:targetSpan', { from: target.fiscalYearFrom, to: target.fiscalYearTo });
  return (
    <li className="consortium-target">
      <p className="consortium-target-name">
        <strong>{t(`consortiumReports:kpi.${target.kpi}`)}</strong>{' '}
        <span className="muted">
          {target.townName ?? t('consortiumReports:consortiumScope')}・{span}
        </span>
      </p>
      <p>
        {t('consortiumReports:targetOf', { target: unit(target.kpi, value) })}
        {' / '}
        {achieved === null
          ? t('consortiumReports:achievedUnknown')
          : t('consortiumReports:achieved', { value: unit(target.kpi, achieved), through: achievedThrough })}
      </p>
      {percent !== null ? (
        <div className="consortium-bar">
          <div
            className="consortium-bar-fill"
            style={{ width: `${Math.min(100, percent)}%` }}
            aria-hidden="true"
          />
          <span>{t('consortiumReports:percent', { percent })}</span>
        </div>
      ) : null}
    </li>
  );
}

function TownTable({ view, fmt }: { view: ConsortiumReportView; fmt: (n: number) => string }) {
  const { t } = useT();
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'townName',
    descending: false,
  });
  const rows = useMemo(() => {
    const sorted = [...view.towns].sort((a, b) => {
      const d =
        sort.key === 'townName'
          ? a.townName.localeCompare(b.townName, 'ja')
          : (a[sort.key] as number) - (b[sort.key] as number);
      return sort.descending ? -d : d;
    });
    return sorted;
  }, [view.towns, sort]);
  const label = (key: SortKey) =>
    key === 'townName' ? t('consortiumReports:column.town') : t(`consortiumReports:column.${key}`);
  return (
    <section className="card" aria-labelledby="consortium-towns-title">
      <h2 id="consortium-towns-title">{t('consortiumReports:towns')}</h2>
      <div className="consortium-scroll">
        <table className="consortium-table" data-testid="consortium-towns">
          <caption>{t('consortiumReports:townsCaption', { year: view.fiscalYear })}</caption>
          <thead>
            <tr>
              {COLUMNS.map((key) => {
                const active = sort.key === key;
                return (
                  <th
                    key={key}
                    scope="col"
                    aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                  >
                    <button
                      type="button"
                      className="consortium-sort"
                      onClick={() =>
                        setSort((s) => ({
                          key,
                          descending: s.key === key ? !s.descending : key !== 'townName',
                        }))
                      }
                      title={t('consortiumReports:sortBy', { column: label(key) })}
                    >
                      {label(key)}
                      <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ' ↕'}</span>
                    </button>
                  </th>
                );
              })}
              <th scope="col">{t('consortiumReports:column.coefficients')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.townId}>
                <th scope="row">{r.townName}</th>
                <td>{fmt(r.relationshipPopulation)}</td>
                <td>{fmt(r.repeaters)}</td>
                <td>{fmt(r.nights)}</td>
                <td>{fmt(r.personNights)}</td>
                <td>{fmt(r.rippleYen)}</td>
                <td>
                  {r.spendPerPersonNightYen === null || r.rippleMultiplier === null
                    ? t('consortiumReports:noCoefficients')
                    : t('consortiumReports:coefficients', {
                        spend: fmt(r.spendPerPersonNightYen),
                        multiplier: r.rippleMultiplier,
                      })}
                </td>
              </tr>
            ))}
          </tbody>
          {view.total ? (
            <tfoot>
              <tr>
                <th scope="row">{t('consortiumReports:total')}</th>
                <td>{fmt(view.total.relationshipPopulation)}</td>
                <td>{fmt(view.total.repeaters)}</td>
                <td>{fmt(view.total.nights)}</td>
                <td>{fmt(view.total.personNights)}</td>
                <td>{fmt(view.total.rippleYen)}</td>
                <td />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </section>
  );
}

function TownChart({ view, fmt }: { view: ConsortiumReportView; fmt: (n: number) => string }) {
  const { t } = useT();
  const [kpi, setKpi] = useState<TargetKpi>('relationship_population');
  const [asTable, setAsTable] = useState(false);
  const selectId = useId();
  const kpiName = t(`consortiumReports:kpi.${kpi}`);
  const data = view.towns.map((x) => ({ name: x.townName, value: x[KPI_FIELD[kpi]] as number }));
  return (
    <section className="card" aria-labelledby="consortium-chart-title">
      <h2 id="consortium-chart-title">{t('consortiumReports:chartTitle', { kpi: kpiName })}</h2>
      <div className="consortium-actions">
        <label htmlFor={selectId}>{t('consortiumReports:chartKpi')}</label>
        <select id={selectId} value={kpi} onChange={(e) => setKpi(e.target.value as TargetKpi)}>
          {TARGET_KPIS.map((k) => (
            <option key={k} value={k}>
              {t(`consortiumReports:kpi.${k}`)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>
          {asTable ? t('consortiumReports:showChart') : t('consortiumReports:showTable')}
        </button>
      </div>
      {asTable ? (
        <table className="consortium-table" data-testid="consortium-chart-table">
          <caption>{t('consortiumReports:chartTitle', { kpi: kpiName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consortiumReports:column.town')}</th>
              <th scope="col">{kpiName}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                <td>{fmt(d.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <figure className="consortium-chart" data-testid="consortium-chart">
          <div role="img" aria-label={t('consortiumReports:chartAlt', { kpi: kpiName })}>
            <ResponsiveContainer width="100%" height={Math.max(160, 44 * data.length)}>
              <BarChart data={data} layout="vertical" margin={{ left: 24, right: 24 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" tickFormatter={(v: number) => fmt(v)} />
                <YAxis type="category" dataKey="name" width={96} />
                <Tooltip formatter={(v: number) => fmt(v)} />
                <Bar dataKey="value" name={kpiName} fill="#2f6f4f" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      )}
    </section>
  );
}

function EventTable({ view, fmt }: { view: ConsortiumReportView; fmt: (n: number) => string }) {
  const { t } = useT();
  const cols = ['events', 'participants', 'distinctPeople', 'firstTimers'] as const;
  return (
    <section className="card" aria-labelledby="consortium-events-title">
      <h2 id="consortium-events-title">{t('consortiumReports:events')}</h2>
      <div className="consortium-scroll">
        <table className="consortium-table" data-testid="consortium-events">
          <caption>{t('consortiumReports:eventsCaption', { year: view.fiscalYear })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consortiumReports:column.town')}</th>
              {cols.map((c) => (
                <th key={c} scope="col">
                  {t(`consortiumReports:eventColumn.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.events.map((e) => (
              <tr key={e.townId}>
                <th scope="row">{e.townName}</th>
                {cols.map((c) => (
                  <td key={c}>{fmt(e[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
          {view.eventTotal ? (
            <tfoot>
              <tr>
                <th scope="row">{t('consortiumReports:total')}</th>
                {cols.map((c) => (
                  <td key={c}>{fmt(view.eventTotal?.[c] ?? 0)}</td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </section>
  );
}
