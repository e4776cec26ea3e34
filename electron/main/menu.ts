import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { mainLog } from './main-log.ts';

/**
 * The application menu in Japanese. Every item that has a platform role uses it, so shortcuts,
 * clipboard behaviour and macOS conventions are the operating system's own; we only set labels.
 */

const APP_NAME = 'ふたさと';

export function installApplicationMenu(options: { isDev: boolean }): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [macAppMenu()] : []),
    {
      label: 'ファイル',
      // On macOS quitting lives in the app menu; the file menu closes the window as elsewhere.
      submenu: [isMac ? { role: 'close', label: 'ウインドウを閉じる' } : { role: 'quit', label: '終了' }],
    },
    {
      label: '編集',
      submenu: [
        { role: 'undo', label: '元に戻す' },
        { role: 'redo', label: 'やり直し' },
        { type: 'separator' },
        { role: 'cut', label: '切り取り' },
        { role: 'copy', label: 'コピー' },
        { role: 'paste', label: '貼り付け' },
        { role: 'selectAll', label: 'すべて選択' },
      ],
    },
    {
      label: '表示',
      submenu: [
        // Reloading throws away unsaved form input, so users do not get it; developers do.
        ...(options.isDev
          ? ([
              { role: 'reload', label: '再読み込み' },
              { role: 'toggleDevTools', label: '開発者ツール' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom', label: '実際のサイズ' },
        { role: 'zoomIn', label: '拡大' },
        { role: 'zoomOut', label: '縮小' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '全画面表示' },
      ],
    },
    {
      label: 'ウインドウ',
      role: 'windowMenu',
      submenu: [
        { role: 'minimize', label: '最小化' },
        ...(isMac
          ? ([
              { role: 'zoom', label: '拡大/縮小' },
              { type: 'separator' },
              { role: 'front', label: 'すべてを手前に移動' },
            ] satisfies MenuItemConstructorOptions[])
          : ([{ role: 'close', label: '閉じる' }] satisfies MenuItemConstructorOptions[])),
      ],
    },
    {
      label: 'ヘルプ',
      role: 'help',
      submenu: [{ label: 'バージョン情報', click: showAbout }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function macAppMenu(): MenuItemConstructorOptions {
  return {
    label: APP_NAME,
    submenu: [
      { role: 'about', label: `${APP_NAME}について` },
      { type: 'separator' },
      { role: 'services', label: 'サービス' },
      { type: 'separator' },
      { role: 'hide', label: `${APP_NAME}を隠す` },
      { role: 'hideOthers', label: 'ほかを隠す' },
      { role: 'unhide', label: 'すべてを表示' },
      { type: 'separator' },
      { role: 'quit', label: `${APP_NAME}を終了` },
    ],
  };
}

function showAbout(): void {
  // A plain dialog rather than role 'about', whose panel differs on every platform (none on Windows).
  dialog
    .showMessageBox({
      type: 'info',
      title: 'バージョン情報',
      message: APP_NAME,
      detail: `バージョン ${app.getVersion()}\nElectron ${process.versions.electron} / Chromium ${process.versions.chrome}`,
      buttons: ['OK'],
    })
    .catch((error: unknown) => mainLog().warn({ err: error }, 'about dialog'));
}
