import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useDeferredValue, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { PropertyStatus } from '../../../../shared/domain/enums.ts';
import type { RegisterSort } from '../../../../shared/ipc/views/akiya-register.ts';
import { useT } from '../../i18n/use-t.ts';
import { ExportButtons } from '../exports/ExportButtons.tsx';
import { RegisterFilterBar } from './RegisterFilterBar.tsx';
import { RegisterRowCells } from './RegisterRowCells.tsx';
import { hasFilters, lastRegisterView, type RegisterFilters, type RegisterOrder } from './register-state.ts';
import { StatusCounts } from './StatusCounts.tsx';
import { useRegister } from './use-register.ts';
import './akiya.css';

const ROW_HEIGHT = 56;
/** The sticky header above the rows, inside the same scrolling box. */
const HEADER_HEIGHT = 48;

type Column =
  | 'ref'
  | 'address'
  | 'district'
  | 'status'
  | 'building'
  | 'vacancy'
  | 'consent'
  | 'inspection'
  | 'price';

/** The columns in order, and the sort each header applies (none for the ones not worth sorting by). */
const COLUMNS: { key: Column; sort?: RegisterSort }[] = [
  { key: 'ref', sort: 'ref_number' },
  { key: 'address', sort: 'address' },
  { key: 'district' },
  { key: 'status', sort: 'status' },
  { key: 'building', sort: 'year_built' },
  { key: 'vacancy' },
  { key: 'consent' },
  { key: 'inspection', sort: 'last_inspection' },
  { key: 'price' },
];

/**
 * 空き家台帳: every live property of the town, searched as you type, filtered, counted per status and
 * sorted by any header. The whole answer is in memory; only the rows on screen are rendered.
 */
export function AkiyaRegisterPage() {
  const { t } = useT();
  const [query, setQuery] = useState(lastRegisterView.query);
  const [statuses, setStatuses] = useState<PropertyStatus[]>(lastRegisterView.statuses);
  const [filters, setFilters] = useState<RegisterFilters>(lastRegisterView.filters);
  const [order, setOrder] = useState<RegisterOrder>(lastRegisterView.order);
  const deferredQuery = useDeferredValue(query);
  const { total, rows, summary, failed, ensureRange } = useRegister(deferredQuery, statuses, filters, order);
  const scroller = useRef<HTMLDivElement>(null);
  const searchId = useId();
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    Object.assign(lastRegisterView, { query, statuses, filters, order });
  }, [query, statuses, filters, order]);

  const virtual = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
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

  // The row to focus may not be rendered yet when an arrow key asks for it: ask after each render.
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

  const sortBy = (sort: RegisterSort) =>
    setOrder((o) => (o.sort === sort ? { sort, descending: !o.descending } : { sort, descending: false }));

  const filtered = hasFilters(filters) || statuses.length > 0;

  return (
    <section className="page akiya">
      <div className="page-head">
        <h1>{t('akiya:title')}</h1>
        <div className="akiya-actions">
          <div className="search-box">
            <label htmlFor={searchId} className="visually-hidden">
              {t('akiya:search')}
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
              placeholder={t('akiya:searchPlaceholder')}
              aria-keyshortcuts="/"
              aria-controls={`${searchId}-table`}
            />
            <kbd>/</kbd>
          </div>
          <Link to="/akiya/calendar" className="akiya-button">
            {t('akiya:calendar')}
          </Link>
          <Link to="/akiya/new" className="akiya-button primary">
            {t('akiya:create')}
          </Link>
        </div>
      </div>
      <StatusCounts counts={summary?.statusCounts ?? null} selected={statuses} onChange={setStatuses} />
      <RegisterFilterBar filters={filters} districts={summary?.districts ?? []} onChange={setFilters} />
      <ExportButtons
        targets={[{ kind: 'akiya', filters: { query: deferredQuery, statuses, ...filters, ...order } }]}
      />
      <p className="summary" role="status" aria-live="polite" data-testid="akiya-count">
        {total === null ? t('akiya:loading') : t('akiya:count', { count: total })}
        {filtered && total !== null ? <span className="muted">{t('akiya:filtered')}</span> : null}
      </p>
      {failed ? <p className="error-text">{t('akiya:loadFailed')}</p> : null}
      {total === 0 ? (
        <div className="empty-state">
          {deferredQuery.trim() ? (
            <h2>{t('akiya:empty.noMatch', { query: deferredQuery })}</h2>
          ) : filtered ? (
            <h2>{t('akiya:empty.noFilterMatch')}</h2>
          ) : (
            <>
              <h2>{t('akiya:empty.title')}</h2>
              <p>{t('akiya:empty.body')}</p>
            </>
          )}
        </div>
      ) : null}
      <p className="akiya-hint muted" id={`${searchId}-hint`}>
        {t('akiya:keyboardHint')}
      </p>
      <div ref={scroller} className="akiya-scroll">
        <table
          className="akiya-table"
          id={`${searchId}-table`}
          aria-describedby={`${searchId}-hint`}
          aria-rowcount={(total ?? 0) + 1}
        >
          <caption className="visually-hidden">{t('akiya:title')}</caption>
          <thead>
            <tr className="akiya-row header" aria-rowindex={1}>
              {COLUMNS.map((c) => {
                const label = t(`akiya:columns.${c.key}`);
                const active = c.sort !== undefined && order.sort === c.sort;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={`col-${c.key}`}
                    aria-sort={active ? (order.descending ? 'descending' : 'ascending') : undefined}
                  >
                    {c.sort ? (
                      <button
                        type="button"
                        className="akiya-sort"
                        onClick={() => sortBy(c.sort as RegisterSort)}
                        title={t('akiya:sortBy', { column: label })}
                      >
                        {label}
                        <span aria-hidden="true" className="akiya-sort-mark">
                          {active ? (order.descending ? '▼' : '▲') : '↕'}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody onKeyDown={onListKey} style={{ height: virtual.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index];
              return (
                <tr
                  key={item.key}
                  className="akiya-row"
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                >
                  {row ? (
                    <RegisterRowCells row={row} />
                  ) : (
                    <td className="akiya-pending muted">{t('akiya:loading')}</td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
