import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../electron/core/app-core.ts';
import { call, openTestCore } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { ConsortiumReportView, TargetsView } from '../../shared/ipc/views/consortium-reports.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * The consortium view's cache on a real core and a real server: two towns record stays and sync; the
 * consortium administrator's laptop refreshes 年度 2026 (every town's figures, the event figures, the
 * targets), then loses its link and still answers the same figures with the time of the refresh;
 * setting a target offline fails with REPORTS_OFFLINE and changes nothing; back online it is set.
 */

const KINKO = 'kagoshima-kinko';
const YORON = 'kagoshima-yoron';
const OME = 'tokyo-ome';

let server: TestServer;
let yoron: TestLaptop;
let ome: TestLaptop;
let admin: AppCore;
let disposeAdmin: () => Promise<void>;

/** The admin laptop's link: when off, every request fails as a dead link does in Node's fetch. */
const net = {
  state: { online: true },
  fetch: ((input, init) => {
    if (net.state.online) return fetch(input, init);
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return Promise.reject(new TypeError('fetch failed', { cause }));
  }) as typeof fetch,
};

async function addStay(
  laptop: TestLaptop,
  familyName: string,
  people: number,
  arrival: string,
  departure: string,
) {
  const family = (await call(laptop.core, 'families.create', {
    familyName,
    familyNameKana: 'てすと',
  })) as { id: string };
  const memberIds: string[] = [];
  for (let i = 0; i < people; i += 1) {
    const m = (await call(laptop.core, 'members.save', {
      familyId: family.id,
      givenName: `子${i}`,
      givenNameKana: 'こ',
      relation: i === 0 ? 'parent' : 'child',
    })) as { id: string };
    memberIds.push(m.id);
  }
  await call(laptop.core, 'stays.save', {
    familyId: family.id,
    programme: 'nursery_stay',
    status: 'completed',
    plannedArrival: arrival,
    plannedDeparture: departure,
    actualArrival: arrival,
    actualDeparture: departure,
    memberIds,
  });
}

beforeAll(async () => {
  server = await startTestServer({ listen: true });
  for (const id of [KINKO, YORON, OME]) await createTown(server.deps.db, { id });
  yoron = await enrolledLaptop(server, YORON, '与論 担当');
  ome = await enrolledLaptop(server, OME, '青梅 担当');
  // 与論町: 2 people × 3 nights in 2026-05; 青梅市: 3 people × 2 nights in 2026-08 (年度 2026).
  await addStay(yoron, '山田', 2, '2026-05-01', '2026-05-04');
  await addStay(ome, '佐藤', 3, '2026-08-10', '2026-08-12');
  await syncOk(yoron);
  await syncOk(ome);

  ({ core: admin, dispose: disposeAdmin } = await openTestCore({
    serverClient: { fetch: net.fetch, timeoutMs: 10_000 },
  }));
  // A laptop cannot make itself consortium administrator: the server's role is adopted at enrolment.
  await call(admin, 'profile.setup', { municipalityId: KINKO, displayName: '錦江 管理', role: 'town_admin' });
  const user = await createUser(server.deps.db, {
    townId: KINKO,
    displayName: '錦江 管理',
    role: 'consortium_admin',
  });
  const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
  await admin.enroll(server.url ?? '', code);
}, 120_000);

afterAll(async () => {
  await disposeAdmin?.();
  await yoron?.dispose();
  await ome?.dispose();
  await server?.close();
});

