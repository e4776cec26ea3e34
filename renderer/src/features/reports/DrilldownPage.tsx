import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DRILLDOWN_FIGURES, type DrilldownFigure } from '../../../../shared/domain/inputs/reports.ts';
import type { DrilldownPerson, DrilldownStay } from '../../../../shared/ipc/views/reports.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import { monthNumber } from './fiscal-year.ts';
import { formatFigure } from './report-format.ts';
import { periodParams, readPeriod } from './use-report-period.ts';
import './reports.css';

const PAGE = 100;

/** The records behind one figure for the period: the stays (with their nights) or the people. */
export function DrilldownPage() {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const id = useId();
  const [params] = useSearchParams();
  const period = readPeriod(params);
  const figureText = params.get('figure') ?? '';
  const figure: DrilldownFigure = (DRILLDOWN_FIGURES as readonly string[]).includes(figureText)
    ? (figureText as DrilldownFigure)
    : 'person_nights';
  const [offset, setOffset] = useState(0);
  const drill = useCall('reports.drilldown', {
    figure,
    from: period.year.from,
    to: period.year.to,
    ...(period.month ? { month: period.month } : {}),
    ...(period.programme ? { programme: period.programme } : {}),
    offset,
    limit: PAGE,
  });
  const back = `/reports?${new URLSearchParams(periodParams(period))}`;
  const date = (d: string) => formatDateWithYear(d, lang);
  const data = drill.data;
  const stays = (data?.rows.filter((r) => r.kind === 'stay') ?? []) as DrilldownStay[];
  const people = (data?.rows.filter((r) => r.kind === 'person') ?? []) as DrilldownPerson[];
  const familyLabel = (name: string, erased: boolean) =>
    erased || !name ? t('reports:quality.erased') : name;

  return (
    <section className="page reports-page drill-page">
      <div className="page-head">
        <h1>{t('reports:drill.title', { figure: t(`reports:kpi.${figure}`) })}</h1>
        <Link className="button" to={back}>
          {t('reports:drill.back')}
        </Link>
      </div>
      <p className="muted">
        {period.month
          ? t('reports:monthOption', { year: period.month.slice(0, 4), month: monthNumber(period.month) })
          : t('reports:range', { from: date(period.from), to: date(period.to) })}
        {period.programme ? ` ・ ${t(`enums.programme.${period.programme}`)}` : ''}
        {data ? ` ・ ${t('reports:drill.count', { count: data.total })}` : ''}
      </p>
      {drill.error ? <p className="form-error">{errorText(t, drill.error)}</p> : null}
      {!data && !drill.error ? <p role="status">{t('app.loading')}</p> : null}
      {data && data.total === 0 ? <p className="empty-state">{t('reports:drill.empty')}</p> : null}
      {stays.length > 0 ? (
        <table className="report-table drill-table" aria-labelledby={`${id}-cap`}>
          <caption id={`${id}-cap`} className="visually-hidden">
            {t('reports:drill.stays')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('reports:drill.family')}</th>
              <th scope="col">{t('reports:drill.programme')}</th>
              <th scope="col">{t('reports:drill.dates')}</th>
              <th scope="col" className="num">
                {t('reports:drill.nights')}
              </th>
              <th scope="col" className="num">
                {t('reports:drill.members')}
              </th>
              <th scope="col" className="num">
                {t('reports:drill.personNights')}
              </th>
              <th scope="col" className="num">
                {t('reports:drill.amount')}
              </th>
              <th scope="col">{t('reports:drill.stays')}</th>
            </tr>
          </thead>
          <tbody>
            {stays.map((s) => (
              <tr key={s.stayId} data-stay-id={s.stayId}>
                <th scope="row">
                  <Link to={`/families/${s.familyId}`}>{familyLabel(s.familyName, s.familyErased)}</Link>
                </th>
                <td>{t(`enums.programme.${s.programme}`)}</td>
                <td>{t('reports:range', { from: date(s.arrival), to: date(s.departure) })}</td>
                <td className="num">{formatFigure(t, s.nights, 'nights', lang)}</td>
                <td className="num">
                  {formatFigure(t, s.people, 'people', lang)}
                  {s.hasMembers ? null : (
                    <span className="badge attention">{t('reports:kpi.stays_without_members')}</span>
                  )}
                </td>
                <td className="num">{formatFigure(t, s.personNights, 'personNights', lang)}</td>
                <td className="num">
                  {s.rippleYen === null ? '—' : formatFigure(t, s.rippleYen, 'yen', lang)}
                </td>
                <td>
                  <Link className="button" to={`/stays/${s.stayId}/edit`}>
                    {t('reports:drill.openStay')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {people.length > 0 ? (
        <table className="report-table drill-table">
          <caption className="visually-hidden">{t('reports:drill.people')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports:drill.person')}</th>
              <th scope="col">{t('reports:drill.family')}</th>
              <th scope="col">{t('reports:drill.arrival')}</th>
              <th scope="col">{t('reports:drill.firstArrival')}</th>
              <th scope="col">{t('reports:drill.stays')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={`${p.memberId}-${p.stayId}`} data-member-id={p.memberId}>
                <th scope="row">
                  {p.familyErased || !p.givenName
                    ? t('reports:quality.erased')
                    : `${p.familyName} ${p.givenName}`}
                </th>
                <td>
                  <Link to={`/families/${p.familyId}`}>{familyLabel(p.familyName, p.familyErased)}</Link>
                </td>
                <td>{date(p.arrival)}</td>
                <td>{date(p.firstArrival)}</td>
                <td>
                  <Link className="button" to={`/stays/${p.stayId}/edit`}>
                    {t('reports:drill.openStay')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.total > data.rows.length ? (
        <div className="inline pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('reports:drill.prev')}
          </button>
          <span>
            {t('reports:drill.truncated', {
              shown: `${offset + 1}–${offset + data.rows.length}`,
              total: data.total,
            })}
          </span>
          <button
            type="button"
            disabled={offset + PAGE >= data.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('reports:drill.next')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
