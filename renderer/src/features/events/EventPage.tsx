import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../../../shared/domain/enums.ts';
import type {
  ApplicationView,
  EventRoster,
  EventView,
} from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { ConfirmDialog } from '../../lib/forms/ConfirmDialog.tsx';
import { useToast } from '../../lib/forms/toast.tsx';
import { useCall } from '../../lib/use-call.ts';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel.tsx';
import { ApplyForm } from './ApplyForm.tsx';
import { appliedText, datesText, isFull, kindText } from './event-format.ts';
import './events.css';

/** /events/:eventId: what the event is, its applications and waiting list, and 中止. */
export function EventPage() {
  const { eventId = '' } = useParams();
  const { t } = useT();
  const event = useCall('events.get', { id: eventId });
  const roster = useCall('events.roster', { eventId });
  if (event.error) return <p className="form-error page">{errorText(t, event.error)}</p>;
  if (!event.data) return <p className="muted page">{t('app.loading')}</p>;
  return (
    <EventBody
      event={event.data}
      roster={roster.data}
      rosterError={roster.error}
      reload={() => {
        event.reload();
        roster.reload();
      }}
    />
  );
}

function EventBody({
  event,
  roster,
  rosterError,
  reload,
}: {
  event: EventView;
  roster: EventRoster | undefined;
  rosterError: unknown;
  reload: () => void;
}) {
  const { t, i18n } = useT();
  const id = useId();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const cancelled = event.status === 'cancelled';
  // The counts of the roster are the freshest (they come back with every change on this page).
  const counts = roster?.event.counts ?? event.counts;
  const lang = i18n.language;
  const live = (roster?.applications ?? []).filter((a) => a.storedStatus !== 'waiting');
  const waiting = (roster?.applications ?? []).filter((a) => a.storedStatus === 'waiting');

  const cancelEvent = async () => {
    setConfirming(false);
    try {
      await call('events.cancel', { id: event.id });
      reload();
    } catch (e) {
      toast({ message: errorText(t, e) });
    }
  };
  const setStatus = async (a: ApplicationView, status: ApplicationStatus | 'attended') => {
    try {
      if (status === 'attended') {
        // 参加 is the roll call's mark, never a stored status: mark everyone the application names.
        await call('rollcall.mark', {
          eventId: event.id,
          people: a.people.map((p) => ({ kind: p.kind, id: p.id })),
          attended: true,
        });
        setNotice(t('events:page.statusChanged', { name: a.name, status: t('events:appStatus.attended') }));
        reload();
        return;
      }
      const result = await call('applications.setStatus', { id: a.id, status });
      const names = (roster?.applications ?? [])
        .filter((x) => result.promoted.includes(x.id))
        .map((x) => x.name);
      const message = [
        t('events:page.statusChanged', { name: a.name, status: t(`events:appStatus.${status}`) }),
        names.length > 0 ? t('events:page.promoted', { names: names.join('、') }) : '',
      ]
        .filter(Boolean)
        .join(' ');
      setNotice(message);
      reload();
    } catch (e) {
      setNotice(errorText(t, e));
    }
  };

  return (
    <section className="page event-page">
      <div className="page-head">
        <h1>
          {event.title}
          {cancelled ? <span className="badge urgent">{t('events:status.cancelled')}</span> : null}
        </h1>
        <Link to="/events">{t('events:title')}</Link>
      </div>
      <nav className="event-actions" aria-label={event.title}>
        {cancelled ? null : (
          <Link className="button" to={`/events/${event.id}/edit`}>
            {t('events:page.edit')}
          </Link>
        )}
        <Link className="button" to={`/events/${event.id}/rollcall`}>
          {t('events:page.rollcall')}
        </Link>
        <Link className="button" to={`/events/${event.id}/follow-up`}>
          {t('events:page.followUp')}
        </Link>
        {cancelled ? null : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('events:page.cancelEvent')}
          </button>
        )}
      </nav>
      {cancelled ? (
        <p className="form-error" role="status">
          {t('events:page.cancelled')}
        </p>
      ) : null}
      <div className="event-columns">
        <section aria-labelledby={`${id}-details`} className="event-details">
          <h2 id={`${id}-details`}>{t('events:page.details')}</h2>
          <dl>
            <dt>{t('events:columns.kind')}</dt>
            <dd>{kindText(t, event)}</dd>
            <dt>{t('events:columns.dates')}</dt>
            <dd>{datesText(t, event, lang)}</dd>
            <dt>{t('events:columns.place')}</dt>
            <dd>
              {event.placeKind ? `${t(`events:placeKind.${event.placeKind}`)} ` : ''}
              {event.onlineUrl ? (
                <a href={event.onlineUrl} target="_blank" rel="noreferrer">
                  {event.onlineUrl}
                </a>
              ) : (
                event.placeText
              )}
            </dd>
            <dt>{t('events:columns.applied')}</dt>
            <dd>
              {event.capacity === null
                ? `${appliedText(t, { ...event, counts })}（${t('events:unlimited')}）`
                : appliedText(t, { ...event, counts })}
            </dd>
            {event.conditions ? (
              <>
                <dt>{t('events:page.conditions')}</dt>
                <dd className="pre">{event.conditions}</dd>
              </>
            ) : null}
            {event.applicationOpensOn || event.applicationClosesOn ? (
              <>
                <dt>{t('events:page.period')}</dt>
                <dd>
                  {event.applicationOpensOn ? formatDateWithYear(event.applicationOpensOn, lang) : ''}〜
                  {event.applicationClosesOn ? formatDateWithYear(event.applicationClosesOn, lang) : ''}
                </dd>
              </>
            ) : null}
            <dt>{t('events:page.fee')}</dt>
            <dd>
              {event.feeYen
                ? t('events:page.feeYen', { fee: event.feeYen.toLocaleString(lang) })
                : t('events:page.free')}
              {event.feeNote ? `（${event.feeNote}）` : ''}
            </dd>
            {event.organiser ? (
              <>
                <dt>{t('events:page.organiser')}</dt>
                <dd>{event.organiser}</dd>
              </>
            ) : null}
            {event.partners ? (
              <>
                <dt>{t('events:page.partners')}</dt>
                <dd className="pre">{event.partners}</dd>
              </>
            ) : null}
          </dl>
          {event.description ? <p className="pre">{event.description}</p> : null}
          <h3>{t('events:page.photos')}</h3>
          <AttachmentsPanel ownerTable="event" ownerId={event.id} />
        </section>
        <section aria-labelledby={`${id}-apps`} className="event-applications">
          <h2 id={`${id}-apps`}>{t('events:page.applications')}</h2>
          <p className="heads" role="status" data-testid="event-heads">
            {event.capacity === null
              ? t('events:page.heads', { applied: counts.appliedHeads })
              : t('events:page.headsOf', { applied: counts.appliedHeads, capacity: event.capacity })}
            {' ・ '}
            {t('events:page.attended', { count: counts.attendedPeople })}
          </p>
          {!cancelled && counts.overCapacity && event.capacity !== null ? (
            <p className="capacity-warning over" role="alert">
              {t('events:page.overCapacity', { applied: counts.appliedHeads, capacity: event.capacity })}
            </p>
          ) : !cancelled && isFull({ ...event, counts }) ? (
            <p className="capacity-warning" role="alert">
              {t('events:page.atCapacity')}
            </p>
          ) : null}
          {notice ? (
            <p className="notice" role="status">
              {notice}
            </p>
          ) : null}
          {rosterError ? <p className="form-error">{errorText(t, rosterError)}</p> : null}
          {roster && roster.applications.length === 0 ? (
            <p className="empty-state">{t('events:page.noApplications')}</p>
          ) : null}
          {live.length > 0 ? (
            <ApplicationTable
              applications={live}
              cancelled={cancelled}
              onStatus={setStatus}
              label={t('events:page.applications')}
            />
          ) : null}
          {waiting.length > 0 ? (
            <>
              <h3 id={`${id}-waiting`}>{t('events:page.waitingList')}</h3>
              <ApplicationTable
                applications={waiting}
                cancelled={cancelled}
                onStatus={setStatus}
                label={t('events:page.waitingList')}
              />
            </>
          ) : null}
          {cancelled ? null : (
            <ApplyForm
              event={{ ...event, counts }}
              onAdded={(m) => {
                setNotice(m);
                reload();
              }}
            />
          )}
        </section>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('events:page.cancelEvent')}
        confirmLabel={t('events:page.cancelYes')}
        danger
        onConfirm={() => void cancelEvent()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('events:page.cancelConfirm', { title: event.title })}</p>
      </ConfirmDialog>
    </section>
  );
}

