import type { attachmentChannels } from '../../../shared/ipc/contract/attachments.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function attachmentHandlers(core: CoreContext): HandlerSlice<keyof typeof attachmentChannels> {
  return {
    'attachments.list': ({ ownerTable, ownerId }) => core.session().attachmentViews.list(ownerTable, ownerId),
    'attachments.add': async (input) => {
      const session = core.session();
      // A photo filed under a checklist item must name an item of that inspection's own checklist;
      // checked before any byte is stored, so a refusal writes nothing.
      if (input.ownerTable === 'inspection' && input.itemKey != null)
        session.inspections.requireItem(input.ownerId, input.itemKey);
      const added = await session.attachments.addBytes(input);
      return session.attachmentViews.item(added.id);
    },
    'attachments.open': ({ id, variant }) =>
      core.session().attachments.readBytes(id, { preview: variant === 'preview' }),
    'attachments.remove': ({ id }) => {
      core.session().attachments.remove(id);
      return { id };
    },
    'attachments.setCaption': ({ id, caption }) => {
      const session = core.session();
      session.attachments.setCaption(id, caption);
      return session.attachmentViews.item(id);
    },
    'attachments.queue': () => core.session().attachmentViews.queue(),
    'attachments.holdOriginals': ({ hold }) => core.session().holdOriginals(hold),
  };
}
