/**
 * The client half of `npm run bench:server`: a simulated field laptop that builds outbox operations
 * the way the app does (its own HLC, consecutive operation numbers, `base` = the clock of the value
 * its author saw) and talks to the server over real HTTP with gzip bodies both ways.
 *
 * The records are the app's: families with Japanese names and furigana, their members, stays and
 * daily check-ins, drawn from the sample-data vocabularies (electron/core/sample) so that row sizes
 * and text (multi-byte, the odd surrogate pair) are what a real town sends.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  BOY_NAMES,
  FATHER_NAMES,
  GIRL_NAMES,
  MOTHER_NAMES,
  type Name,
  SURNAMES,
} from '../electron/core/sample/names.ts';
import { email, fullName, mobilePhone } from '../electron/core/sample/people.ts';
import {
  ATTENTION_NOTES,
  CHILD_ALLERGIES,
  FAMILY_NOTES,
  GOOD_NOTES,
  REFERRAL_SOURCES,
  STAY_NOTES,
} from '../electron/core/sample/phrases.ts';
import { HOME_CITIES, postalCodeIn } from '../electron/core/sample/places.ts';
import { Rng } from '../electron/core/sample/prng.ts';
import { HybridLogicalClock } from '../shared/hlc.ts';
import { newId } from '../shared/ids.ts';
import { type PushOp, SCHEMA_VERSION, type SyncResponse, type WireValue } from '../shared/sync/protocol.ts';

const gzipAsync = promisify(gzip);

export interface EnrolledDevice {
  deviceId: string;
  token: string;
  townId: string;
}

/** What one request cost and returned, as the client saw it. */
export interface Exchange {
  kind: 'push' | 'pull';
  pushed: number;
  /** Client-side latency: request sent (body already gzip'd) to the whole answer received. */
  ms: number;
  status: number;
  body: SyncResponse | undefined;
  error: string | undefined;
}

/** A row this laptop may edit later, with the clock of the value it last saw in the edited columns. */
interface Editable {
  id: string;
  table: 'family' | 'stay' | 'checkin';
  /** Clock of the columns an update touches (they always move together here). */
  seen: string;
}

