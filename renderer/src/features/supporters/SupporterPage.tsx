import { type ReactNode, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import type { SupporterContact, SupporterView } from '../../../../shared/ipc/views/community-events.ts';
import { formatPhone } from '../../../../shared/text/contact.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { Section } from '../../lib/PageSection.tsx';
import { useCall } from '../../lib/use-call.ts';
import { EraseSupporterDialog } from './EraseSupporterDialog.tsx';
import { LinkMemberSection } from './LinkMemberSection.tsx';
import { MergeDialog } from './MergeDialog.tsx';
import { isStaff, StaffOnly } from './StaffOnly.tsx';
import { connectionText, dateText, homeText, japanDay } from './supporter-format.ts';
import './supporters.css';

/** One supporter: who they are, how they are connected, their events, and the register's actions. */
export function SupporterPage() {
  const { profile } = useProfile();
  if (!isStaff(profile.role)) return <StaffOnly />;
  return <SupporterDetail />;
}

function SupporterDetail() {
  const { t } = useT();
  const { supporterId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  // supporters.get carries no contact details: opening the page is not an audited view.
  const supporter = useCall('supporters.get', { id: supporterId });
  const [erasing, setErasing] = useState(false);
  const mergeWith = params.get('merge');
  const [merging, setMerging] = useState(mergeWith !== null);

  if (supporter.error) {
    return (
      <section className="page sup-detail">
        <h1>{t('supporters:detail.notFoundTitle')}</h1>
        <p role="alert">{errorText(t, supporter.error)}</p>
        <Link to="/supporters" className="sup-button">
          {t('supporters:form.backToList')}
        </Link>
      </section>
    );
  }
  const s = supporter.data;
  if (!s || s.id !== supporterId) {
    return (
      <section className="page sup-detail" aria-busy="true">
        <h1>{t('supporters:title')}</h1>
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }
  // A record merged away is the kept one now: go there (its history is shown there).
  if (s.mergedInto) return <Navigate to={`/supporters/${s.mergedInto}`} replace />;

  const closeMerge = () => {
    setMerging(false);
    if (mergeWith !== null) setParams({}, { replace: true });
  };

  return (
    <article className="page sup-detail" aria-labelledby="sup-title">
      <p>
        <Link to="/supporters" className="sup-back">
          {t('supporters:form.backToList')}
        </Link>
      </p>
      <header className="sup-head">
        <div>
          <h1 id="sup-title">{s.erased ? t('supporters:list.erased') : s.name}</h1>
          {s.nameKana ? <p className="kana sup-head-kana">{s.nameKana}</p> : null}
        </div>
        {!s.erased ? (
          <div className="sup-head-actions">
            <Link to={`/supporters/${s.id}/edit`} className="sup-button primary">
              {t('supporters:detail.edit')}
            </Link>
          </div>
        ) : null}
      </header>
      {s.erased ? <p className="sup-erased-note">{t('supporters:detail.erasedNote')}</p> : null}
      {s.mergedFrom.length > 0 ? (
        <p className="muted">{t('supporters:detail.mergedFromNote', { count: s.mergedFrom.length })}</p>
      ) : null}
      <ProfileSection s={s} />
      {!s.erased ? <ContactSection s={s} /> : null}
      <HistorySection s={s} />
      {!s.erased ? <LinkMemberSection supporter={s} /> : null}
      {!s.erased ? (
        <Section id="sup-actions" title={t('supporters:detail.actionsTitle')}>
          <div className="sup-action-row">
            <button type="button" className="sup-button" onClick={() => setMerging(true)}>
              {t('supporters:merge.start')}
            </button>
            <button type="button" className="sup-button danger-outline" onClick={() => setErasing(true)}>
              {t('supporters:erase.start')}
            </button>
          </div>
        </Section>
      ) : null}
      {!s.erased ? (
        <>
          <MergeDialog keep={s} open={merging} initialOtherId={mergeWith} onClose={closeMerge} />
          <EraseSupporterDialog supporter={s} open={erasing} onClose={() => setErasing(false)} />
        </>
      ) : null}
    </article>
  );
}

function ProfileSection({ s }: { s: SupporterView }) {
  const { t, i18n } = useT();
  const none = <span className="muted">{t('supporters:detail.none')}</span>;
  return (
    <Section id="sup-profile" title={t('supporters:detail.profileTitle')}>
      <dl className="sup-facts">
        <Fact label={t('supporters:columns.home')}>{homeText(s) || none}</Fact>
        <Fact label={t('supporters:fields.connections')}>
          {s.connections.length > 0 ? (
            <ul className="sup-chips">
              {s.connections.map((c) => (
                <li key={c}>{connectionText(t, c, s.connectionOther)}</li>
              ))}
            </ul>
          ) : (
            none
          )}
        </Fact>
        <Fact label={t('supporters:fields.firstConnectedOn')}>
          {s.firstConnectedOn ? dateText(s.firstConnectedOn, i18n.language) : none}
        </Fact>
        <Fact label={t('supporters:list.consent')}>
          {s.contactConsent ? (
            <span className="sup-consent yes">
              {t('supporters:detail.consentGiven')}
              {s.contactChannels.length > 0
                ? `（${s.contactChannels.map((c) => t(`supporters:channel.${c}`)).join('・')}）`
                : ''}
            </span>
          ) : (
            <span className="sup-consent no">{t('supporters:detail.consentNotGiven')}</span>
          )}
        </Fact>
      </dl>
    </Section>
  );
}

/**
 * Phone, e-mail and note stay hidden until asked for, as the family page keeps its care notes: a
 * person at the counter should not read them over the coordinator's shoulder. The page does not hold
 * them: each 「連絡先を表示」 asks the core (`supporters.contact`), which writes the audit row, and hiding
 * forgets them again.
 */
function ContactSection({ s }: { s: SupporterView }) {
  const { t } = useT();
  const [contact, setContact] = useState<SupporterContact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const none = <span className="muted">{t('supporters:detail.none')}</span>;
  const toggle = () => {
    if (contact) {
      setContact(null);
      return;
    }
    setBusy(true);
    setError(null);
    call('supporters.contact', { id: s.id })
      .then(setContact, (e: unknown) => setError(errorText(t, e)))
      .finally(() => setBusy(false));
  };
  return (
    <Section
      id="sup-contact"
      title={t('supporters:detail.contactTitle')}
      actions={
        <button
          type="button"
          className="sup-button"
          aria-expanded={contact !== null}
          disabled={busy}
          onClick={toggle}
        >
          {contact ? t('supporters:detail.hideContact') : t('supporters:detail.showContact')}
        </button>
      }
    >
      {contact ? (
        <dl className="sup-facts" data-testid="supporter-contact">
          <Fact label={t('supporters:fields.phone')}>
            {contact.phone ? formatPhone(contact.phone) : none}
          </Fact>
          <Fact label={t('supporters:fields.email')}>{contact.email ?? none}</Fact>
          <Fact label={t('supporters:fields.note')}>{contact.note ?? none}</Fact>
        </dl>
      ) : (
        <p className="muted">{t('supporters:detail.contactHidden')}</p>
      )}
      {error ? <p role="alert">{error}</p> : null}
    </Section>
  );
}

function HistorySection({ s }: { s: SupporterView }) {
  const { t, i18n } = useT();
  return (
    <Section id="sup-history" title={t('supporters:detail.historyTitle')}>
      {s.mergedFrom.length > 0 ? <p className="muted">{t('supporters:detail.historyLead')}</p> : null}
      {s.events.length === 0 ? (
        <p className="muted">{t('supporters:detail.noHistory')}</p>
      ) : (
        <table className="sup-table" data-testid="supporter-history">
          <thead>
            <tr>
              <th scope="col">{t('supporters:detail.dateColumn')}</th>
              <th scope="col">{t('supporters:detail.eventColumn')}</th>
              <th scope="col">{t('supporters:detail.statusColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {s.events.map((e) => (
              // One row per application: two merged records may both have applied to one event.
              <tr key={e.applicationId}>
                <td>{dateText(japanDay(e.startsAt), i18n.language)}</td>
                <td>{e.title}</td>
                <td>
                  <span className={`sup-status ${e.status}`}>{t(`supporters:status.${e.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sup-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
