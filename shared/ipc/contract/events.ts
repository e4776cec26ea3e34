import type {
  AttachmentDownloadView,
  AttachmentProgressView,
  ExportProgressView,
  UpdateStatusView,
} from '../views.ts';

/**
 * Where a change to the records came from: a write on this laptop, a page pulled by sync, the sample
 * town loaded, or the switch between the practice town and the real records.
 */
export const CHANGE_ORIGINS = ['local', 'sync', 'sample', 'practice'] as const;
export type ChangeOrigin = (typeof CHANGE_ORIGINS)[number];

/** One committed transaction (or a switch of database): the tables it touched and where it came from. */
export interface DataChanged {
  reason: ChangeOrigin;
  tables: readonly string[];
}

/** The long jobs that report their progress (`task.progress`). */
export type LongTask = 'sample.load';

/**
 * How far a long job in the core has come: `done` of `total` steps (rows written, for the sample town).
 * The last event of a job has `done === total`. The page shows a progress bar while its call runs.
 */
export interface TaskProgress {
  task: LongTask;
  done: number;
  total: number;
}

/** What each event the core pushes to the renderer carries. */
export interface EventPayloads {
  'data.changed': DataChanged;
  /** The profile (role, practice mode) changed: the shell reads it again. */
  'profile.changed': Record<string, never>;
  /** A sync run started or ended, an enrolment, an upload settled: the 同期 indicator reads again. */
  'sync.changed': Record<string, never>;
  'attachments.progress': AttachmentProgressView;
  'attachments.download': AttachmentDownloadView;
  'task.progress': TaskProgress;
  'exports.progress': ExportProgressView;
  /** The app or the records locked or unlocked, a setting changed, or the laptop wiped itself. */
  'lock.changed': Record<string, never>;
  /** The update's state changed (a check, download progress, ready, a failure). */
  'updates.changed': UpdateStatusView;
}
