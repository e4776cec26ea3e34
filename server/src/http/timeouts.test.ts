import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';

/**
 * Slow clients: a connection whose request body stalls, or trickles, is closed after the configured
 * timeouts instead of being held open forever. Real sockets against a listening server.
 */

let server: TestServer;
let port: number;
let device: TestDevice;

beforeAll(async () => {
  server = await startTestServer({
    listen: true,
    config: { IDLE_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '3' },
  });
  port = Number(new URL(server.url!).port);
  device = await enrollTestDevice(server, 'kagoshima-yoron');
});
afterAll(async () => server.close());

/** Opens a sync request that announces 10,000 bytes of body and sends only a few. */
function openStalled(): Promise<{ socket: Socket; closed: Promise<{ afterMs: number; answer: string }> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const started = performance.now();
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1');
      });
      const closed = new Promise<{ afterMs: number; answer: string }>((done) => {
        socket.on('close', () => done({ afterMs: performance.now() - started, answer }));
      });
      socket.write(
        `POST /v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${device.token}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"protocol":1,',
      );
      resolve({ socket, closed });
    });
    socket.on('error', reject);
  });
}

describe('request timeouts', () => {
  it('closes 20 connections whose bodies stalled, after the idle timeout', async () => {
    const stalled = await Promise.all(Array.from({ length: 20 }, () => openStalled()));
    const outcomes = await Promise.all(stalled.map((s) => s.closed));
    for (const { afterMs } of outcomes) {
      expect(afterMs).toBeGreaterThanOrEqual(900);
      // One second configured; the rest is a busy machine's scheduling.
      expect(afterMs).toBeLessThan(10_000);
    }
  });

  it('closes a body trickled a byte at a time, after the request timeout', async () => {
    const { socket, closed } = await openStalled();
    // Each byte keeps the connection from being idle; the whole request still has 3 s to arrive.
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 200);
    try {
      const { afterMs, answer } = await closed;
      expect(afterMs).toBeGreaterThanOrEqual(2_900);
      expect(afterMs).toBeLessThan(15_000);
      // Node answers a request that did not arrive in time with 408 before closing.
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
    }
  });

  it('still answers an ordinary request', async () => {
    const res = await fetch(`${server.url}/v1/health`);
    expect(res.status).toBe(200);
  });
});
