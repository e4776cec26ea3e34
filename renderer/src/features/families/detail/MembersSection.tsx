import { useTranslation } from 'react-i18next';
import { ageOn } from '../../../../../shared/domain/dates.ts';
import type { MemberView } from '../../../../../shared/ipc/views.ts';
import { toWareki } from '../../../../../shared/text/japanese-date.ts';
import { useProfile } from '../../../app/profile-context.ts';
import { canSeeSensitive, formatDay, todayInJapan } from '../family-format.ts';
import { Section } from './Section.tsx';
import { SensitiveNotes } from './SensitiveNotes.tsx';

/** 家族構成: who is in the family, their age today, and (for roles that may) their care notes. */
export function MembersSection({
  members,
  onSensitiveViewed,
}: {
  members: MemberView[];
  onSensitiveViewed: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { profile } = useProfile();
  const today = todayInJapan();
  const mayView = canSeeSensitive(profile.role);
  const anySensitive = members.some((m) => m.hasSensitive);
  return (
    <Section id="fam-members" title={t('familyWs.members.title')}>
      {members.length === 0 ? (
        <p className="muted">{t('familyWs.members.empty')}</p>
      ) : (
        <table className="fam-table fam-members-table">
          <thead>
            <tr>
              <th scope="col">{t('familyWs.fields.relation')}</th>
              <th scope="col">{t('familyWs.fields.givenName')}</th>
              <th scope="col">{t('familyWs.fields.birthDate')}</th>
              <th scope="col">{t('familyWs.members.ageNow')}</th>
              <th scope="col">{t('familyWs.fields.grade')}</th>
              <th scope="col">{t('familyWs.members.sensitive')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{t(`familyWs.relation.${m.relation}`)}</td>
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
                    <span className="muted">{t('familyWs.detail.none')}</span>
                  )}
                </td>
                <td>{m.birthDate ? t('familyWs.members.age', { count: ageOn(m.birthDate, today) }) : ''}</td>
                <td>{m.grade ?? ''}</td>
                <td>
                  {!m.hasSensitive ? (
                    <span className="muted">{t('familyWs.members.noSensitive')}</span>
                  ) : mayView ? (
                    <SensitiveNotes member={m} onViewed={onSensitiveViewed} />
                  ) : (
                    <span className="muted">{t('familyWs.members.recordedHidden')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {anySensitive && !mayView ? (
        <p className="fam-role-note">
          {t('familyWs.members.roleCannotView', { role: t(`roles.${profile.role}`) })}
        </p>
      ) : null}
      {anySensitive && mayView ? <p className="fam-role-note">{t('familyWs.members.auditNote')}</p> : null}
    </Section>
  );
}
