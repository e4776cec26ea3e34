import type { FutasatoApi } from '../../../shared/ipc/api.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract.ts';
import { ApiError } from './api-error.ts';

export { ApiError };

declare global {
  interface Window {
    api: FutasatoApi;
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
