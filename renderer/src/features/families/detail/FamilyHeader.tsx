import { Link } from 'react-router';
import type { FamilyDetail } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';

/** Name and furigana, where they live, and what can be done with the family. */
export function FamilyHeader({ family, onErase }: { family: FamilyDetail; onErase: () => void }) {
  const { t } = useT();
  const inTown = family.stays.some((s) => s.status === 'in_town');
  // An erased family keeps its prefecture for the figures, but the page shows nothing about who they were.
  const home = family.erased ? '' : [family.homePrefecture, family.homeCity].filter(Boolean).join(' ');
  return (
    <header className="fam-header">
      <p className="fam-breadcrumb">
        <Link to="/families">{t('families:detail.backToList')}</Link>
      </p>
      <div className="fam-header-main">
        <div>
          {family.erased ? (
            <h1 id="family-title">{t('families.erased')}</h1>
          ) : (
            <h1 id="family-title" className="fam-title">
              <ruby>
                {family.familyName}
                <rp>（</rp>
                <rt>{family.familyNameKana}</rt>
                <rp>）</rp>
              </ruby>
              <span className="fam-title-suffix">{t('families:detail.familySuffix')}</span>
            </h1>
          )}
          <p className="fam-header-facts">
            {home ? <span>{home}</span> : null}
            <span>
              {t('families.members', { count: family.memberCount })}
              {t('families:detail.childrenParen', { count: family.childCount })}
            </span>
            <span>{t('families:detail.stayCount', { count: family.stays.length })}</span>
            {inTown ? <span className="fam-pill in_town">{t('enums.stayStatus.in_town')}</span> : null}
          </p>
        </div>
        {family.erased ? null : (
          <div className="fam-header-actions">
            <Link className="fam-button primary" to={`/families/${family.id}/edit`}>
              {t('families:detail.edit')}
            </Link>
            <Link className="fam-button" to={`/families/${family.id}/stays/new`}>
              {t('families:stays.add')}
            </Link>
            <button type="button" className="danger-outline" onClick={onErase}>
              {t('families:erase.open')}
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
