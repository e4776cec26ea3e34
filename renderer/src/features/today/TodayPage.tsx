import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { addDays, japanDate } from '../../../../shared/domain/dates.ts';
import type { BoardStay } from '../../../../shared/ipc/views.ts';
import { normalizeForSearch } from '../../../../shared/text/search-normalize.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong } from '../../lib/format.ts';
import { ConfirmDialog } from '../../lib/forms/ConfirmDialog.tsx';
import { ToastSlot, useToast } from '../../lib/forms/toast.tsx';
import { useCall } from '../../lib/use-call.ts';
import { BoardSide } from './BoardSide.tsx';
import { CheckinDialog } from './CheckinDialog.tsx';
import { cardLabels } from './card-labels.ts';
import { DateNav } from './DateNav.tsx';
import { KeyLegend } from './KeyLegend.tsx';
import { StayCard } from './StayCard.tsx';
import { StayRow } from './StayRow.tsx';
import { useBoardKeys } from './use-board-keys.ts';
import { useStableStays } from './use-stable-stays.ts';
import './today.css';

type BoardView = 'cards' | 'list';
const VIEW_KEY = 'futasato.board.view';

/** The view the coordinator chose last time (a per-laptop preference, not a record). */
function savedView(): BoardView {
  return localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'cards';
}

/** Everything the board's search looks in: names (with furigana), the house, the children and nursery. */
function searchText(stay: BoardStay): string {
  return normalizeForSearch(
    [
      stay.familyName,
      stay.familyNameKana,
      stay.lodging ?? '',
      ...stay.children.flatMap((c) => [c.givenName, c.givenNameKana, c.schoolName ?? '']),
    ].join(' '),
  );
}

