import { connect, createServer, type Server, type Socket } from 'node:net';
import { Rng } from '../../electron/core/sample/prng.ts';

/**
 * A user-space island link (`tc netem` is not available in this kernel): a TCP proxy in front of the
 * server's port that, per direction,
 * - delays every byte by a one-way latency (default 300 ms), and a new connection by the TCP
 *   handshake's round trip before its first byte may leave;
 * - limits bandwidth with a token bucket (default 0.5 Mbit/s) SHARED by all connections of that
 *   direction, as one island link is: two laptops syncing at once each get about half;
 * - can cut connections mid-request (`socket.resetAndDestroy()` on both ends): per request with a
 *   probability, somewhere in the request going up or in its answer coming down, or every so many
 *   bytes on average;
 * - counts connections, HTTP requests (it frames the HTTP/1.1 byte stream: request line, headers,
 *   Content-Length or chunked bodies), bytes up and down, and cuts.
 * Every random choice comes from one seeded PRNG, so the same seed and the same traffic cut the same
 * requests at the same bytes.
 *
 * Bytes are counted when they cross the link (when the bucket lets them go): HTTP headers and bodies
 * as the endpoints wrote them, without TCP/IP framing.
 */

export interface ResetOptions {
  /** Probability that a request's exchange is cut: half of the cuts in the request, half in its answer. */
  perRequest?: number;
  /** Mean bytes between cuts per direction (exponentially distributed, so a cut lands on any byte). */
  meanBytes?: number;
  /** Which requests may be cut (default: all). */
  filter?: (method: string, path: string) => boolean;
}

export interface ShaperOptions {
  target: { host: string; port: number };
  /** One-way latency in ms, each direction (default 300). */
  latencyMs?: number;
  /** Bits per second, each direction, shared by all connections (default 500_000; Infinity = unlimited). */
  bandwidthBps?: number;
  /** Token bucket depth in bytes: how much may leave back to back after the link was idle (default 4096). */
  burstBytes?: number;
  /** Emulate the TCP handshake: a new connection's first byte leaves one round trip late (default true). */
  handshake?: boolean;
  resets?: ResetOptions | null;
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** Port to listen on (default: any free one). */
  port?: number;
  /** Keep a timeline of every request (`traces()`), to tell link time from server and client time. */
  trace?: boolean;
}

/**
 * One request's timeline, in performance.now() ms, as seen at the shaper. The client and the server
 * are on this machine, so "received from" an end is when that end sent it.
 */
export interface RequestTrace {
  route: string;
  connection: number;
  /** The request's first byte came from the client. */
  sent: number;
  /** Its last byte reached the server (after the link's queue and latency). */
  delivered: number | null;
  /** The answer's first byte came from the server: `answered - delivered` is the server's time. */
  answered: number | null;
  /** The answer's last byte reached the client. */
  received: number | null;
  bytesUp: number;
  bytesDown: number;
}

export interface ShaperStats {
  connections: number;
  requests: number;
  bytesUp: number;
  bytesDown: number;
  /** Connections the shaper cut on purpose. */
  resets: number;
  /** Of those, cut while the request went up (the server never had all of it) … */
  resetsInRequest: number;
  /** … and cut while the answer came down (the server had done the work; the answer was lost). */
  resetsInAnswer: number;
  /** Request starts by "METHOD /path" (query strings left out, hex ids as :id). */
  byRoute: Record<string, number>;
}

export interface Shaper {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly port: number;
  stats(): ShaperStats;
  /** Every request's timeline so far (with `trace: true`). */
  traces(): readonly RequestTrace[];
  /** Turns cuts on, changes them, or (null) off; takes effect for requests starting from now. */
  setResets(resets: ResetOptions | null): void;
  /**
   * Cuts the next request to `path` for certain, in the request or in its answer, at `fraction` of its
   * bytes: a scripted fault on top of the random ones (which it does not disturb).
   */
  cutNext(path: string, where: 'request' | 'answer', fraction?: number): void;
  /** The link is down: every connection, open or new, is reset at once. */
  setOffline(offline: boolean): void;
  close(): Promise<void>;
}

/** Counter difference `after - before`, for one phase of a run. */
export function statsDelta(before: ShaperStats, after: ShaperStats): ShaperStats {
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.byRoute)) {
    const d = n - (before.byRoute[route] ?? 0);
    if (d !== 0) byRoute[route] = d;
  }
  return {
    connections: after.connections - before.connections,
    requests: after.requests - before.requests,
    bytesUp: after.bytesUp - before.bytesUp,
    bytesDown: after.bytesDown - before.bytesDown,
    resets: after.resets - before.resets,
    resetsInRequest: after.resetsInRequest - before.resetsInRequest,
    resetsInAnswer: after.resetsInAnswer - before.resetsInAnswer,
    byRoute,
  };
}

