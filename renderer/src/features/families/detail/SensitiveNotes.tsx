import { useState } from 'react';
import type { MemberView, SensitiveNotes as Notes } from '../../../../../shared/ipc/views.ts';
import { useT } from '../../../i18n/use-t.ts';
import { call } from '../../../lib/api.ts';
import { errorText } from '../../../lib/error-text.ts';

/**
 * Allergies and care notes stay off the screen until asked for: each showing is a separate, audited
 * read, and hiding them again forgets the text.
 */
export function SensitiveNotes({ member, onViewed }: { member: MemberView; onViewed: () => void }) {
  const { t } = useT();
  const [notes, setNotes] = useState<Notes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setNotes(await call('members.sensitive', { id: member.id }));
      onViewed();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (notes) {
    return (
      <div className="fam-sensitive">
        <dl>
          <dt>{t('families:fields.allergies')}</dt>
          <dd>{notes.allergies ?? t('families:detail.none')}</dd>
          <dt>{t('families:fields.careNotes')}</dt>
          <dd>{notes.careNotes ?? t('families:detail.none')}</dd>
        </dl>
        <button type="button" className="small" onClick={() => setNotes(null)}>
          {t('families:members.hideSensitive')}
        </button>
      </div>
    );
  }
  return (
    <div>
      <button
        type="button"
        className="small"
        onClick={show}
        disabled={busy}
        aria-label={t('families:members.showSensitiveFor', { name: member.givenName })}
      >
        {t('families:members.showSensitive')}
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
