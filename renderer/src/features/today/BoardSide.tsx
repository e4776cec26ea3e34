import { useId } from 'react';
import { Link } from 'react-router';
import type { BoardStay, TodayBoard } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateShort } from '../../lib/format.ts';
import { useCloseFollowUp } from '../follow-ups/use-close-follow-up.ts';

/** Enough for a normal day; the rest is counted, not listed, so the column stays readable. */
const SHOWN = 20;

/** The side column: comings and goings, follow-ups due, and the way to enquiries. */
export function BoardSide({ board }: { board: TodayBoard }) {
  const { t } = useT();
  return (
    <aside className="board-side" aria-label={t('today:side')}>
      <MiniList title={t('today.arrivingToday')} stays={board.arrivingToday} editable />
      <MiniList title={t('today.departingToday')} stays={board.departingToday} editable />
      <EnquiriesDue board={board} />
      <FollowUps board={board} />
      <MiniList title={t('today.arrivingTomorrow')} stays={board.arrivingTomorrow} />
      <MiniList title={t('today.departingTomorrow')} stays={board.departingTomorrow} />
    </aside>
  );
}

/** Promised call-backs to enquirers that fall today or are late: the enquiries page marks them too. */
function EnquiriesDue({ board }: { board: TodayBoard }) {
  const { t, i18n } = useT();
  const id = useId();
  const due = board.enquiriesDue;
  return (
    <section className="mini enquiries-due" aria-labelledby={id}>
      <h2 id={id}>
        <Link to="/enquiries">{t('today:enquiries')}</Link> <span className="count">{due.length}</span>
      </h2>
      {due.length === 0 ? <p className="muted">{t('today:enquiriesNone')}</p> : null}
      <ul>
        {due.map((e) => (
          <li key={e.enquiryId}>
            {e.nextActionOn < board.date ? (
              <span className="badge overdue">{t('today:enquiryOverdue')}</span>
            ) : (
              <span className="badge due-today">{t('today:enquiryToday')}</span>
            )}{' '}
            <Link to={`/enquiries?focus=${e.enquiryId}`}>{e.contactName}</Link>
            <span className="muted"> {formatDateShort(e.nextActionOn, i18n.language)}</span>
            {e.nextAction ? <div className="note">{e.nextAction}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function MiniList({ title, stays, editable }: { title: string; stays: BoardStay[]; editable?: boolean }) {
  const { t } = useT();
  const id = useId();
  return (
    <section className="mini" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">{stays.length}</span>
      </h2>
      {stays.length === 0 ? <p className="muted">{t('today.none')}</p> : null}
      <ul>
        {stays.slice(0, SHOWN).map((s) => (
          <li key={s.stayId}>
            <Link to={`/families/${s.familyId}`}>{s.familyName}</Link>{' '}
            <span className="muted">{t(`enums.programme.${s.programme}`)}</span>
            {editable ? (
              <Link
                className="mini-action"
                to={`/stays/${s.stayId}/edit`}
                aria-label={t('today:editStayFor', { family: s.familyName })}
              >
                {t('today:editStay')}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
      {stays.length > SHOWN ? (
        <p className="muted">{t('today:more', { count: stays.length - SHOWN })}</p>
      ) : null}
    </section>
  );
}

function FollowUps({ board }: { board: TodayBoard }) {
  const { t, i18n } = useT();
  const id = useId();
  const close = useCloseFollowUp();
  const shown = board.followUpsDue.slice(0, SHOWN);
  const hidden = board.followUpsDueTotal - shown.length;
  return (
    <section className="mini follow-ups" aria-labelledby={id}>
      <h2 id={id}>
        {t('today.followUps')} <span className="count">{board.followUpsDueTotal}</span>
      </h2>
      {board.followUpsDueTotal === 0 ? <p className="muted">{t('today.none')}</p> : null}
      <ul>
        {shown.map((f) => (
          <li key={f.checkinId}>
            <div className="follow-up-main">
              <span className={`badge ${f.condition}`}>{t(`enums.condition.${f.condition}`)}</span>{' '}
              <Link to={`/families/${f.familyId}`}>{f.familyName}</Link>
              <span className="muted">
                {' '}
                {t('today:followUpOn', { date: formatDateShort(f.followUpOn, i18n.language) })}
              </span>
              {f.note ? <div className="note">{f.note}</div> : null}
            </div>
            <button
              type="button"
              className="small close-follow-up"
              onClick={() => void close(f.checkinId, f.familyName)}
            >
              <span className="visually-hidden">{t('today:forFamily', { family: f.familyName })}</span>
              {t('today:followUp.close')}
            </button>
          </li>
        ))}
      </ul>
      {hidden > 0 ? (
        <p>
          <Link to="/follow-ups?scope=due">{t('today:more', { count: hidden })}</Link>
        </p>
      ) : board.followUpsDueTotal > 0 ? (
        <p>
          <Link to="/follow-ups?scope=due">{t('today:followUp.all')}</Link>
        </p>
      ) : null}
    </section>
  );
}
