import { type ComponentType, useEffect, useState } from 'react';
import type { Profile } from '../../../../shared/ipc/views.ts';
import { call } from '../../lib/api.ts';

/**
 * The app as mounted under the lock gate: its profile is read when it mounts (after each unlock),
 * never while locked.
 */
export function UnlockedApp({ App }: { App: ComponentType<{ initialProfile: Profile | null }> }) {
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    call('profile.get', {})
      .then((p) => {
        if (live) setProfile(p);
      })
      .catch(() => {
        if (live) setProfile(null);
      });
    return () => {
      live = false;
    };
  }, []);
  if (profile === undefined) return null;
  return <App initialProfile={profile} />;
}
