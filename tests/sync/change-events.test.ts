import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../electron/core/app-core.ts';
import type { Session } from '../../electron/core/session.ts';
import { call, openTestCore } from '../../electron/core/test-support.ts';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { newId } from '../../shared/ids.ts';
import type { ChangeOrigin, ChannelName, DataChanged } from '../../shared/ipc/contract.ts';
import type { DeviceListView } from '../../shared/ipc/views/devices.ts';
import type {
  AttachmentItemView,
  CheckinRecorded,
  ConflictView,
  EnquiryView,
  FamilyDetail,
  InspectionView,
  MemberView,
  StayView,
} from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * Change notification comes from the write path, not from the handlers: every channel of the real
 * handler map is driven once against a real database (and the real server for sync), and each one
 * that changes records announces `data.changed` exactly once, with where the change came from; one
 * that only reads announces nothing.
 */

const TOWN = 'kagoshima-yoron';
const TODAY = '2026-04-10';

interface Step {
  channel: ChannelName;
  input: () => unknown;
  /** The origin of the one `data.changed` it must announce, or null for none. */
  announces: ChangeOrigin | null;
  /** Keeps what the answer says for later steps. */
  keep?: (value: unknown) => void;
  /** The stable code of a refusal the step expects (it must change nothing, so announce nothing). */
  refused?: string;
}

let server: TestServer;
let core: AppCore;
let dispose: () => Promise<void>;
let colleague: TestLaptop;

beforeAll(async () => {
  server = await startTestServer({ listen: true });
  await createTown(server.deps.db, { id: TOWN });
  ({ core, dispose } = await openTestCore());
  colleague = await enrolledLaptop(server, TOWN, '佐藤 健');
});
afterAll(async () => {
  await dispose();
  await colleague.dispose();
  await server.close();
});

async function photo(): Promise<Uint8Array> {
  const buffer = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } },
  })
    .jpeg()
    .toBuffer();
  return new Uint8Array(buffer);
}

