import { useId } from 'react';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong, formatTime } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import './consents.css';

/** 提供の記録: every hand-over of this property's data outside the town office, newest first. */
export function DisclosureLog({ propertyId }: { propertyId: string }) {
  const { t, i18n } = useT();
  const log = useCall('consents.disclosures', { propertyId });
  const headingId = useId();
  // Read in the town's time, as everything else in the app.
  const when = (instant: string) =>
    `${formatDateLong(japanDate(new Date(instant)), i18n.language)} ${formatTime(instant, i18n.language)}`;

  return (
    <section className="disclosure-log" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('consents:log.title')}</h2>
      {log.error ? <p role="alert">{errorText(t, log.error)}</p> : null}
      {log.data && log.data.length === 0 ? <p className="muted">{t('consents:log.empty')}</p> : null}
      {log.data && log.data.length > 0 ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('consents:log.when')}</th>
                <th scope="col">{t('consents:log.what')}</th>
                <th scope="col">{t('consents:log.purpose')}</th>
                <th scope="col">{t('consents:log.recipient')}</th>
                <th scope="col">{t('consents:log.by')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((d) => (
                <tr key={d.id}>
                  <td>{when(d.disclosedAt)}</td>
                  <td>{t(`consents:log.kind.${d.what}`)}</td>
                  <td>{t(`consents:purpose.${d.purpose}`)}</td>
                  <td>{d.recipient}</td>
                  <td>{d.by ?? t('consents:log.unknownAuthor')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
