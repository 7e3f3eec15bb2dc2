/**
 * A look at the project's `.env` before a real collection: a name that is almost a setting
 * (`APIKEY`, `BASE_ULR`, `org_id`, `JUMPCLOUD_API_KEY`) is read by nothing, and the run would fail or, worse,
 * quietly use a default. Say which setting was probably meant.
 */
import { readFileSync } from 'fs';

/** What a local run reads from the environment: the instance's fields, then the knobs. */
export const KNOWN_SETTINGS = [
  'API_KEY',
  'ORG_ID',
  'BASE_URL',
  'CONCURRENCY',
  'LOG_LEVEL',
  'JUMPCLOUD_RETRY_MAX_ATTEMPTS',
  'JUMPCLOUD_RETRY_BASE_DELAY_MS',
  // npm run sync: where the graph goes.
  'JUPITERONE_API_KEY',
  'JUPITERONE_ACCOUNT',
  'JUPITERONE_INTEGRATION_INSTANCE_ID',
  'JUPITERONE_API_BASE_URL',
] as const;

/** The names a `.env` file sets (`NAME=value`, `export NAME=value`; comments skipped). */
export function envFileNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/.exec(line);
    if (match) names.push(match[1]);
  }
  return names;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, swaps. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

const squash = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The setting `name` probably meant, when it is not one itself but close to one. */
export function probableSetting(
  name: string,
  settings: readonly string[] = KNOWN_SETTINGS,
): string | undefined {
  if (settings.includes(name)) return undefined;
  // A setting behind a prefix (JUMPCLOUD_API_KEY, JC_ORG_ID): the names other tools use.
  const prefixed = settings.find(
    (setting) => squash(name).endsWith(squash(setting)) && squash(name) !== squash(setting),
  );
  if (prefixed) return prefixed;
  let best: { setting: string; distance: number } | undefined;
  for (const setting of settings) {
    // Same letters but case or separators (APIKEY, api_key, Base-Url): certainly meant.
    const distance =
      squash(name) === squash(setting) ? 0 : editDistance(name.toUpperCase(), setting);
    const allowed = setting.length <= 6 ? 1 : 2;
    if (distance <= allowed && (!best || distance < best.distance)) best = { setting, distance };
  }
  return best?.setting;
}

/** One line per name in the `.env` text that is close to a setting but is not one. */
export function envFileWarnings(text: string, file = '.env'): string[] {
  return envFileNames(text).flatMap((name) => {
    const meant = probableSetting(name);
    return meant ? [`${file} sets ${name}, which nothing reads: did you mean ${meant}?`] : [];
  });
}

/** The value `.env` at `file` gives `name` (unquoted), or undefined. */
export function envFileValue(file: string, name: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let value: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] === name) value = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return value;
}

/** Warnings for the `.env` at `file`; none when there is no such file. */
export function checkEnvFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return envFileWarnings(text);
}