describe('the consortium figures on the laptop', () => {
  it('has nothing before the first refresh, and says so', async () => {
    const view = (await call(admin, 'reports.consortium', { fiscalYear: 2026 })) as ConsortiumReportView;
    expect(view.refreshedAt).toBeNull();
    expect(view.towns).toEqual([]);
    // The plan's targets are not known here until the first refresh either.
    expect(view.targets).toEqual([]);
  });

  it('refreshes every town online, then serves the same figures offline with the refresh time', async () => {
    const before = Date.now();
    const fresh = (await call(admin, 'reports.refreshConsortium', {
      fiscalYear: 2026,
    })) as ConsortiumReportView;
    expect(fresh.refreshedAt).not.toBeNull();
    expect(Date.parse(fresh.refreshedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    const byTown = Object.fromEntries(fresh.towns.map((t) => [t.townId, t]));
    expect(Object.keys(byTown).sort()).toEqual([KINKO, YORON, OME].sort());
    expect(byTown[YORON]).toMatchObject({ nights: 3, personNights: 6, relationshipPopulation: 2 });
    expect(byTown[OME]).toMatchObject({ nights: 2, personNights: 6, relationshipPopulation: 3 });
    expect(byTown[KINKO]).toMatchObject({ nights: 0, personNights: 0, relationshipPopulation: 0 });
    expect(fresh.total).toMatchObject({ nights: 5, personNights: 12, relationshipPopulation: 5 });
    expect(fresh.events.map((e) => e.townId).sort()).toEqual([KINKO, YORON, OME].sort());
    expect(fresh.eventTotal).toEqual({ events: 0, participants: 0, distinctPeople: 0, firstTimers: 0 });
    // The plan's cumulative targets (R8–R10) hold 2026, measured from their first 年度 (= 2026 here).
    expect(fresh.targets.map((t) => [t.target.kpi, t.target.value, t.achieved])).toEqual([
      ['relationship_population', 2133, 5],
      ['nights', 17644, 5],
      ['ripple_yen', 320_960_000, fresh.total?.rippleYen],
    ]);

    // No personal data in the cache: no family name, no member's given name, no record id.
    const cached = admin.getSetting('reports.consortium.2026') ?? '';
    expect(cached).not.toMatch(/山田|佐藤|子0|てすと/);
    expect(cached).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}/);

    net.state.online = false;
    const offline = (await call(admin, 'reports.consortium', { fiscalYear: 2026 })) as ConsortiumReportView;
    expect(offline).toEqual(fresh);
    const refused = await admin.invoke('reports.refreshConsortium', { fiscalYear: 2026 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REPORTS_OFFLINE' } });
    // The failed refresh kept what was there.
    expect(await call(admin, 'reports.consortium', { fiscalYear: 2026 })).toEqual(fresh);
    net.state.online = true;
  });

  it('carries a target spanning several 年度 from its first year', async () => {
    // 年度 2027 is inside R8–R10: its view measures the cumulative targets over 2026–2027.
    const view = (await call(admin, 'reports.refreshConsortium', {
      fiscalYear: 2027,
    })) as ConsortiumReportView;
    expect(view.total).toMatchObject({ nights: 0, relationshipPopulation: 0 });
    const nights = view.targets.find((t) => t.target.kpi === 'nights');
    expect(nights).toMatchObject({ achieved: 5, achievedThrough: 2027 });
  });

  it('sets a target online only, and keeps its history', async () => {
    const input = {
      townId: null,
      kpi: 'relationship_population',
      fiscalYearFrom: 2026,
      fiscalYearTo: 2026,
      value: 700,
      note: 'R8 単年度の目安',
    };
    net.state.online = false;
    const offline = await admin.invoke('reports.setTarget', input);
    expect(offline).toMatchObject({ ok: false, error: { code: 'REPORTS_OFFLINE' } });
    net.state.online = true;
    const bad = await admin.invoke('reports.setTarget', { ...input, value: -5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'value' } });

    const set = (await call(admin, 'reports.setTarget', input)) as TargetsView;
    const annual = set.targets.find((t) => t.fiscalYearTo === 2026 && t.kpi === 'relationship_population');
    expect(annual).toMatchObject({ value: 700, setByName: '錦江 管理' });
    const again = (await call(admin, 'reports.setTarget', { ...input, value: 720 })) as TargetsView;
    expect(
      again.history
        .filter((t) => t.fiscalYearTo === 2026 && t.kpi === 'relationship_population')
        .map((t) => t.value),
    ).toEqual([720, 700]);
    // Offline, the dashboards still read it.
    net.state.online = false;
    const cached = (await call(admin, 'reports.targets', { fiscalYear: 2026 })) as TargetsView;
    expect(cached.targets.find((t) => t.fiscalYearTo === 2026)?.value).toBe(720);
    net.state.online = true;
  });

  it('is for administrators: a coordinator’s laptop is refused', async () => {
    const refused = await yoron.core.invoke('reports.consortium', { fiscalYear: 2026 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const targets = await yoron.core.invoke('reports.setTarget', {
      townId: YORON,
      kpi: 'nights',
      fiscalYearFrom: 2026,
      fiscalYearTo: 2026,
      value: 1,
    });
    expect(targets).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
