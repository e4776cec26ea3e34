import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { watchTouchMode } from './features/device/touch-mode.ts';
import { LockGate } from './features/lock/LockGate.tsx';
import { UnlockedApp } from './features/lock/UnlockedApp.tsx';
import { initI18n } from './i18n/index.ts';
import { call } from './lib/api.ts';
import './styles.css';
import './layout.css';

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  watchTouchMode();
  const [info, lock] = await Promise.all([call('app.info', {}), call('lock.status', {})]);
  await initI18n(info.locale);
  // Locked, the app (and every name in it) is not even mounted; it loads its profile once open.
  createRoot(root).render(
    <StrictMode>
      <LockGate initial={lock}>{() => <UnlockedApp App={App} />}</LockGate>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  // Before i18n is up there is no translated text yet: show both languages.
  document.body.textContent = `起動できませんでした / Could not start: ${String(error)}`;
});
