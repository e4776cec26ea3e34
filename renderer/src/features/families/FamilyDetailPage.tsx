import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { CheckinsSection } from './detail/CheckinsSection.tsx';
import { ContactSection } from './detail/ContactSection.tsx';
import { EnquiriesSection } from './detail/EnquiriesSection.tsx';
import { EraseAgain } from './detail/EraseAgain.tsx';
import { EraseFamilyDialog } from './detail/EraseFamilyDialog.tsx';
import { FamilyHeader } from './detail/FamilyHeader.tsx';
import { HistorySection } from './detail/HistorySection.tsx';
import { MembersSection } from './detail/MembersSection.tsx';
import { PhotosSection } from './detail/PhotosSection.tsx';
import { StaysSection } from './detail/StaysSection.tsx';
import './families.css';

/** One family: who they are, every stay, every check-in, and who changed what. */
export function FamilyDetailPage() {
  const { t } = useT();
  const { familyId = '' } = useParams();
  const family = useCall('families.get', { id: familyId });
  // Owned here because viewing care notes writes to the history without changing any record, so no
  // data.changed event arrives to refresh it.
  const history = useCall('families.history', { id: familyId });
  const [erasing, setErasing] = useState(false);

  if (family.error) {
    return (
      <section className="page fam-detail">
        <h1>{t('families:detail.notFoundTitle')}</h1>
        <p role="alert">{errorText(t, family.error)}</p>
        <p>
          <Link to="/families">{t('families:detail.backToList')}</Link>
        </p>
      </section>
    );
  }
  const f = family.data;
  // The first load only: a reload after an edit keeps the page on screen instead of flashing.
  if (!f || f.id !== familyId) {
    return (
      <section className="page fam-detail" aria-busy="true">
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }

  return (
    <article className="page fam-detail" aria-labelledby="family-title">
      <FamilyHeader family={f} onErase={() => setErasing(true)} />
      <nav className="fam-toc" aria-label={t('families:detail.toc')}>
        <ul>
          {!f.erased ? (
            <>
              <li>
                <TocLink target="fam-contact">{t('families:contact.title')}</TocLink>
              </li>
              <li>
                <TocLink target="fam-members">{t('families:members.title')}</TocLink>
              </li>
            </>
          ) : null}
          <li>
            <TocLink target="fam-stays">{t('families:stays.title')}</TocLink>
          </li>
          <li>
            <TocLink target="fam-checkins">{t('families:checkins.title')}</TocLink>
          </li>
          {!f.erased ? (
            <li>
              <TocLink target="fam-photos">{t('attachments:panel.title')}</TocLink>
            </li>
          ) : null}
          {!f.erased ? (
            <li>
              <TocLink target="fam-enquiries">{t('families:enquiries.title')}</TocLink>
            </li>
          ) : null}
          <li>
            <TocLink target="fam-history">{t('families:history.title')}</TocLink>
          </li>
        </ul>
      </nav>
      {f.erased ? (
        <div className="fam-erased-note">
          <p>{t('families:detail.erasedNote')}</p>
          <EraseAgain family={f} />
        </div>
      ) : (
        <>
          <ContactSection family={f} />
          <MembersSection members={f.members} onSensitiveViewed={history.reload} />
        </>
      )}
      <StaysSection family={f} />
      <CheckinsSection family={f} />
      {f.erased ? null : <PhotosSection family={f} />}
      {f.erased ? null : <EnquiriesSection enquiries={f.enquiries} />}
      <HistorySection family={f} history={history} />
      {f.erased ? null : <EraseFamilyDialog family={f} open={erasing} onClose={() => setErasing(false)} />}
    </article>
  );
}

/**
 * A jump to a section of this page. The router owns the URL's hash, so the link scrolls and moves focus
 * itself instead of letting the browser change the hash.
 */
function TocLink({ target, children }: { target: string; children: ReactNode }) {
  return (
    <a
      href={`#${target}`}
      onClick={(e) => {
        e.preventDefault();
        const heading = document.getElementById(target)?.querySelector<HTMLElement>('h2');
        heading?.scrollIntoView({ block: 'start' });
        heading?.focus({ preventScroll: true });
      }}
    >
      {children}
    </a>
  );
}
