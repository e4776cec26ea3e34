import { createContext, useContext } from 'react';
import type { Profile } from '../../../shared/ipc/views.ts';

export const ProfileContext = createContext<{ profile: Profile; setProfile: (p: Profile) => void } | null>(
  null,
);

export function useProfile() {
  const ctx = useContext(ProfileContext);
  if (!ctx) throw new Error('useProfile outside ProfileContext');
  return ctx;
}
