import { useRef } from 'react';
import type { CheckinView, FamilyDetail } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { errorText } from '../../../lib/error-text.ts';
import { formatDateWithYear, formatTime } from '../../../lib/format.ts';
import { Section } from '../../../lib/PageSection.tsx';
import { useCall } from '../../../lib/use-call.ts';
import { useCloseFollowUp } from '../../follow-ups/use-close-follow-up.ts';
import { useShowMore } from './ShowMore.tsx';
import '../../follow-ups/follow-ups.css';

/** 日々の記録: every check-in for the family, newest first, as each coordinator wrote it. */
export function CheckinsSection({ family }: { family: FamilyDetail }) {
  const { t } = useT();
  const checkins = useCall('checkins.list', { familyId: family.id });
  // A follow-up open at any time while the page is shown stays in view, so one closed here shows 完了
  // where it was (and 元に戻す brings its button back) instead of vanishing behind 「すべて表示」.
  const openFollowUps = useRef(new Set<string>());
  for (const c of checkins.data ?? []) {
    if (c.followUpNeeded && !c.followUpDoneAt) openFollowUps.current.add(c.id);
  }
  const { visible, button } = useShowMore(checkins.data ?? [], (c) => openFollowUps.current.has(c.id));
  const names = new Map(family.members.map((m) => [m.id, m.givenName]));
  return (
    <Section id="fam-checkins" title={t('families:checkins.title')}>
      {checkins.error ? (
        <p role="alert" className="form-error">
          {errorText(t, checkins.error)}
        </p>
      ) : !checkins.data ? (
        <p className="muted">{t('app.loading')}</p>
      ) : checkins.data.length === 0 ? (
        <p className="muted">{t('families:checkins.empty')}</p>
      ) : (
        <>
          <table className="fam-table">
            <thead>
              <tr>
                <th scope="col">{t('families:checkins.date')}</th>
                <th scope="col">{t('families:checkins.condition')}</th>
                <th scope="col">{t('families:checkins.kind')}</th>
                <th scope="col">{t('families:checkins.attendance')}</th>
                <th scope="col">{t('families:checkins.note')}</th>
                <th scope="col">{t('families:checkins.followUp')}</th>
                <th scope="col">{t('families:checkins.author')}</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((c) => (
                <CheckinRow
                  key={c.id}
                  checkin={c}
                  names={names}
                  erased={family.erased}
                  familyName={family.familyName}
                />
              ))}
            </tbody>
          </table>
          {button}
        </>
      )}
    </Section>
  );
}

function CheckinRow({
  checkin: c,
  names,
  erased,
  familyName,
}: {
  checkin: CheckinView;
  names: Map<string, string>;
  erased: boolean;
  familyName: string;
}) {
  const { t, i18n } = useT();
  const close = useCloseFollowUp();
  return (
    <tr>
      <td className="fam-nowrap">
        {formatDateWithYear(c.date, i18n.language)}
        <span className="fam-sub">{formatTime(c.recordedAt, i18n.language)}</span>
      </td>
      <td>
        <span className={`badge ${c.condition}`}>{t(`enums.condition.${c.condition}`)}</span>
      </td>
      <td>{t(`enums.checkinKind.${c.kind}`)}</td>
      <td>
        {erased ? (
          t('families:checkins.attendedCount', {
            count: c.attendance.filter((a) => a.attended).length,
            total: c.attendance.length,
          })
        ) : (
          <ul className="fam-attendance">
            {c.attendance.map((a) => (
              <li key={a.memberId} className={a.attended ? 'attended' : 'absent'}>
                {names.get(a.memberId) ?? t('families:checkins.formerMember')}
                {a.attended ? t('families:checkins.attended') : t('families:checkins.absent')}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="fam-note-cell">{c.note ?? ''}</td>
      <td>
        {c.followUpNeeded ? (
          <span className="fam-follow-up">
            {c.followUpOn
              ? t('families:checkins.followUpOn', { date: formatDateWithYear(c.followUpOn, i18n.language) })
              : t('families:checkins.followUpNeeded')}
            {c.followUpDoneAt ? (
              <span className="follow-up-done"> {t('today:followUp.done')}</span>
            ) : (
              <button
                type="button"
                className="small close-follow-up"
                onClick={() => void close(c.id, familyName)}
              >
                {t('today:followUp.close')}
              </button>
            )}
          </span>
        ) : (
          ''
        )}
      </td>
      <td>{c.authorName ?? t('families:detail.otherDevice')}</td>
    </tr>
  );
}
