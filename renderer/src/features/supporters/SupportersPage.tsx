import { useDeferredValue, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { SUPPORTER_CONNECTIONS, type SupporterConnection } from '../../../../shared/domain/enums.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { isStaff, StaffOnly } from './StaffOnly.tsx';
import { connectionText, dateText, homeText } from './supporter-format.ts';
import { type SupporterFilters, useSupporterList } from './use-supporter-list.ts';
import './supporters.css';

/** The list as the user left it, so coming back from a supporter finds the same search (memory only). */
const lastView: { query: string; filters: SupporterFilters } = { query: '', filters: {} };

/** 関係人口名簿: the Japanese search as you type, narrowed by kind of connection and consent. */
export function SupportersPage() {
  const { profile } = useProfile();
  if (!isStaff(profile.role)) return <StaffOnly />;
  return <SupporterList />;
}

function SupporterList() {
  const { t, i18n } = useT();
  const searchId = useId();
  const [query, setQuery] = useState(lastView.query);
  const [filters, setFilters] = useState<SupporterFilters>(lastView.filters);
  const deferredQuery = useDeferredValue(query);
  const { rows, total, error, more } = useSupporterList(deferredQuery, filters);
  const filtered = filters.connection !== undefined || filters.consent !== undefined;

  useEffect(() => {
    lastView.query = query;
    lastView.filters = filters;
  }, [query, filters]);

  const consentValue = filters.consent === undefined ? '' : filters.consent ? 'yes' : 'no';

  return (
    <section className="page supporters">
      <div className="page-head">
        <h1>{t('supporters:title')}</h1>
        <div className="sup-actions">
          <div className="search-box">
            <label htmlFor={searchId} className="visually-hidden">
              {t('supporters:list.search')}
            </label>
            <input
              id={searchId}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('supporters:list.searchPlaceholder')}
            />
          </div>
          <Link to="/supporters/new" className="sup-button primary">
            {t('supporters:list.create')}
          </Link>
        </div>
      </div>
      <p className="muted sup-lead">{t('supporters:lead')}</p>
      <fieldset className="sup-filters">
        <legend className="visually-hidden">{t('supporters:list.filters')}</legend>
        <Field label={t('supporters:list.connection')}>
          <select
            value={filters.connection ?? ''}
            onChange={(e) => {
              const { connection: _, ...rest } = filters;
              const value = e.target.value as SupporterConnection | '';
              setFilters(value ? { ...rest, connection: value } : rest);
            }}
          >
            <option value="">{t('supporters:list.anyConnection')}</option>
            {SUPPORTER_CONNECTIONS.map((c) => (
              <option key={c} value={c}>
                {t(`supporters:connection.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('supporters:list.consent')}>
          <select
            value={consentValue}
            onChange={(e) => {
              const { consent: _, ...rest } = filters;
              const value = e.target.value;
              setFilters(value ? { ...rest, consent: value === 'yes' } : rest);
            }}
          >
            <option value="">{t('supporters:list.anyConsent')}</option>
            <option value="yes">{t('supporters:list.consentYes')}</option>
            <option value="no">{t('supporters:list.consentNo')}</option>
          </select>
        </Field>
        <button type="button" className="sup-button" disabled={!filtered} onClick={() => setFilters({})}>
          {t('supporters:list.clearFilters')}
        </button>
      </fieldset>
      {error ? (
        <p role="alert" className="form-error">
          {errorText(t, error)}
        </p>
      ) : null}
      <p className="summary" role="status" aria-live="polite" data-testid="supporter-count">
        {total === null ? t('app.loading') : t('supporters:list.count', { count: total })}
        {filtered && total !== null ? <span className="muted">{t('supporters:list.filtered')}</span> : null}
      </p>
      {total === 0 ? (
        <div className="empty-state">
          {deferredQuery.trim() ? (
            <h2>{t('supporters:list.noMatch', { query: deferredQuery })}</h2>
          ) : filtered ? (
            <h2>{t('supporters:list.noFilterMatch')}</h2>
          ) : (
            <>
              <h2>{t('supporters:list.emptyTitle')}</h2>
              <p>{t('supporters:list.emptyBody')}</p>
            </>
          )}
        </div>
      ) : null}
      {rows.length > 0 ? (
        <table className="sup-table">
          <thead>
            <tr>
              <th scope="col">{t('supporters:columns.name')}</th>
              <th scope="col">{t('supporters:columns.home')}</th>
              <th scope="col">{t('supporters:columns.connections')}</th>
              <th scope="col">{t('supporters:columns.firstConnected')}</th>
              <th scope="col" className="num">
                {t('supporters:columns.attended')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} className={s.erased ? 'erased' : undefined}>
                <td>
                  <Link to={`/supporters/${s.id}`} className="sup-name-link">
                    <span className="sup-name">{s.erased ? t('supporters:list.erased') : s.name}</span>
                    {s.nameKana ? <span className="kana">{s.nameKana}</span> : null}
                  </Link>
                </td>
                <td>{homeText(s)}</td>
                <td>
                  <ul className="sup-chips">
                    {s.connections.map((c) => (
                      <li key={c}>{connectionText(t, c, s.connectionOther)}</li>
                    ))}
                  </ul>
                  {s.contactConsent ? (
                    <span className="sup-consent yes">{t('supporters:detail.consentGiven')}</span>
                  ) : null}
                </td>
                <td>{dateText(s.firstConnectedOn, i18n.language)}</td>
                <td className="num">{t('supporters:list.attended', { count: s.eventsAttended })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {total !== null && rows.length < total ? (
        <button type="button" className="sup-button sup-more" onClick={more}>
          {t('supporters:list.more', { count: total - rows.length })}
        </button>
      ) : null}
    </section>
  );
}
