import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { useT } from '../../i18n/use-t.ts';

/**
 * While a form has unsaved changes, leaving it (another menu item, back, closing the window) asks
 * first, so a half-typed family is never lost by a stray click.
 */
export function useUnsavedGuard(dirty: boolean): void {
  const { t } = useT();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(t('forms.leaveUnsaved'))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
