import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { FollowUpPerson } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useCall } from '../../lib/use-call.ts';
import './events.css';

/** Saves text as a file through the browser's download (as the sync page does: the renderer has no file system). */
function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * /events/:eventId/follow-up: who came for the first time, who came back, and who consented to be
 * contacted — their addresses to copy into an e-mail, or the list as CSV (Excel-safe, made by the
 * core) — with a one-line note per application.
 */
export function FollowUpPage() {
  const { eventId = '' } = useParams();
  const { t } = useT();
  const toast = useToast();
  const event = useCall('events.get', { id: eventId });
  const followUp = useCall('events.followUp', { eventId });
  const [message, setMessage] = useState<string | null>(null);
  if (event.error || followUp.error)
    return <p className="form-error page">{errorText(t, event.error ?? followUp.error)}</p>;
  if (!event.data || !followUp.data) return <p className="muted page">{t('app.loading')}</p>;
  const data = followUp.data;
  const emails = [...new Set(data.consented.map((p) => p.email).filter((e): e is string => Boolean(e)))];

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(emails.join(', '));
      setMessage(t('events:followUp.copied', { count: emails.length }));
    } catch {
      setMessage(t('events:followUp.copyFailed'));
    }
  };
  const exportCsv = async () => {
    try {
      const file = await call('events.followUpCsv', { eventId });
      download(file.fileName, file.text, 'text/csv;charset=utf-8');
      toast({ message: t('events:followUp.exported', { file: file.fileName }) });
    } catch (e) {
      setMessage(errorText(t, e));
    }
  };

  return (
    <section className="page follow-up-page">
      <div className="page-head">
        <h1>{t('events:followUp.title', { title: event.data.title })}</h1>
        <Link className="button" to={`/events/${eventId}`}>
          {t('events:rollcall.back')}
        </Link>
      </div>
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      <PeopleSection
        title={t('events:followUp.firstTime')}
        people={data.firstTime}
        withNotes
        testId="first-time"
      />
      <PeopleSection
        title={t('events:followUp.returning')}
        people={data.returning}
        withNotes
        testId="returning"
      />
      <PeopleSection
        title={t('events:followUp.consented')}
        people={data.consented}
        testId="consented"
        actions={
          <>
            <button type="button" onClick={() => void copy()} disabled={emails.length === 0}>
              {t('events:followUp.copy')}
            </button>
            <button type="button" onClick={() => void exportCsv()}>
              {t('events:followUp.exportCsv')}
            </button>
          </>
        }
      />
    </section>
  );
}

function PeopleSection({
  title,
  people,
  withNotes = false,
  actions,
  testId,
}: {
  title: string;
  people: FollowUpPerson[];
  withNotes?: boolean;
  actions?: ReactNode;
  testId: string;
}) {
  const { t } = useT();
  const id = useId();
  return (
    <section className="follow-up-section" aria-labelledby={`${id}-h`} data-testid={testId}>
      <div className="inline section-head">
        <h2 id={`${id}-h`}>
          {title} <span className="muted">{t('events:followUp.count', { count: people.length })}</span>
        </h2>
        {actions ? <div className="inline">{actions}</div> : null}
      </div>
      {people.length === 0 ? (
        <p className="muted">{t('events:followUp.none')}</p>
      ) : (
        <ul className="follow-up-list">
          {people.map((p) => (
            <li key={`${p.kind}-${p.id}`} data-person-id={p.id}>
              <span className="person-name">{p.name}</span>
              <span className="muted">
                {p.email || p.phone
                  ? `${t('events:followUp.contact')}：${[p.email, p.phone].filter(Boolean).join(' ／ ')}`
                  : ''}
              </span>
              {withNotes ? <NoteBox person={p} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The application's one-line note (a family's members share their application's). */
function NoteBox({ person }: { person: FollowUpPerson }) {
  const { t } = useT();
  const id = useId();
  const [note, setNote] = useState(person.note ?? '');
  const [state, setState] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('applications.setNote', {
        id: person.applicationId,
        note: note.trim() === '' ? null : note.trim(),
      });
      setState(t('events:followUp.noteSaved'));
    } catch (err) {
      setState(errorText(t, err));
    }
  };
  return (
    <form className="note-box inline" onSubmit={save} noValidate>
      <label htmlFor={`${id}-note`} className="visually-hidden">
        {t('events:followUp.note', { name: person.name })}
      </label>
      <input
        id={`${id}-note`}
        value={note}
        maxLength={500}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('events:followUp.note', { name: person.name })}
      />
      <button type="submit">{t('events:followUp.noteSave')}</button>
      {state ? <span role="status">{state}</span> : null}
    </form>
  );
}