// ---------------------------------------------------------------------------------------------------
// HTTP/1.1 framing: where each message starts, how long it is, where it ends.

type FrameEvent =
  | { kind: 'start'; at: number; line: string }
  /** The message's length from its first byte (exact, or from the first chunk for a chunked body). */
  | { kind: 'size'; at: number; total: number }
  | { kind: 'end'; at: number };

type FrameState =
  | 'start'
  | 'headers'
  | 'body'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-crlf'
  | 'trailers'
  | 'until-close';

const MAX_LINE = 64 * 1024;

/**
 * Follows one direction of a connection. For responses it needs the method of the request each one
 * answers (a HEAD answer has no body), which the caller supplies in order.
 */
class HttpFramer {
  private state: FrameState = 'start';
  private readonly response: boolean;
  private readonly methodOfNext: () => string | undefined;
  /** Absolute stream offset of the next byte fed. */
  private pos = 0;
  private line = '';
  private messageStart = 0;
  private startLine = '';
  private contentLength: number | null = null;
  private chunked = false;
  private remaining = 0;
  private sizedChunk = false;

  constructor(response: boolean, methodOfNext: () => string | undefined = () => undefined) {
    this.response = response;
    this.methodOfNext = methodOfNext;
  }

  feed(buf: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let i = 0;
    while (i < buf.length) {
      switch (this.state) {
        case 'until-close':
          this.pos += buf.length - i;
          return events;
        case 'body':
        case 'chunk-data': {
          const n = Math.min(this.remaining, buf.length - i);
          i += n;
          this.pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            if (this.state === 'body') this.finish(events);
            else this.state = 'chunk-crlf';
          }
          break;
        }
        default: {
          // Line-oriented states.
          const byte = buf[i] as number;
          if (this.state === 'start' && this.line === '' && (byte === 0x0d || byte === 0x0a)) {
            i += 1;
            this.pos += 1;
            break;
          }
          if (this.state === 'start' && this.line === '') this.messageStart = this.pos;
          i += 1;
          this.pos += 1;
          if (byte !== 0x0a) {
            this.line += String.fromCharCode(byte);
            if (this.line.length > MAX_LINE) this.state = 'until-close'; // not HTTP after all
            break;
          }
          const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
          this.line = '';
          this.onLine(line, events);
        }
      }
    }
    return events;
  }

  private onLine(line: string, events: FrameEvent[]): void {
    switch (this.state) {
      case 'start':
        this.startLine = line;
        this.contentLength = null;
        this.chunked = false;
        this.sizedChunk = false;
        this.state = 'headers';
        events.push({ kind: 'start', at: this.messageStart, line });
        return;
      case 'headers': {
        if (line !== '') {
          const colon = line.indexOf(':');
          if (colon > 0) {
            const name = line.slice(0, colon).trim().toLowerCase();
            const value = line.slice(colon + 1).trim();
            if (name === 'content-length') this.contentLength = Number(value);
            if (name === 'transfer-encoding' && value.toLowerCase().includes('chunked')) this.chunked = true;
          }
          return;
        }
        const headerLength = this.pos - this.messageStart;
        let noBody = false;
        if (this.response) {
          const status = Number(this.startLine.split(' ')[1]);
          if (status >= 100 && status < 200) {
            if (status === 101) {
              this.state = 'until-close';
              return;
            }
            // An interim answer: the real one follows, for the same request.
            events.push({ kind: 'size', at: this.pos, total: headerLength });
            events.push({ kind: 'end', at: this.pos });
            this.state = 'start';
            return;
          }
          const method = this.methodOfNext();
          noBody = method === 'HEAD' || status === 204 || status === 304;
        } else {
          noBody = !this.chunked && !this.contentLength;
        }
        if (noBody || (!this.chunked && this.contentLength === 0)) {
          events.push({ kind: 'size', at: this.pos, total: headerLength });
          this.finish(events);
        } else if (this.chunked) {
          this.state = 'chunk-size';
        } else if (this.contentLength !== null && Number.isFinite(this.contentLength)) {
          events.push({ kind: 'size', at: this.pos, total: headerLength + this.contentLength });
          this.remaining = this.contentLength;
          this.state = 'body';
        } else {
          this.state = 'until-close';
        }
        return;
      }
      case 'chunk-size': {
        const size = Number.parseInt(line.split(';')[0] ?? '', 16);
        if (!Number.isFinite(size) || size < 0) {
          this.state = 'until-close';
          return;
        }
        if (!this.sizedChunk) {
          this.sizedChunk = true;
          events.push({ kind: 'size', at: this.pos, total: this.pos - this.messageStart + size });
        }
        if (size === 0) {
          this.state = 'trailers';
        } else {
          this.remaining = size;
          this.state = 'chunk-data';
        }
        return;
      }
      case 'chunk-crlf':
        this.state = 'chunk-size';
        return;
      case 'trailers':
        if (line === '') this.finish(events);
        return;
      default:
        return;
    }
  }

  private finish(events: FrameEvent[]): void {
    events.push({ kind: 'end', at: this.pos });
    this.state = 'start';
  }
}

