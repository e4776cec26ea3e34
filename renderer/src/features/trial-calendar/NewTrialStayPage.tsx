import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isCalendarDate } from '../../../../shared/domain/dates.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import { houseName } from './CalendarGrid.tsx';
import { monthOf } from './calendar-layout.ts';
import './trial-calendar.css';

/**
 * `/akiya/calendar/new-stay?property=…&arrival=…`: a stay belongs to a family, so a vacant night on the
 * calendar first asks whose stay it is, then opens the ordinary stay form with the house and the date
 * already filled in (carried in the form's address, so a reload keeps them).
 */
export function NewTrialStayPage() {
  const { t, i18n } = useT();
  const id = useId();
  const [params] = useSearchParams();
  const propertyId = params.get('property') ?? '';
  const arrival = params.get('arrival') ?? '';
  const valid = /^[0-9a-f-]{36}$/i.test(propertyId) && isCalendarDate(arrival);
  const [query, setQuery] = useState('');
  const families = useCall('families.list', { query, limit: 20 });
  const calendar = useCall('trialCalendar.month', { month: valid ? monthOf(arrival) : '2000-01' });
  const house = calendar.data?.houses.find((h) => h.propertyId === propertyId);
  const backTo = `/akiya/calendar${valid ? `?month=${monthOf(arrival)}` : ''}`;
  const prefill = new URLSearchParams({ lodging: propertyId, arrival }).toString();

  return (
    <section className="page trial-new-stay-page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>{t('trialCalendar:newStay.title')}</h1>
        <Link to={backTo}>{t('trialCalendar:newStay.back')}</Link>
      </div>
      {!valid ? (
        <p className="form-error" role="alert">
          {t('trialCalendar:newStay.badLink')}
        </p>
      ) : (
        <>
          <p className="lead">
            {t('trialCalendar:newStay.lead', {
              house: house ? houseName(house, (lot) => t('trialCalendar:lot', { lot })) : '…',
              date: formatDateLong(arrival, i18n.language),
            })}
          </p>
          <div className="search-box">
            <label htmlFor={`${id}-q`}>{t('trialCalendar:newStay.search')}</label>
            <input
              id={`${id}-q`}
              type="search"
              value={query}
              placeholder={t('trialCalendar:newStay.searchHint')}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          {families.error ? <p className="form-error">{errorText(t, families.error)}</p> : null}
          {families.data && families.data.items.length === 0 ? (
            <p className="muted" role="status">
              {t('trialCalendar:newStay.noMatch')}
            </p>
          ) : null}
          <ul className="family-choices">
            {families.data?.items
              .filter((f) => !f.erased)
              .map((f) => (
                <li key={f.id}>
                  <Link to={`/families/${f.id}/stays/new?${prefill}`} className="family-choice">
                    <span className="family-choice-name">
                      {t('trialCalendar:newStay.choose', { family: f.familyName })}
                    </span>
                    <span className="muted">{f.familyNameKana}</span>
                  </Link>
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}
