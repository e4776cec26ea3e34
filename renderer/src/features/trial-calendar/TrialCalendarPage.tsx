import { useNavigate, useSearchParams } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { CalendarGrid } from './CalendarGrid.tsx';
import { monthOf, parseMonth, shiftMonth } from './calendar-layout.ts';
import './trial-calendar.css';

/** お試し住宅の予定表: `/akiya/calendar?month=YYYY-MM`, one month of trial houses and their stays. */
export function TrialCalendarPage() {
  const { t, i18n } = useT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const today = japanDate(new Date());
  const month = parseMonth(params.get('month')) ?? monthOf(today);
  const calendar = useCall('trialCalendar.month', { month });
  const shown = calendar.data?.month === month ? calendar.data : undefined;
  const goTo = (next: string) => setParams({ month: next }, { replace: true });
  const monthTitle = new Intl.DateTimeFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
  const doubleBooked = shown
    ? shown.houses.reduce((n, h) => n + h.stays.filter((s) => s.doubleBooked).length, 0)
    : 0;

  return (
    <section className="page trial-calendar-page">
      <div className="page-head">
        <h1 id="trial-calendar-title">
          {t('trialCalendar:title')} <span className="calendar-month">{monthTitle}</span>
        </h1>
      </div>
      <div className="calendar-toolbar">
        <div className="calendar-nav">
          <button type="button" onClick={() => goTo(shiftMonth(month, -1))}>
            <span aria-hidden="true">◀ </span>
            {t('trialCalendar:previousMonth')}
          </button>
          <button type="button" onClick={() => goTo(monthOf(today))} aria-pressed={month === monthOf(today)}>
            {t('trialCalendar:thisMonth')}
          </button>
          <button type="button" onClick={() => goTo(shiftMonth(month, 1))}>
            {t('trialCalendar:nextMonth')}
            <span aria-hidden="true"> ▶</span>
          </button>
        </div>
        <p className="muted calendar-summary" role="status">
          {shown ? t('trialCalendar:houseCount', { count: shown.houses.length }) : t('app.loading')}
          {doubleBooked > 0 ? (
            <span className="overlap-summary">
              ⚠ {t('trialCalendar:doubleBookingCount', { count: doubleBooked })}
            </span>
          ) : null}
        </p>
      </div>
      <p id="trial-calendar-hint" className="muted calendar-hint">
        {t('trialCalendar:keyboardHint')}
      </p>
      {calendar.error ? (
        <p className="form-error" role="alert">
          {t('common.labelled', {
            label: t('trialCalendar:loadFailed'),
            value: errorText(t, calendar.error),
          })}
        </p>
      ) : null}
      {shown && shown.houses.length === 0 ? (
        <div className="empty-state">
          <p>{t('trialCalendar:noHouses')}</p>
        </div>
      ) : null}
      {shown && shown.houses.length > 0 ? (
        <CalendarGrid
          calendar={shown}
          today={today}
          onOpenStay={(stayId) => navigate(`/stays/${stayId}/edit`)}
          onNewStay={(propertyId, night) =>
            navigate(
              `/akiya/calendar/new-stay?${new URLSearchParams({ property: propertyId, arrival: night })}`,
            )
          }
        />
      ) : null}
    </section>
  );
}
