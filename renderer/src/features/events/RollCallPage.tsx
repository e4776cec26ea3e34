import { type FormEvent, memo, useCallback, useEffect, useId, useRef, useState } from 'react';
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

type Mark = (people: ApplicationPerson[], attended: boolean) => void;

/**
 * /events/:eventId/rollcall: the roll call on the day, for a touch laptop in a hall with no signal
 * (every tap is a local write). One tap on a person marks them 参加 and a second undoes it; a family's
 * 全員参加 marks everyone it named; a walk-in is a name and 追加.
 *
 * A tap shows at once: the person's toggle and the count change in this page's state before the core
 * answers (the write is local and is refused only for a cancelled event or a non-applicant, when the
 * change is taken back and the reason shown). The core's answer — the whole roster — then replaces
 * the page's copy. Rows are memoised on what they show, so a tap re-renders one row, not 300.
 */
export function RollCallPage() {
  const { eventId = '' } = useParams();
  const { t } = useT();
  const id = useId();
  const loaded = useCall('events.roster', { eventId });
  const [roster, setRoster] = useState<EventRoster | undefined>();
  /** Taps not yet answered by the core: person id → attended. */
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [walkIn, setWalkIn] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) setRoster(loaded.data);
  }, [loaded.data]);
  const failText = useRef((e: unknown) => errorText(t, e));
  failText.current = (e: unknown) => errorText(t, e);

  const mark: Mark = useCallback(
    (people, attended) => {
      const ids = people.map((p) => p.id);
      setError(null);
      setPending((m) => new Map([...m, ...ids.map((i) => [i, attended] as const)]));
      const settle = () =>
        setPending((m) => {
          const next = new Map(m);
          for (const i of ids) if (next.get(i) === attended) next.delete(i);
          return next;
        });
      call('rollcall.mark', {
        eventId,
        people: people.map((p) => ({ kind: p.kind, id: p.id })),
        attended,
      }).then(
        (answer) => {
          setRoster(answer);
          settle();
        },
        (e: unknown) => {
          settle();
          setError(failText.current(e));
        },
      );
    },
    [eventId],
  );

  if (loaded.error) return <p className="form-error page">{errorText(t, loaded.error)}</p>;
  if (!roster) return <p className="muted page">{t('app.loading')}</p>;
  const event = roster.event;
  const shown = roster.applications.filter(expected);
  const heads = shown.reduce((n, a) => n + a.headCount, 0);
  // The count with the taps not yet answered: each changes one distinct person.
  let attendedPeople = event.counts.attendedPeople;
  const known = new Map(shown.flatMap((a) => a.people.map((p) => [p.id, p.attended] as const)));
  for (const [person, attended] of pending)
    if (known.has(person) && known.get(person) !== attended) attendedPeople += attended ? 1 : -1;

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
        {t('events:rollcall.counts', { attended: attendedPeople, expected: heads })}
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
      <ul className="rollcall-list" data-pending={pending.size}>
        {shown.map((a) => {
          const people = a.people.map((p) => {
            const tapped = pending.get(p.id);
            return tapped === undefined || tapped === p.attended ? p : { ...p, attended: tapped };
          });
          return (
            <RollCallRow
              key={a.id}
              application={a}
              people={people}
              shape={rowShape(a, people)}
              onMark={mark}
            />
          );
        })}
      </ul>
    </section>
  );
}

/** Everything a row shows, as one string: a row re-renders only when it changes. */
const rowShape = (a: ApplicationView, people: ApplicationPerson[]) =>
  `${a.id}|${a.name}|${a.headCount}|${a.walkIn}|${a.familyId}|${people.map((p) => `${p.id}:${p.name}:${p.attended}`).join(',')}`;

const RollCallRow = memo(
  function RollCallRow({
    application: a,
    people,
    onMark,
  }: {
    application: ApplicationView;
    people: ApplicationPerson[];
    shape: string;
    onMark: Mark;
  }) {
    const { t } = useT();
    const anyHere = people.some((p) => p.attended);
    const allHere = people.every((p) => p.attended);
    return (
      <li data-application-id={a.id} className={anyHere ? 'attended' : undefined}>
        <div className="rollcall-party">
          <span className="rollcall-name">
            {a.familyId ? t('events:apply.familyName', { name: a.name }) : a.name}
            {a.walkIn ? <span className="badge">{t('events:page.walkIn')}</span> : null}
          </span>
          <span className="muted">{t('events:page.headCount', { count: a.headCount })}</span>
          {people.length > 1 && !allHere ? (
            <button
              type="button"
              className="rollcall-all"
              onClick={() =>
                onMark(
                  people.filter((p) => !p.attended),
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
          {people.map((p) => (
            <button
              key={p.id}
              type="button"
              className={`rollcall-person${p.attended ? ' present' : ''}`}
              data-person-id={p.id}
              // A toggle named by the person: pressed is 参加 (the visible ✓ says the same, hidden from the name).
              aria-pressed={p.attended}
              onClick={() => onMark([p], !p.attended)}
            >
              <span className="rollcall-person-name">{p.name}</span>
              <span className="rollcall-state" aria-hidden="true">
                {p.attended ? `✓ ${t('events:rollcall.present')}` : t('events:rollcall.notYet')}
              </span>
            </button>
          ))}
        </div>
      </li>
    );
  },
  (before, after) => before.shape === after.shape && before.onMark === after.onMark,
);
