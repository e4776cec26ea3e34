import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { familyInput } from '../../shared/domain/records.ts';
import { decodeHlc, encodeHlc } from '../../shared/hlc.ts';
import type { Profile } from '../../shared/ipc/views.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from './db/migrations-fs.ts';
import { Device } from './device.ts';
import { Session } from './session.ts';

let dir: string;
let device: Device;
let profile: Profile;
const sessions: Session[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'futasato-session-'));
  device = new Device({
    dbPath: join(dir, 'futasato.db'),
    migrations: loadMigrationsFromDir(REPO_MIGRATIONS_DIR),
  });
  profile = await device.store.profiles.setup({
    municipalityId: 'kagoshima-yoron',
    displayName: '田中 美咲',
    role: 'coordinator',
  });
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  await device.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(p: Profile): Session {
  const session = new Session(device, p);
  sessions.push(session);
  return session;
}

describe('sessions on one device', () => {
  it('share the one clock and writer: what the previous session saw, the next one writes after', async () => {
    const before = open(profile);
    // A sync exchange still running for the previous session receives a clock from the future…
    const seen = encodeHlc({ millis: Date.now() + 60_000, counter: 7, node: 'server' });
    before.writer.hlc.receive(seen, Number.POSITIVE_INFINITY);
    // …while a profile edit has started the next session.
    before.stop();
    const updated = await device.store.profiles.update({ displayName: '田中 美咲', role: 'surveyor' });
    const after = open(updated);
    expect(after.writer).toBe(before.writer);
    const { id } = await after.families.create(
      familyInput.parse({ familyName: '山田', familyNameKana: 'やまだ' }),
    );
    const clock = device.store.database.sqlite
      .prepare("SELECT hlc FROM field_clock WHERE row_id = ? AND column_name = 'family_name'")
      .pluck()
      .get(id) as string;
    expect(clock > seen).toBe(true);
    expect(decodeHlc(clock).node).toBe(profile.deviceId);
  });
});
