import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { addDays } from '../../../../shared/domain/dates.ts';
import type { EventMonth } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateShort } from '../../lib/format.ts';
import { kindText } from './event-format.ts';

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The days of a month, YYYY-MM-DD. */
function daysOf(month: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * The month as an ARIA grid of weeks (Sunday first): each day lists its events (a link each) and how
 * many families are in town that day. One day is in the tab order (roving tabindex): the arrows move a
 * day or a week, Home/End to the week's ends, Enter opens the day's first event.
 */
export function MonthCalendar({ month, data, today }: { month: string; data: EventMonth; today: string }) {
  const { t, i18n } = useT();
  const navigate = useNavigate();
  const days = useMemo(() => daysOf(month), [month]);
  const [focused, setFocused] = useState(() => (today.startsWith(month) ? today : `${month}-01`));
  const grid = useRef<HTMLTableElement>(null);
  const moved = useRef(false);
  useEffect(() => setFocused(today.startsWith(month) ? today : `${month}-01`), [month, today]);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    grid.current?.querySelector<HTMLElement>(`td[data-day="${focused}"]`)?.focus();
  }, [focused]);

  const eventsOn = (day: string) => data.events.filter((e) => e.startsOn <= day && e.endsOn >= day);
  const familiesOn = (day: string) =>
    data.familiesInTown.filter((f) => f.arrival <= day && f.departure >= day).length;

  const weeks: (string | null)[][] = [];
  let week: (string | null)[] = Array.from({ length: weekdayOf(days[0] ?? `${month}-01`) }, () => null);
  for (const d of days) {
    week.push(d);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);

  const weekdayNames = Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-GB', {
      weekday: 'short',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(2026, 10, 1 + i))),
  );

  const onKey = (e: KeyboardEvent<HTMLTableElement>) => {
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    let next: string | null = null;
    if (e.key in step) next = addDays(focused, step[e.key] ?? 0);
    else if (e.key === 'Home') next = addDays(focused, -weekdayOf(focused));
    else if (e.key === 'End') next = addDays(focused, 6 - weekdayOf(focused));
    else if (e.key === 'Enter' || e.key === ' ') {
      if ((e.target as HTMLElement).tagName === 'A') return;
      const first = eventsOn(focused)[0];
      if (first) {
        e.preventDefault();
        navigate(`/events/${first.id}`);
      }
      return;
    } else return;
    e.preventDefault();
    if (!next.startsWith(month)) next = next < `${month}-01` ? (days[0] ?? next) : (days.at(-1) ?? next);
    moved.current = true;
    setFocused(next);
  };

  return (
    <table
      ref={grid}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the APG data grid, a table whose cells are navigated with arrows and activated with Enter.
      role="grid"
      className="event-calendar"
      aria-label={t('events:calendar')}
      onKeyDown={onKey}
    >
      <thead>
        <tr>
          {weekdayNames.map((name) => (
            <th key={name} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((w) => (
          <tr key={w.find(Boolean) ?? ''}>
            {w.map((day, i) => {
              // A blank's place in its week is all it is: the week is a fixed row of seven.
              // biome-ignore lint/suspicious/noArrayIndexKey: blanks have no other identity.
              if (!day) return <td key={`blank-${i}`} className="blank" aria-hidden="true" />;
              const events = eventsOn(day);
              const families = familiesOn(day);
              return (
                <td
                  key={day}
                  data-day={day}
                  tabIndex={day === focused ? 0 : -1}
                  aria-current={day === today ? 'date' : undefined}
                  className={day === today ? 'today' : undefined}
                  onFocus={() => setFocused(day)}
                >
                  <span className="day-number" aria-hidden="true">
                    {Number(day.slice(8))}
                  </span>
                  <span className="visually-hidden">{formatDateShort(day, i18n.language)}</span>
                  <ul className="day-events">
                    {events.map((e) => (
                      <li key={e.id} className={e.status === 'cancelled' ? 'cancelled' : undefined}>
                        <a href={`#/events/${e.id}`} tabIndex={-1} title={`${kindText(t, e)} ${e.title}`}>
                          {e.title}
                        </a>
                      </li>
                    ))}
                  </ul>
                  {families > 0 ? (
                    <span className="day-families">{t('events:dayFamilies', { count: families })}</span>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
