import { Link } from 'react-router';
import type { EventSummary } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { appliedText, datesText, isFull, kindText } from './event-format.ts';

/** One list of events (upcoming or past): each row opens its event. A past one that went ahead reads 開催済み. */
export function EventTable({
  events,
  caption,
  past = false,
}: {
  events: EventSummary[];
  caption: string;
  past?: boolean;
}) {
  const { t, i18n } = useT();
  return (
    <table className="event-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('events:columns.title')}</th>
          <th scope="col">{t('events:columns.kind')}</th>
          <th scope="col">{t('events:columns.dates')}</th>
          <th scope="col">{t('events:columns.place')}</th>
          <th scope="col">{t('events:columns.applied')}</th>
          <th scope="col">{t('events:columns.status')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-event-id={e.id} className={e.status === 'cancelled' ? 'cancelled' : undefined}>
            <th scope="row">
              <Link to={`/events/${e.id}`} className="event-link">
                {e.title}
              </Link>
            </th>
            <td>{kindText(t, e)}</td>
            <td>{datesText(t, e, i18n.language)}</td>
            <td>
              {e.placeKind ? <span className="muted">{t(`events:placeKind.${e.placeKind}`)} </span> : null}
              {e.placeText}
            </td>
            <td>
              {appliedText(t, e)}
              {e.counts.waiting > 0 ? (
                <span className="muted"> {t('events:waitingCount', { count: e.counts.waiting })}</span>
              ) : null}
            </td>
            <td>
              {past && e.status === 'planned' ? t('events:status.held') : t(`events:status.${e.status}`)}
              {!past && e.status === 'planned' && e.counts.overCapacity ? (
                <span className="badge urgent">{t('events:overCapacity')}</span>
              ) : !past && e.status === 'planned' && isFull(e) ? (
                <span className="badge attention">{t('events:full')}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
