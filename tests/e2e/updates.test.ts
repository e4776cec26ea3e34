import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { createTown } from '../../server/src/admin/commands.ts';
import { generateReleaseKeys, publish } from '../../server/src/admin/release-commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { RELEASES } from '../../server/src/updates/releases.ts';
import type { UpdateStatusView } from '../../shared/ipc/views.ts';
import { enrol, laptopSuite, openLaptop } from './field-laptops.ts';
import { type AppUnderTest, expectAccessible } from './harness.ts';
import { visit } from './layout-audit.ts';

/**
 * Updates end to end, in Chromium with a real server: the consortium publishes a signed release with
 * the admin CLI's functions at 100 % rollout; a laptop on a metered link sees the version on the 同期
 * page after a sync, downloads it with 「従量制でもダウンロード」 (progress, then verified), and
 * 「再起動して更新」 reaches the main process (recorded by the harness). A second laptop is offered a
 * release whose installer was altered on the server: the refusal shows in words, with no restart.
 */

const TOWN = 'kagoshima-yoron';
const INSTALLER_BYTES = 6 * 1024 * 1024;

describe('updates on the 同期 page', () => {
  const suite = laptopSuite();
  const { cleanups } = suite;

  async function release(
    root: string,
    keys: { privateKeyFile: string; publicKeyFile: string },
    version: string,
  ) {
    const dist = join(root, `dist-${version}`);
    await mkdir(dist);
    const bytes = randomBytes(INSTALLER_BYTES);
    const name = `Futasato-${version}-x86_64.AppImage`;
    await writeFile(join(dist, name), bytes);
    const sha512 = createHash('sha512').update(bytes).digest('base64');
    await writeFile(
      join(dist, 'latest-linux.yml'),
      `version: ${version}\npath: ${name}\nsha512: ${sha512}\n`,
    );
    await publish({
      updatesDir: join(root, 'feed'),
      sourceDir: dist,
      keyFile: keys.privateKeyFile,
      publicKeyFile: keys.publicKeyFile,
      percent: 100,
    });
    return { name, bytes, sha512 };
  }

  async function enrolledLaptop(
    server: TestServer,
    name: string,
    metered: boolean,
    link?: typeof fetch,
  ): Promise<AppUnderTest> {
    const app = await openLaptop(suite, TOWN, name, link ? { fetch: link } : undefined);
    if (metered) await call(app.core, 'attachments.holdOriginals', { hold: true });
    // Not settled: the check that follows enrolment's own first sync is what the test watches.
    await enrol(app, server, { town: TOWN, name, role: 'coordinator' }, false);
    return app;
  }

  /** On a failed wait: what the core knew, so the failure says which step did not happen. */
  const explain =
    (app: AppUnderTest, what: string, states: UpdateStatusView[] = []) =>
    async (error: unknown) => {
      const facts = await Promise.all([
        call(app.core, 'updates.status', {}),
        call(app.core, 'sync.status', {}),
        app.page.getByTestId('update-card').innerText().catch(String),
      ]).catch((e: unknown) => String(e));
      console.log(`${what}:`, JSON.stringify({ facts, states }));
      throw error;
    };

  it('downloads a signed release on a metered link when asked, then hands it to 再起動して更新; refuses a tampered one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'futasato-e2e-updates-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const keys = await generateReleaseKeys(join(root, 'keys'));
    const good = await release(root, keys, '0.2.0');
    const server = await startTestServer({
      listen: true,
      config: { UPDATES_DIR: join(root, 'feed'), UPDATE_PUBLIC_KEY_FILE: keys.publicKeyFile },
    });
    cleanups.push(() => server.close());
    await createTown(server.deps.db, { id: TOWN });

    // Laptop A, on a metered link: the check after its first sync offers 0.2.0, and nothing downloads.
    const a = await enrolledLaptop(server, '田中 美咲', true);
    const states: UpdateStatusView[] = [];
    a.core.onEvent((name, payload) => {
      if (name === 'updates.changed') states.push(payload as UpdateStatusView);
    });
    const { page } = a;
    await visit(page, '/sync');
    const card = page.getByTestId('update-card');
    await expect
      .poll(() => card.innerText(), { timeout: 30_000 })
      .toContain('新しいバージョン 0.2.0 があります')
      .catch(explain(a, 'the card never offered 0.2.0', states));
    await expect.poll(() => page.getByTestId('update-metered').isVisible()).toBe(true);
    expect(states.some((s) => s.phase === 'downloading')).toBe(false);
    await expectAccessible(page, 'update card (ja, metered)');
    await card.scrollIntoViewIfNeeded();
    await a.screenshot('updates-available-metered');

    const download = page.getByRole('button', { name: '従量制でもダウンロード' });
    const box = await download.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await download.click();
    await expect
      .poll(() => card.innerText(), { timeout: 60_000 })
      .toContain('ダウンロードと安全確認が終わりました');
    // Progress went up in steps before the end (pushed to the page as updates.changed).
    const progress = states.filter((s) => s.phase === 'downloading').map((s) => s.received ?? 0);
    expect(progress.some((r) => r > 0 && r < INSTALLER_BYTES)).toBe(true);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    await card.scrollIntoViewIfNeeded();
    await a.screenshot('updates-ready');

    const restart = page.getByRole('button', { name: '再起動して更新' });
    expect((await restart.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    await restart.click();
    await expect.poll(() => a.installs.length).toBe(1);
    const installed = a.installs[0];
    expect(installed?.version).toBe('0.2.0');
    expect(installed?.sha512).toBe(good.sha512);
    expect((await readFile(installed?.path ?? '')).equals(good.bytes)).toBe(true);
    await expect.poll(() => page.getByTestId('update-message').innerText()).toBe('更新を始めています…');

    await call(a.core, 'app.setLocale', { locale: 'en' });
    await page.reload();
    await visit(page, '/sync');
    await expect.poll(() => card.innerText()).toContain('Restart and update');
    await expectAccessible(page, 'update card (en, ready)');
    await call(a.core, 'app.setLocale', { locale: 'ja' });

    // 0.3.0 is published, then its installer altered on the server: laptop B (not metered) checks
    // after its sync, downloads by itself, and refuses the file.
    const evil = await release(root, keys, '0.3.0');
    const served = join(root, 'feed', RELEASES, '0.3.0', evil.name);
    const altered = Buffer.from(evil.bytes);
    altered[4096] = (altered[4096] ?? 0) ^ 0xff;
    await writeFile(served, altered);
    const b = await enrolledLaptop(server, '川口 健', false);
    await visit(b.page, '/sync');
    const failed = b.page.getByTestId('update-failed');
    await expect
      .poll(() => failed.isVisible().catch(() => false), { timeout: 60_000 })
      .toBe(true)
      .catch(explain(b, 'the card never showed the refusal'));
    expect(await failed.innerText()).toContain('署名された内容と違います');
    expect(await b.page.getByRole('button', { name: '再起動して更新' }).count()).toBe(0);
    // Nothing is installable: the main process is refused too.
    expect(await b.core.invoke('updates.verified', {})).toMatchObject({
      ok: false,
      error: { code: 'UPDATE_NOT_READY' },
    });
    await expectAccessible(b.page, 'update card (ja, refused)');
    await failed.scrollIntoViewIfNeeded();
    await b.screenshot('updates-tampered');
    await call(b.core, 'app.setLocale', { locale: 'en' });
    await b.page.reload();
    await visit(b.page, '/sync');
    await expect.poll(() => failed.innerText()).toContain('differs from what was signed');
    await expectAccessible(b.page, 'update card (en, refused)');
    expect(a.pageErrors).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });

  it('a laptop the server refuses as too old sees the update first, gets it without asking, and restarts into it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'futasato-e2e-updates-old-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const keys = await generateReleaseKeys(join(root, 'keys'));
    const good = await release(root, keys, '0.2.0');
    const server = await startTestServer({
      listen: true,
      config: { UPDATES_DIR: join(root, 'feed'), UPDATE_PUBLIC_KEY_FILE: keys.publicKeyFile },
    });
    cleanups.push(() => server.close());
    await createTown(server.deps.db, { id: TOWN });
    // A newer server: it answers every sync with its machine-readable refusal (426).
    const newerServer: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/v1/sync')) return fetch(input, init);
      return Response.json(
        {
          error: {
            code: 'UNSUPPORTED_VERSION',
            message: 'this server no longer syncs with that version',
            supported: { protocol: { min: 99, max: 99 }, schema: { min: 99, max: 99 } },
            update_feed: '/v1/updates/latest.json',
          },
        },
        { status: 426 },
      );
    };
    const c = await enrolledLaptop(server, '森 陽菜', false, newerServer);
    const { page } = c;
    await visit(page, '/sync');
    await page.getByTestId('sync-banner').getByRole('heading', { name: 'アプリの更新が必要です' }).waitFor();
    const card = page.getByTestId('update-card');
    await page.getByTestId('update-required').waitFor();
    // Not metered: the refusal alone started the check and the download; the person only restarts.
    await expect
      .poll(() => card.innerText(), { timeout: 60_000 })
      .toContain('バージョン 0.2.0 のダウンロードと安全確認が終わりました');
    // First on the page, under the banner: above the record of sync runs.
    const cardTop = (await card.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    const runsTop = (await page.getByTestId('sync-runs').boundingBox())?.y ?? 0;
    expect(cardTop).toBeLessThan(runsTop);
    await expectAccessible(page, 'update card (ja, required)');
    await c.screenshot('updates-required');
    await page.getByRole('button', { name: '再起動して更新' }).click();
    await expect.poll(() => c.installs.length).toBe(1);
    expect(c.installs[0]?.version).toBe('0.2.0');
    expect(c.installs[0]?.sha512).toBe(good.sha512);
    expect(c.pageErrors).toEqual([]);
  });
});
