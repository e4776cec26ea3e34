import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../../shared/text/contact.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { useFamilyPages } from './use-family-pages.ts';

const ROW_HEIGHT = 56;

/** 家族: search as you type over the Japanese index; a virtual list keeps 10,000 rows smooth. */
export function FamiliesPage() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const { total, rows, ensureRange } = useFamilyPages(deferredQuery);
  const scroller = useRef<HTMLElement>(null);
  const searchId = useId();

  const virtual = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total) ensureRange(first, last);
  }, [first, last, total, ensureRange]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !(e.target as HTMLElement).closest('input, select, textarea')) {
        e.preventDefault();
        document.getElementById(searchId)?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [searchId]);

  return (
    <section className="page families">
      <div className="page-head">
        <h1>{t('families.title')}</h1>
        <div className="search-box">
          <label htmlFor={searchId} className="visually-hidden">
            {t('families.search')}
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('families.searchPlaceholder')}
            aria-keyshortcuts="/"
            aria-controls={`${searchId}-list`}
          />
          <kbd>/</kbd>
        </div>
      </div>
      <p className="summary" role="status" aria-live="polite" data-testid="family-count">
        {total === null ? t('app.loading') : t('families.count', { count: total })}
      </p>
      {total === 0 ? (
        <div className="empty-state">
          {deferredQuery.trim() ? (
            <h2>{t('families.noMatch', { query: deferredQuery })}</h2>
          ) : (
            <>
              <h2>{t('families.emptyTitle')}</h2>
              <p>{t('families.emptyBody')}</p>
            </>
          )}
        </div>
      ) : null}
      <div className="family-table">
        <div className="family-row header" aria-hidden="true">
          <span>{t('families.columns.name')}</span>
          <span>{t('families.columns.home')}</span>
          <span>{t('families.columns.members')}</span>
          <span>{t('families.columns.lastStay')}</span>
        </div>
        <section
          ref={scroller}
          className="family-scroll"
          id={`${searchId}-list`}
          aria-label={t('families.title')}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1), or 10,000 families could only be scrolled with a mouse.
          tabIndex={0}
        >
          <ul className="family-list" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const f = rows[item.index];
              return (
                <li
                  key={item.key}
                  className="family-row"
                  aria-setsize={total ?? 0}
                  aria-posinset={item.index + 1}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  {f ? (
                    <>
                      <span className="name-cell">
                        <span className="family-name">{f.erased ? t('families.erased') : f.familyName}</span>
                        <span className="kana">{f.familyNameKana}</span>
                      </span>
                      <span>
                        {[f.homePrefecture, f.homeCity].filter(Boolean).join(' ')}
                        {f.phone ? <span className="muted phone"> {formatPhone(f.phone)}</span> : null}
                      </span>
                      <span>
                        {t('families.members', { count: f.memberCount })}
                        <span className="muted">（{t('families.children', { count: f.childCount })}）</span>
                      </span>
                      <span>
                        {f.lastStayArrival ? (
                          <>
                            {formatDateWithYear(f.lastStayArrival, i18n.language)}{' '}
                            <span className="muted">
                              {f.lastStayProgramme ? t(`enums.programme.${f.lastStayProgramme}`) : ''}
                            </span>
                          </>
                        ) : (
                          <span className="muted">{t('families.noStay')}</span>
                        )}
                      </span>
                    </>
                  ) : (
                    <span className="muted">{t('app.loading')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </section>
  );
}
