import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, japanDate } from '../../../../shared/domain/dates.ts';
import type { BoardStay } from '../../../../shared/ipc/views.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong, formatDateShort, formatTime, formatWareki } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';

/** 今日: who is in town, who comes and goes, who has no check-in yet, and what needs following up. */
export function TodayPage() {
  const { t, i18n } = useTranslation();
  const today = japanDate(new Date());
  const [date, setDate] = useState(today);
  const board = useCall('today.board', { date });
  const [message, setMessage] = useState('');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || (e.target as HTMLElement).closest('input, select, textarea'))
        return;
      if (e.key === '[') setDate((d) => addDays(d, -1));
      else if (e.key === ']') setDate((d) => addDays(d, 1));
      else if (e.key === 't') setDate(today);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [today]);

  const recordGood = async (stay: BoardStay) => {
    try {
      await call('checkins.record', {
        stayId: stay.stayId,
        date,
        kind: 'daily',
        condition: 'good',
        attendance: stay.children.map((c) => ({ memberId: c.memberId, attended: true })),
      });
      setMessage(t('today.recordedToast', { family: stay.familyName }));
    } catch (err) {
      setMessage(errorText(t, err));
    }
  };

  const data = board.data;
  const missing = data?.inTown.filter((s) => s.checkins.length === 0) ?? [];
  return (
    <section className="page today">
      <div className="page-head">
        <h1>{t('today.title')}</h1>
        <fieldset className="date-nav">
          <legend className="visually-hidden">{t('today.date')}</legend>
          <button type="button" onClick={() => setDate(addDays(date, -1))} aria-keyshortcuts="[">
            ‹ {t('today.prevDay')} <kbd>[</kbd>
          </button>
          <div className="date-current">
            <strong>{formatDateLong(date, i18n.language)}</strong>
            <span className="wareki">{formatWareki(date)}</span>
          </div>
          <button type="button" onClick={() => setDate(addDays(date, 1))} aria-keyshortcuts="]">
            {t('today.nextDay')} › <kbd>]</kbd>
          </button>
          {date !== today ? (
            <button type="button" onClick={() => setDate(today)} aria-keyshortcuts="t">
              {t('today.backToToday')} <kbd>t</kbd>
            </button>
          ) : null}
        </fieldset>
      </div>
      <p className="status-line" role="status" aria-live="polite">
        {message}
      </p>
      {board.error ? <p className="form-error">{errorText(t, board.error)}</p> : null}
      {data && data.inTown.length === 0 && data.arrivingTomorrow.length === 0 ? (
        <div className="empty-state">
          <h2>{t('today.emptyTitle')}</h2>
          <p>{t('today.emptyBody')}</p>
        </div>
      ) : null}
      {data && (data.inTown.length > 0 || data.arrivingTomorrow.length > 0) ? (
        <>
          <p className="summary">
            {t('today.summary', { inTown: data.inTown.length, missing: missing.length })}
          </p>
          <div className="board-columns">
            <div className="board-main">
              <h2>
                {t('today.inTown')} <span className="count">{data.inTown.length}</span>
              </h2>
              <ul className="stay-cards">
                {data.inTown.map((stay) => (
                  <StayCard key={stay.stayId} stay={stay} onRecordGood={() => recordGood(stay)} />
                ))}
              </ul>
            </div>
            <aside className="board-side">
              <MiniList title={t('today.arrivingToday')} stays={data.arrivingToday} />
              <MiniList title={t('today.departingToday')} stays={data.departingToday} />
              <MiniList title={t('today.arrivingTomorrow')} stays={data.arrivingTomorrow} />
              <MiniList title={t('today.departingTomorrow')} stays={data.departingTomorrow} />
              <section className="mini">
                <h2>
                  {t('today.followUps')} <span className="count">{data.followUpsDueTotal}</span>
                </h2>
                {data.followUpsDue.length === 0 ? <p className="muted">{t('today.none')}</p> : null}
                <ul>
                  {data.followUpsDue.slice(0, 20).map((f) => (
                    <li key={f.checkinId}>
                      <span className={`badge ${f.condition}`}>{t(`enums.condition.${f.condition}`)}</span>{' '}
                      {f.familyName}
                      <span className="muted"> {formatDateShort(f.followUpOn, i18n.language)}</span>
                      {f.note ? <div className="note">{f.note}</div> : null}
                    </li>
                  ))}
                </ul>
              </section>
            </aside>
          </div>
        </>
      ) : null}
    </section>
  );
}

function StayCard({ stay, onRecordGood }: { stay: BoardStay; onRecordGood: () => void }) {
  const { t, i18n } = useTranslation();
  const recorded = stay.checkins.length > 0;
  return (
    <li className={`stay-card ${recorded ? 'recorded' : 'missing'}`}>
      <div className="stay-card-head">
        <div>
          <span className="family-name">{stay.familyName}</span>
          <span className="kana">{stay.familyNameKana}</span>
        </div>
        <span className="programme">{t(`enums.programme.${stay.programme}`)}</span>
      </div>
      <div className="muted">
        {t('today.nights', {
          from: formatDateShort(stay.arrival, i18n.language),
          to: formatDateShort(stay.departure, i18n.language),
        })}
        {stay.lodging ? ` ・ ${stay.lodging}` : ''}
      </div>
      {stay.children.length > 0 ? (
        <ul className="children" aria-label={t('today.children')}>
          {stay.children.map((c) => (
            <li key={c.memberId}>
              {c.givenName}
              {c.age !== null ? `（${t('today.age', { age: c.age })}）` : ''}
              {c.schoolName ? <span className="school"> {c.schoolName}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="stay-card-foot">
        {recorded ? (
          <ul className="checkins">
            {stay.checkins.map((c) => (
              <li key={c.id}>
                <span className={`badge ${c.condition}`}>{t(`enums.condition.${c.condition}`)}</span>{' '}
                {formatTime(c.recordedAt, i18n.language)}
                {c.authorName ? ` ${c.authorName}` : ''}
                {c.note ? <span className="note"> {c.note}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <span className="badge missing">{t('today.noCheckin')}</span>
        )}
        <button type="button" className="primary small" onClick={onRecordGood}>
          {t('today.recordGood')}
        </button>
      </div>
    </li>
  );
}

function MiniList({ title, stays }: { title: string; stays: BoardStay[] }) {
  const { t } = useTranslation();
  return (
    <section className="mini">
      <h2>
        {title} <span className="count">{stays.length}</span>
      </h2>
      {stays.length === 0 ? <p className="muted">{t('today.none')}</p> : null}
      <ul>
        {stays.slice(0, 30).map((s) => (
          <li key={s.stayId}>
            {s.familyName} <span className="muted">{t(`enums.programme.${s.programme}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