// ---------------------------------------------------------------------------------------------------
// The link: one token bucket and one latency per direction, shared by every connection.

type Direction = 'up' | 'down';

interface Piece {
  conn: Conn;
  dir: Direction;
  data: Buffer | null;
  /** Runs when the piece arrives (after the bytes before it): a half-close or a cut. */
  action?: () => void;
}

/** A connection's queued bytes above which its sender is paused (TCP's window, roughly). */
const HIGH_WATER = 64 * 1024;
const LOW_WATER = 16 * 1024;
const MAX_PIECE = 16 * 1024;

class Link {
  private readonly bytesPerMs: number;
  private readonly burst: number;
  private readonly latencyMs: number;
  private readonly onSent: (bytes: number) => void;
  private tokens: number;
  private last = performance.now();
  private readonly queue: Piece[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<NodeJS.Timeout>();

  constructor(bps: number, burst: number, latencyMs: number, onSent: (bytes: number) => void) {
    this.bytesPerMs = bps / 8 / 1000;
    this.burst = burst;
    this.tokens = burst;
    this.latencyMs = latencyMs;
    this.onSent = onSent;
  }

  get pieceSize(): number {
    return Number.isFinite(this.bytesPerMs) ? Math.max(1, Math.min(MAX_PIECE, this.burst)) : MAX_PIECE * 4;
  }

  send(piece: Piece): void {
    this.queue.push(piece);
    this.pump();
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.bytesPerMs);
    this.last = now;
  }

  private pump(): void {
    if (this.timer) return;
    while (this.queue.length > 0) {
      const piece = this.queue[0] as Piece;
      const size = piece.data?.length ?? 0;
      if (piece.conn.dead) {
        this.queue.shift();
        piece.conn.release(piece.dir, size);
        continue;
      }
      if (size > 0 && Number.isFinite(this.bytesPerMs)) {
        this.refill();
        if (this.tokens < size) {
          const wait = Math.max(1, Math.ceil((size - this.tokens) / this.bytesPerMs));
          this.timer = setTimeout(() => {
            this.timer = null;
            this.pump();
          }, wait);
          return;
        }
        this.tokens -= size;
      }
      this.queue.shift();
      this.onSent(size);
      piece.conn.release(piece.dir, size);
      const arrive = () => piece.conn.arrive(piece);
      if (this.latencyMs > 0) {
        const handle = setTimeout(() => {
          this.inFlight.delete(handle);
          arrive();
        }, this.latencyMs);
        this.inFlight.add(handle);
      } else {
        arrive();
      }
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const handle of this.inFlight) clearTimeout(handle);
    this.inFlight.clear();
    this.queue.length = 0;
  }
}

// ---------------------------------------------------------------------------------------------------
// One proxied connection.

interface CutPlan {
  dir: Direction;
  fraction: number;
}

interface PendingCut {
  messageStart: number;
  fraction: number;
  /** Absolute stream offset of the cut, once the message's size is known. */
  at: number | null;
}

class Conn {
  readonly client: Socket;
  readonly server: Socket;
  private readonly shaper: ShaperImpl;
  dead = false;
  private cutting = false;
  private readonly queued: Record<Direction, number> = { up: 0, down: 0 };
  private readonly offset: Record<Direction, number> = { up: 0, down: 0 };
  private readonly framers: Record<Direction, HttpFramer>;
  /** Methods of requests whose answers have not started yet (HEAD answers have no body). */
  private readonly methods: string[] = [];
  /** Per request in flight, in order: where its cut goes, if anywhere. */
  private readonly plans: (CutPlan | null)[] = [];
  private readonly pending: Record<Direction, PendingCut | null> = { up: null, down: null };
  private readonly id: number;
  /** Traced requests whose answers have not started yet, and the one whose answer is coming. */
  private readonly awaiting: RequestTrace[] = [];
  private current: Record<Direction, { trace: RequestTrace; start: number } | null> = {
    up: null,
    down: null,
  };

