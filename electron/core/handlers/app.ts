import { CONSORTIUM_MUNICIPALITIES } from '../../../shared/domain/municipalities.ts';
import type { appChannels } from '../../../shared/ipc/contract/app.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function appHandlers(core: CoreContext): HandlerSlice<keyof typeof appChannels> {
  return {
    'app.info': () => core.appInfo(),
    'app.setLocale': ({ locale }) => {
      core.device.setSetting('ui.locale', locale);
      return core.appInfo();
    },
    'municipalities.list': () => CONSORTIUM_MUNICIPALITIES,
    'profile.get': () => core.device.store.profiles.get(),
    'profile.setup': async (input) => {
      const profile = await core.device.store.profiles.setup(input);
      core.startSession(profile);
      return profile;
    },
    'profile.update': async (input) => {
      core.session();
      const profile = await core.device.store.profiles.update(input);
      core.startSession(profile);
      return profile;
    },
    // The sample town never enters the real records: it opens in the practice database.
    'sample.load': ({ size }) => {
      core.session();
      return core.startPractice(size);
    },
    'practice.end': () => core.endPractice(),
  };
}
