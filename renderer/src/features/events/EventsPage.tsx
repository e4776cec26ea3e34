import { useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { EVENT_LIST_SCOPES } from '../../../../shared/domain/inputs/events.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateShort } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import { ExportButtons } from '../exports/ExportButtons.tsx';
import { EventTable } from './EventTable.tsx';
import { MonthCalendar } from './MonthCalendar.tsx';
import './events.css';

type Scope = (typeof EVENT_LIST_SCOPES)[number];

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** イベント: the upcoming or past list, and the month calendar with the families in town. */
export function EventsPage() {
  const { t, i18n } = useT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const today = japanDate(new Date());
  const scope: Scope = params.get('scope') === 'past' ? 'past' : 'upcoming';
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? (params.get('month') as string)
    : today.slice(0, 7);
  const [query, setQuery] = useState('');
  // The coordinator's now, fixed for the page's life so the list's input does not change at each render.
  const now = useMemo(() => new Date().toISOString(), []);
  const list = useCall('events.list', { scope, now, query, limit: 100 });
  const calendar = useCall('events.month', { month });
  const set = (patch: Record<string, string>) => setParams({ scope, month, ...patch }, { replace: true });
  const [y, m] = month.split('-').map(Number);

  return (
    <section className="page events-page">
      <div className="page-head">
        <h1>{t('events:title')}</h1>
        <Link to="/events/new" className="button primary">
          {t('events:newEvent')}
        </Link>
      </div>
      <p className="muted lead">{t('events:lead')}</p>
      <div className="events-columns">
        <div className="events-list">
          <div className="inline list-tools">
            <fieldset className="segmented">
              <legend className="visually-hidden">{t('events:show')}</legend>
              {EVENT_LIST_SCOPES.map((s) => (
                <button key={s} type="button" aria-pressed={scope === s} onClick={() => set({ scope: s })}>
                  {t(`events:${s}`)}
                </button>
              ))}
            </fieldset>
            <label htmlFor={`${id}-q`} className="visually-hidden">
              {t('events:search')}
            </label>
            <input
              id={`${id}-q`}
              type="search"
              placeholder={t('events:search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <span className="muted" role="status">
              {list.data ? t('events:count', { count: list.data.total }) : t('app.loading')}
            </span>
          </div>
          <ExportButtons targets={[{ kind: 'events', filters: { scope, now, query } }]} />
          {list.error ? <p className="form-error">{errorText(t, list.error)}</p> : null}
          {list.data?.events.length === 0 ? <p className="empty-state">{t('events:empty')}</p> : null}
          {list.data && list.data.events.length > 0 ? (
            <EventTable events={list.data.events} caption={t(`events:${scope}`)} past={scope === 'past'} />
          ) : null}
        </div>
        <section className="events-month" aria-labelledby={`${id}-month`}>
          <div className="inline month-head">
            <button
              type="button"
              onClick={() => set({ month: shiftMonth(month, -1) })}
              aria-label={t('events:prevMonth')}
            >
              ←
            </button>
            <h2 id={`${id}-month`}>{t('events:monthLabel', { year: y, month: m })}</h2>
            <button
              type="button"
              onClick={() => set({ month: shiftMonth(month, 1) })}
              aria-label={t('events:nextMonth')}
            >
              →
            </button>
          </div>
          <p className="muted">{t('events:calendarHelp')}</p>
          {calendar.error ? <p className="form-error">{errorText(t, calendar.error)}</p> : null}
          {calendar.data && calendar.data.month === month ? (
            <>
              <MonthCalendar month={month} data={calendar.data} today={today} />
              <h3>{t('events:familiesInTown')}</h3>
              {calendar.data.familiesInTown.length === 0 ? (
                <p className="muted">{t('events:familiesInTownNone')}</p>
              ) : (
                <ul className="families-in-town">
                  {calendar.data.familiesInTown.map((f) => (
                    <li key={`${f.familyId}-${f.arrival}`}>
                      <Link to={`/families/${f.familyId}`}>
                        {t('events:familyStay', {
                          name: f.familyName,
                          from: formatDateShort(f.arrival, i18n.language),
                          to: formatDateShort(f.departure, i18n.language),
                        })}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : null}
        </section>
      </div>
    </section>
  );
}
