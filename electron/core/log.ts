import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { PERSONAL } from '../../shared/sync/personal.ts';

/**
 * The core's log (docs/architecture.md, "Errors and logs"): JSON lines, one per event, in
 * `<folder of the database>/logs/futasato.log`, rotated by size (1 MiB × 4 files by default), so a
 * packaged Windows build that fails leaves a trace someone can send to support.
 *
 * What goes in: ids, codes, counts, durations and stacks — never a person's data or a secret. Callers
 * log such facts only; redaction below is the safety net for an object logged by mistake: any field
 * named like a personal column (the erase list, shared/sync/personal.ts) or a secret is replaced by
 * "[redacted]" before the line is written, up to four levels deep.
 */

export const LOG_FILE = 'futasato.log';
export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_MAX_FILES = 4;

/** Fields that hold a person's data, whatever table they come from. */
const PERSONAL_KEYS = [
  ...new Set([
    ...Object.values(PERSONAL).flatMap((spec) => Object.keys(spec.wipe)),
    'name',
    'display_name',
    'displayName',
    'family_name',
    'given_name',
    'phone',
    'email',
    'address',
    'memo',
    'note',
    'notes',
    'caption',
    'file_name',
    'fileName',
    // Whole payloads that carry record values: a record, its changes, an IPC input.
    'values',
    'changes',
    'input',
    'row',
    'profile',
  ]),
];

/** Secrets: the device's credential, passwords, enrolment codes. */
const SECRET_KEYS = [
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'password',
  'secret',
  'authorization',
  'cookie',
  'enrolmentCode',
  'enrollmentCode',
  'enrollment_code',
];

/** `family_name` → `familyName`: views and IPC inputs carry the same columns in camelCase. */
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export const REDACTED_KEYS: readonly string[] = [
  ...new Set([...PERSONAL_KEYS, ...SECRET_KEYS].flatMap((key) => [key, camel(key)])),
];

/** pino redact paths: each key at the top and up to four levels down (objects and arrays). */
export const REDACT_PATHS: readonly string[] = REDACTED_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  return [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`, `*.*.*.*.${k}`];
});

export interface RotatingFileOptions {
  dir: string;
  /**
   * The file's name: `futasato.log` for the core. Each process keeps a file of its own (the main
   * process writes `main.log`), since two writers rotating one file would lose lines.
   */
  fileName?: string;
  /** A file is rotated before a line would take it past this size. */
  maxBytes?: number;
  /** The live file and its older siblings: `futasato.log`, `futasato.1.log`, … */
  maxFiles?: number;
}

/**
 * A log file rotated by size. Writes are synchronous: a line is on disk when the call returns, so a
 * crash right after an error still leaves the error in the file, and the core logs little enough
 * (runs, failures, backups) that this costs nothing the window would notice.
 */
export class RotatingFile {
  readonly dir: string;
  private readonly fileName: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private fd: number | null = null;
  private size = 0;

  constructor(options: RotatingFileOptions) {
    this.dir = options.dir;
    this.fileName = options.fileName ?? LOG_FILE;
    this.maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_LOG_MAX_FILES);
    mkdirSync(this.dir, { recursive: true });
  }

  /** The files, newest first (the live one first); only those that exist. */
  files(): string[] {
    return Array.from({ length: this.maxFiles }, (_, i) => this.path(i)).filter((p) => existsSync(p));
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.fd === null) this.open();
    if (this.size > 0 && this.size + bytes > this.maxBytes) {
      this.rotate();
      this.open();
    }
    writeSync(this.fd as number, line);
    this.size += bytes;
  }

  /** The last `max` lines across the live file and the ones before it, oldest first. */
  recentLines(max: number): string[] {
    const lines: string[] = [];
    for (const path of this.files()) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // rotated away meanwhile
      }
      const fileLines = text.split('\n').filter((l) => l.length > 0);
      lines.unshift(...fileLines.slice(Math.max(0, fileLines.length - (max - lines.length))));
      if (lines.length >= max) break;
    }
    return lines;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private path(index: number): string {
    return join(this.dir, index === 0 ? this.fileName : this.fileName.replace(/\.log$/, `.${index}.log`));
  }

  private open(): void {
    this.fd = openSync(this.path(0), 'a');
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    rmSync(this.path(this.maxFiles - 1), { force: true });
    for (let i = this.maxFiles - 2; i >= 0; i -= 1) {
      if (existsSync(this.path(i))) renameSync(this.path(i), this.path(i + 1));
    }
  }
}

/** The core's logger and where its lines are. */
export interface CoreLog {
  readonly logger: Logger;
  /** The folder of the log files; null for a log that keeps no file. */
  readonly dir: string | null;
  /** The last lines written (JSON, already redacted), oldest first: the diagnostics bundle's. */
  recentLines(max?: number): string[];
  close(): void;
}

export interface CoreLogOptions extends RotatingFileOptions {
  /** pino's level; 'info' by default (FUTASATO_LOG_LEVEL overrides it). */
  level?: string;
}

function loggerOptions(level: string) {
  return {
    level,
    base: { pid: process.pid },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
}

/** A log in `dir`, rotated by size. */
export function createCoreLog(options: CoreLogOptions): CoreLog {
  const file = new RotatingFile(options);
  const level = options.level ?? process.env.FUTASATO_LOG_LEVEL ?? 'info';
  const logger = pino(loggerOptions(level), { write: (line: string) => file.write(line) });
  return {
    logger,
    dir: file.dir,
    recentLines: (max = 200) => file.recentLines(max),
    close: () => file.close(),
  };
}

/** A log that keeps nothing (benchmarks); the same redaction, written to stderr at warnings. */
export function stderrCoreLog(level = 'warn'): CoreLog {
  const logger = pino(loggerOptions(level), pino.destination({ dest: 2, sync: true }));
  return { logger, dir: null, recentLines: () => [], close: () => undefined };
}
