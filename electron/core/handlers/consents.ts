import type { consentChannels } from '../../../shared/ipc/contract/consents.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import { consentScanKey } from '../services/consent-service.ts';
import type { CoreContext } from './context.ts';

export function consentHandlers(core: CoreContext): HandlerSlice<keyof typeof consentChannels> {
  return {
    'consents.list': ({ propertyId }) => core.session().consents.list(propertyId),
    'consents.save': (input) => core.session().consents.save(input),
    'consents.withdraw': (input) => core.session().consents.withdraw(input),
    'consents.disclosures': ({ propertyId }) => core.session().consents.disclosures(propertyId),
    'consents.attachScan': async ({ consentId, bytes, fileName }) => {
      const session = core.session();
      const propertyId = session.consents.propertyOfConsentForScan(consentId);
      await session.attachments.addBytes({
        ownerTable: 'property',
        ownerId: propertyId,
        bytes,
        fileName: fileName ?? null,
        itemKey: consentScanKey(consentId),
      });
      return session.consents.get(consentId);
    },
    'consents.listingContact': () => ({ contact: core.session().listingSheets.contact() }),
    'consents.listingSheet': (input) => core.session().listingSheets.document(input),
  };
}
