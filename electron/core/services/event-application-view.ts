import type { ApplicationStatus, ApplicationViewStatus } from '../../../shared/domain/enums.ts';

/** 参加 once anyone of the application was marked at the roll call; otherwise what is stored. */
export function applicationStatusFor(stored: string, marked: boolean): ApplicationViewStatus {
  return marked ? 'attended' : (stored as ApplicationStatus);
}
