import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import type { SupporterView } from '../../../../shared/ipc/views/community-events.ts';
import type { FamilyDetail, FamilySummary } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { Section } from '../../lib/PageSection.tsx';
import { SupDialog } from './SupDialog.tsx';

/**
 * 家族の方とのつなぎ: the supporter who came to stay is that family member from then on (one person in
 * the figures). Pick a family, then the member.
 */
export function LinkMemberSection({ supporter }: { supporter: SupporterView }) {
  const { t } = useT();
  const toast = useToast();
  const [family, setFamily] = useState<FamilyDetail | null>(null);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setFamily(null);
    if (!supporter.familyId) return;
    call('families.get', { id: supporter.familyId }).then(setFamily, () => undefined);
  }, [supporter.familyId]);

  const member = family?.members.find((m) => m.id === supporter.familyMemberId);
  const unlink = async () => {
    setError(null);
    try {
      await call('supporters.linkMember', { id: supporter.id, memberId: null });
      toast({ message: t('supporters:link.unlinked') });
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  return (
    <Section id="sup-link" title={t('supporters:link.title')}>
      {supporter.familyMemberId ? (
        <div className="sup-action-row">
          <p data-testid="supporter-link">
            {family && member
              ? t('supporters:link.linked', { family: family.familyName, member: member.givenName })
              : t('supporters:link.linkedUnknown')}
          </p>
          {supporter.familyId ? (
            <Link to={`/families/${supporter.familyId}`} className="sup-button">
              {t('supporters:link.openFamily')}
            </Link>
          ) : null}
          <button type="button" className="sup-button" onClick={() => void unlink()}>
            {t('supporters:link.unlink')}
          </button>
        </div>
      ) : (
        <>
          <p className="muted">{t('supporters:link.lead')}</p>
          <button type="button" className="sup-button" onClick={() => setPicking(true)}>
            {t('supporters:link.start')}
          </button>
        </>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <LinkMemberDialog supporter={supporter} open={picking} onClose={() => setPicking(false)} />
    </Section>
  );
}

function LinkMemberDialog({
  supporter,
  open,
  onClose,
}: {
  supporter: SupporterView;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const [query, setQuery] = useState('');
  const [families, setFamilies] = useState<FamilySummary[]>([]);
  const [family, setFamily] = useState<FamilyDetail | null>(null);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    // Start from the supporter's own family name: the likeliest family is theirs.
    setQuery(supporter.name.split(/[\s　]/)[0] ?? '');
    setFamily(null);
    setMemberId(null);
    setError(null);
  }, [open, supporter.name]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    call('families.list', { query, limit: 20 }).then(
      (page) => {
        if (live) setFamilies(page.items.filter((f) => !f.erased));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [open, query]);

  const pickFamily = (f: FamilySummary) => {
    setError(null);
    call('families.get', { id: f.id }).then(
      (detail) => {
        setFamily(detail);
        setMemberId(detail.members[0]?.id ?? null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  };

  const link = async () => {
    if (!memberId) return;
    setBusy(true);
    setError(null);
    try {
      await call('supporters.linkMember', { id: supporter.id, memberId });
      const m = family?.members.find((x) => x.id === memberId);
      toast({ message: t('supporters:link.done', { member: m?.givenName ?? '' }) });
      onClose();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SupDialog
      open={open}
      title={t('supporters:link.dialogTitle')}
      confirmLabel={t('supporters:link.confirm')}
      confirmDisabled={busy || memberId === null}
      onConfirm={() => void link()}
      onCancel={onClose}
    >
      {family === null ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-q`}>{t('supporters:link.searchFamily')}</label>
            <input
              id={`${id}-q`}
              type="search"
              value={query}
              placeholder={t('supporters:link.searchPlaceholder')}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          {families.length === 0 ? (
            <p className="muted">{t('supporters:link.noFamilies')}</p>
          ) : (
            <ul className="sup-pick-list">
              {families.map((f) => (
                <li key={f.id}>
                  <button
                    type="button"
                    className="sup-pick"
                    aria-label={t('supporters:link.pickFamily', { name: f.familyName })}
                    onClick={() => pickFamily(f)}
                  >
                    <span className="sup-name">{f.familyName}</span>
                    <span className="kana">{f.familyNameKana}</span>
                    <span className="muted">{[f.homePrefecture, f.homeCity].filter(Boolean).join(' ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <fieldset className="sup-checks">
          <legend>{t('supporters:link.memberOf', { family: family.familyName })}</legend>
          {family.members.length === 0 ? <p className="muted">{t('supporters:link.noMembers')}</p> : null}
          {family.members.map((m) => (
            <label key={m.id} className="sup-check">
              <input
                type="radio"
                name={`${id}-member`}
                checked={memberId === m.id}
                onChange={() => setMemberId(m.id)}
              />
              {m.givenName}
              <span className="kana">{m.givenNameKana}</span>
            </label>
          ))}
          <button type="button" className="sup-button" onClick={() => setFamily(null)}>
            {t('supporters:link.chooseAnother')}
          </button>
        </fieldset>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </SupDialog>
  );
}
