import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import type {
  ApplicationPerson,
  ApplicationView,
  EventRoster,
} from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import './events.css';

/** Who is expected at the door: applications holding a place (申込, or already 参加). */
const expected = (a: ApplicationView) => a.storedStatus === 'applied';

/**
 * /events/:eventId/rollcall: the roll call on the day, for a touch laptop in a hall with no signal
 * (every tap is a local write). One tap on a person marks them 参加 and a second undoes it; a family's
 * 全員参加 marks everyone it named; a walk-in is a name and 追加. Each tap's answer is the whole updated
 * roster, shown as it comes.
 */
export function RollCallPage() {
  const { eventId = '' } = useParams();
  const { t } = useT();
  const id = useId();
  const loaded = useCall('events.roster', { eventId });
  const [roster, setRoster] = useState<EventRoster | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [walkIn, setWalkIn] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) setRoster(loaded.data);
  }, [loaded.data]);

  if (loaded.error) return <p className="form-error page">{errorText(t, loaded.error)}</p>;
  if (!roster) return <p className="muted page">{t('app.loading')}</p>;
  const event = roster.event;
  const shown = roster.applications.filter(expected);
  const heads = shown.reduce((n, a) => n + a.headCount, 0);

  const mark = async (people: ApplicationPerson[], attended: boolean) => {
    try {
      setError(null);
      setRoster(
        await call('rollcall.mark', {
          eventId,
          people: people.map((p) => ({ kind: p.kind, id: p.id })),
          attended,
        }),
      );
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  const addWalkIn = async (e: FormEvent) => {
    e.preventDefault();
    const name = walkIn.trim();
    if (name === '') {
      setError(t('validation.required'));
      return;
    }
    try {
      setError(null);
      await call('rollcall.walkIn', { eventId, name });
      setWalkIn('');
      setNotice(t('events:rollcall.walkInAdded', { name }));
      setRoster(await call('events.roster', { eventId }));
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  return (
    <section className="page rollcall-page">
      <div className="page-head">
        <h1>{t('events:rollcall.title', { title: event.title })}</h1>
        <Link className="button" to={`/events/${eventId}`}>
          {t('events:rollcall.back')}
        </Link>
      </div>
      <p className="muted">{t('events:rollcall.lead')}</p>
      <p className="rollcall-counts" role="status" data-testid="rollcall-counts">
        {t('events:rollcall.counts', { attended: event.counts.attendedPeople, expected: heads })}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {event.status === 'planned' ? (
        <form className="walk-in" onSubmit={addWalkIn} noValidate>
          <label htmlFor={`${id}-walkin`}>{t('events:rollcall.walkInName')}</label>
          <input
            id={`${id}-walkin`}
            value={walkIn}
            onChange={(e) => setWalkIn(e.target.value)}
            autoComplete="off"
          />
          <button type="submit" className="primary">
            {t('events:rollcall.walkInAdd')}
          </button>
          {notice ? <span role="status">{notice}</span> : null}
        </form>
      ) : null}
      {shown.length === 0 ? <p className="empty-state">{t('events:rollcall.empty')}</p> : null}
      <ul className="rollcall-list">
        {shown.map((a) => (
          <li
            key={a.id}
            data-application-id={a.id}
            className={a.status === 'attended' ? 'attended' : undefined}
          >
            <div className="rollcall-party">
              <span className="rollcall-name">
                {a.familyId ? t('events:apply.familyName', { name: a.name }) : a.name}
                {a.walkIn ? <span className="badge">{t('events:page.walkIn')}</span> : null}
              </span>
              <span className="muted">{t('events:page.headCount', { count: a.headCount })}</span>
              {a.people.length > 1 && a.people.some((p) => !p.attended) ? (
                <button
                  type="button"
                  className="rollcall-all"
                  onClick={() =>
                    void mark(
                      a.people.filter((p) => !p.attended),
                      true,
                    )
                  }
                  aria-label={t('events:rollcall.markAll', { name: a.name })}
                >
                  {t('events:rollcall.allHere')}
                </button>
              ) : null}
            </div>
            <div className="rollcall-people">
              {a.people.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  className={`rollcall-person${p.attended ? ' present' : ''}`}
                  // A toggle named by the person: pressed is 参加 (the visible ✓ says the same, hidden from the name).
                  aria-pressed={p.attended}
                  onClick={() => void mark([p], !p.attended)}
                >
                  <span className="rollcall-person-name">{p.name}</span>
                  <span className="rollcall-state" aria-hidden="true">
                    {p.attended ? `✓ ${t('events:rollcall.present')}` : t('events:rollcall.notYet')}
                  </span>
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
