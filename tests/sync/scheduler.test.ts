import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timers } from '../../electron/core/sync/scheduler.ts';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { enrolledLaptop, type TestLaptop } from './support.ts';

/**
 * When sync runs by itself, with the real engine and server. Time is a hand-driven clock, so the
 * schedule is checked exactly and the test does not wait minutes; "the network is down" is a fetch
 * that fails before sending, as a dead link does.
 */

class ManualTimers implements Timers {
  now = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  random = () => 0.5;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  /** Runs every timer due within `ms` in order, letting each sync finish before the next timer. */
  async advance(ms: number, laptop: TestLaptop): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const first = this.queue[0];
      if (!first || first.at > end) break;
      this.queue.shift();
      this.now = first.at;
      first.fn();
      await laptop.core.sync?.whenIdle();
      await new Promise((r) => setImmediate(r));
    }
    this.now = end;
  }
  pending(): number[] {
    return this.queue.map((t) => t.at - this.now).sort((a, b) => a - b);
  }
}

let server: TestServer;
const laptops: TestLaptop[] = [];
beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
});

function runs(laptop: TestLaptop): string[] {
  return (
    laptop.core.database.sqlite.prepare('SELECT trigger, outcome FROM sync_run ORDER BY id').all() as {
      trigger: string;
      outcome: string;
    }[]
  ).map((r) => `${r.trigger}:${r.outcome}`);
}

describe('automatic sync', () => {
  it('syncs at start, once shortly after a burst of writes, and on schedule', async () => {
    const timers = new ManualTimers();
    const laptop = await enrolledLaptop(server, 'kagoshima-yoron', '自動 一郎');
    laptops.push(laptop);
    laptop.core.startAutoSync({ timers, intervalMs: 300_000, afterWriteMs: 5_000 });
    await timers.advance(0, laptop);
    for (let i = 0; i < 5; i++)
      await call(laptop.core, 'families.create', { familyName: `家族${i}`, familyNameKana: 'かぞく' });
    await timers.advance(5_000, laptop);
    expect(
      laptop.core.database.sqlite
        .prepare("SELECT count(*) FROM outbox WHERE state = 'pending'")
        .pluck()
        .get(),
    ).toBe(0);
    await timers.advance(300_000, laptop);
    expect(runs(laptop)).toEqual(['start:ok', 'write:ok', 'schedule:ok']);
  });

  it('backs off with jitter while the link is down, and syncs at once when it returns', async () => {
    const timers = new ManualTimers();
    const link = { up: true };
    const laptop = await enrolledLaptop(server, 'kagoshima-yoron', '離島 花子', {
      serverClient: {
        fetch: async (input, init) => {
          if (!link.up) throw new TypeError('fetch failed', { cause: { code: 'ENETUNREACH' } });
          return fetch(input, init);
        },
      },
    });
    laptops.push(laptop);
    link.up = false;
    laptop.core.startAutoSync({ timers, backoffBaseMs: 10_000, backoffMaxMs: 60_000 });
    await timers.advance(0, laptop);
    expect(laptop.core.sync?.phase).toBe('offline');
    expect(timers.pending()).toEqual([7_500]); // first retry: 10 s ceiling, jitter at 0.5
    await timers.advance(7_500, laptop);
    expect(timers.pending()).toEqual([15_000]); // then 20 s
    await timers.advance(15_000, laptop);
    expect(timers.pending()).toEqual([30_000]);
    link.up = true;
    laptop.core.notifyOnline();
    await timers.advance(0, laptop);
    expect(laptop.core.sync?.phase).toBe('idle');
    expect(runs(laptop)).toEqual(['start:error', 'schedule:error', 'schedule:error', 'online:ok']);
  });
});
