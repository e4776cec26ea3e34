import { ageOn } from '../../../../../shared/domain/dates.ts';
import type { MemberView } from '../../../../../shared/ipc/views.ts';
import { toWareki } from '../../../../../shared/text/japanese-date.ts';
import { useProfile } from '../../../app/profile-context.ts';
import { useT } from '../../../i18n/use-t.ts';
import { Section } from '../../../lib/PageSection.tsx';
import { canSeeSensitive, formatDay, todayInJapan } from '../family-format.ts';
import { SensitiveNotes } from './SensitiveNotes.tsx';

/** 家族構成: who is in the family, their age today, and (for roles that may) their care notes. */
export function MembersSection({
  members,
  onSensitiveViewed,
}: {
  members: MemberView[];
  onSensitiveViewed: () => void;
}) {
  const { t, i18n } = useT();
  const { profile } = useProfile();
  const today = todayInJapan();
  const mayView = canSeeSensitive(profile.role);
  const anySensitive = members.some((m) => m.hasSensitive);
  return (
    <Section id="fam-members" title={t('families:members.title')}>
      {members.length === 0 ? (
        <p className="muted">{t('families:members.empty')}</p>
      ) : (
        <table className="fam-table fam-members-table">
          <thead>
            <tr>
              <th scope="col">{t('families:fields.relation')}</th>
              <th scope="col">{t('families:fields.givenName')}</th>
              <th scope="col">{t('families:fields.birthDate')}</th>
              <th scope="col">{t('families:members.ageNow')}</th>
              <th scope="col">{t('families:fields.grade')}</th>
              <th scope="col">{t('families:members.sensitive')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{t(`families:relation.${m.relation}`)}</td>
                <th scope="row" className="fam-member-name">
                  {m.givenName}
                  <span className="kana">{m.givenNameKana}</span>
                </th>
                <td>
                  {m.birthDate ? (
                    <>
                      {formatDay(m.birthDate, i18n.language)}
                      {i18n.language === 'ja' ? (
                        <span className="fam-sub">{toWareki(m.birthDate)}</span>
                      ) : null}
                    </>
                  ) : (
                    <span className="muted">{t('families:detail.none')}</span>
                  )}
                </td>
                <td>{m.birthDate ? t('families:members.age', { count: ageOn(m.birthDate, today) }) : ''}</td>
                <td>{m.grade ?? ''}</td>
                <td>
                  {!m.hasSensitive ? (
                    <span className="muted">{t('families:members.noSensitive')}</span>
                  ) : mayView ? (
                    <SensitiveNotes member={m} onViewed={onSensitiveViewed} />
                  ) : (
                    <span className="muted">{t('families:members.recordedHidden')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {anySensitive && !mayView ? (
        <p className="fam-role-note">
          {t('families:members.roleCannotView', { role: t(`roles.${profile.role}`) })}
        </p>
      ) : null}
      {anySensitive && mayView ? <p className="fam-role-note">{t('families:members.auditNote')}</p> : null}
    </Section>
  );
}
