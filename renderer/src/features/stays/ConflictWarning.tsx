import { Link } from 'react-router';
import type { LodgingConflict } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { ConfirmDialog } from '../../lib/forms/ConfirmDialog.tsx';

/** The other families' stays that share a night with this one in the same house. */
export function ConflictList({ conflicts }: { conflicts: LodgingConflict[] }) {
  const { t, i18n } = useT();
  return (
    <ul className="conflict-list">
      {conflicts.map((c) => (
        <li key={c.stayId}>
          <Link to={`/families/${c.familyId}`}>
            {t('stays:conflict.item', {
              family: c.familyName,
              from: formatDateWithYear(c.arrival, i18n.language),
              to: formatDateWithYear(c.departure, i18n.language),
            })}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** ⚠ beside the lodging as soon as the choice overlaps another stay, before anyone presses 保存. */
export function ConflictWarning({ conflicts }: { conflicts: LodgingConflict[] }) {
  const { t } = useT();
  // The live region stays in the page so the warning is announced when it appears.
  return (
    <div role="alert" className={conflicts.length > 0 ? 'conflict-warning' : undefined}>
      {conflicts.length > 0 ? (
        <>
          <strong>{t('stays:conflict.title')}</strong>
          <p>{t('stays:conflict.lead')}</p>
          <ConflictList conflicts={conflicts} />
        </>
      ) : null}
    </div>
  );
}

/** Asked when saving a stay that double-books its lodging: the conflicts again, then confirm or cancel. */
export function DoubleBookingConfirm({
  conflicts,
  onConfirm,
  onCancel,
}: {
  conflicts: LodgingConflict[] | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  return (
    <ConfirmDialog
      open={conflicts !== null}
      title={t('stays:conflict.confirmTitle')}
      confirmLabel={t('stays:conflict.confirm')}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{t('stays:conflict.confirmLead')}</p>
      <ConflictList conflicts={conflicts ?? []} />
    </ConfirmDialog>
  );
}