const ATTENDANCE_NOTE = '{child}は元気に登園しました';
const PROGRAMMES_WEIGHTED = [
  ['nursery_stay', 4],
  ['school_stay', 4],
  ['trial_living', 2],
  ['workation', 2],
  ['dual_region', 1],
] as const;

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export class SimDevice {
  readonly device: EnrolledDevice;
  readonly clock: HybridLogicalClock;
  readonly rng: Rng;
  seq = 0;
  acked = 0;
  cursor = '0';
  /** Recent rows of this laptop's own (or pulled families) it may edit; a bounded ring. */
  private readonly editable: Editable[] = [];
  /** Ops generated but not yet sent: a family's bundle spills over into the next batch. */
  private readonly pending: Array<() => PushOp> = [];

  constructor(device: EnrolledDevice, seed: number) {
    this.device = device;
    this.clock = new HybridLogicalClock({ node: device.deviceId.replace(/-/g, '').slice(0, 16) });
    this.rng = new Rng(seed);
  }

  private op(
    table: string,
    row: string,
    kind: PushOp['op'],
    values: Record<string, WireValue>,
    base: string | null = null,
  ): PushOp {
    const hlc = this.clock.now();
    this.seq += 1;
    const changes: PushOp['changes'] = {};
    for (const [k, v] of Object.entries(values)) changes[k] = { value: v, hlc, base };
    return { seq: this.seq, op_id: newId(), table, row, op: kind, at: new Date().toISOString(), changes };
  }

  private remember(row: Editable): void {
    this.editable.push(row);
    if (this.editable.length > 400) this.editable.splice(0, this.editable.length - 400);
  }

  /** A new family as a coordinator enters it: the family, its members, a stay and its check-ins. */
  private queueFamily(): void {
    const rng = this.rng;
    const surname: Name = rng.weighted(SURNAMES);
    const father = rng.pick(FATHER_NAMES);
    const mother = rng.pick(MOTHER_NAMES);
    const home = rng.weighted(HOME_CITIES);
    const familyId = newId();
    const stayId = newId();
    const children = Array.from({ length: rng.int(1, 3) }, () => ({
      id: newId(),
      name: rng.chance(0.5) ? rng.pick(BOY_NAMES) : rng.pick(GIRL_NAMES),
      grade: rng.pick(['年少', '年中', '年長', '小学1年', '小学3年', '小学5年']),
    }));
    const arrival = new Date(Date.UTC(2026, rng.int(0, 11), rng.int(1, 28)));
    const departure = new Date(arrival.getTime() + rng.int(3, 28) * 86_400_000);

    this.pending.push(() => {
      const op = this.op('family', familyId, 'insert', {
        family_name: surname.kanji,
        family_name_kana: surname.kana,
        home_postal_code: postalCodeIn(home.prefecture, (a, b) => rng.int(a, b)),
        home_prefecture: home.prefecture,
        home_city: home.city,
        phone: mobilePhone(rng),
        email: email(rng, surname, father, rng.int(1975, 1995)),
        emergency_contact_name: fullName(surname, mother),
        emergency_contact_phone: mobilePhone(rng),
        referral_source: rng.weighted(REFERRAL_SOURCES),
        consent_photo: rng.chance(0.7) ? 1 : 0,
        consent_share: rng.chance(0.5) ? 1 : 0,
        notes: rng.pick(FAMILY_NOTES),
      });
      this.remember({ id: familyId, table: 'family', seen: op.changes.phone!.hlc });
      return op;
    });
    for (const [parent, relation] of [
      [father, 'parent'],
      [mother, 'parent'],
    ] as const) {
      if (parent === mother && rng.chance(0.3)) continue;
      this.pending.push(() =>
        this.op('family_member', newId(), 'insert', {
          family_id: familyId,
          given_name: parent.kanji,
          given_name_kana: parent.kana,
          relation,
          birth_date: `${rng.int(1975, 1995)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
        }),
      );
    }
    for (const child of children) {
      this.pending.push(() =>
        this.op('family_member', child.id, 'insert', {
          family_id: familyId,
          given_name: child.name.kanji,
          given_name_kana: child.name.kana,
          relation: 'child',
          birth_date: `${rng.int(2014, 2022)}-1${rng.int(0, 2)}-0${rng.int(1, 9)}`,
          grade: child.grade,
          allergies: rng.weighted(CHILD_ALLERGIES),
        }),
      );
    }
    this.pending.push(() => {
      const op = this.op('stay', stayId, 'insert', {
        family_id: familyId,
        programme: rng.weighted(PROGRAMMES_WEIGHTED),
        planned_arrival: isoDate(arrival),
        planned_departure: isoDate(departure),
        lodging_text: `お試し住宅 ${rng.int(1, 4)}号`,
        status: 'planned',
        notes: rng.pick(STAY_NOTES),
      });
      this.remember({ id: stayId, table: 'stay', seen: op.changes.status!.hlc });
      return op;
    });
    const checkins = rng.int(1, 4);
    for (let d = 0; d < checkins; d++) {
      this.pending.push(() => {
        const attention = rng.chance(0.15);
        const id = newId();
        const child = children[0]!;
        const op = this.op('checkin', id, 'insert', {
          stay_id: stayId,
          family_id: familyId,
          date: isoDate(new Date(arrival.getTime() + d * 86_400_000)),
          recorded_at: new Date().toISOString(),
          kind: d === 0 ? 'arrival' : 'daily',
          condition: attention ? 'attention' : 'good',
          note: attention
            ? rng.pick(ATTENTION_NOTES)
            : rng.chance(0.5)
              ? ATTENDANCE_NOTE.replace('{child}', child.name.kanji)
              : rng.pick(GOOD_NOTES),
          attendance: JSON.stringify(children.map((c) => ({ memberId: c.id, attended: true }))),
          follow_up_needed: attention ? 1 : 0,
          follow_up_done_at: null,
        });
        if (attention) this.remember({ id, table: 'checkin', seen: op.changes.follow_up_done_at!.hlc });
        return op;
      });
    }
  }

  /** An edit of a row this laptop holds: a phone number corrected, a stay arriving, a follow-up done. */
  private update(): PushOp | null {
    if (this.editable.length === 0) return null;
    const index = this.rng.int(0, this.editable.length - 1);
    const row = this.editable[index]!;
    let op: PushOp;
    switch (row.table) {
      case 'family':
        op = this.op(
          'family',
          row.id,
          'update',
          { phone: mobilePhone(this.rng), notes: `${this.rng.pick(FAMILY_NOTES)}（電話で確認）` },
          row.seen,
        );
        row.seen = op.changes.phone!.hlc;
        break;
      case 'stay':
        op = this.op('stay', row.id, 'update', { status: this.rng.pick(['in_town', 'completed']) }, row.seen);
        row.seen = op.changes.status!.hlc;
        break;
      case 'checkin':
        op = this.op('checkin', row.id, 'update', { follow_up_done_at: new Date().toISOString() }, row.seen);
        // Done once: a follow-up is not done twice.
        this.editable.splice(index, 1);
        break;
    }
    return op;
  }

  /** Exactly `count` operations, about `updateShare` of them edits of rows held, the rest new records. */
  buildOps(count: number, updateShare: number): PushOp[] {
    const ops: PushOp[] = [];
    while (ops.length < count) {
      if (updateShare > 0 && this.rng.chance(updateShare)) {
        const edit = this.update();
        if (edit) {
          ops.push(edit);
          continue;
        }
      }
      if (this.pending.length === 0) this.queueFamily();
      ops.push(this.pending.shift()!());
    }
    return ops;
  }

  /** Takes a pulled page in like the app does: clocks, cursor, and a few colleagues' families to edit. */
  absorb(body: SyncResponse): void {
    this.acked = body.high_water;
    this.cursor = body.cursor;
    let newest = body.server_hlc;
    for (const change of body.changes) {
      if (change.hlc > newest) newest = change.hlc;
      // Now and then a coordinator corrects a colleague's family (may meet a concurrent edit: conflict).
      if (change.table === 'family' && this.rng.chance(0.01)) {
        const phone = change.clocks?.phone ?? change.hlc;
        const notes = change.clocks?.notes ?? change.hlc;
        this.remember({ id: change.id, table: 'family', seen: phone > notes ? phone : notes });
      }
    }
    this.clock.receive(newest);
  }

  async encode(ops: PushOp[], pageSize: number): Promise<Buffer> {
    const body = {
      // Protocol 1's shape (ops as objects); the compact protocol 2 is measured by bench:sync.
      protocol: 1,
      schema: SCHEMA_VERSION,
      device_id: this.device.deviceId,
      after_seq: this.acked,
      cursor: this.cursor,
      ops,
      page_size: pageSize,
    };
    return gzipAsync(Buffer.from(JSON.stringify(body)));
  }

  /** One POST /v1/sync with a ready gzip body. */
  async send(baseUrl: string, payload: Buffer, kind: Exchange['kind'], pushed: number): Promise<Exchange> {
    const started = performance.now();
    try {
      const res = await fetch(`${baseUrl}/v1/sync`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.device.token}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'accept-encoding': 'gzip',
        },
        body: payload,
        signal: AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) {
        return { kind, pushed, ms, status: res.status, body: undefined, error: text.slice(0, 300) };
      }
      return { kind, pushed, ms, status: 200, body: JSON.parse(text) as SyncResponse, error: undefined };
    } catch (error) {
      return {
        kind,
        pushed,
        ms: performance.now() - started,
        status: 0,
        body: undefined,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
  }
}

/** Is every op answered, and answered applied, duplicate or conflict? Returns the fault, if any. */
export function resultFault(exchange: Exchange): string | undefined {
  if (exchange.error !== undefined || !exchange.body) return `HTTP ${exchange.status}: ${exchange.error}`;
  const results = exchange.body.results;
  if (results.length !== exchange.pushed) return `${results.length} results for ${exchange.pushed} ops`;
  const bad = results.find(
    (r) => r.status !== 'applied' && r.status !== 'duplicate' && r.status !== 'conflict',
  );
  return bad ? `op ${bad.seq} ${bad.status}: ${JSON.stringify(bad.reason)}` : undefined;
}

export function countStatuses(body: SyncResponse | undefined): { applied: number; conflicts: number } {
  let applied = 0;
  let conflicts = 0;
  for (const r of body?.results ?? []) {
    if (r.status === 'applied') applied += 1;
    else if (r.status === 'conflict') conflicts += 1;
  }
  return { applied, conflicts };
}
