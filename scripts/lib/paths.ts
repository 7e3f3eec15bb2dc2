/**
 * Where things are, whether a script runs from TypeScript (scripts/*.ts, in tests) or from
 * the compiled build (dist/scripts/*.js, as `npm run demo` and friends do).
 */
import { existsSync } from 'fs';
import path from 'path';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The repository root: the nearest folder with a package.json (dist/ has none). */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/** The compiled build (`npm run build`). */
export const BUILD_DIR = path.join(PROJECT_ROOT, 'dist');

/** True when this code runs from dist/ (compiled), false when from TypeScript. */
export const RUNNING_COMPILED = __filename.endsWith('.js');

/** A file that is not compiled (page assets, questions), by its path in the repository. */
export function projectFile(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}

/**
 * The integration code a collection of `projectPath` should load: the compiled `dist/src`
 * when these scripts run compiled and it exists, else `src` (run by the CLI through ts-node).
 */
export function integrationCodeDir(projectPath: string): string {
  const compiled = path.join(projectPath, 'dist', 'src');
  if (RUNNING_COMPILED && existsSync(path.join(compiled, 'index.js'))) return compiled;
  return path.join(projectPath, 'src');
}
