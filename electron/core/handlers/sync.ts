import { AppError } from '../../../shared/errors.ts';
import type { syncChannels } from '../../../shared/ipc/contract/sync.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { BackupsView } from '../../../shared/ipc/views.ts';
import { BACKUP_SETTING } from '../backup/backup-service.ts';
import type { CoreContext } from './context.ts';

/** How much of the core's log a diagnostics bundle carries (a few days of an ordinary laptop). */
const DIAGNOSTICS_LOG_LINES = 300;

export function syncHandlers(core: CoreContext): HandlerSlice<keyof typeof syncChannels> {
  return {
    'sync.status': () => core.session().syncStatus(),
    'sync.enroll': async ({ serverUrl, code, allowInsecure }) => {
      await core.enroll(serverUrl, code, allowInsecure === true);
      void core.session().sync.run('enroll');
      return core.session().syncStatus();
    },
    'sync.now': async () => {
      const { sync } = core.session();
      if (!core.device.credentials.load()) throw new AppError('SYNC_NOT_ENROLLED', 'enrol this laptop first');
      sync.resume();
      const report = await sync.run('manual');
      // 今すぐ同期 means the photos too: a pass starts now (its progress arrives as events), also
      // when automatic sync is off, as in tests; the answer does not wait for megabytes to go up.
      if (report.ok) void core.session().uploads.run();
      return core.session().syncStatus();
    },
    'sync.quarantined': () => core.session().syncViews.quarantined(),
    'sync.conflicts': ({ includeResolved }) => core.session().syncViews.conflicts(includeResolved),
    'sync.resolve': ({ id, choice, values }) => core.session().syncViews.resolve(id, choice, values),
    'sync.diagnostics': () =>
      core
        .session()
        .syncViews.diagnostics(
          core.appVersion,
          core.device.store.database.migration.to,
          core.device.log.recentLines(DIAGNOSTICS_LOG_LINES),
        ),
    'sync.backups': () => backupsView(core),
  };
}

function backupsView(core: CoreContext): BackupsView {
  const { backups } = core.device;
  return {
    folder: backups.dir,
    backups: backups
      .list()
      .map(({ name, reason, createdAt, sizeBytes }) => ({ name, reason, createdAt, sizeBytes })),
    lastDailyAt: core.device.getSetting(BACKUP_SETTING.lastDailyAt),
    lastError: backups.lastError,
  };
}
