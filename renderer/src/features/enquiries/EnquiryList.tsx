import { Link } from 'react-router';
import type { EnquiryView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateWithYear } from '../../lib/format.ts';

/** The enquiries, newest first, with what can be done next for each. */
/** Whether an enquiry's next action is late, due today, or neither (closed ones never are). */
export function nextActionDue(e: EnquiryView, today: string): 'overdue' | 'today' | null {
  if (e.outcome !== 'open' || !e.nextActionOn || e.nextActionOn > today) return null;
  return e.nextActionOn < today ? 'overdue' : 'today';
}

export function EnquiryList({
  enquiries,
  today,
  onEdit,
}: {
  enquiries: EnquiryView[];
  today: string;
  onEdit: (e: EnquiryView) => void;
}) {
  const { t, i18n } = useT();
  const date = (d: string) => formatDateWithYear(d, i18n.language);
  return (
    <table className="enquiry-table">
      <thead>
        <tr>
          <th scope="col">{t('enquiries:columns.receivedOn')}</th>
          <th scope="col">{t('enquiries:columns.contact')}</th>
          <th scope="col">{t('enquiries:columns.topic')}</th>
          <th scope="col">{t('enquiries:columns.outcome')}</th>
          <th scope="col">{t('enquiries:columns.nextAction')}</th>
          <th scope="col">{t('enquiries:columns.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {enquiries.map((e) => {
          const due = nextActionDue(e, today);
          return (
            <tr key={e.id} data-enquiry-id={e.id} className={due ? `next-due ${due}` : undefined}>
              <td className="nowrap">
                {date(e.receivedOn)}
                <div className="muted">{t(`enums.enquiryChannel.${e.channel}`)}</div>
              </td>
              <td>
                <div className="contact-name">{e.contactName}</div>
                {e.contactNameKana ? <div className="kana">{e.contactNameKana}</div> : null}
              </td>
              <td className="topic">{e.topic}</td>
              <td>
                <span className={`outcome ${e.outcome}`}>{t(`enums.enquiryOutcome.${e.outcome}`)}</span>
              </td>
              <td>
                {due ? (
                  <span className={`badge ${due === 'overdue' ? 'overdue' : 'due-today'}`}>
                    {t(due === 'overdue' ? 'enquiries:nextOverdue' : 'enquiries:nextToday')}
                  </span>
                ) : null}{' '}
                {e.nextAction}
                {e.nextActionOn ? <div className="muted">{date(e.nextActionOn)}</div> : null}
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="small"
                  aria-label={t('enquiries:editFor', { name: e.contactName })}
                  onClick={() => onEdit(e)}
                >
                  {t('enquiries:edit')}
                </button>
                {e.familyId ? (
                  <Link to={`/families/${e.familyId}`}>{t('enquiries:openFamily')}</Link>
                ) : e.outcome === 'open' ? (
                  <Link
                    className="button-link"
                    to={`/enquiries/${e.id}/convert`}
                    aria-label={t('enquiries:convertFor', { name: e.contactName })}
                  >
                    {t('enquiries:convert')}
                  </Link>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
