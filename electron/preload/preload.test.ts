import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FutasatoApi } from '../../shared/ipc/api.ts';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_PREFIX } from '../../shared/ipc/channels.ts';
import { contextBridge, ipcRenderer, resetFakeElectron } from '../testing/fake-electron.ts';

/**
 * The preload against the stand-in electron module (the unit project resolves `electron` to it): what
 * the page can reach through `window.api`.
 */
async function loadPreload(): Promise<FutasatoApi> {
  resetFakeElectron();
  await import('./index.ts');
  return contextBridge.exposed.get('api') as FutasatoApi;
}

type LooseApi = {
  invoke(channel: unknown, input?: unknown): Promise<unknown>;
  subscribe(event: unknown, callback: unknown): () => void;
};

describe('preload: window.api', () => {
  let api: FutasatoApi;
  let loose: LooseApi;
  beforeAll(async () => {
    api = await loadPreload();
    loose = api as unknown as LooseApi;
  });
  beforeEach(() => {
    ipcRenderer.invoked.length = 0;
    ipcRenderer.listeners.clear();
  });

  it('exposes exactly invoke and subscribe, under the one name api', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('forwards every contract channel, prefixed, with its input', async () => {
    for (const name of CHANNEL_NAMES) void api.invoke(name, { probe: name } as never).catch(() => undefined);
    expect(ipcRenderer.invoked).toEqual(
      CHANNEL_NAMES.map((name) => ({ channel: `${IPC_PREFIX}${name}`, args: [{ probe: name }] })),
    );
  });

  it('refuses any other name without reaching the main process', async () => {
    for (const channel of ['fs.readFile', 'event:data.changed', `${IPC_PREFIX}app.info`, '', 'constructor']) {
      expect(await loose.invoke(channel, {})).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      });
    }
    for (const channel of [42, null, undefined, { toString: () => 'app.info' }]) {
      expect(await loose.invoke(channel, {})).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      });
    }
    expect(ipcRenderer.invoked).toEqual([]);
  });

  it('subscribes to the contract events only, and hands the page the payload alone', () => {
    const seen: unknown[][] = [];
    const unsubscribe = api.subscribe('data.changed', (...args: unknown[]) => seen.push(args));
    ipcRenderer.deliver(`${IPC_PREFIX}event:data.changed`, { reason: 'local', tables: ['family'] });
    // Another event's channel does not reach this callback.
    ipcRenderer.deliver(`${IPC_PREFIX}event:sync.changed`, {});
    expect(seen).toEqual([[{ reason: 'local', tables: ['family'] }]]);
    unsubscribe();
    ipcRenderer.deliver(`${IPC_PREFIX}event:data.changed`, { reason: 'local', tables: [] });
    expect(seen).toHaveLength(1);
    expect(ipcRenderer.listeners.get(`${IPC_PREFIX}event:data.changed`)?.size ?? 0).toBe(0);
  });

  it('listens on the prefixed event channel of every contract event, and on nothing else', () => {
    for (const name of EVENT_NAMES) api.subscribe(name, () => undefined);
    expect([...ipcRenderer.listeners.keys()].sort()).toEqual(
      EVENT_NAMES.map((name) => `${IPC_PREFIX}event:${name}`).sort(),
    );
    for (const event of ['app.info', 'message', `${IPC_PREFIX}event:data.changed`, 7]) {
      expect(() => loose.subscribe(event, () => undefined)).toThrow(TypeError);
    }
    expect(() => loose.subscribe('data.changed', 'not a function')).toThrow(TypeError);
    expect(ipcRenderer.listeners.size).toBe(EVENT_NAMES.length);
  });
});