  constructor(client: Socket, server: Socket, shaper: ShaperImpl, id: number) {
    this.client = client;
    this.server = server;
    this.shaper = shaper;
    this.id = id;
    this.framers = {
      up: new HttpFramer(false),
      down: new HttpFramer(true, () => this.methods.shift()),
    };
  }

  private source(dir: Direction): Socket {
    return dir === 'up' ? this.client : this.server;
  }

  private sink(dir: Direction): Socket {
    return dir === 'up' ? this.server : this.client;
  }

  /** Bytes read from one end, on their way to the other. */
  forward(dir: Direction, chunk: Buffer): void {
    if (this.dead || this.cutting) return;
    const start = this.offset[dir];
    this.offset[dir] += chunk.length;
    for (const event of this.framers[dir].feed(chunk)) this.onFrame(dir, event);
    let cutAt: number | null = null;
    const planned = this.pending[dir]?.at ?? null;
    if (planned !== null && planned < start + chunk.length) cutAt = Math.max(0, planned - start);
    const byBytes = this.shaper.bytesCut(dir, chunk.length);
    if (byBytes !== null && (cutAt === null || byBytes < cutAt)) cutAt = byBytes;
    const pass = cutAt === null ? chunk : chunk.subarray(0, cutAt);
    const link = this.shaper.link(dir);
    const send = (bytes: Buffer) => {
      for (let i = 0; i < bytes.length; i += link.pieceSize) {
        const data = bytes.subarray(i, i + link.pieceSize);
        this.queued[dir] += data.length;
        link.send({ conn: this, dir, data });
      }
    };
    let from = 0;
    for (const { at, trace } of this.traceEnds) {
      // A traced message ends here: a marker after its last byte notes when that byte arrives.
      const end = Math.min(pass.length, at - start);
      send(pass.subarray(from, end));
      from = end;
      link.send({
        conn: this,
        dir,
        data: null,
        action: () => {
          if (dir === 'up') trace.delivered = performance.now();
          else trace.received = performance.now();
        },
      });
    }
    this.traceEnds.length = 0;
    send(pass.subarray(from));
    if (cutAt !== null) {
      this.cut(dir);
      return;
    }
    if (this.queued[dir] > HIGH_WATER) this.source(dir).pause();
  }

  /** Ends of traced messages in the chunk being forwarded (absolute offsets). */
  private readonly traceEnds: { at: number; trace: RequestTrace }[] = [];

  private traceFrame(dir: Direction, event: FrameEvent): void {
    const now = performance.now();
    if (dir === 'down') {
      // Interim answers (1xx) come before the real one: not traced.
      if (event.kind === 'start') {
        this.interim = /^HTTP\/\d\.\d 1\d\d/.test(event.line);
        if (this.interim) return;
      } else if (this.interim) {
        if (event.kind === 'end') this.interim = false;
        return;
      }
    }
    if (event.kind === 'start') {
      if (dir === 'up') {
        const [method = '', target = ''] = event.line.split(' ');
        const trace: RequestTrace = {
          route: `${method} ${target.split('?')[0] ?? ''}`,
          connection: this.id,
          sent: now,
          delivered: null,
          answered: null,
          received: null,
          bytesUp: 0,
          bytesDown: 0,
        };
        this.shaper.traced.push(trace);
        this.awaiting.push(trace);
        this.current.up = { trace, start: event.at };
      } else {
        const trace = this.awaiting.shift();
        if (trace) trace.answered = now;
        this.current.down = trace ? { trace, start: event.at } : null;
      }
    } else if (event.kind === 'end') {
      const current = this.current[dir];
      if (!current) return;
      if (dir === 'up') current.trace.bytesUp = event.at - current.start;
      else current.trace.bytesDown = event.at - current.start;
      this.traceEnds.push({ at: event.at, trace: current.trace });
      this.current[dir] = null;
    }
  }

