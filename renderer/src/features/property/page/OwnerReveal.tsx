import { type ReactNode, useState } from 'react';
import type { PropertyOwnerView, PropertyView } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { call } from '../../../lib/api.ts';
import { errorText } from '../../../lib/error-text.ts';
import { Section } from '../../../lib/PageSection.tsx';

/**
 * 所有者: collapsed until asked for. Each showing is one audited read (as a child's allergies), the
 * button says so, and hiding forgets the text. Other roles see only that the owner is not theirs to see.
 */
export function OwnerReveal({ property, allowed }: { property: PropertyView; allowed: boolean }) {
  const { t } = useT();
  const [owner, setOwner] = useState<PropertyOwnerView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setOwner(await call('properties.owner', { id: property.id }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  let body: ReactNode;
  if (!allowed) body = <p className="muted">{t('property:page.ownerRole')}</p>;
  else if (!property.hasOwner) body = <p className="muted">{t('property:page.ownerNone')}</p>;
  else if (owner) {
    const rows: [string, string | null][] = [
      [t('property:fields.ownerName'), owner.ownerName],
      [t('property:fields.ownerNameKana'), owner.ownerNameKana],
      [t('property:fields.ownerAddress'), owner.ownerAddress],
      [t('property:fields.ownerPhone'), owner.ownerPhone],
      [t('property:fields.ownerContact'), owner.ownerContact],
      [t('property:fields.inheritance'), owner.inheritance && t(`property:inheritance.${owner.inheritance}`)],
      [t('property:fields.ownerIntent'), owner.ownerIntent && t(`property:ownerIntent.${owner.ownerIntent}`)],
    ];
    body = (
      <div className="prop-owner-shown" data-testid="owner-details">
        <p className="muted" role="status">
          {t('property:page.ownerViewed')}
        </p>
        <dl className="prop-facts">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value || t('property:page.none')}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={() => setOwner(null)}>
          {t('property:page.hideOwner')}
        </button>
      </div>
    );
  } else {
    body = (
      <>
        <p className="muted">{t('property:page.ownerHidden')}</p>
        <button type="button" onClick={show} disabled={busy}>
          {t('property:page.showOwner')}
        </button>
      </>
    );
  }
  return (
    <Section id="prop-owner" title={t('property:page.owner')}>
      {body}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Section>
  );
}
