import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { japanDate } from '../../../../../shared/domain/dates.ts';
import type { FamilyDetail, HistoryEntry } from '../../../../../shared/ipc/views.ts';
import { errorText } from '../../../lib/error-text.ts';
import { formatDateWithYear, formatTime } from '../../../lib/format.ts';
import type { CallState } from '../../../lib/use-call.ts';
import { Section } from './Section.tsx';
import { useShowMore } from './ShowMore.tsx';

/** 変更履歴: who changed what and when (the audit log keeps field names, never the values). */
export function HistorySection({
  family,
  history,
}: {
  family: FamilyDetail;
  history: CallState<HistoryEntry[]>;
}) {
  const { t, i18n } = useTranslation();
  const { visible, button } = useShowMore(history.data ?? []);
  return (
    <Section id="fam-history" title={t('familyWs.history.title')}>
      {history.error ? (
        <p role="alert" className="form-error">
          {errorText(t, history.error)}
        </p>
      ) : !history.data ? (
        <p className="muted">{t('app.loading')}</p>
      ) : history.data.length === 0 ? (
        <p className="muted">{t('familyWs.history.empty')}</p>
      ) : (
        <>
          <table className="fam-table fam-history-table">
            <thead>
              <tr>
                <th scope="col">{t('familyWs.history.at')}</th>
                <th scope="col">{t('familyWs.history.who')}</th>
                <th scope="col">{t('familyWs.history.action')}</th>
                <th scope="col">{t('familyWs.history.target')}</th>
                <th scope="col">{t('familyWs.history.fields')}</th>
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
                        ? t('familyWs.history.bySync')
                        : t('familyWs.detail.otherDevice'))}
                  </td>
                  <td>
                    <span className={`fam-action ${h.action}`}>
                      {t(`familyWs.history.actions.${h.action}`)}
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

/** How a sync conflict ended, or a link to settle it while it is open (競合の確認). */
function ConflictNote({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const conflict = entry.conflict;
  if (!conflict || entry.action !== 'conflict') {
    return conflict?.resolution ? (
      <span className="fam-sub">{t(`familyWs.history.conflictResolutions.${conflict.resolution}`)}</span>
    ) : null;
  }
  if (conflict.resolution !== null) return null;
  return (
    <span className="fam-sub">
      {t('familyWs.history.conflictOpen')}・
      <Link to="/sync/conflicts">{t('familyWs.history.conflictReview')}</Link>
    </span>
  );
}

/** 家族構成（はると）, 滞在（2025/4/1〜）: which record of the family the entry is about. */
function describeTarget(t: TFunction, h: HistoryEntry, family: FamilyDetail, locale: string): string {
  const table = t(`familyWs.history.tables.${h.table}`, { defaultValue: h.table });
  if (h.table === 'family_member') {
    const member = family.members.find((m) => m.id === h.rowId);
    return member?.givenName ? t('familyWs.history.targetNamed', { table, name: member.givenName }) : table;
  }
  if (h.table === 'stay') {
    const stay = family.stays.find((s) => s.id === h.rowId);
    return stay
      ? t('familyWs.history.targetNamed', { table, name: formatDateWithYear(stay.arrival, locale) })
      : table;
  }
  return table;
}

/** The column's name in the user's language; a column this screen does not know shows as stored. */
function fieldLabel(t: TFunction, table: string, column: string): string {
  return t(`familyWs.history.columns.${table}.${column}`, {
    defaultValue: t(`familyWs.history.columns.common.${column}`, { defaultValue: column }),
  });
}
