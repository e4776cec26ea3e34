import type { Result } from '../errors.ts';
import type { EventName } from './channels.ts';
import type { ChannelInput, ChannelName, ChannelOutput, EventPayload } from './contract.ts';

/** What the preload exposes as `window.api` (and the end-to-end harness imitates). */
export interface FutasatoApi {
  invoke<K extends ChannelName>(channel: K, input?: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>;
  subscribe<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
}
