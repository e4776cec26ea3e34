import { memo } from 'react';
import { Link } from 'react-router';
import { formatDateShort } from '../../lib/format.ts';
import { RecordButtons } from './RecordButtons.tsx';
import type { StayCardProps } from './StayCard.tsx';

/**
 * One family on one line: the compact view, for a coordinator going down a long list. Same buttons,
 * classes and keys as the card (the keyboard round and the tests treat both alike).
 */
export const StayRow = memo(function StayRow({
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
  const last = stay.checkins[stay.checkins.length - 1];
  const children = stay.children
    .map((c) => (c.age !== null ? labels.childWithAge({ child: c.givenName, age: c.age }) : c.givenName))
    .join(labels.listSeparator);
  return (
    <li
      className={`stay-row ${recorded ? 'recorded' : 'missing'}${active ? ' active' : ''}`}
      data-stay-id={stay.stayId}
      onFocus={() => onActivate(stay.stayId)}
    >
      <Link className="family-name" to={`/families/${stay.familyId}`}>
        {family}
      </Link>
      <span className="row-cell programme">{labels.programme[stay.programme]}</span>
      <span className="row-cell nights">
        {labels.nights({
          from: formatDateShort(stay.arrival, lang),
          to: formatDateShort(stay.departure, lang),
        })}
      </span>
      <span className="row-cell lodging" title={stay.lodging ?? undefined}>
        {stay.lodging ?? ''}
      </span>
      <span className="row-cell children" title={children}>
        {children}
      </span>
      <span className="row-cell state">
        {last ? (
          <span className={`badge ${last.condition}`}>{labels.condition[last.condition]}</span>
        ) : (
          <span className="badge missing">{labels.noCheckin}</span>
        )}
      </span>
      <span className="card-actions">
        <RecordButtons
          stay={stay}
          active={active}
          pending={pending}
          labels={labels}
          showKeys={false}
          onRecordGood={onRecordGood}
          onRecordDetail={onRecordDetail}
        />
      </span>
    </li>
  );
});
