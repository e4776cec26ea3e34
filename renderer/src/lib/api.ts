import type { AppErrorShape } from '../../../shared/errors.ts';
import type { FutasatoApi } from '../../../shared/ipc/api.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract.ts';

declare global {
  interface Window {
    api: FutasatoApi;
  }
}

/** A failed call, carrying the stable code (shown through i18n as `errors.<code>`). */
export class ApiError extends Error {
  readonly code: AppErrorShape['code'];
  readonly field: string | undefined;
  constructor(error: AppErrorShape) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
  }
}

/** Typed call into the main side: resolves with the value or throws ApiError. */
export async function call<K extends ChannelName>(
  channel: K,
  input?: ChannelInput<K>,
): Promise<ChannelOutput<K>> {
  const result = await window.api.invoke(channel, input ?? ({} as ChannelInput<K>));
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}