/** 申込 → 参加／欠席／キャンセル; the waiting list's own entry only while waiting; 参加 only with a place. */
function choicesFor(a: ApplicationView): (ApplicationStatus | 'attended')[] {
  const choices: (ApplicationStatus | 'attended')[] = [];
  for (const s of APPLICATION_STATUSES) {
    if (s === 'waiting' && a.storedStatus !== 'waiting') continue;
    choices.push(s);
    if (s === 'applied' && a.storedStatus === 'applied') choices.push('attended');
  }
  return choices;
}

function ApplicationTable({
  applications,
  cancelled,
  onStatus,
  label,
}: {
  applications: ApplicationView[];
  cancelled: boolean;
  onStatus: (a: ApplicationView, status: ApplicationStatus | 'attended') => void;
  label: string;
}) {
  const { t } = useT();
  return (
    <table className="application-table">
      <caption className="visually-hidden">{label}</caption>
      <thead>
        <tr>
          <th scope="col">{t('events:apply.who')}</th>
          <th scope="col">{t('events:page.people')}</th>
          <th scope="col">{t('events:apply.headCount')}</th>
          <th scope="col">{t('events:columns.status')}</th>
        </tr>
      </thead>
      <tbody>
        {applications.map((a) => (
          <tr key={a.id} data-application-id={a.id} data-status={a.status}>
            <th scope="row">
              {a.familyId ? (
                <Link to={`/families/${a.familyId}`}>{t('events:apply.familyName', { name: a.name })}</Link>
              ) : a.supporterId ? (
                <Link to={`/supporters/${a.supporterId}`}>{a.name}</Link>
              ) : (
                a.name
              )}
              {a.walkIn ? <span className="badge">{t('events:page.walkIn')}</span> : null}
            </th>
            <td>{a.people.map((p) => p.name).join('、')}</td>
            <td>{t('events:page.headCount', { count: a.headCount })}</td>
            <td>
              {a.waitingPosition !== null ? (
                <span className="waiting-position">
                  {t('events:page.waitingPosition', { n: a.waitingPosition })}{' '}
                </span>
              ) : null}
              {a.status === 'attended' || cancelled ? (
                t(`events:appStatus.${a.status}`)
              ) : (
                <select
                  aria-label={t('events:page.setStatus', { name: a.name })}
                  value={a.storedStatus}
                  onChange={(e) => onStatus(a, e.target.value as ApplicationStatus | 'attended')}
                >
                  {choicesFor(a).map((s) => (
                    <option key={s} value={s}>
                      {t(`events:appStatus.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
