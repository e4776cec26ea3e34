import type { EnquiryView } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { formatDateWithYear } from '../../../lib/format.ts';
import { Section } from '../../../lib/PageSection.tsx';

/** The enquiries this family made before (or after) booking. */
export function EnquiriesSection({ enquiries }: { enquiries: EnquiryView[] }) {
  const { t, i18n } = useT();
  return (
    <Section id="fam-enquiries" title={t('families:enquiries.title')}>
      {enquiries.length === 0 ? (
        <p className="muted">{t('families:enquiries.empty')}</p>
      ) : (
        <table className="fam-table">
          <thead>
            <tr>
              <th scope="col">{t('families:enquiries.receivedOn')}</th>
              <th scope="col">{t('families:enquiries.channel')}</th>
              <th scope="col">{t('families:enquiries.topic')}</th>
              <th scope="col">{t('families:enquiries.outcome')}</th>
              <th scope="col">{t('families:enquiries.nextAction')}</th>
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
