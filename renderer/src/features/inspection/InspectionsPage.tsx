import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import { useChecklistTitles } from './use-checklist-titles.ts';
import './inspection.css';

/** 現地調査: the 「調査中」 list to resume from, and where a new inspection starts (a property or a new one). */
export function InspectionsPage() {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const open = useCall('inspections.inProgress', {});
  const title = useChecklistTitles(lang);
  const rows = open.data ?? [];

  return (
    <section className="page insp-list-page" aria-labelledby="insp-list-title">
      <h1 id="insp-list-title">{t('inspection:list.title')}</h1>
      <p className="muted">{t('inspection:list.lead')}</p>
      <div className="insp-start-grid">
        <section className="insp-card" aria-labelledby="insp-open-title">
          <h2 id="insp-open-title">{t('inspection:list.inProgress')}</h2>
          {open.error ? <p role="alert">{errorText(t, open.error)}</p> : null}
          {open.data && rows.length === 0 ? (
            <p className="muted" data-testid="in-progress-empty">
              {t('inspection:list.inProgressEmpty')}
            </p>
          ) : null}
          {rows.length > 0 ? (
            <table className="insp-table" data-testid="in-progress">
              <thead>
                <tr>
                  <th scope="col">{t('inspection:list.columns.address')}</th>
                  <th scope="col">{t('inspection:list.columns.template')}</th>
                  <th scope="col">{t('inspection:list.columns.date')}</th>
                  <th scope="col">{t('inspection:list.columns.progress')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('inspection:list.columns.action')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const address = r.propertyAddress ?? t('inspection:list.noAddress');
                  return (
                    <tr key={r.id} data-testid="in-progress-row">
                      <td>{address}</td>
                      <td>{title(r.templateId)}</td>
                      <td>{formatDateWithYear(r.inspectedOn, lang)}</td>
                      <td className="insp-progress-cell">
                        <progress max={r.total || 1} value={r.answered} aria-hidden="true" />{' '}
                        {t('inspection:list.progress', { answered: r.answered, total: r.total })}
                      </td>
                      <td>
                        <Link
                          to={`/inspections/${r.id}`}
                          className="insp-button"
                          aria-label={t('inspection:list.resumeLabel', { address })}
                        >
                          {t('inspection:list.resume')}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </section>
        <StartPicker />
      </div>
    </section>
  );
}

/** A new inspection: find the property in the register, or register the house standing here first. */
function StartPicker() {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const found = useCall('akiya.register', { query: deferred, limit: 8, sort: 'ref_number' });
  const hits = found.data?.rows ?? [];
  return (
    <section className="insp-card" aria-labelledby="insp-start-title">
      <h2 id="insp-start-title">{t('inspection:list.start')}</h2>
      <label className="insp-search">
        <span>{t('inspection:list.search')}</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('inspection:list.searchHint')}
          autoComplete="off"
        />
      </label>
      {found.error ? <p role="alert">{errorText(t, found.error)}</p> : null}
      {found.data && hits.length === 0 ? <p className="muted">{t('inspection:list.searchEmpty')}</p> : null}
      <ul className="insp-hits" data-testid="property-hits">
        {hits.map((p) => {
          const address = [p.refNumber, p.address || p.lotNumber].filter(Boolean).join(' ');
          return (
            <li key={p.id}>
              <span>{address}</span>
              <Link
                to={`/akiya/${p.id}/inspections/new`}
                className="insp-button"
                aria-label={t('inspection:list.startHereLabel', { address })}
              >
                {t('inspection:list.startHere')}
              </Link>
            </li>
          );
        })}
      </ul>
      <p>
        <Link to="/akiya/new?inspect=1" className="insp-button primary" data-testid="new-property-here">
          {t('inspection:list.newProperty')}
        </Link>
      </p>
      <p className="muted">{t('inspection:list.newPropertyHint')}</p>
    </section>
  );
}
