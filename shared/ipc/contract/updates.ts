import { z } from 'zod';
import type { UpdateStatusView, VerifiedInstallerView } from '../views.ts';
import { channel, none } from './define.ts';

/** Updates from the consortium server (docs/updates.md): status, check, download, install. */
export const updateChannels = {
  'updates.status': channel<UpdateStatusView>()(none),
  'updates.check': channel<UpdateStatusView>()(none),
  /** Starts the download (progress arrives as `updates.changed`); on a metered link only if asked. */
  'updates.download': channel<UpdateStatusView>()(
    z.object({ evenIfMetered: z.boolean().optional() }).strict(),
  ),
  /** The installer the core downloaded and verified, for the main process to run (never the page). */
  'updates.verified': channel<VerifiedInstallerView>()(none),
} as const;

/** Answered by the main process: checks the installer's hash again, quits and runs it. */
export const updateMainChannels = {
  'updates.install': channel<{ started: true; version: string }>()(none),
} as const;
