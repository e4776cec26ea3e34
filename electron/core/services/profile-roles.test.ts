import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { FileCredentialStore } from '../sync/credentials.ts';
import { call, openTestCore } from '../test-support.ts';

/** Roles are guarded by the core, not only by the settings screen; practice never touches real rows. */

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

async function core(options: { enrolled?: boolean } = {}) {
  const opened = await openTestCore();
  disposers.push(opened.dispose);
  if (options.enrolled) {
    // A real credential file, as enrolment leaves it: the laptop then counts as enrolled.
    new FileCredentialStore(join(opened.dir, 'device-credential.json')).save({
      serverUrl: 'http://127.0.0.1:9',
      deviceId: 'dev-1',
      refreshToken: 'token',
      townId: 'kagoshima-yoron',
      userId: 'user-1',
    });
  }
  return opened;
}

const setup = (c: AppCore, role: string) =>
  c.invoke('profile.setup', { municipalityId: 'kagoshima-yoron', displayName: '山田 花子', role });

function auditedRoleChanges(c: AppCore) {
  return (
    c.database.sqlite
      .prepare("SELECT details FROM audit_log WHERE table_name = 'local_profile' ORDER BY id")
      .pluck()
      .all() as string[]
  ).map((d) => JSON.parse(d));
}

describe('roles on a laptop', () => {
  it('refuses the consortium role at setup, and nothing is set up', async () => {
    const { core: c } = await core();
    const result = await setup(c, 'consortium_admin');
    expect(result).toMatchObject({ ok: false, error: { code: 'ROLE_NOT_ALLOWED', field: 'role' } });
    expect(await call(c, 'profile.get')).toBeNull();
  });

  it('before enrolment a role change is allowed among the laptop roles and audited', async () => {
    const { core: c } = await core();
    expect((await setup(c, 'surveyor')).ok).toBe(true);
    const changed = (await call(c, 'profile.update', {
      displayName: '山田 花子',
      role: 'coordinator',
    })) as Profile;
    expect(changed.role).toBe('coordinator');
    expect(changed.roleFromServer).toBe(false);
    expect(auditedRoleChanges(c)).toEqual([
      { fields: ['role'], from: 'surveyor', to: 'coordinator', source: 'settings' },
    ]);
    const refused = await c.invoke('profile.update', { displayName: '山田 花子', role: 'consortium_admin' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROLE_NOT_ALLOWED' } });
    expect(((await call(c, 'profile.get')) as Profile).role).toBe('coordinator');
  });

  it('once enrolled a surveyor cannot make themselves a coordinator to read allergies', async () => {
    const { core: c } = await core({ enrolled: true });
    expect((await setup(c, 'surveyor')).ok).toBe(true);
    expect(((await call(c, 'profile.get')) as Profile).roleFromServer).toBe(true);
    const refused = await c.invoke('profile.update', { displayName: '山田 花子', role: 'coordinator' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROLE_SET_BY_SERVER', field: 'role' } });
    const after = (await call(c, 'profile.get')) as Profile;
    expect(after.role).toBe('surveyor');
    expect(auditedRoleChanges(c)).toEqual([]);
    // The name may still be corrected.
    const renamed = (await call(c, 'profile.update', {
      displayName: '山田 はな子',
      role: 'surveyor',
    })) as Profile;
    expect(renamed.displayName).toBe('山田 はな子');
  });
});

describe('practice mode', () => {
  it('loads the sample into a separate database; ending it leaves the real records and enrolment possible', async () => {
    const { core: c, dir } = await core();
    expect((await setup(c, 'coordinator')).ok).toBe(true);
    const real = (await call(c, 'families.create', {
      familyName: '本物',
      familyNameKana: 'ほんもの',
    })) as { id: string };
    const realDb = c.database.sqlite;

    await call(c, 'sample.load', { size: 'small' });
    expect(c.inPractice).toBe(true);
    expect(((await call(c, 'profile.get')) as Profile).practice).toBe(true);
    expect(existsSync(join(dir, 'practice', 'futasato-practice.db'))).toBe(true);
    // The real database never saw a sample row, nor the sample marker that blocks enrolment.
    expect(realDb.prepare('SELECT count(*) FROM family').pluck().get()).toBe(1);
    expect(realDb.prepare("SELECT count(*) FROM app_setting WHERE key = 'sample.loaded'").pluck().get()).toBe(
      0,
    );
    const practiceFamilies = c.database.sqlite.prepare('SELECT count(*) FROM family').pluck().get() as number;
    expect(practiceFamilies).toBeGreaterThan(10);
    // A practice laptop cannot enrol, and says why.
    const enrol = await c.invoke('sync.enroll', { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKLM' });
    expect(enrol).toMatchObject({ ok: false, error: { code: 'PRACTICE_MODE' } });

    const back = (await call(c, 'practice.end')) as Profile;
    expect(back.practice).toBe(false);
    expect(c.inPractice).toBe(false);
    expect(existsSync(join(dir, 'practice'))).toBe(false);
    const families = (await call(c, 'families.list', {})) as { items: { id: string }[] };
    expect(families.items.map((f) => f.id)).toEqual([real.id]);
    // Enrolment is no longer refused for the sample: it goes on to contact the (absent) server.
    const enrolAfter = await c.invoke('sync.enroll', {
      serverUrl: 'http://127.0.0.1:9',
      code: 'ABCD-EFGH-JKLM',
    });
    expect(enrolAfter).toMatchObject({ ok: false, error: { code: 'SYNC_UNREACHABLE' } });
  });
});
