import { join } from 'node:path';
import { app } from 'electron';
import type { Logger } from 'pino';
import { type CoreLog, createCoreLog, stderrCoreLog } from '../core/log.ts';

/** The main side logs little: start-up, refused senders, the core's crashes, windows, updates. */
const MAIN_LOG_FILE = 'main.log';

let opened: CoreLog | null = null;

/**
 * The main process's log: `main.log` in the same `logs/` folder as the core's `futasato.log` (beside
 * the database), rotated and redacted the same way, so support finds both in one place. A process
 * without a data folder (the glue tests' stand-in electron) logs warnings to stderr instead.
 */
export function mainLog(): Logger {
  if (!opened) {
    try {
      opened = createCoreLog({ dir: join(app.getPath('userData'), 'logs'), fileName: MAIN_LOG_FILE });
    } catch {
      opened = stderrCoreLog('warn');
    }
  }
  return opened.logger;
}

/** Flushes and closes the file at quit. */
export function closeMainLog(): void {
  opened?.close();
  opened = null;
}
