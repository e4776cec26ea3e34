import { existsSync } from 'node:fs';
import { buildRenderer } from './build-renderer.ts';

export default async function setup(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error(
      'Debian Chromium is missing: apt-get install chromium fonts-noto-cjk (the .ci/run script does this)',
    );
  }
  await buildRenderer();
}