/** 今日: who is in town, who comes and goes, who has no check-in yet, and what needs following up. */
export function TodayPage() {
  const { t, i18n } = useT();
  const toast = useToast();
  const today = japanDate(new Date());
  const [date, setDate] = useState(today);
  const board = useCall('today.board', { date });
  const [message, setMessage] = useState('');
  const [onlyMissing, setOnlyMissing] = useState(false);
  const [view, setView] = useState<BoardView>(savedView);
  const [query, setQuery] = useState('');
  // A day after today asks once before its first record (a wrong day is easy to miss on the board).
  const [futureConfirmed, setFutureConfirmed] = useState<string | null>(null);
  const [askFuture, setAskFuture] = useState<BoardStay | null>(null);
  const formId = useId();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [detailFor, setDetailFor] = useState<BoardStay | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const labels = useMemo(() => cardLabels(t), [t]);

  // While another date loads, show nothing rather than the previous day's families under the new date.
  const data = board.data?.date === date ? board.data : undefined;
  const inTown = useStableStays(data?.inTown);
  const missingCount = inTown.filter((s) => s.checkins.length === 0).length;
  const needle = normalizeForSearch(query);
  const visible = useMemo(
    () =>
      inTown.filter(
        (s) => (!onlyMissing || s.checkins.length === 0) && (needle === '' || searchText(s).includes(needle)),
      ),
    [inTown, onlyMissing, needle],
  );
  const chooseView = (next: BoardView) => {
    setView(next);
    localStorage.setItem(VIEW_KEY, next);
  };

  const changeDate = (next: string) => {
    setDate(next);
    setActiveId(null);
  };

  /** Moves the keyboard focus onto a card's 良好で記録 button (its card then becomes active). */
  const focusCard = (stayId: string) => {
    listRef.current?.querySelector<HTMLElement>(`[data-stay-id="${stayId}"] .record-good`)?.focus();
    setActiveId(stayId);
  };

  // Stable for the memoised cards: they read the date through a ref, not a changing closure.
  const dateRef = useRef(date);
  dateRef.current = date;
  const futureRef = useRef(futureConfirmed);
  futureRef.current = futureConfirmed;
  const saveGood = useCallback(
    async (stay: BoardStay) => {
      setPending((p) => new Set(p).add(stay.stayId));
      try {
        const { id } = await call('checkins.record', {
          stayId: stay.stayId,
          date: dateRef.current,
          kind: 'daily',
          condition: 'good',
          attendance: stay.children.map((c) => ({ memberId: c.memberId, attended: true })),
        });
        // One click records, so one click must be able to take a mis-click back.
        toast({
          message: t('today.recordedToast', { family: stay.familyName }),
          undo: async () => {
            await call('checkins.retract', { id });
            toast({ message: t('forms.undone') });
          },
        });
      } catch (err) {
        setMessage(errorText(t, err));
      } finally {
        setPending((p) => {
          const next = new Set(p);
          next.delete(stay.stayId);
          return next;
        });
      }
    },
    [t, toast],
  );
  const recordGood = useCallback(
    (stay: BoardStay) => {
      if (dateRef.current > today && futureRef.current !== dateRef.current) {
        setAskFuture(stay);
        return;
      }
      void saveGood(stay);
    },
    [saveGood, today],
  );

  const activeIndex = visible.findIndex((s) => s.stayId === activeId);
  const active = visible[activeIndex];
  useBoardKeys({
    move: (step) => {
      const next =
        visible[activeIndex < 0 ? 0 : Math.min(visible.length - 1, Math.max(0, activeIndex + step))];
      if (next) focusCard(next.stayId);
    },
    recordGood: () => {
      if (!active || pending.has(active.stayId)) return;
      recordGood(active);
      // On to the next family; with only the missing shown, the recorded card leaves and the next slides up.
      const next = visible[activeIndex + 1];
      if (next) focusCard(next.stayId);
    },
    recordDetail: () => {
      if (active) setDetailFor(active);
    },
    previousDay: () => changeDate(addDays(date, -1)),
    nextDay: () => changeDate(addDays(date, 1)),
    today: () => changeDate(today),
  });

  const closeDetail = (stay: BoardStay, saved: boolean) => {
    setDetailFor(null);
    if (saved) setMessage(t('today.recordedToast', { family: stay.familyName }));
    listRef.current?.querySelector<HTMLElement>(`[data-stay-id="${stay.stayId}"] .record-detail`)?.focus();
  };

  const hasAnyone = data && (data.inTown.length > 0 || data.arrivingTomorrow.length > 0);
  const Item = view === 'list' ? StayRow : StayCard;
  return (
    <section className="page today">
      <div className="page-head">
        <h1>{t('today.title')}</h1>
        <DateNav date={date} today={today} onChange={changeDate} />
      </div>
      <p className="status-line" role="status" aria-live="polite">
        {message}
      </p>
      {board.error ? <p className="form-error">{errorText(t, board.error)}</p> : null}
      {data && !hasAnyone ? (
        <div className="empty-state">
          <h2>{t('today.emptyTitle')}</h2>
          <p>{t('today.emptyBody')}</p>
        </div>
      ) : null}
      {data && hasAnyone ? (
        <div className="board-columns">
          <div className="board-main">
            <div className="board-toolbar">
              <p className="summary">
                {t('today.summary', { inTown: inTown.length, missing: missingCount })}
              </p>
              <label className="board-search" htmlFor={`${formId}-q`}>
                <span className="visually-hidden">{t('today:search')}</span>
                <input
                  id={`${formId}-q`}
                  type="search"
                  value={query}
                  placeholder={t('today:searchPlaceholder')}
                  onChange={(e) => setQuery(e.target.value)}
                />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={onlyMissing}
                  onChange={(e) => setOnlyMissing(e.target.checked)}
                />
                {t('today:onlyMissing')}
              </label>
              <fieldset className="view-switch">
                <legend className="visually-hidden">{t('today:view')}</legend>
                {(['cards', 'list'] as const).map((v) => (
                  <label key={v} className={view === v ? 'chosen' : undefined}>
                    <input
                      type="radio"
                      name={`${formId}-view`}
                      checked={view === v}
                      onChange={() => chooseView(v)}
                    />
                    {t(`today:views.${v}`)}
                  </label>
                ))}
              </fieldset>
              <ToastSlot className="board-toast-slot" />
            </div>
            <KeyLegend />
            <h2>
              {t('today.inTown')} <span className="count">{inTown.length}</span>
            </h2>
            {onlyMissing && needle === '' && visible.length === 0 ? (
              <p className="muted">{t('today:allRecorded')}</p>
            ) : null}
            {needle !== '' ? (
              <p className="muted">{t('today:searchCount', { count: visible.length })}</p>
            ) : null}
            <ul className={view === 'list' ? 'stay-rows' : 'stay-cards'} ref={listRef}>
              {visible.map((stay) => (
                <Item
                  key={stay.stayId}
                  stay={stay}
                  active={stay.stayId === activeId}
                  pending={pending.has(stay.stayId)}
                  labels={labels}
                  lang={i18n.language}
                  onRecordGood={recordGood}
                  onRecordDetail={setDetailFor}
                  onActivate={setActiveId}
                />
              ))}
            </ul>
          </div>
          <BoardSide board={data} />
        </div>
      ) : null}
      {detailFor ? (
        <CheckinDialog
          key={detailFor.stayId}
          stay={detailFor}
          date={date}
          today={today}
          onClose={(saved) => closeDetail(detailFor, saved)}
        />
      ) : null}
      <ConfirmDialog
        open={askFuture !== null}
        title={t('today:future.title')}
        confirmLabel={t('today:future.confirm', { date: formatDateLong(date, i18n.language) })}
        onCancel={() => setAskFuture(null)}
        onConfirm={() => {
          const stay = askFuture;
          setAskFuture(null);
          setFutureConfirmed(date);
          if (stay) void saveGood(stay);
        }}
      >
        <p>
          {t('today:future.body', {
            date: formatDateLong(date, i18n.language),
            today: formatDateLong(today, i18n.language),
          })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
