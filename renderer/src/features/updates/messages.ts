import type { FeatureMessages } from '../../i18n/define.ts';

/** The 更新 card of the 同期 page: the offered version, its download, and 「再起動して更新」. */
const ja = {
  title: 'ふたさとの更新',
  current: 'このパソコンのバージョン：{{version}}',
  none: 'お使いのバージョンが最新です',
  idle: 'まだ更新を確認していません（同期のあとに自動で確認します）',
  checking: '更新を確認しています…',
  available: '新しいバージョン {{version}} があります（{{size}}）',
  required:
    'サーバーがこのバージョンとの同期を受け付けていません。下の更新をダウンロードして再起動すると、また同期できます',
  meteredWarning:
    '従量制回線に設定されているため、自動ではダウンロードしません。通信量に余裕があるときに「従量制でもダウンロード」を押してください',
  downloading: 'ダウンロード中：{{received}} / {{size}}',
  progressLabel: '更新のダウンロード',
  ready:
    'バージョン {{version}} のダウンロードと安全確認が終わりました。作業を保存してから再起動してください',
  failed: '更新できませんでした：{{reason}}',
  check: '更新を確認',
  download: 'ダウンロード',
  downloadMetered: '従量制でもダウンロード',
  install: '再起動して更新',
  installing: '更新を始めています…',
  installedMac:
    '更新のディスクイメージを開きました。ふたさとを終了し、新しいアプリを「アプリケーション」に入れてください',
  lastChecked: '最終確認：{{at}}',
  error: {
    UPDATE_SIGNATURE_INVALID:
      '更新の署名がコンソーシアムの鍵と一致しません。安全のため使いません。事務局に連絡してください',
    UPDATE_MANIFEST_INVALID: '更新の内容一覧が読めません。安全のため使いません。事務局に連絡してください',
    UPDATE_FILE_TAMPERED:
      'ダウンロードした更新ファイルが署名された内容と違います。安全のため削除しました。事務局に連絡してください',
    UPDATE_KEY_INVALID: 'この端末の更新用の鍵が読めません。サーバーに登録し直してください',
    UPDATE_NO_KEY: 'この端末には更新用の鍵がありません。サーバーに登録し直してください',
    UPDATE_METERED: '従量制回線のため、ダウンロードを待っています',
    UPDATE_NO_INSTALLER: 'この更新には、このパソコン用のインストーラーがありません',
    UPDATE_DOWNLOAD_FAILED: 'ダウンロードが途中で止まりました。通信状態のよいときにもう一度お試しください',
    UPDATE_SERVER: 'サーバーから更新を受け取れませんでした。あとでもう一度お試しください',
    unknown: '不明なエラー（{{code}}）',
  },
};

const en = {
  title: 'Futasato updates',
  current: 'Version on this computer: {{version}}',
  none: 'You have the latest version',
  idle: 'Not checked yet (checked automatically after a sync)',
  checking: 'Checking for updates…',
  available: 'Version {{version}} is available ({{size}})',
  required:
    'The server no longer syncs with this version. Download the update below and restart to sync again',
  meteredWarning:
    'The connection is set as metered, so the update is not downloaded automatically. Press Download on metered connection when data allows',
  downloading: 'Downloading: {{received}} of {{size}}',
  progressLabel: 'Update download',
  ready: 'Version {{version}} is downloaded and checked. Save your work, then restart',
  failed: 'The update failed: {{reason}}',
  check: 'Check for updates',
  download: 'Download',
  downloadMetered: 'Download on metered connection',
  install: 'Restart and update',
  installing: 'Starting the update…',
  installedMac: 'The update disk image is open. Quit Futasato and drag the new app into Applications',
  lastChecked: 'Last checked: {{at}}',
  error: {
    UPDATE_SIGNATURE_INVALID:
      "The update's signature does not match the consortium's key. It will not be used; contact the secretariat",
    UPDATE_MANIFEST_INVALID:
      "The update's file list cannot be read. It will not be used; contact the secretariat",
    UPDATE_FILE_TAMPERED:
      'The downloaded update differs from what was signed. It was deleted; contact the secretariat',
    UPDATE_KEY_INVALID: "This computer's update key cannot be read. Enrol it with the server again",
    UPDATE_NO_KEY: 'This computer has no update key. Enrol it with the server again',
    UPDATE_METERED: 'Waiting: the connection is metered',
    UPDATE_NO_INSTALLER: 'This update has no installer for this computer',
    UPDATE_DOWNLOAD_FAILED: 'The download stopped. Try again on a better connection',
    UPDATE_SERVER: 'The server did not hand over the update. Try again later',
    unknown: 'Unknown error ({{code}})',
  },
};

export const updateMessages: FeatureMessages<typeof ja> = { ja, en };
