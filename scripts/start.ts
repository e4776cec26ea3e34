/**
 * `npm start`: build the app and run it in Electron (`electron-vite preview`).
 *
 * The Electron package downloads its binary the first time it is used, which needs internet once.
 * Without it electron-vite fails with a bare "Electron uninstall", so this checks first and says
 * what to do, in Japanese and English. Runs directly on Node 22 (type stripping): erasable syntax only.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function ensureElectronBinary(): boolean {
  if (process.env.ELECTRON_EXEC_PATH) return true;
  try {
    // Resolving the package returns the binary's path, downloading it first if it is missing.
    require('electron');
    return true;
  } catch (error) {
    console.error(
      [
        '',
        'Electron の本体を用意できませんでした。',
        'Electron は初回の起動時に本体をダウンロードするため、一度だけインターネット接続が必要です。',
        '接続できる環境で `npm start` をもう一度実行してください。',
        '',
        'Could not get the Electron binary. Electron downloads it the first time it runs, which needs an',
        'internet connection once. Run `npm start` again where you are online.',
        '',
        `(${error instanceof Error ? error.message : String(error)})`,
      ].join('\n'),
    );
    return false;
  }
}

function electronViteBin(): string {
  const packageJson = require.resolve('electron-vite/package.json');
  const { bin } = require(packageJson) as { bin: Record<string, string> };
  const relative = bin['electron-vite'];
  if (!relative) throw new Error('electron-vite has no "electron-vite" bin');
  return join(dirname(packageJson), relative);
}

if (!ensureElectronBinary()) process.exit(1);

// The current Node runs electron-vite's script directly: no shell, so no .cmd shim issues on Windows.
const child = spawn(process.execPath, [electronViteBin(), 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