  private onFrame(dir: Direction, event: FrameEvent): void {
    if (this.shaper.tracing) this.traceFrame(dir, event);
    if (event.kind === 'start') {
      if (dir === 'up') {
        const [method = '', target = ''] = event.line.split(' ');
        const path = target.split('?')[0] ?? '';
        this.methods.push(method);
        const plan = this.shaper.requestStarted(method, path);
        this.plans.push(plan);
        this.pending.up =
          plan?.dir === 'up' ? { messageStart: event.at, fraction: plan.fraction, at: null } : null;
      } else if (!/^HTTP\/\d\.\d 1\d\d/.test(event.line)) {
        const plan = this.plans.shift() ?? null;
        this.pending.down =
          plan?.dir === 'down' ? { messageStart: event.at, fraction: plan.fraction, at: null } : null;
      }
    } else if (event.kind === 'size') {
      const pending = this.pending[dir];
      if (pending && pending.at === null) {
        pending.at = pending.messageStart + Math.floor(pending.fraction * event.total);
      }
    } else if (event.kind === 'end') {
      // A message ended before its cut point was known (no body): cut at its end instead.
      const pending = this.pending[dir];
      if (pending && pending.at === null) pending.at = event.at - 1;
    }
  }

  /** The answer coming down is an interim one (1xx): not traced. */
  private interim = false;

  /** A piece left the link: its sender may go on if it was paused. */
  release(dir: Direction, bytes: number): void {
    this.queued[dir] -= bytes;
    if (this.queued[dir] < LOW_WATER && !this.dead && !this.cutting) this.source(dir).resume();
  }

  /** A piece reached the far end of the link. */
  arrive(piece: Piece): void {
    if (piece.action) {
      piece.action();
      return;
    }
    const sink = this.sink(piece.dir);
    if (!this.dead && piece.data && !sink.destroyed && sink.writable) sink.write(piece.data);
  }

  /** The sender half-closed: pass the FIN on after its last byte. */
  ended(dir: Direction): void {
    if (this.dead || this.cutting) return;
    this.shaper.link(dir).send({
      conn: this,
      dir,
      data: null,
      action: () => {
        const sink = this.sink(dir);
        if (!this.dead && !sink.destroyed) sink.end();
      },
    });
  }

  /** Cuts the connection after the bytes already on the link in `dir` arrive. */
  private cut(dir: Direction): void {
    this.cutting = true;
    this.client.pause();
    this.server.pause();
    this.shaper.counted.resets += 1;
    if (dir === 'up') this.shaper.counted.resetsInRequest += 1;
    else this.shaper.counted.resetsInAnswer += 1;
    this.shaper.link(dir).send({ conn: this, dir, data: null, action: () => this.reset() });
  }

  /** Both ends see a reset (RST), as when the island's link drops mid-transfer. */
  reset(): void {
    if (this.dead) return;
    this.dead = true;
    for (const socket of [this.client, this.server]) {
      if (socket.destroyed) continue;
      try {
        socket.resetAndDestroy();
      } catch {
        socket.destroy();
      }
    }
  }

  /** One end failed or closed on its own: the other goes too. */
  close(): void {
    if (this.dead) return;
    this.dead = true;
    this.client.destroy();
    this.server.destroy();
  }
}

class ShaperImpl implements Shaper {
  url = '';
  port = 0;
  readonly counted: ShaperStats = {
    connections: 0,
    requests: 0,
    bytesUp: 0,
    bytesDown: 0,
    resets: 0,
    resetsInRequest: 0,
    resetsInAnswer: 0,
    byRoute: {},
  };
  private readonly scripted: { path: string; plan: CutPlan }[] = [];
  readonly traced: RequestTrace[] = [];
  readonly tracing: boolean;
  private readonly options: Required<Omit<ShaperOptions, 'resets' | 'port' | 'seed' | 'trace'>>;
  private resets: ResetOptions | null;
  private offline = false;
  private readonly rng: Rng;
  private readonly links: Record<Direction, Link>;
  private readonly untilCut: Record<Direction, number> = { up: Infinity, down: Infinity };
  private readonly conns = new Set<Conn>();
  readonly server: Server;

