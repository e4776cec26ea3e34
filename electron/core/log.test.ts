import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCoreLog, LOG_FILE } from './log.ts';
import { call, openTestCore } from './test-support.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'futasato-log-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function readAll(logDir: string): string {
  return readdirSync(logDir)
    .map((f) => readFileSync(join(logDir, f), 'utf8'))
    .join('');
}

describe('the core log', () => {
  it('writes JSON lines to a real file and rotates it by size, keeping the newest files', () => {
    const log = createCoreLog({ dir, maxBytes: 4096, maxFiles: 3 });
    for (let i = 0; i < 200; i += 1) log.logger.info({ i, padding: 'x'.repeat(60) }, 'step');
    log.close();

    expect(readdirSync(dir).sort()).toEqual(['futasato.1.log', 'futasato.2.log', LOG_FILE]);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(4096);
    // The newest lines are in the live file; the oldest ones were rotated away.
    const live = readFileSync(join(dir, LOG_FILE), 'utf8').trim().split('\n');
    expect(JSON.parse(live.at(-1) as string)).toMatchObject({ i: 199, msg: 'step', level: 30 });
    const kept = readAll(dir);
    expect(kept).not.toContain('"i":0,');

    // The recent lines run across a rotation, oldest first, ending with the last one written.
    const reopened = createCoreLog({ dir, maxBytes: 4096, maxFiles: 3 });
    const recent = reopened.recentLines(live.length + 5).map((l) => JSON.parse(l).i);
    expect(recent).toEqual(Array.from({ length: live.length + 5 }, (_, k) => 199 - live.length - 4 + k));
    // A reopened log appends to the live file rather than starting over.
    reopened.logger.info({ i: 200 }, 'step');
    reopened.close();
    expect(readFileSync(join(dir, LOG_FILE), 'utf8').trim().split('\n')).toHaveLength(live.length + 1);
  });

  it('never writes a person’s data or a secret, whatever object is logged by mistake', () => {
    const log = createCoreLog({ dir });
    const familyId = '01900000-0000-7000-8000-000000000001';
    log.logger.info(
      {
        family: { id: familyId, family_name: '山田', phone: '090-1234-5678', notes: '卵アレルギー' },
        members: [{ given_name: '花子', birth_date: '2019-04-01' }],
        input: { familyName: '佐藤', address: '鹿児島県与論町茶花1' },
        refreshToken: 'rt-secret-value',
        credential: { access_token: 'at-secret-value', password: 'hunter2' },
        enrolmentCode: 'ABCD-EFGH-JKMN',
        count: 3,
      },
      'saved',
    );
    log.close();

    const text = readAll(dir);
    for (const leaked of [
      '山田',
      '090-1234-5678',
      '卵アレルギー',
      '花子',
      '2019-04-01',
      '佐藤',
      '与論町茶花',
      'rt-secret-value',
      'at-secret-value',
      'hunter2',
      'ABCD-EFGH-JKMN',
    ]) {
      expect(text, leaked).not.toContain(leaked);
    }
    // Ids, counts and the message stay: that is what the log is for.
    expect(JSON.parse(text)).toMatchObject({ family: { id: familyId }, count: 3, msg: 'saved' });
  });

  it('logs a handler’s INTERNAL failure with its stack and puts the recent lines in the diagnostics bundle', async () => {
    const { core, dir: coreDir, dispose } = await openTestCore();
    try {
      await call(core, 'profile.setup', {
        municipalityId: 'kagoshima-yoron',
        displayName: '田中 美咲',
        role: 'coordinator',
      });
      await call(core, 'families.create', {
        familyName: '山田',
        familyNameKana: 'やまだ',
        phone: '090-1111-2222',
      });
      // A damaged database: a table the family list reads is gone.
      core.database.sqlite.exec('DROP TABLE stay_member; DROP TABLE family_member');
      const failed = await core.invoke('families.list', {});
      expect(failed).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });

      const logDir = join(coreDir, 'logs');
      const lines = readFileSync(join(logDir, LOG_FILE), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ db: 'real', msg: 'migrations applied', from: 0 });
      const internal = lines.find((l) => l.msg === 'ipc handler failed');
      expect(internal).toMatchObject({ level: 50, channel: 'families.list', err: { type: 'SqliteError' } });
      expect(internal.err.stack).toContain('at ');

      const bundle = JSON.parse(((await call(core, 'sync.diagnostics')) as { json: string }).json) as {
        recentLog: { msg: string; channel?: string }[];
      };
      expect(bundle.recentLog.map((l) => l.msg)).toEqual(lines.map((l) => l.msg));
      expect(bundle.recentLog.some((l) => l.channel === 'families.list')).toBe(true);

      // Nothing of the family reached the log or the bundle.
      const written = readAll(logDir) + JSON.stringify(bundle);
      expect(written).not.toContain('山田');
      expect(written).not.toContain('090-1111-2222');
      expect(written).not.toContain('田中');
    } finally {
      await dispose();
    }
  });
});
