import { promises as fs, symlinkSync } from 'fs';
import os from 'os';
import path from 'path';

import { PROJECT_ROOT } from './collect';

/**
 * A throw-away project that runs this repository's integration but writes its own
 * `.j1-integration/`, so tests never touch the developer's collection.
 */
export async function createLinkedProject(prefix = 'jumpcloud-project-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  for (const name of ['src', 'node_modules', 'tsconfig.json', 'package.json']) {
    symlinkSync(path.join(PROJECT_ROOT, name), path.join(dir, name));
  }
  return dir;
}
