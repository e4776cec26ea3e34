import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/domain/attachments.ts';
import { AppError, type AppErrorShape, type Result } from '../../../shared/errors.ts';
import { type ChannelName, contract, type Handlers } from '../../../shared/ipc/contract.ts';
import { stderrCoreLog } from '../log.ts';
import { inputWithin } from './input-size.ts';

/**
 * The largest input a channel takes, checked before parsing. Forms and queries are small; the one
 * channel that carries a file's bytes may carry a file well over the attachment limit, so the core
 * still answers ATTACHMENT_TOO_LARGE (with its own message) for a photo a little too big.
 */
export const DEFAULT_INPUT_LIMIT_BYTES = 1024 * 1024;
export const INPUT_LIMIT_BYTES: Partial<Record<ChannelName, number>> = {
  'attachments.add': 2 * MAX_ATTACHMENT_BYTES,
  'consents.attachScan': 2 * MAX_ATTACHMENT_BYTES,
};

/**
 * Turns one untrusted call (channel name + input from the renderer) into a `Result`.
 * Shared by the Electron IPC glue and the end-to-end harness, so the harness exercises exactly the
 * validation and error mapping that the app does. Never throws.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawInput: unknown,
  log: (error: unknown, channel: string) => void = defaultLog,
): Promise<Result<unknown>> {
  // A channel the main process answers itself (a window, a dialog) is not the core's.
  if (!Object.hasOwn(contract, channel) || !Object.hasOwn(handlers, channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${channel}` } };
  }
  const name = channel as ChannelName;
  const limit = INPUT_LIMIT_BYTES[name] ?? DEFAULT_INPUT_LIMIT_BYTES;
  if (!inputWithin(rawInput, limit)) {
    return {
      ok: false,
      error: { code: 'INPUT_TOO_LARGE', message: `the input of ${channel} exceeds ${limit} bytes` },
    };
  }
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
  try {
    const handler = handlers[name as keyof Handlers] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toShape() };
    if (error instanceof ZodError) return { ok: false, error: validationError(error) };
    log(error, channel);
    // The renderer never sees a stack trace or SQL; the log has them.
    return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
  }
}

export function validationError(error: ZodError): AppErrorShape {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  // Schema messages are i18n keys (`validation.*`); zod's own defaults are not, so fall back.
  const message = issue?.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  return field ? { code: 'VALIDATION_FAILED', message, field } : { code: 'VALIDATION_FAILED', message };
}

/** Without the core's log (a caller that gave none): stderr, redacted the same way. */
let fallback: Logger | null = null;
function defaultLog(error: unknown, channel: string): void {
  fallback ??= stderrCoreLog('error').logger;
  logInternal(fallback, error, channel);
}

/** An INTERNAL failure of a handler, with its stack: the one trace a packaged build keeps of it. */
export function logInternal(log: Logger, error: unknown, channel: string): void {
  log.error({ err: error, channel }, 'ipc handler failed');
}
