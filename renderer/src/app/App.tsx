import { useEffect, useMemo, useState } from 'react';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import type { Profile } from '../../../shared/ipc/views.ts';
import { FamiliesPage } from '../features/families/FamiliesPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { SetupPage } from '../features/setup/SetupPage.tsx';
import { SyncStatusProvider } from '../features/sync/use-sync-status.ts';
import { TodayPage } from '../features/today/TodayPage.tsx';
import { call } from '../lib/api.ts';
import { ToastProvider } from '../lib/forms/toast.tsx';
import { ProfileContext } from './profile-context.ts';
import { Shell } from './Shell.tsx';

/** Hash routing: the app is loaded from a file:// URL in Electron, where path routing has no server. */
function buildRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <Navigate to="/today" replace /> },
        { path: 'today', element: <TodayPage /> },
        {
          path: 'follow-ups',
          lazy: () =>
            import('../features/follow-ups/FollowUpsPage.tsx').then((m) => ({ Component: m.FollowUpsPage })),
        },
        { path: 'families', element: <FamiliesPage /> },
        // routes: families workspace (detail, create, edit)
        {
          path: 'families/new',
          lazy: () =>
            import('../features/families/FamilyFormPage.tsx').then((m) => ({ Component: m.FamilyFormPage })),
        },
        {
          path: 'families/:familyId',
          lazy: () =>
            import('../features/families/FamilyDetailPage.tsx').then((m) => ({
              Component: m.FamilyDetailPage,
            })),
        },
        {
          path: 'families/:familyId/edit',
          lazy: () =>
            import('../features/families/FamilyFormPage.tsx').then((m) => ({ Component: m.FamilyFormPage })),
        },
        // routes: stays and enquiries
        {
          path: 'families/:familyId/stays/new',
          lazy: () =>
            import('../features/stays/StayEditPage.tsx').then((m) => ({ Component: m.StayEditPage })),
        },
        {
          path: 'stays/:stayId/edit',
          lazy: () =>
            import('../features/stays/StayEditPage.tsx').then((m) => ({ Component: m.StayEditPage })),
        },
        {
          path: 'enquiries',
          lazy: () =>
            import('../features/enquiries/EnquiriesPage.tsx').then((m) => ({ Component: m.EnquiriesPage })),
        },
        {
          path: 'enquiries/:enquiryId/convert',
          lazy: () =>
            import('../features/enquiries/ConvertEnquiryPage.tsx').then((m) => ({
              Component: m.ConvertEnquiryPage,
            })),
        },
        {
          path: 'akiya',
          lazy: () =>
            import('../features/akiya/AkiyaRegisterPage.tsx').then((m) => ({
              Component: m.AkiyaRegisterPage,
            })),
        },
        // routes: trial-housing calendar (before any `akiya/:id`)
        {
          path: 'akiya/calendar',
          lazy: () =>
            import('../features/trial-calendar/TrialCalendarPage.tsx').then((m) => ({
              Component: m.TrialCalendarPage,
            })),
        },
        {
          path: 'akiya/calendar/new-stay',
          lazy: () =>
            import('../features/trial-calendar/NewTrialStayPage.tsx').then((m) => ({
              Component: m.NewTrialStayPage,
            })),
        },
        {
          path: 'akiya/:propertyId/consents',
          lazy: () =>
            import('../features/consents/ConsentsPage.tsx').then((m) => ({ Component: m.ConsentsPage })),
        },
        // routes: one property (form and page). Static segments (akiya/new, akiya/calendar) outrank :propertyId.
        {
          path: 'akiya/new',
          lazy: () =>
            import('../features/property/PropertyFormPage.tsx').then((m) => ({
              Component: m.PropertyFormPage,
            })),
        },
        {
          path: 'akiya/:propertyId',
          lazy: () =>
            import('../features/property/PropertyPage.tsx').then((m) => ({ Component: m.PropertyPage })),
        },
        {
          path: 'akiya/:propertyId/edit',
          lazy: () =>
            import('../features/property/PropertyFormPage.tsx').then((m) => ({
              Component: m.PropertyFormPage,
            })),
        },
        // routes: inspections (現地調査) — the surveyor's list, start form and answering page
        {
          path: 'inspections',
          lazy: () =>
            import('../features/inspection/InspectionsPage.tsx').then((m) => ({
              Component: m.InspectionsPage,
            })),
        },
        {
          path: 'akiya/:propertyId/inspections/new',
          lazy: () =>
            import('../features/inspection/StartInspectionPage.tsx').then((m) => ({
              Component: m.StartInspectionPage,
            })),
        },
        {
          path: 'inspections/:inspectionId',
          lazy: () =>
            import('../features/inspection/InspectionPage.tsx').then((m) => ({
              Component: m.InspectionPage,
            })),
        },
        // routes: folder import of an inspection's photos
        {
          path: 'inspections/:inspectionId/import',
          lazy: () =>
            import('../features/inspection-import/InspectionImportPage.tsx').then((m) => ({
              Component: m.InspectionImportPage,
            })),
        },
        // routes: inspection summary, 判定 and report
        {
          path: 'inspections/:inspectionId/summary',
          lazy: () =>
            import('../features/inspection-summary/InspectionSummaryPage.tsx').then((m) => ({
              Component: m.InspectionSummaryPage,
            })),
        },
        // routes: community events (lists and month, form, event page, roll call, follow-up)
        {
          path: 'events',
          lazy: () => import('../features/events/EventsPage.tsx').then((m) => ({ Component: m.EventsPage })),
        },
        {
          path: 'events/new',
          lazy: () =>
            import('../features/events/EventFormPage.tsx').then((m) => ({ Component: m.EventFormPage })),
        },
        {
          path: 'events/:eventId',
          lazy: () => import('../features/events/EventPage.tsx').then((m) => ({ Component: m.EventPage })),
        },
        {
          path: 'events/:eventId/edit',
          lazy: () =>
            import('../features/events/EventFormPage.tsx').then((m) => ({ Component: m.EventFormPage })),
        },
        {
          path: 'events/:eventId/rollcall',
          lazy: () =>
            import('../features/events/RollCallPage.tsx').then((m) => ({ Component: m.RollCallPage })),
        },
        {
          path: 'events/:eventId/follow-up',
          lazy: () =>
            import('../features/events/FollowUpPage.tsx').then((m) => ({ Component: m.FollowUpPage })),
        },
        // routes: the supporters' register (関係人口名簿). Static `supporters/new` outranks `:supporterId`.
        {
          path: 'supporters',
          lazy: () =>
            import('../features/supporters/SupportersPage.tsx').then((m) => ({
              Component: m.SupportersPage,
            })),
        },
        {
          path: 'supporters/new',
          lazy: () =>
            import('../features/supporters/SupporterFormPage.tsx').then((m) => ({
              Component: m.SupporterFormPage,
            })),
        },
        {
          path: 'supporters/:supporterId',
          lazy: () =>
            import('../features/supporters/SupporterPage.tsx').then((m) => ({ Component: m.SupporterPage })),
        },
        {
          path: 'supporters/:supporterId/edit',
          lazy: () =>
            import('../features/supporters/SupporterFormPage.tsx').then((m) => ({
              Component: m.SupporterFormPage,
            })),
        },
        // routes: reports (the KPI dashboard, the records behind a figure, the ripple coefficients)
        {
          path: 'reports',
          lazy: () =>
            import('../features/reports/ReportsPage.tsx').then((m) => ({ Component: m.ReportsPage })),
        },
        {
          path: 'reports/records',
          lazy: () =>
            import('../features/reports/DrilldownPage.tsx').then((m) => ({ Component: m.DrilldownPage })),
        },
        {
          path: 'reports/coefficients',
          lazy: () =>
            import('../features/reports/CoefficientsPage.tsx').then((m) => ({
              Component: m.CoefficientsPage,
            })),
        },
        {
          path: 'consortium-reports',
          lazy: () =>
            import('../features/consortium-reports/ConsortiumReportsPage.tsx').then((m) => ({
              Component: m.ConsortiumReportsPage,
            })),
        },
        {
          path: 'sync',
          lazy: () => import('../features/sync/SyncPage.tsx').then((m) => ({ Component: m.SyncPage })),
        },
        {
          path: 'sync/conflicts',
          lazy: () =>
            import('../features/sync/ConflictsPage.tsx').then((m) => ({ Component: m.ConflictsPage })),
        },
        { path: 'settings', element: <SettingsPage /> },
        {
          path: 'settings/devices',
          lazy: () =>
            import('../features/device-admin/DevicesPage.tsx').then((m) => ({ Component: m.DevicesPage })),
        },
        { path: '*', element: <Navigate to="/today" replace /> },
      ],
    },
  ]);
}

export function App({ initialProfile }: { initialProfile: Profile | null }) {
  const [profile, setProfile] = useState(initialProfile);
  const router = useMemo(buildRouter, []);
  // Practice mode and enrolment change who the app acts as: read the profile again when they do.
  useEffect(
    () =>
      window.api.subscribe('profile.changed', () => {
        call('profile.get', {})
          .then((next) => {
            if (next) setProfile(next);
          })
          .catch(() => undefined);
      }),
    [],
  );
  if (!profile) return <SetupPage onDone={setProfile} />;
  return (
    <ProfileContext.Provider value={{ profile, setProfile }}>
      <ToastProvider>
        <SyncStatusProvider>
          <RouterProvider router={router} />
        </SyncStatusProvider>
      </ToastProvider>
    </ProfileContext.Provider>
  );
}
