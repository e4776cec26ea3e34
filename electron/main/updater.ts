import { app } from 'electron';
// electron-updater is CommonJS and defines `autoUpdater` with a getter Node's ESM loader cannot see
// as a named export, so it is read from the default (module.exports) object.
import electronUpdater from 'electron-updater';
import { mainLog } from './main-log.ts';

/**
 * Asks the consortium's update server for a newer version, downloads it in the background and
 * installs it on the next quit. Only for packaged builds (dev runs have no update metadata). Being
 * offline is the normal case in the field, so every failure is logged and nothing more.
 */
let listening = false;

export function checkForUpdatesInBackground(serverUrl: string | null): void {
  if (!app.isPackaged) return;
  const { autoUpdater } = electronUpdater;
  // An enrolled laptop updates from its own consortium server (GET /v1/updates/latest.yml), the same
  // place that answers "please update" (426) when this version is too old to sync. That file server
  // answers multi-range requests with the whole file, so differential downloads ask one range at a time.
  if (serverUrl) {
    autoUpdater.setFeedURL({
      provider: 'generic',
      url: `${serverUrl}/v1/updates/`,
      useMultipleRangeRequest: false,
    });
  }
  // Without an 'error' listener the updater's EventEmitter would throw on a failed check.
  if (!listening) {
    listening = true;
    autoUpdater.on('error', (error) => mainLog().warn({ err: error }, 'updater'));
  }
  autoUpdater
    .checkForUpdatesAndNotify({
      title: 'ふたさとの更新',
      body: 'バージョン {version} を準備しました。次にふたさとを終了したときに更新されます。',
    })
    .catch((error: unknown) => mainLog().warn({ err: error }, 'update check failed'));
}
