import { useParams } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { ConsentPanel } from './ConsentPanel.tsx';
import { DisclosureLog } from './DisclosureLog.tsx';
import './consents.css';

/** /akiya/:propertyId/consents — a property's consents and disclosure log on a page of their own. */
export function ConsentsPage() {
  const { t } = useT();
  const { propertyId = '' } = useParams();
  return (
    <section className="page consents-page">
      <h1>{t('consents:page.title')}</h1>
      <ConsentPanel propertyId={propertyId} />
      <DisclosureLog propertyId={propertyId} />
    </section>
  );
}