describe('change notification', () => {
  it('announces every write once, with its origin, and no read', async () => {
    const seen: DataChanged[] = [];
    core.onEvent((event, payload) => {
      if (event === 'data.changed') seen.push(payload as DataChanged);
    });
    const ids: Record<string, string> = {};
    const bytes = await photo();
    const family = (name: string, kana: string, phone?: string) => ({
      familyName: name,
      familyNameKana: kana,
      ...(phone ? { phone } : {}),
    });
    const stay = () => ({
      familyId: ids.family,
      programme: 'school_stay',
      plannedArrival: TODAY,
      plannedDeparture: '2026-04-20',
      status: 'in_town',
      actualArrival: TODAY,
      memberIds: [ids.member],
    });
    // A town administrator on the server: the laptop takes that role when it enrols, and the
    // consortium figures and the town's devices are theirs to ask for.
    const user = await createUser(server.deps.db, {
      townId: TOWN,
      displayName: '田中 美咲',
      role: 'town_admin',
    });
    const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });

    const steps: Step[] = [
      { channel: 'app.info', input: () => ({}), announces: null },
      { channel: 'app.setLocale', input: () => ({ locale: 'en' }), announces: null },
      { channel: 'municipalities.list', input: () => ({}), announces: null },
      { channel: 'profile.get', input: () => ({}), announces: null },
      // The profile is this laptop's own row, not a record that syncs: the shell reads the answer.
      {
        channel: 'profile.setup',
        input: () => ({ municipalityId: TOWN, displayName: '田中 美咲', role: 'coordinator' }),
        announces: null,
      },
      {
        channel: 'profile.update',
        input: () => ({ displayName: '田中 美咲', displayNameKana: 'たなか みさき', role: 'coordinator' }),
        announces: null,
      },
      {
        channel: 'families.create',
        input: () => family('山田', 'やまだ', '090-1111-2222'),
        announces: 'local',
        keep: (v) => {
          ids.family = (v as FamilyDetail).id;
        },
      },
      {
        channel: 'families.update',
        input: () => ({ id: ids.family, ...family('山田', 'やまだ', '090-3333-4444') }),
        announces: 'local',
      },
      { channel: 'families.get', input: () => ({ id: ids.family }), announces: null },
      { channel: 'families.list', input: () => ({}), announces: null },
      { channel: 'families.history', input: () => ({ id: ids.family }), announces: null },
      {
        channel: 'members.save',
        input: () => ({
          familyId: ids.family,
          givenName: '花子',
          givenNameKana: 'はなこ',
          relation: 'child',
          allergies: '卵',
        }),
        announces: 'local',
        keep: (v) => {
          ids.member = (v as MemberView).id;
        },
      },
      { channel: 'members.sensitive', input: () => ({ id: ids.member }), announces: null },
      { channel: 'members.remove', input: () => ({ id: ids.member }), announces: 'local' },
      { channel: 'members.restore', input: () => ({ id: ids.member }), announces: 'local' },
      {
        channel: 'stays.save',
        input: stay,
        announces: 'local',
        keep: (v) => {
          ids.stay = (v as StayView).id;
        },
      },
      { channel: 'stays.get', input: () => ({ id: ids.stay }), announces: null },
      {
        channel: 'stays.lodgingConflicts',
        input: () => ({ propertyId: ids.family, arrival: TODAY, departure: '2026-04-20' }),
        announces: null,
      },
      { channel: 'properties.lodgings', input: () => ({}), announces: null },
      {
        channel: 'checkins.record',
        input: () => ({ stayId: ids.stay, date: TODAY, condition: 'attention', followUpNeeded: true }),
        announces: 'local',
        keep: (v) => {
          ids.checkin = (v as CheckinRecorded).id;
        },
      },
      { channel: 'checkins.list', input: () => ({ familyId: ids.family }), announces: null },
      { channel: 'checkins.followUps', input: () => ({ scope: 'open', today: TODAY }), announces: null },
      { channel: 'checkins.closeFollowUp', input: () => ({ id: ids.checkin }), announces: 'local' },
      { channel: 'checkins.reopenFollowUp', input: () => ({ id: ids.checkin }), announces: 'local' },
      { channel: 'today.board', input: () => ({ date: TODAY }), announces: null },
      { channel: 'checkins.retract', input: () => ({ id: ids.checkin }), announces: 'local' },
      {
        channel: 'enquiries.save',
        input: () => ({ contactName: '鈴木', channel: 'phone', receivedOn: TODAY, topic: '移住の相談' }),
        announces: 'local',
        keep: (v) => {
          ids.enquiry = (v as EnquiryView).id;
        },
      },
      { channel: 'enquiries.list', input: () => ({}), announces: null },
      { channel: 'enquiries.get', input: () => ({ id: ids.enquiry }), announces: null },
      {
        channel: 'enquiries.convert',
        input: () => ({
          enquiryId: ids.enquiry,
          family: family('鈴木', 'すずき'),
          members: [{ givenName: '一郎', givenNameKana: 'いちろう', relation: 'parent' }],
          stay: { programme: 'school_stay', plannedArrival: '2026-05-01', plannedDeparture: '2026-05-07' },
        }),
        announces: 'local',
        keep: (v) => {
          ids.converted = (v as FamilyDetail).id;
        },
      },
      // House inspections. The property register's own channels are another slice: the house is
      // arranged through the write path directly (before the step, so it is not counted).
      {
        channel: 'inspections.start',
        input: () => {
          const session = (core as unknown as { session: Session }).session;
          ids.property = session.writer.write(session.actor, (tx) =>
            (tx as unknown as { insert: (t: string, r: object) => string }).insert('property', {
              address: '与論町茶花１',
              consent_bank: 0,
              consent_share: 0,
            }),
          );
          return { propertyId: ids.property, templateId: 'furyodo_wooden', inspectedOn: TODAY };
        },
        announces: 'local',
        keep: (v) => {
          ids.inspection = (v as InspectionView).id;
        },
      },
      {
        channel: 'inspections.answer',
        input: () => ({ inspectionId: ids.inspection, itemKey: 'roof', choice: 'severe' }),
        announces: 'local',
      },
      { channel: 'inspections.get', input: () => ({ inspectionId: ids.inspection }), announces: null },
      { channel: 'inspections.inProgress', input: () => ({}), announces: null },
      { channel: 'inspections.ofProperty', input: () => ({ propertyId: ids.property }), announces: null },
      { channel: 'inspections.lastOfProperty', input: () => ({ propertyId: ids.property }), announces: null },
      { channel: 'inspections.items', input: () => ({ inspectionId: ids.inspection }), announces: null },
      { channel: 'inspections.checklists', input: () => ({ day: TODAY }), announces: null },
      { channel: 'inspections.checklist', input: () => ({ inspectionId: ids.inspection }), announces: null },
      { channel: 'inspections.finish', input: () => ({ inspectionId: ids.inspection }), announces: 'local' },
      { channel: 'inspections.compare', input: () => ({ inspectionId: ids.inspection }), announces: null },
      { channel: 'inspections.summary', input: () => ({ inspectionId: ids.inspection }), announces: null },
      // Without the owner block a report is a read: no disclosure, nothing written.
      { channel: 'inspections.report', input: () => ({ inspectionId: ids.inspection }), announces: null },
      // The town's 判定 is a town administrator's: this laptop's person becomes one for the step.
      {
        channel: 'inspections.determine',
        input: async () => {
          await call(core, 'profile.update', { displayName: '田中 美咲', role: 'town_admin' });
          return { inspectionId: ids.inspection, determination: 'none', determinedOn: TODAY };
        },
        announces: 'local',
      },
      {
        channel: 'search.all',
        input: async () => {
          await call(core, 'profile.update', { displayName: '田中 美咲', role: 'coordinator' });
          return { query: 'やまだ' };
        },
        announces: null,
      },
      {
        channel: 'attachments.add',
        input: () => ({ ownerTable: 'family', ownerId: ids.family, bytes, fileName: 'house.jpg' }),
        announces: 'local',
        keep: (v) => {
          ids.attachment = (v as AttachmentItemView).id;
        },
      },
      {
        channel: 'attachments.list',
        input: () => ({ ownerTable: 'family', ownerId: ids.family }),
        announces: null,
      },
      { channel: 'attachments.open', input: () => ({ id: ids.attachment }), announces: null },
      {
        channel: 'attachments.setCaption',
        input: () => ({ id: ids.attachment, caption: '玄関' }),
        announces: 'local',
      },
      { channel: 'attachments.queue', input: () => ({}), announces: null },
      { channel: 'attachments.holdOriginals', input: () => ({ hold: true }), announces: null },
      { channel: 'trialCalendar.month', input: () => ({ month: '2026-04' }), announces: null },
      { channel: 'attachments.remove', input: () => ({ id: ids.attachment }), announces: 'local' },
      {
        channel: 'consents.save',
        input: () => {
          // The property is arranged as a row (the property page's channels are not in this slice).
          ids.property = newId();
          const at = new Date().toISOString();
          core.database.sqlite
            .prepare(
              `INSERT INTO property (id, municipality_id, address, created_at, created_by, updated_at, updated_by)
               VALUES (?, ?, '与論町茶花1番地1', ?, 'x', ?, 'x')`,
            )
            .run(ids.property, TOWN, at, at);
          return {
            propertyId: ids.property,
            purpose: 'bank_listing',
            recipient: '与論町空き家バンク',
            scope: ['identification', 'listing'],
            givenOn: '2026-01-01',
          };
        },
        announces: 'local',
        keep: (v) => {
          ids.consent = (v as { id: string }).id;
        },
      },
      { channel: 'consents.list', input: () => ({ propertyId: ids.property }), announces: null },
      {
        channel: 'consents.attachScan',
        input: () => ({ consentId: ids.consent, bytes, fileName: '同意書.jpg' }),
        announces: 'local',
      },
      { channel: 'consents.listingContact', input: () => ({}), announces: null },
      // Each listing sheet is a hand-over: its disclosure row is a write.
      { channel: 'consents.listingSheet', input: () => ({ propertyId: ids.property }), announces: 'local' },
      { channel: 'consents.disclosures', input: () => ({ propertyId: ids.property }), announces: null },
      {
        channel: 'consents.withdraw',
        input: () => ({ id: ids.consent, withdrawnOn: '2026-02-01' }),
        announces: 'local',
      },
      // The akiya register and one property's page.
      {
        channel: 'properties.save',
        input: () => ({
          lotNumber: '大字茶花字東区1234番1',
          yearBuilt: 1975,
          owner: { ownerName: '与論 太郎', ownerNameKana: 'よろん たろう' },
        }),
        announces: 'local',
        keep: (v) => {
          ids.property = (v as { id: string }).id;
        },
      },
      { channel: 'properties.get', input: () => ({ id: ids.property }), announces: null },
      // Seeing the owner writes the audit log, which is the device's own and announces nothing.
      { channel: 'properties.owner', input: () => ({ id: ids.property }), announces: null },
      {
        channel: 'properties.changeStatus',
        input: () => ({ propertyId: ids.property, toStatus: 'surveyed', changedOn: TODAY }),
        announces: 'local',
      },
      { channel: 'akiya.register', input: () => ({}), announces: null },
      // Community events and the supporters' register (docs/events.md).
      {
        channel: 'events.save',
        input: () => ({
          title: 'そば打ち体験',
          kind: 'experience',
          startsAt: '2026-04-11T10:00:00+09:00',
          endsAt: '2026-04-12T15:00:00+09:00',
          placeKind: 'in_town',
          place: '茶花公民館',
          capacity: 10,
        }),
        announces: 'local',
        keep: (v) => {
          ids.event = (v as { id: string }).id;
        },
      },
      { channel: 'events.get', input: () => ({ id: ids.event }), announces: null },
      {
        channel: 'events.list',
        input: () => ({ scope: 'upcoming', now: `${TODAY}T00:00:00Z` }),
        announces: null,
      },
      { channel: 'events.month', input: () => ({ month: '2026-04' }), announces: null },
      { channel: 'supporters.duplicates', input: () => ({ name: '小林 陽子' }), announces: null },
      {
        channel: 'supporters.save',
        input: () => ({
          name: '小林 陽子',
          nameKana: 'こばやし ようこ',
          contactConsent: true,
          contactChannels: ['email'],
        }),
        announces: 'local',
        keep: (v) => {
          ids.supporter = (v as { id: string }).id;
        },
      },
      { channel: 'supporters.list', input: () => ({ query: 'こばやし' }), announces: null },
      { channel: 'supporters.get', input: () => ({ id: ids.supporter }), announces: null },
      // Seeing a supporter's contact details writes the audit log only.
      { channel: 'supporters.contact', input: () => ({ id: ids.supporter }), announces: null },
      {
        channel: 'applications.add',
        input: () => ({ eventId: ids.event, familyId: ids.family, memberIds: [ids.member] }),
        announces: 'local',
        keep: (v) => {
          ids.application = (v as { application: { id: string } }).application.id;
        },
      },
      {
        channel: 'applications.setNote',
        input: () => ({ id: ids.application, note: '次回も' }),
        announces: 'local',
      },
      {
        channel: 'rollcall.mark',
        input: () => ({ eventId: ids.event, people: [{ kind: 'member', id: ids.member }], attended: true }),
        announces: 'local',
      },
      {
        channel: 'rollcall.walkIn',
        input: () => ({ eventId: ids.event, name: '飛び入り 太郎' }),
        announces: 'local',
      },
      { channel: 'events.roster', input: () => ({ eventId: ids.event }), announces: null },
      { channel: 'events.followUp', input: () => ({ eventId: ids.event }), announces: null },
      // Handing contact details out is audited, which announces nothing.
      { channel: 'events.followUpCsv', input: () => ({ eventId: ids.event }), announces: null },
      { channel: 'events.figures', input: () => ({ fiscalYear: 2026 }), announces: null },
      // An export of personal data is audited, which announces nothing; a cancel changes no record.
      {
        channel: 'exports.build',
        input: () => ({
          jobId: '01930000-0000-7000-8000-0000000000e1',
          kind: 'families',
          format: 'csv',
          filters: {},
        }),
        announces: null,
      },
      {
        channel: 'exports.cancel',
        input: () => ({ jobId: '01930000-0000-7000-8000-0000000000e2' }),
        announces: null,
      },
      {
        channel: 'exports.kpiReport',
        input: () => ({ from: '2026-04-01', to: '2027-03-31' }),
        announces: null,
      },
      {
        channel: 'reports.figures',
        input: () => ({ from: '2026-04-01', to: '2027-03-31' }),
        announces: null,
      },
      {
        channel: 'reports.drilldown',
        input: () => ({ from: '2026-04-01', to: '2027-03-31', figure: 'nights' }),
        announces: null,
      },
      {
        channel: 'reports.dataQuality',
        input: () => ({ from: '2026-04-01', to: '2027-03-31' }),
        announces: null,
      },
      // Coefficients are a town administrator's: this laptop's person becomes one for the step.
      {
        channel: 'reports.setCoefficients',
        input: async () => {
          await call(core, 'profile.update', { displayName: '田中 美咲', role: 'town_admin' });
          return { effectiveFrom: '2026-04-01', spendPerPersonNightYen: 8000, rippleMultiplier: '1.35' };
        },
        announces: 'local',
      },
      {
        channel: 'reports.coefficients',
        input: async () => {
          await call(core, 'profile.update', { displayName: '田中 美咲', role: 'coordinator' });
          return {};
        },
        announces: null,
      },
      {
        channel: 'applications.setStatus',
        input: () => ({ id: ids.application, status: 'cancelled' }),
        announces: 'local',
      },
      {
        channel: 'supporters.merge',
        input: async () => {
          // The second record of the same person is arranged through the channel stepped above.
          const second = (await call(core, 'supporters.save', { name: '小林陽子', notADuplicate: true })) as {
            id: string;
          };
          return { keepId: ids.supporter, mergeId: second.id };
        },
        announces: 'local',
      },
      {
        channel: 'supporters.linkMember',
        input: () => ({ id: ids.supporter, memberId: ids.member }),
        announces: 'local',
      },
      {
        channel: 'supporters.erase',
        input: () => ({ id: ids.supporter, confirmName: '小林 陽子' }),
        announces: 'local',
      },
      { channel: 'events.cancel', input: () => ({ id: ids.event }), announces: 'local' },
      {
        channel: 'families.erase',
        input: () => ({ id: ids.converted, confirmName: '鈴木' }),
        announces: 'local',
      },
      { channel: 'sync.status', input: () => ({}), announces: null },
      // Enrolling pushes what was typed so far; the server has nothing new for this laptop yet.
      {
        channel: 'sync.enroll',
        input: () => ({ serverUrl: server.url, code, allowInsecure: true }),
        announces: null,
      },
      // A colleague's new family comes down: one page, one announcement, from sync.
      {
        channel: 'sync.now',
        input: async () => {
          await call(colleague.core, 'families.create', family('森', 'もり'));
          await syncOk(colleague);
          return {};
        },
        announces: 'sync',
      },
      { channel: 'sync.quarantined', input: () => ({}), announces: null },
      {
        channel: 'sync.conflicts',
        input: async () => {
          // Both edit one phone number offline; this laptop syncs second and gets the conflict.
          await syncOk(colleague);
          const theirs = (await call(colleague.core, 'families.get', { id: ids.family })) as FamilyDetail;
          await call(colleague.core, 'families.update', {
            id: theirs.id,
            ...family('山田', 'やまだ', '0997-22-2222'),
          });
          await syncOk(colleague);
          await call(core, 'families.update', {
            id: ids.family,
            ...family('山田', 'やまだ', '0997-11-1111'),
          });
          await core.sync?.run('manual');
          return {};
        },
        announces: null,
        keep: (v) => {
          ids.conflict = (v as ConflictView[])[0]?.id ?? '';
        },
      },
      { channel: 'sync.resolve', input: () => ({ id: ids.conflict, choice: 'keep' }), announces: 'local' },
      // The consortium's figures and targets are aggregates cached in settings, never records.
      { channel: 'reports.targets', input: () => ({ fiscalYear: 2026 }), announces: null },
      {
        channel: 'reports.refreshConsortium',
        input: () => ({ fiscalYear: 2026 }),
        announces: null,
      },
      { channel: 'reports.consortium', input: () => ({ fiscalYear: 2026 }), announces: null },
      {
        channel: 'reports.setTarget',
        input: () => ({
          townId: TOWN,
          kpi: 'nights',
          fiscalYearFrom: 2026,
          fiscalYearTo: 2026,
          value: 100,
        }),
        announces: null,
      },
      // The town's laptops are managed on the server; only this laptop's audit log is written here.
      {
        channel: 'devices.list',
        input: () => ({}),
        announces: null,
        keep: (v) => {
          const devices = (v as DeviceListView).devices;
          ids.ownDevice = devices.find((d) => d.self)?.id ?? '';
          ids.colleagueDevice = devices.find((d) => !d.self)?.id ?? '';
        },
      },
      {
        channel: 'devices.history',
        input: () => ({ deviceId: ids.colleagueDevice }),
        announces: null,
      },
      {
        channel: 'devices.unlockCode',
        input: () => ({ deviceId: ids.ownDevice }),
        announces: null,
        keep: (v) => {
          ids.unlockCode = (v as { code: string }).code;
        },
      },
      // Updates: nothing is published on this server, so there is nothing to fetch or to install.
      { channel: 'updates.status', input: () => ({}), announces: null },
      { channel: 'updates.check', input: () => ({}), announces: null },
      {
        channel: 'updates.download',
        input: () => ({}),
        announces: null,
        refused: 'UPDATE_NOT_AVAILABLE',
      },
      { channel: 'updates.verified', input: () => ({}), announces: null, refused: 'UPDATE_NOT_READY' },
      // The lock lives in this laptop's settings: it announces lock.changed, never data.changed.
      { channel: 'lock.status', input: () => ({}), announces: null },
      { channel: 'lock.setPasscode', input: () => ({ passcode: '2468' }), announces: null },
      { channel: 'lock.lock', input: () => ({}), announces: null },
      { channel: 'lock.unlock', input: () => ({ passcode: '2468' }), announces: null },
      // A version of the town's policy is a synced record: written, it is announced like any other.
      { channel: 'lock.setPolicy', input: () => ({ idleMinutes: 10, offlineDays: 30 }), announces: 'local' },
      { channel: 'lock.enterCode', input: () => ({ code: ids.unlockCode }), announces: null },
      {
        channel: 'devices.revoke',
        input: () => ({ deviceId: ids.colleagueDevice, reason: 'retired' }),
        announces: null,
      },
      { channel: 'sync.diagnostics', input: () => ({}), announces: null },
      { channel: 'sync.backups', input: () => ({}), announces: null },
      // The sample town fills a fresh practice database; leaving it brings the real records back.
      { channel: 'sample.load', input: () => ({ size: 'small' }), announces: 'sample' },
      { channel: 'practice.end', input: () => ({}), announces: 'practice' },
    ];

    // Every channel of the real handler map is driven, each once.
    expect(steps.map((s) => s.channel).sort()).toEqual(Object.keys(core.handlers).sort());

    for (const step of steps) {
      const input = await step.input();
      seen.length = 0;
      const result = await core.invoke(step.channel, input);
      if (step.refused) {
        expect(result, step.channel).toMatchObject({ ok: false, error: { code: step.refused } });
        expect(seen, step.channel).toEqual([]);
        continue;
      }
      expect(result, `${step.channel}: ${JSON.stringify(result).slice(0, 300)}`).toMatchObject({ ok: true });
      if (!result.ok) continue;
      // Work the call started in the background (the first sync after enrolling) counts too.
      await core.sync?.whenIdle();
      step.keep?.(result.value);
      expect(
        seen.map((e) => e.reason),
        step.channel,
      ).toEqual(step.announces ? [step.announces] : []);
      if (step.announces) expect(seen[0]?.tables.length, step.channel).toBeGreaterThan(0);
    }
  });
});
