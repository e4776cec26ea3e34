import { Link, useParams } from 'react-router';
import { canSeeSensitive } from '../../../../shared/domain/permissions.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { Section } from '../../lib/PageSection.tsx';
import { useCall } from '../../lib/use-call.ts';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel.tsx';
import { ConsentPanel } from '../consents/ConsentPanel.tsx';
import { DisclosureLog } from '../consents/DisclosureLog.tsx';
import { PropertyInspections } from '../inspection/PropertyInspections.tsx';
import { OwnerReveal } from './page/OwnerReveal.tsx';
import { PropertySummary } from './page/PropertySummary.tsx';
import { StatusPipeline } from './page/StatusPipeline.tsx';
import './property.css';

const TOC = [
  ['prop-status', 'property:page.pipeline'],
  ['prop-identification', 'property:page.identification'],
  ['prop-building', 'property:page.building'],
  ['prop-listing', 'property:page.listing'],
  ['prop-owner', 'property:page.owner'],
  ['prop-photos', 'property:page.photos'],
  ['prop-consents', 'property:page.consents'],
  ['prop-inspections', 'property:page.inspections'],
] as const;

/** One property (物件): what it is, where it stands in the pipeline, its owner (on request), photos, consents. */
export function PropertyPage() {
  const { t } = useT();
  const { profile } = useProfile();
  const { propertyId = '' } = useParams();
  const property = useCall('properties.get', { id: propertyId });

  if (property.error) {
    return (
      <section className="page prop-page">
        <h1>{t('property:page.notFound')}</h1>
        <p role="alert">{errorText(t, property.error)}</p>
        <p>
          <Link to="/akiya">{t('property:form.back')}</Link>
        </p>
      </section>
    );
  }
  const p = property.data;
  // The first load only: a reload after a change keeps the page on screen.
  if (!p || p.id !== propertyId) {
    return (
      <section className="page prop-page" aria-busy="true">
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }

  const place = [p.address, p.lotNumber].filter(Boolean).join(' ／ ');
  return (
    <article className="page prop-page" aria-labelledby="property-title">
      <p className="prop-breadcrumb">
        <Link to="/akiya">{t('property:form.back')}</Link>
      </p>
      <header className="prop-header">
        <div>
          <h1 id="property-title" className="prop-title">
            <span className="prop-ref">{p.refNumber ?? t('property:page.untitled')}</span>
            <span className={`prop-pill status-${p.status}`} data-testid="status-badge">
              {t(`property:status.${p.status}`)}
            </span>
          </h1>
          <p className="prop-place">{place}</p>
        </div>
        <Link to={`/akiya/${p.id}/edit`} className="prop-button primary">
          {t('property:page.edit')}
        </Link>
      </header>
      <nav className="prop-toc" aria-label={t('property:page.toc')}>
        <ul>
          {TOC.map(([id, key]) => (
            <li key={id}>
              <a
                href={`#${id}`}
                onClick={(e) => {
                  e.preventDefault();
                  const heading = document.getElementById(id)?.querySelector<HTMLElement>('h2');
                  heading?.scrollIntoView({ block: 'start' });
                  heading?.focus({ preventScroll: true });
                }}
              >
                {t(key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <StatusPipeline key={p.status} property={p} onChanged={property.reload} />
      <PropertySummary p={p} />
      <OwnerReveal property={p} allowed={canSeeSensitive(profile.role)} />
      <Section id="prop-photos" title={t('property:page.photos')}>
        <AttachmentsPanel ownerTable="property" ownerId={p.id} />
      </Section>
      <Section id="prop-consents" title={t('property:page.consents')}>
        <ConsentPanel propertyId={p.id} />
        <DisclosureLog propertyId={p.id} />
      </Section>
      <Section id="prop-inspections" title={t('property:page.inspections')}>
        <PropertyInspections propertyId={p.id} />
      </Section>
    </article>
  );
}
