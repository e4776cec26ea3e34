import { Link } from 'react-router';
import type { RegisterRow } from '../../../../shared/ipc/views/akiya-register.ts';
import { useT } from '../../i18n/use-t.ts';

const yen = new Intl.NumberFormat('ja-JP');
/** Without the weekday: a list column, where the year matters and space is short. */
const dates = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
};
const formatDay = (day: string, locale: string) =>
  (locale === 'ja' ? dates.ja : dates.en).format(new Date(`${day}T00:00:00Z`));

/**
 * One property's cells. The address cell holds the row's link (to /akiya/:id); CSS stretches it over
 * the whole row, so the row is one big target while the table keeps real cells for screen readers.
 */
export function RegisterRowCells({ row }: { row: RegisterRow }) {
  const { t, i18n } = useT();
  const none = <span className="muted">{t('akiya:none')}</span>;
  return (
    <>
      <td className="col-ref">
        {row.refNumber ?? none}
        {row.duplicateRef ? (
          <span className="akiya-dup" title={t('akiya:duplicateRefTitle')}>
            {t('akiya:duplicateRef')}
            <span className="visually-hidden">{t('akiya:duplicateRefTitle')}</span>
          </span>
        ) : null}
      </td>
      <td className="col-address">
        <Link to={`/akiya/${row.id}`} className="akiya-link">
          <span className="akiya-address">{row.address || t('akiya:lot', { lot: row.lotNumber ?? '' })}</span>
          {row.address && row.lotNumber ? (
            <span className="akiya-lot muted">{t('akiya:lot', { lot: row.lotNumber })}</span>
          ) : null}
        </Link>
      </td>
      <td className="col-district">{row.district ?? none}</td>
      <td className="col-status">
        <span className={`akiya-status status-${row.status}`}>{t(`akiya:status.${row.status}`)}</span>
      </td>
      <td className="col-building">
        <span>
          {row.structure ? `${t(`akiya:structure.${row.structure}`)} ` : null}
          {row.yearBuilt !== null ? t('akiya:yearBuilt', { year: row.yearBuilt }) : null}
          {row.structure === null && row.yearBuilt === null ? none : null}
        </span>
        <span className={`akiya-seismic seismic-${row.seismic}`}>{t(`akiya:seismic.${row.seismic}`)}</span>
      </td>
      <td className="col-vacancy">
        {row.vacancyLikelihood ? t(`akiya:vacancy.${row.vacancyLikelihood}`) : none}
      </td>
      <td className="col-consent">
        <span className={`akiya-consent consent-${row.bankConsent}`}>
          {t(`akiya:consent.${row.bankConsent}`)}
        </span>
      </td>
      <td className="col-inspection">
        {row.lastInspection ? (
          formatDay(row.lastInspection, i18n.language)
        ) : (
          <span className="muted">{t('akiya:noInspection')}</span>
        )}
      </td>
      <td className="col-price">
        {row.priceYen !== null
          ? t('akiya:price', { amount: yen.format(row.priceYen) })
          : row.rentYen !== null
            ? t('akiya:rent', { amount: yen.format(row.rentYen) })
            : none}
      </td>
    </>
  );
}