  constructor(options: ShaperOptions) {
    this.options = {
      target: options.target,
      latencyMs: options.latencyMs ?? 300,
      bandwidthBps: options.bandwidthBps ?? 500_000,
      burstBytes: options.burstBytes ?? 4096,
      handshake: options.handshake ?? true,
    };
    this.rng = new Rng(options.seed ?? 1);
    this.tracing = options.trace ?? false;
    this.resets = null;
    this.setResets(options.resets ?? null);
    const { bandwidthBps, burstBytes, latencyMs } = this.options;
    this.links = {
      up: new Link(bandwidthBps, burstBytes, latencyMs, (n) => {
        this.counted.bytesUp += n;
      }),
      down: new Link(bandwidthBps, burstBytes, latencyMs, (n) => {
        this.counted.bytesDown += n;
      }),
    };
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.accept(client));
  }

  link(dir: Direction): Link {
    return this.links[dir];
  }

  stats(): ShaperStats {
    return { ...this.counted, byRoute: { ...this.counted.byRoute } };
  }

  traces(): readonly RequestTrace[] {
    return this.traced;
  }

  setResets(resets: ResetOptions | null): void {
    this.resets = resets;
    for (const dir of ['up', 'down'] as const) this.untilCut[dir] = this.drawBytes();
  }

  setOffline(offline: boolean): void {
    this.offline = offline;
    if (offline) for (const conn of this.conns) conn.reset();
  }

  cutNext(path: string, where: 'request' | 'answer', fraction = 0.5): void {
    this.scripted.push({ path, plan: { dir: where === 'request' ? 'up' : 'down', fraction } });
  }

  private drawBytes(): number {
    const mean = this.resets?.meanBytes;
    if (!mean || mean <= 0) return Infinity;
    return Math.max(1, Math.round(-Math.log(1 - this.rng.next()) * mean));
  }

  /** Counts a request and decides whether (and where) its exchange is cut. */
  requestStarted(method: string, path: string): CutPlan | null {
    this.counted.requests += 1;
    // Hashes and upload ids in paths (/v1/blobs/<sha256>) are named, not listed one by one.
    const route = `${method} ${path.replace(/\/[0-9a-f]{32,64}(?=\/|$)/g, '/:id')}`;
    this.counted.byRoute[route] = (this.counted.byRoute[route] ?? 0) + 1;
    const scripted = this.scripted.findIndex((s) => s.path === path);
    if (scripted >= 0) return this.scripted.splice(scripted, 1)[0]?.plan ?? null;
    const p = this.resets?.perRequest ?? 0;
    if (p <= 0) return null;
    if (this.resets?.filter && !this.resets.filter(method, path)) return null;
    if (!this.rng.chance(p)) return null;
    return { dir: this.rng.chance(0.5) ? 'up' : 'down', fraction: this.rng.next() };
  }

  /** The offset in this chunk where a byte-count cut falls, if it does. */
  bytesCut(dir: Direction, length: number): number | null {
    if (this.untilCut[dir] === Infinity) return null;
    if (this.untilCut[dir] > length) {
      this.untilCut[dir] -= length;
      return null;
    }
    const at = this.untilCut[dir] - 1;
    this.untilCut[dir] = this.drawBytes();
    return at;
  }

  private accept(client: Socket): void {
    this.counted.connections += 1;
    if (this.offline) {
      client.resetAndDestroy();
      return;
    }
    const server = connect({
      host: this.options.target.host,
      port: this.options.target.port,
      allowHalfOpen: true,
      noDelay: true,
    });
    client.setNoDelay(true);
    const conn = new Conn(client, server, this, this.counted.connections);
    this.conns.add(conn);
    const done = () => {
      conn.close();
      this.conns.delete(conn);
    };
    client.on('data', (chunk: Buffer) => conn.forward('up', chunk));
    server.on('data', (chunk: Buffer) => conn.forward('down', chunk));
    client.on('end', () => conn.ended('up'));
    server.on('end', () => conn.ended('down'));
    for (const socket of [client, server]) {
      // An error (a reset from either end) takes the whole connection down; a clean close comes after
      // both FINs went through the link, so there is nothing left to pass on.
      socket.on('error', done);
      socket.on('close', () => {
        if (client.destroyed && server.destroyed) this.conns.delete(conn);
      });
    }
    if (this.options.handshake && this.options.latencyMs > 0) {
      // SYN, SYN-ACK: the client's first byte leaves a round trip after it asked to connect.
      client.pause();
      const timer = setTimeout(() => {
        if (!conn.dead) client.resume();
      }, 2 * this.options.latencyMs);
      timer.unref();
    }
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('shaper: no port');
    this.port = address.port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const conn of this.conns) conn.close();
    this.conns.clear();
    this.links.up.close();
    this.links.down.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Starts a shaped link to `target`; its `url` is what the clients talk to. */
export async function startShaper(options: ShaperOptions): Promise<Shaper> {
  const shaper = new ShaperImpl(options);
  await shaper.listen(options.port ?? 0);
  return shaper;
}

/** "12.3 KB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
