import type { ReactNode } from 'react';
import type { FamilyDetail } from '../../../../../shared/ipc/views.ts';
import { formatPhone } from '../../../../../shared/text/contact.ts';
import { useT } from '../../../i18n/use-t.ts';
import { Section } from '../../../lib/PageSection.tsx';
import { formatPostalCode } from '../family-format.ts';

/** Contact details, consents, how they heard of the programme, and the office's notes. */
export function ContactSection({ family }: { family: FamilyDetail }) {
  const { t } = useT();
  const none = <span className="muted">{t('families:detail.none')}</span>;
  const emergency = [
    family.emergencyContactName,
    family.emergencyContactPhone ? formatPhone(family.emergencyContactPhone) : null,
  ].filter(Boolean);
  return (
    <Section id="fam-contact" title={t('families:contact.title')}>
      <div className="fam-contact-grid">
        <dl className="fam-facts">
          <Fact label={t('families:fields.address')}>
            {family.homePostalCode || family.homePrefecture || family.homeCity ? (
              <>
                {family.homePostalCode ? (
                  <span className="fam-postal">{formatPostalCode(family.homePostalCode)}</span>
                ) : null}
                {[family.homePrefecture, family.homeCity].filter(Boolean).join(' ')}
              </>
            ) : (
              none
            )}
          </Fact>
          <Fact label={t('families:fields.phone')}>{family.phone ? formatPhone(family.phone) : none}</Fact>
          <Fact label={t('families:fields.email')}>{family.email ?? none}</Fact>
          <Fact label={t('families:fields.emergencyContact')}>
            {emergency.length > 0 ? emergency.join('　') : none}
          </Fact>
        </dl>
        <dl className="fam-facts">
          <Fact label={t('families:fields.consentPhoto')}>
            <Consent given={family.consentPhoto} />
          </Fact>
          <Fact label={t('families:fields.consentShare')}>
            <Consent given={family.consentShare} />
          </Fact>
          <Fact label={t('families:contact.referral')}>{family.referralSource ?? none}</Fact>
        </dl>
      </div>
      <h3 className="fam-subhead">{t('families:fields.notes')}</h3>
      {family.notes ? (
        <p className="fam-notes">{family.notes}</p>
      ) : (
        <p className="muted">{t('families:detail.noNotes')}</p>
      )}
    </Section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fam-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Consent({ given }: { given: boolean }) {
  const { t } = useT();
  return given ? (
    <span className="fam-consent yes">
      <span aria-hidden="true">✓ </span>
      {t('families:contact.consentGiven')}
    </span>
  ) : (
    <span className="fam-consent no">
      <span aria-hidden="true">— </span>
      {t('families:contact.consentNotGiven')}
    </span>
  );
}
