import type { FamilyDetail } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { Section } from '../../../lib/PageSection.tsx';
import { AttachmentsPanel } from '../../attachments/AttachmentsPanel.tsx';

/**
 * The family's photos and papers. Whether the family agreed to photo use (docs/domain.md, "Consents are
 * data") is said above the grid every time, so nobody takes a photo for the town's publicity of a
 * family that has not agreed. Adding stays possible: a scanned form or a photo the record itself needs.
 */
export function PhotosSection({ family }: { family: FamilyDetail }) {
  const { t } = useT();
  const notice = family.consentPhoto ? (
    <p className="att-notice ok" data-testid="photo-consent">
      {t('attachments:consent.given')}
    </p>
  ) : (
    <p className="att-notice" role="note" data-testid="photo-consent">
      {t('attachments:consent.none')}
    </p>
  );
  return (
    <Section id="fam-photos" title={t('attachments:panel.title')}>
      <AttachmentsPanel ownerTable="family" ownerId={family.id} notice={notice} />
    </Section>
  );
}
