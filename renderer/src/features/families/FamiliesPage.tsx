import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { FAMILY_SORTS, type FamilySort } from '../../../../shared/domain/enums.ts';
import { formatPhone } from '../../../../shared/text/contact.ts';
import { useT } from '../../i18n/use-t.ts';
import { ExportButtons, type ExportTarget } from '../exports/ExportButtons.tsx';
import { FamilyFilters } from './FamilyFilters.tsx';
import { FamilyGlance, StayGlance } from './FamilyGlance.tsx';
import { hasFilters, type ListFilters, lastListView } from './list-filters.ts';
import { useFamilyPages } from './use-family-pages.ts';
import './families.css';

const ROW_HEIGHT = 56;

/** 家族: search as you type over the Japanese index; a virtual list keeps 10,000 rows smooth. */
export function FamiliesPage() {
  const { t } = useT();
  const [query, setQuery] = useState(lastListView.query);
  const [filters, setFilters] = useState<ListFilters>(lastListView.filters);
  const [sort, setSort] = useState<FamilySort>(lastListView.sort);
  const deferredQuery = useDeferredValue(query);
  const deferredFilters = useDeferredValue(filters);
  const listFilters = useMemo(() => {
    const { area, ...rest } = deferredFilters;
    return area?.trim() ? { ...rest, area: area.trim() } : rest;
  }, [deferredFilters]);
  const listQuery = useMemo(() => ({ ...listFilters, sort }), [listFilters, sort]);
  const { total, rows, ensureRange } = useFamilyPages(deferredQuery, listQuery);
  const scroller = useRef<HTMLElement>(null);
  const searchId = useId();
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    lastListView.query = query;
    lastListView.filters = filters;
    lastListView.sort = sort;
  }, [query, filters, sort]);

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
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === '/' && !(e.target as HTMLElement).closest('input, select, textarea')) {
        e.preventDefault();
        document.getElementById(searchId)?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [searchId]);

  // The row to focus may not be rendered (or loaded) yet when an arrow key asks for it: keep asking
  // after each render until it is there.
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const link = scroller.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"] a`);
    if (link) {
      link.focus();
      pendingFocus.current = null;
    }
  });

  const focusRow = (index: number) => {
    if (!total) return;
    const target = Math.max(0, Math.min(index, total - 1));
    pendingFocus.current = target;
    virtual.scrollToIndex(target, { align: 'auto' });
    scroller.current?.querySelector<HTMLElement>(`[data-index="${target}"] a`)?.focus();
  };

  const onListKey = (e: KeyboardEvent<HTMLElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: (total ?? 1) - 1,
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    focusRow(next);
  };

  const filtered = hasFilters(listFilters);
  // What the list shows, as the exports take it: the families, their stays, their check-ins.
  const exportFilters = { ...listQuery, query: deferredQuery };
  const exportTargets: ExportTarget[] = [
    { kind: 'families', filters: exportFilters },
    { kind: 'stays', filters: exportFilters },
    { kind: 'checkins', filters: exportFilters },
  ];

  return (
    <section className="page families">
      <div className="page-head">
        <h1>{t('families.title')}</h1>
        <div className="fam-list-actions">
          <div className="search-box">
            <label htmlFor={searchId} className="visually-hidden">
              {t('families.search')}
            </label>
            <input
              id={searchId}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                // While an IME is composing, ↓ picks a conversion candidate: leave it to the IME.
                if (e.key === 'ArrowDown' && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  focusRow(0);
                }
              }}
              placeholder={t('families.searchPlaceholder')}
              aria-keyshortcuts="/"
              aria-controls={`${searchId}-list`}
            />
            <kbd>/</kbd>
          </div>
          <Link to="/enquiries" className="fam-button">
            {t('nav.enquiries')}
          </Link>
          <Link to="/families/new" className="fam-button primary">
            {t('families:list.create')}
          </Link>
        </div>
      </div>
      <FamilyFilters filters={filters} onChange={setFilters} />
      <div className="inline fam-sort">
        <label htmlFor={`${searchId}-sort`}>{t('families:sort')}</label>
        <select id={`${searchId}-sort`} value={sort} onChange={(e) => setSort(e.target.value as FamilySort)}>
          {FAMILY_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`families:sorts.${s}`)}
            </option>
          ))}
        </select>
        {deferredQuery.trim() ? <span className="muted">{t('families:searchOrder')}</span> : null}
      </div>
      <ExportButtons targets={exportTargets} />
      <p className="summary" role="status" aria-live="polite" data-testid="family-count">
        {total === null ? t('app.loading') : t('families.count', { count: total })}
        {filtered && total !== null ? <span className="muted">{t('families:list.filtered')}</span> : null}
      </p>
      {total === 0 ? (
        <div className="empty-state">
          {deferredQuery.trim() ? (
            <h2>{t('families.noMatch', { query: deferredQuery })}</h2>
          ) : filtered ? (
            <h2>{t('families:list.noFilterMatch')}</h2>
          ) : (
            <>
              <h2>{t('families.emptyTitle')}</h2>
              <p>{t('families.emptyBody')}</p>
            </>
          )}
        </div>
      ) : null}
      <p className="fam-list-hint muted" id={`${searchId}-hint`}>
        {t('families:list.keyboardHint')}
      </p>
      <div className="family-table">
        <div className="family-row header" aria-hidden="true">
          <span>{t('families:columns.family')}</span>
          <span>{t('families:columns.people')}</span>
          <span>{t('families:columns.stay')}</span>
          <span>{t('families:columns.home')}</span>
        </div>
        <section
          ref={scroller}
          className="family-scroll"
          id={`${searchId}-list`}
          aria-label={t('families.title')}
          aria-describedby={`${searchId}-hint`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1), or 10,000 families could only be scrolled with a mouse.
          tabIndex={0}
          onKeyDown={onListKey}
        >
          <ul className="family-list" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const f = rows[item.index];
              return (
                <li
                  key={item.key}
                  className="family-row"
                  data-index={item.index}
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
                    <Link to={`/families/${f.id}`} className="family-link">
                      <span className="name-cell">
                        <span className="family-name">{f.erased ? t('families.erased') : f.familyName}</span>
                        <span className="kana">{f.familyNameKana}</span>
                      </span>
                      <FamilyGlance family={f} />
                      <StayGlance stay={f.stay} />
                      <span className="fam-home">
                        {[f.homePrefecture, f.homeCity].filter(Boolean).join(' ')}
                        {f.phone ? <span className="muted phone"> {formatPhone(f.phone)}</span> : null}
                      </span>
                    </Link>
                  ) : (
                    <span className="family-link muted">{t('app.loading')}</span>
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
