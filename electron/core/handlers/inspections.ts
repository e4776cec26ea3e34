import type { inspectionChannels } from '../../../shared/ipc/contract/inspections.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function inspectionHandlers(core: CoreContext): HandlerSlice<keyof typeof inspectionChannels> {
  return {
    'inspections.start': (input) => core.session().inspections.start(input),
    'inspections.answer': (input) => core.session().inspections.answer(input),
    'inspections.finish': (input) => core.session().inspections.finish(input),
    'inspections.determine': (input) => core.session().inspections.determine(input),
    'inspections.get': ({ inspectionId }) => core.session().inspections.get(inspectionId),
    'inspections.ofProperty': ({ propertyId }) => core.session().inspections.ofProperty(propertyId),
    'inspections.inProgress': () => core.session().inspections.inProgress(),
    'inspections.compare': ({ inspectionId }) => core.session().inspections.compare(inspectionId),
    'inspections.items': ({ inspectionId }) => core.session().inspections.items(inspectionId),
    'inspections.lastOfProperty': ({ propertyId }) => core.session().inspections.lastOfProperty(propertyId),
    'inspections.checklists': ({ day }) => core.session().inspections.checklists(day),
    'inspections.checklist': ({ inspectionId }) => core.session().inspections.checklist(inspectionId),
  };
}
