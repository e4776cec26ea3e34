import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/** Validates a request body; the first problem becomes INVALID_REQUEST naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  throw new ApiError('INVALID_REQUEST', `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid body'}`, {
    ...(path ? { field: path } : {}),
  });
}
