import { useEffect, useRef } from 'react';
import type { DuplicateCandidate } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * The likely duplicates the core found for what was typed, before anything is saved: for each, 「この人と
 * 同じ」 (open that record — or, when editing, merge it into this one) or, for all, 「別の人として保存」.
 */
export function DuplicatePanel({
  candidates,
  busy,
  onSame,
  onDifferent,
  lead,
}: {
  candidates: DuplicateCandidate[];
  busy: boolean;
  onSame: (candidate: DuplicateCandidate) => void;
  onDifferent: () => void;
  /** What 「この人と同じ」 does where the panel is used (the register's form opens the record). */
  lead?: string | undefined;
}) {
  const { t } = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  // The panel opens below a long form: bring it into view and put the focus on it, or the save would
  // seem to have done nothing.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, []);
  return (
    <section className="sup-duplicates" role="alert" aria-labelledby="sup-dup-title">
      <h2 id="sup-dup-title" ref={heading} tabIndex={-1}>
        {t('supporters:duplicates.title')}
      </h2>
      <p>{lead ?? t('supporters:duplicates.lead')}</p>
      <ul>
        {candidates.map((c) => (
          <li key={c.id} className="sup-dup">
            <span className="sup-dup-who">
              <span className="sup-name">{c.name}</span>
              {c.nameKana ? <span className="kana">{c.nameKana}</span> : null}
              {c.homePrefecture ? <span className="muted">{c.homePrefecture}</span> : null}
              <span className="sup-dup-reasons">
                {t('supporters:duplicates.reasons', {
                  reasons: c.reasons.map((r) => t(`supporters:duplicates.reason.${r}`)).join('・'),
                })}
              </span>
            </span>
            <button
              type="button"
              className="sup-button"
              onClick={() => onSame(c)}
              aria-label={t('supporters:duplicates.sameFor', { name: c.name })}
            >
              {t('supporters:duplicates.same')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="sup-button primary" disabled={busy} onClick={onDifferent}>
        {t('supporters:duplicates.different')}
      </button>
    </section>
  );
}
