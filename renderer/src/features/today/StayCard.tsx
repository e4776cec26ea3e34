import { memo } from 'react';
import { Link } from 'react-router';
import type { BoardCheckin, BoardStay } from '../../../../shared/ipc/views.ts';
import { formatDateShort } from '../../lib/format.ts';
import type { CardLabels } from './card-labels.ts';
import { RecordButtons } from './RecordButtons.tsx';

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** 09:30 in Japan time. One formatter per language: building one per check-in cost more than the card. */
function checkinTime(instant: string, lang: string): string {
  let format = timeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
    });
    timeFormats.set(lang, format);
  }
  return format.format(new Date(instant));
}

export interface StayCardProps {
  stay: BoardStay;
  /** The card j/k last moved to (or the one holding focus): shows its shortcuts. */
  active: boolean;
  /** A 良好 record for it is on its way: a second press must not log it twice. */
  pending: boolean;
  labels: CardLabels;
  lang: string;
  onRecordGood: (stay: BoardStay) => void;
  onRecordDetail: (stay: BoardStay) => void;
  onActivate: (stayId: string) => void;
}

/**
 * One family in town. Memoised, and given only stable props (labels and handlers change with the
 * language only), so that re-rendering the board touches just the cards whose stay changed.
 */
export const StayCard = memo(function StayCard({
  stay,
  active,
  pending,
  labels,
  lang,
  onRecordGood,
  onRecordDetail,
  onActivate,
}: StayCardProps) {
  const recorded = stay.checkins.length > 0;
  const family = stay.familyName;
  return (
    <li
      className={`stay-card ${recorded ? 'recorded' : 'missing'}${active ? ' active' : ''}`}
      data-stay-id={stay.stayId}
      onFocus={() => onActivate(stay.stayId)}
    >
      <div className="stay-card-head">
        <div>
          <Link className="family-name" to={`/families/${stay.familyId}`}>
            {family}
          </Link>
          <span className="kana">{stay.familyNameKana}</span>
        </div>
        <span className="programme">{labels.programme[stay.programme]}</span>
      </div>
      <div className="muted">
        {labels.nights({
          from: formatDateShort(stay.arrival, lang),
          to: formatDateShort(stay.departure, lang),
        })}
        {stay.lodging ? ` ・ ${stay.lodging}` : ''}
      </div>
      {stay.children.length > 0 ? (
        <ul className="children" aria-label={labels.children}>
          {stay.children.map((c) => (
            <li key={c.memberId}>
              {c.age !== null ? labels.childWithAge({ child: c.givenName, age: c.age }) : c.givenName}
              {c.schoolName ? <span className="school"> {c.schoolName}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="stay-card-foot">
        {recorded ? (
          <ul className="checkins" aria-label={labels.recorded}>
            {stay.checkins.map((c) => (
              <CheckinLine key={c.id} checkin={c} labels={labels} lang={lang} />
            ))}
          </ul>
        ) : (
          <span className="badge missing">{labels.noCheckin}</span>
        )}
        <div className="card-actions">
          <RecordButtons
            stay={stay}
            active={active}
            pending={pending}
            labels={labels}
            showKeys
            onRecordGood={onRecordGood}
            onRecordDetail={onRecordDetail}
          />
        </div>
      </div>
    </li>
  );
});

function CheckinLine({
  checkin: c,
  labels,
  lang,
}: {
  checkin: BoardCheckin;
  labels: CardLabels;
  lang: string;
}) {
  return (
    <li>
      <span className={`badge ${c.condition}`}>{labels.condition[c.condition]}</span>{' '}
      {c.kind !== 'daily' ? <span className="kind">{labels.kind[c.kind]} </span> : null}
      <time dateTime={c.recordedAt}>{checkinTime(c.recordedAt, lang)}</time>{' '}
      <span className="author">{c.authorName ?? labels.unknownAuthor}</span>
      {c.note ? <span className="note"> {c.note}</span> : null}
    </li>
  );
}
