import type { LockStatusView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';

/** What a lost or retired laptop shows once it has erased its data: a plain notice, nothing to do. */
export function WipedNotice({ status }: { status: LockStatusView }) {
  const { t } = useT();
  return (
    <main className="setup lock-screen" id="main" data-lock="wiped">
      <h1>{t('lock:wiped.title')}</h1>
      <p className="lead">
        {status.wipedReason === 'retired' ? t('lock:wiped.retiredLead') : t('lock:wiped.lostLead')}
      </p>
      <p>{t('lock:wiped.next')}</p>
    </main>
  );
}
