import {
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { TrialCalendarHouse, TrialCalendarMonth } from '../../../../shared/ipc/views/trial-calendar.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateShort } from '../../lib/format.ts';
import { type HouseLayout, layOut, nightsOf, type PlacedStay } from './calendar-layout.ts';

export interface CalendarGridProps {
  calendar: TrialCalendarMonth;
  today: string;
  onOpenStay: (stayId: string) => void;
  onNewStay: (propertyId: string, night: string) => void;
}

/** The house's name on the calendar: its address, else its 地番, else its 整理番号. */
export function houseName(house: TrialCalendarHouse, lot: (lot: string) => string): string {
  if (house.address.trim()) return house.address;
  if (house.lotNumber) return lot(house.lotNumber);
  return house.refNumber ?? house.propertyId.slice(0, 8);
}

const weekdayOf = (night: string) => new Date(`${night}T00:00:00Z`).getUTCDay();

/**
 * The month as an ARIA grid: one row per house (its name a sticky row header), one cell per night.
 * Each stay is a bar starting in the cell of its first night in the month and spanning its nights;
 * stays sharing nights sit on lanes of their own and carry a red, hatched look and the word 重複.
 * Keyboard: one cell is in the tab order (roving tabindex); arrows, Home/End and Ctrl+Home/End move,
 * Enter or Space opens the night's stay or starts a new one on a vacant night. A night with several
 * stays hands focus to their bars (↑↓ between them, Esc back), as the grid pattern's interactive cells do.
 */
export function CalendarGrid({ calendar, today, onOpenStay, onNewStay }: CalendarGridProps) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const nights = useMemo(() => nightsOf(calendar.from, calendar.to), [calendar.from, calendar.to]);
  const layouts = useMemo(
    () => calendar.houses.map((h) => layOut(h.stays, nights)),
    [calendar.houses, nights],
  );
  // Everything a cell says that depends only on its night or the language: worked out once per month,
  // not once per cell (a month of 50 houses is 1,550 cells).
  const nightInfo = useMemo(() => nightsInfo(nights, today, lang), [nights, today, lang]);
  const texts = useMemo(
    (): RowTexts => ({
      vacant: t('trialCalendar:vacant'),
      doubleBooked: t('trialCalendar:doubleBooked'),
      doubleBookedLong: t('trialCalendar:doubleBookedLong'),
      notTrialHousing: t('trialCalendar:notTrialHousing'),
      lot: (lot) => t('trialCalendar:lot', { lot }),
      family: (family) => t('trialCalendar:family', { family }),
      night: (date) => t('trialCalendar:nightLabel', { date }),
      stay: (family, from, to) => t('trialCalendar:stayLabel', { family, from, to }),
      date: (d) => formatDateShort(d, lang),
    }),
    [t, lang],
  );
  const todayIndex = nights.indexOf(today);
  const [active, setActive] = useState<{ row: number; col: number }>({
    row: 0,
    col: Math.max(0, todayIndex),
  });
  const gridRef = useRef<HTMLTableElement>(null);
  const moved = useRef(false);

  // A new month or fewer houses: keep the active cell inside the grid.
  const rows = calendar.houses.length;
  const cols = nights.length;
  const row = Math.min(active.row, Math.max(0, rows - 1));
  const col = Math.min(active.col, Math.max(0, cols - 1));

  const cell = useCallback(
    (r: number, c: number) =>
      gridRef.current?.querySelector<HTMLElement>(`[data-row="${r}"][data-col="${c}"]`) ?? null,
    [],
  );
  const barOf = (r: number, stayId: string) =>
    gridRef.current?.querySelector<HTMLElement>(`[data-bar-row="${r}"][data-stay-id="${stayId}"]`) ?? null;
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    cell(row, col)?.focus();
  }, [row, col, cell]);

  const moveTo = (r: number, c: number) => {
    moved.current = true;
    setActive({ row: Math.max(0, Math.min(rows - 1, r)), col: Math.max(0, Math.min(cols - 1, c)) });
  };

  const open = (r: number, c: number) => {
    const house = calendar.houses[r];
    const staying = layouts[r]?.byNight[c] ?? [];
    const night = nights[c];
    if (!house || !night) return;
    if (staying.length === 0) onNewStay(house.propertyId, night);
    else if (staying.length === 1) onOpenStay((staying[0] as PlacedStay).stay.stayId);
    else barOf(r, (staying[0] as PlacedStay).stay.stayId)?.focus();
  };

  /** The grid's one key handler (delegated: a cell or a bar inside it). */
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    const stayId = target.dataset.stayId;
    if (stayId !== undefined) {
      onBarKey(e, Number(target.dataset.barRow), stayId);
      return;
    }
    if (target.dataset.col === undefined) return;
    const r = Number(target.dataset.row);
    const c = Number(target.dataset.col);
    const keys: Record<string, () => void> = {
      ArrowRight: () => moveTo(r, c + 1),
      ArrowLeft: () => moveTo(r, c - 1),
      ArrowDown: () => moveTo(r + 1, c),
      ArrowUp: () => moveTo(r - 1, c),
      Home: () => (e.ctrlKey ? moveTo(0, 0) : moveTo(r, 0)),
      End: () => (e.ctrlKey ? moveTo(rows - 1, cols - 1) : moveTo(r, cols - 1)),
      PageDown: () => moveTo(r + 5, c),
      PageUp: () => moveTo(r - 5, c),
      Enter: () => open(r, c),
      ' ': () => open(r, c),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  /** On a bar reached from a crowded night: ↑↓ between that night's stays, Esc back to the cell. */
  const onBarKey = (e: KeyboardEvent, r: number, stayId: string) => {
    const c = r === row ? col : 0;
    const staying = layouts[r]?.byNight[c] ?? [];
    const at = staying.findIndex((p) => p.stay.stayId === stayId);
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0 && at >= 0) {
      e.preventDefault();
      const next = staying[(at + step + staying.length) % staying.length];
      if (next) barOf(r, next.stay.stayId)?.focus();
    } else if (e.key === 'Escape' || e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      cell(r, c)?.focus();
    }
  };

  const onClick = (e: MouseEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    const bar = target.closest<HTMLElement>('[data-stay-id]');
    if (bar?.dataset.stayId) {
      onOpenStay(bar.dataset.stayId);
      return;
    }
    if (target.dataset.col === undefined) return;
    const r = Number(target.dataset.row);
    const c = Number(target.dataset.col);
    if ((layouts[r]?.byNight[c]?.length ?? 0) <= 1) open(r, c);
  };

  // A cell taking focus (by click or Tab) becomes the grid's position; a bar inside one does not.
  const onFocus = (e: FocusEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    if (target.dataset.col === undefined) return;
    const r = Number(target.dataset.row);
    const c = Number(target.dataset.col);
    if (r !== row || c !== col) setActive({ row: r, col: c });
  };

  return (
    <div className="calendar-scroll">
      <table
        ref={gridRef}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the APG data grid, a table whose cells are navigated with arrows and activated with Enter.
        role="grid"
        aria-labelledby="trial-calendar-title"
        aria-describedby="trial-calendar-hint"
        aria-rowcount={rows + 1}
        aria-colcount={cols + 1}
        aria-readonly="true"
        className="calendar-grid"
        onKeyDown={onKeyDown}
        onClick={onClick}
        onFocus={onFocus}
      >
        <colgroup>
          <col className="house-col" />
          {nights.map((night) => (
            <col key={night} className="night-col" />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1} className="calendar-head">
            <th scope="col" aria-colindex={1} className="calendar-house-head">
              {t('trialCalendar:house')}
            </th>
            {nightInfo.map((n, i) => (
              <th
                key={n.night}
                scope="col"
                aria-colindex={i + 2}
                aria-label={`${n.label}${n.night === today ? ` ${t('trialCalendar:today')}` : ''}`}
                className={n.headClass}
                {...(n.night === today ? { 'aria-current': 'date' as const } : {})}
              >
                <span className="day-number">{n.day}</span>
                <span className="day-name">{n.dayName}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calendar.houses.map((house, r) => (
            <HouseRow
              key={house.propertyId}
              house={house}
              layout={layouts[r] as HouseLayout}
              r={r}
              nightInfo={nightInfo}
              activeCol={r === row ? col : null}
              texts={texts}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface NightInfo {
  night: string;
  day: number;
  dayName: string;
  label: string;
  headClass: string;
  cellClass: string;
}

function nightsInfo(nights: readonly string[], today: string, lang: string): NightInfo[] {
  const weekday = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    weekday: 'short',
    timeZone: 'UTC',
  });
  return nights.map((night) => ({
    night,
    day: Number(night.slice(8)),
    dayName: weekday.format(new Date(`${night}T00:00:00Z`)),
    label: formatDateShort(night, lang),
    headClass: nightClass('calendar-day-head', night, today),
    cellClass: nightClass('calendar-night', night, today),
  }));
}

function nightClass(base: string, night: string, today: string): string {
  const day = weekdayOf(night);
  return [base, day === 6 ? 'saturday' : '', day === 0 ? 'sunday' : '', night === today ? 'today' : '']
    .filter(Boolean)
    .join(' ');
}

interface RowTexts {
  vacant: string;
  doubleBooked: string;
  doubleBookedLong: string;
  notTrialHousing: string;
  lot: (lot: string) => string;
  family: (family: string) => string;
  night: (date: string) => string;
  stay: (family: string, from: string, to: string) => string;
  date: (date: string) => string;
}

interface HouseRowProps {
  house: TrialCalendarHouse;
  layout: HouseLayout;
  r: number;
  nightInfo: NightInfo[];
  activeCol: number | null;
  texts: RowTexts;
}

/** One house: memoised, so moving through the grid re-renders only the rows the focus leaves and enters. */
const HouseRow = memo(function HouseRow({ house, layout, r, nightInfo, activeCol, texts }: HouseRowProps) {
  const name = houseName(house, texts.lot);
  const familyOf = (p: PlacedStay) => texts.family(p.stay.familyName);
  const barStarts = new Map<number, PlacedStay[]>();
  for (const p of layout.placed) barStarts.set(p.start, [...(barStarts.get(p.start) ?? []), p]);

  return (
    <tr
      aria-rowindex={r + 2}
      className="calendar-row"
      style={{ ['--lanes' as string]: layout.lanes }}
      data-property-id={house.propertyId}
    >
      <th scope="row" aria-colindex={1} className="calendar-house">
        <span className="house-name">{name}</span>
        {house.status !== 'trial_housing' ? (
          <span className="house-note">{texts.notTrialHousing}</span>
        ) : null}
      </th>
      {nightInfo.map((n, c) => {
        const staying = layout.byNight[c] ?? [];
        const said = staying.length
          ? staying
              .map((p) => `${familyOf(p)}${p.stay.doubleBooked ? `（${texts.doubleBookedLong}）` : ''}`)
              .join('、')
          : texts.vacant;
        return (
          <td
            key={n.night}
            aria-colindex={c + 2}
            tabIndex={activeCol === c ? 0 : -1}
            data-row={r}
            data-col={c}
            data-night={n.night}
            className={`${n.cellClass}${staying.length ? ' taken' : ' vacant'}${staying.length > 1 ? ' crowded' : ''}`}
          >
            <span className="visually-hidden">{`${texts.night(n.label)}: ${said}`}</span>
            {(barStarts.get(c) ?? []).map((p) => (
              <button
                key={p.stay.stayId}
                type="button"
                tabIndex={-1}
                data-bar-row={r}
                data-stay-id={p.stay.stayId}
                className={`stay-bar status-${p.stay.status}${p.stay.doubleBooked ? ' double-booked' : ''}${p.fromBefore ? ' from-before' : ''}${p.toAfter ? ' to-after' : ''}`}
                style={{ ['--span' as string]: p.span, ['--lane-n' as string]: p.lane }}
                title={texts.stay(
                  p.stay.familyName,
                  texts.date(p.stay.arrival),
                  texts.date(p.stay.departure),
                )}
              >
                {p.fromBefore ? <span aria-hidden="true">◀ </span> : null}
                {p.stay.doubleBooked ? <span className="overlap-marker">⚠ {texts.doubleBooked}</span> : null}
                <span className="bar-family">{familyOf(p)}</span>
                {p.toAfter ? <span aria-hidden="true"> ▶</span> : null}
              </button>
            ))}
          </td>
        );
      })}
    </tr>
  );
});
