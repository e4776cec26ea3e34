import { Link } from 'react-router';
import { japanDate } from '../../../../../shared/domain/dates.ts';
import type { FamilyDetail, HistoryEntry } from '../../../../../shared/ipc/views.ts';
import { type T, useT } from '../../../i18n/use-t.ts';
import { errorText } from '../../../lib/error-text.ts';
import { formatDateWithYear, formatTime } from '../../../lib/format.ts';
import { Section } from '../../../lib/PageSection.tsx';
import type { CallState } from '../../../lib/use-call.ts';
import { useShowMore } from './ShowMore.tsx';

/** 変更履歴: who changed what and when (the audit log keeps field names, never the values). */
export function HistorySection({
  family,
  history,
}: {
  family: FamilyDetail;
  history: CallState<HistoryEntry[]>;
}) {
  const { t, i18n } = useT();
  const { visible, button } = useShowMore(history.data ?? []);
  return (
    <Section id="fam-history" title={t('families:history.title')}>
      {history.error ? (
        <p role="alert" className="form-error">
          {errorText(t, history.error)}
        </p>
      ) : !history.data ? (
        <p className="muted">{t('app.loading')}</p>
      ) : history.data.length === 0 ? (
        <p className="muted">{t('families:history.empty')}</p>
      ) : (
        <>
          <table className="fam-table fam-history-table">
            <thead>
              <tr>
                <th scope="col">{t('families:history.at')}</th>
                <th scope="col">{t('families:history.who')}</th>
                <th scope="col">{t('families:history.action')}</th>
                <th scope="col">{t('families:history.target')}</th>
                <th scope="col">{t('families:history.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((h, i) => (
                // Entries have no id of their own; the list is append-only and newest first.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                <tr key={`${h.at}-${h.rowId}-${h.action}-${i}`}>
                  <td className="fam-nowrap">
                    {formatDateWithYear(japanDate(new Date(h.at)), i18n.language)}
                    <span className="fam-sub">{formatTime(h.at, i18n.language)}</span>
                  </td>
                  <td>
                    {h.actorName ??
                      (h.action === 'conflict'
                        ? t('families:history.bySync')
                        : t('families:detail.otherDevice'))}
                  </td>
                  <td>
                    <span className={`fam-action ${h.action}`}>
                      {t(`families:history.actions.${h.action}`)}
                    </span>
                    {h.conflict ? <ConflictNote entry={h} /> : null}
                  </td>
                  <td>{describeTarget(t, h, family, i18n.language)}</td>
                  <td>{h.fields.map((f) => fieldLabel(t, h.table, f)).join(t('common.listSeparator'))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {button}
        </>
      )}
    </Section>
  );
}

// The ways a conflict is settled that the page names (the sync_conflict table's resolution values).
const RESOLUTIONS = { kept: true, restored: true, superseded: true } as const;
type Resolution = keyof typeof RESOLUTIONS;

/** How a sync conflict ended, or a link to settle it while it is open (競合の確認). */
function ConflictNote({ entry }: { entry: HistoryEntry }) {
  const { t } = useT();
  const conflict = entry.conflict;
  if (!conflict || entry.action !== 'conflict') {
    const resolution = conflict?.resolution;
    return resolution && Object.hasOwn(RESOLUTIONS, resolution) ? (
      <span className="fam-sub">{t(`families:history.conflictResolutions.${resolution as Resolution}`)}</span>
    ) : null;
  }
  if (conflict.resolution !== null) return null;
  return (
    <span className="fam-sub">
      {t('families:history.conflictOpen')}・
      <Link to="/sync/conflicts">{t('families:history.conflictReview')}</Link>
    </span>
  );
}

/** 家族構成（はると）, 滞在（2025/4/1〜）: which record of the family the entry is about. */
function describeTarget(t: T, h: HistoryEntry, family: FamilyDetail, locale: string): string {
  const table = t(`families:history.tables.${h.table}`, { defaultValue: h.table });
  if (h.table === 'family_member') {
    const member = family.members.find((m) => m.id === h.rowId);
    return member?.givenName ? t('families:history.targetNamed', { table, name: member.givenName }) : table;
  }
  if (h.table === 'stay') {
    const stay = family.stays.find((s) => s.id === h.rowId);
    return stay
      ? t('families:history.targetNamed', { table, name: formatDateWithYear(stay.arrival, locale) })
      : table;
  }
  return table;
}

/** The column's name in the user's language; a column this screen does not know shows as stored. */
function fieldLabel(t: T, table: string, column: string): string {
  return t(`families:history.columns.${table}.${column}`, {
    defaultValue: t(`families:history.columns.common.${column}`, { defaultValue: column }),
  });
}
