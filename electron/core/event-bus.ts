import type { EventName, EventPayload } from '../../shared/ipc/contract.ts';

/** Gets every event; the name says which payload came (`EventPayloads` in the contract). */
export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * The events the core pushes to the window (and that tests and the main process watch), typed by the
 * contract: an event's name fixes its payload.
 */
export class EventBus {
  private readonly listeners = new Set<CoreEventListener>();

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
