import { Link } from 'react-router';
import type { FigureRow } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { monthNumber } from './fiscal-year.ts';
import { formatFigure } from './report-format.ts';

const COLUMNS = ['events', 'participants', 'distinctPeople', 'firstTimers'] as const;

/**
 * Community event participation for the 年度 (events.figures), in a section of its own: these people
 * are not stays and are never added to the grant KPIs above.
 */
export function EventFiguresSection({ fiscalYear }: { fiscalYear: number }) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const figures = useCall('events.figures', { fiscalYear });
  const cell = (row: FigureRow, k: (typeof COLUMNS)[number]) =>
    formatFigure(t, row[k], k === 'events' ? 'events' : 'people', lang);
  const label = (k: (typeof COLUMNS)[number]) => t(`reports:events.${k === 'events' ? 'held' : k}`);
  return (
    <section
      className="report-section event-figures"
      aria-labelledby="event-figures"
      data-state={figures.data ? 'loaded' : 'loading'}
    >
      <div className="page-section-head">
        <h2 id="event-figures">{t('reports:events.title')}</h2>
        <Link className="button no-print" to="/events?scope=past">
          {t('reports:events.open')}
        </Link>
      </div>
      <p className="muted">{t('reports:events.lead')}</p>
      {figures.error ? <p className="form-error">{errorText(t, figures.error)}</p> : null}
      {figures.data ? (
        <>
          <dl className="event-totals">
            {COLUMNS.map((k) => (
              <div key={k}>
                <dt>{label(k)}</dt>
                <dd data-testid={`event-${k}`}>{figures.data ? cell(figures.data.total, k) : null}</dd>
              </div>
            ))}
          </dl>
          <table className="report-table">
            <caption className="visually-hidden">{t('reports:events.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports:chart.monthCol')}</th>
                {COLUMNS.map((k) => (
                  <th scope="col" key={k}>
                    {label(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.data.byMonth.map((m) => (
                <tr key={m.month}>
                  <th scope="row">
                    {t('reports:monthOption', { year: m.month.slice(0, 4), month: monthNumber(m.month) })}
                  </th>
                  {COLUMNS.map((k) => (
                    <td key={k}>{cell(m, k)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
