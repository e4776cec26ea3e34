import { useTranslation } from 'react-i18next';
import type { EnquiryView } from '../../../../../shared/ipc/views.ts';
import { formatDateWithYear } from '../../../lib/format.ts';
import { Section } from './Section.tsx';

/** The enquiries this family made before (or after) booking. */
export function EnquiriesSection({ enquiries }: { enquiries: EnquiryView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Section id="fam-enquiries" title={t('familyWs.enquiries.title')}>
      {enquiries.length === 0 ? (
        <p className="muted">{t('familyWs.enquiries.empty')}</p>
      ) : (
        <table className="fam-table">
          <thead>
            <tr>
              <th scope="col">{t('familyWs.enquiries.receivedOn')}</th>
              <th scope="col">{t('familyWs.enquiries.channel')}</th>
              <th scope="col">{t('familyWs.enquiries.topic')}</th>
              <th scope="col">{t('familyWs.enquiries.outcome')}</th>
              <th scope="col">{t('familyWs.enquiries.nextAction')}</th>
            </tr>
          </thead>
          <tbody>
            {enquiries.map((e) => (
              <tr key={e.id}>
                <td className="fam-nowrap">{formatDateWithYear(e.receivedOn, i18n.language)}</td>
                <td>{t(`enums.enquiryChannel.${e.channel}`)}</td>
                <td className="fam-note-cell">
                  {e.topic}
                  <span className="fam-sub">{e.contactName}</span>
                </td>
                <td>{t(`enums.enquiryOutcome.${e.outcome}`)}</td>
                <td>
                  {e.nextAction ?? ''}
                  {e.nextActionOn ? (
                    <span className="fam-sub">{formatDateWithYear(e.nextActionOn, i18n.language)}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
