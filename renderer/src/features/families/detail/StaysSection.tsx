import { Link } from 'react-router';
import type { FamilyDetail, LodgingConflict, StayView } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { formatDateWithYear } from '../../../lib/format.ts';
import { Section } from '../../../lib/PageSection.tsx';

/** Every stay, newest first, as a timeline; a double booking of the lodging is shown on the stay. */
export function StaysSection({ family }: { family: FamilyDetail }) {
  const { t } = useT();
  return (
    <Section
      id="fam-stays"
      title={t('families:stays.title')}
      actions={
        family.erased ? null : (
          <Link className="fam-button small" to={`/families/${family.id}/stays/new`}>
            {t('families:stays.add')}
          </Link>
        )
      }
    >
      {family.stays.length === 0 ? (
        <p className="muted">{t('families:stays.empty')}</p>
      ) : (
        <ol className="fam-timeline">
          {family.stays.map((s) => (
            <StayItem key={s.id} stay={s} erased={family.erased} />
          ))}
        </ol>
      )}
    </Section>
  );
}

function StayItem({ stay, erased }: { stay: StayView; erased: boolean }) {
  const { t, i18n } = useT();
  const day = (d: string) => formatDateWithYear(d, i18n.language);
  const plannedDiffers = stay.plannedArrival !== stay.arrival || stay.plannedDeparture !== stay.departure;
  return (
    <li className={`fam-stay ${stay.status}`}>
      <div className="fam-stay-head">
        <h3>
          <span className="programme">{t(`enums.programme.${stay.programme}`)}</span>{' '}
          {t('families:stays.period', { from: day(stay.arrival), to: day(stay.departure) })}
        </h3>
        <span className={`fam-pill ${stay.status}`}>{t(`enums.stayStatus.${stay.status}`)}</span>
      </div>
      <p className="fam-stay-facts">
        <span>{t('families:stays.nights', { count: stay.nights })}</span>
        <span>{t('families:stays.people', { count: stay.members.length })}</span>
        <span>
          {t('common.labelled', {
            label: t('families:stays.lodging'),
            value: stay.lodging ?? t('families:detail.none'),
          })}
        </span>
        {stay.schoolName ? (
          <span>{t('common.labelled', { label: t('families:stays.school'), value: stay.schoolName })}</span>
        ) : null}
      </p>
      {plannedDiffers ? (
        <p className="fam-sub">
          {t('families:stays.planned', {
            from: day(stay.plannedArrival),
            to: day(stay.plannedDeparture),
          })}
        </p>
      ) : null}
      {stay.members.length > 0 && !erased ? (
        <p className="fam-stay-members">
          {stay.members.map((m) => (
            <span key={m.memberId} className="fam-chip">
              {m.givenName}
              {m.ageAtArrival !== null ? (
                <span className="muted">
                  {t('common.paren', { text: t('families:members.age', { count: m.ageAtArrival }) })}
                </span>
              ) : null}
            </span>
          ))}
        </p>
      ) : null}
      {stay.doubleBookings.length > 0 ? <DoubleBooking conflicts={stay.doubleBookings} /> : null}
      {stay.notes ? <p className="fam-notes">{stay.notes}</p> : null}
      {erased ? null : (
        <p className="fam-stay-actions">
          <Link to={`/stays/${stay.id}/edit`}>{t('families:stays.edit', { period: day(stay.arrival) })}</Link>
        </p>
      )}
    </li>
  );
}

function DoubleBooking({ conflicts }: { conflicts: LodgingConflict[] }) {
  const { t, i18n } = useT();
  const day = (d: string) => formatDateWithYear(d, i18n.language);
  return (
    <div className="fam-double-booking">
      <p>
        <strong>
          <span aria-hidden="true">⚠ </span>
          {t('families:stays.doubleBooking')}
        </strong>{' '}
        {t('families:stays.doubleBookingBody')}
      </p>
      <ul>
        {conflicts.map((c) => (
          <li key={c.stayId}>
            <Link to={`/families/${c.familyId}`}>
              {c.familyName ? t('families:detail.familyOf', { name: c.familyName }) : t('families.erased')}
            </Link>{' '}
            {t('families:stays.period', { from: day(c.arrival), to: day(c.departure) })}
          </li>
        ))}
      </ul>
    </div>
  );
}
