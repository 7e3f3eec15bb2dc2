/**
 * Command line: `npm run simulator -- --port 8080 --api-key KEY [options]`.
 * Prints exactly `listening on http://127.0.0.1:PORT` on stdout when ready; everything else
 * (key, org ids, counts, timings) goes to stderr.
 */
import { DEFAULT_FAULT_KINDS, FAULT_KINDS, type FaultKind } from './server/faults';
import type { AppleMdmMode } from './directory/generate';
import type { AccessModes } from './access/generate';
import { QUIRKS, type Quirk } from './server/quirks';
import type { AssetManagementMode } from './assets/generate';
import { parsePolicyArg, POLICY_USAGE } from './policies/generate';
import { DEFAULT_SIMULATOR_API_KEY, startSimulator, type SimulatorOptions } from './server/server';
import { parseCommandLine } from '../scripts/lib/command-line';

export const USAGE = `Usage: npm run simulator -- [options]

  --port N               port on 127.0.0.1 (default 8080; 0 = any free port)
  --api-key KEY          the API key clients must send (default ${DEFAULT_SIMULATOR_API_KEY})
  --seed N               data seed (default 1)
  --orgs N               organizations; more than 1 makes the key a multi-tenant (MSP) key
  --users N  --groups N  --apps N  --systems N  --system-groups N  --apple-devices N
                         records per organization (defaults 25, 5, 4, 20, 3, 6)
  --apple-mdm MODE       enabled | absent | forbidden (default enabled)
  --asset-management MODE  enabled | off (404) | forbidden (403) (default enabled)
  --system-insights MODE   enabled | off (404) | forbidden (403) (default enabled)
  --access LIST          commands, authPolicies, directories, radiusServers as NAME=MODE,
                         comma separated; MODE enabled | absent (404) | forbidden (403)
                         (default all enabled), e.g. --access commands=forbidden
${POLICY_USAGE}  --latency-ms N         fixed delay per request
  --latency-jitter-ms N  extra random delay in [0, N]
  --rate-limit N[/s]     token bucket per API key (burst N); 429 when empty
  --max-in-flight N      429 when more than N requests are being served
  --retry-after S        add Retry-After: S to every 429
  --fail-rate R          probability (0..1) of an injected fault
  --fail-kinds LIST      comma list of ${FAULT_KINDS.join(', ')}
                         (default ${DEFAULT_FAULT_KINDS.join(', ')})
  --fail-path REGEX      only paths matching REGEX fail
  --fail-seed N          seed of fault decisions (default 0)
  --throttle-first N     the first N requests get 429 (with --retry-after S when set)
  --ignore-skip REGEX    lists on matching paths ignore skip (page 1 again and again)
  --low-total REGEX      lists on matching paths report half their total
  --duplicate REGEX      lists on matching paths repeat records (across and within pages)
  --echo-api-key         error bodies echo the API key
  --quirks LIST          comma list of data quirks: ${QUIRKS.join(', ')}
  --prepare              generate every body of data before listening, not on first use
  --prepare-event-fields LIST
                         with --prepare: comma list of the Directory Insights event fields
                         a client will ask (its projection): their JSON made before listening
  --quiet                no output on stderr
  -h, --help             this help (starts nothing)
`;

function numberArg(
  flag: string,
  raw: string | undefined,
  { integer = true, min = 0 } = {},
): number {
  if (raw === undefined) throw new Error(`${flag} needs a value`);
  const n = Number(raw);
  if (raw.trim() === '' || Number.isNaN(n) || (integer && !Number.isInteger(n)) || n < min) {
    throw new Error(`${flag}: invalid value "${raw}"`);
  }
  return n;
}

/** Flags that take no value; every other flag takes one. */
const SWITCHES = ['quiet', 'echo-api-key', 'prepare'];
/** Flags whose values simulator/policies.ts reads (parsePolicyArg). */
const POLICY_FLAGS = ['policies', 'policy-groups', 'policy-mode'];
const VALUE_FLAGS = [
  ...['port', 'api-key', 'seed', 'orgs', 'users', 'groups', 'apps', 'systems', 'system-groups'],
  ...['apple-devices', 'apple-mdm', 'asset-management', 'system-insights', 'access'],
  ...['latency-ms', 'latency-jitter-ms', 'rate-limit', 'max-in-flight', 'retry-after'],
  ...['fail-rate', 'fail-kinds', 'fail-path', 'fail-seed', 'throttle-first'],
  ...['ignore-skip', 'low-total', 'duplicate', 'quirks', 'prepare-event-fields', ...POLICY_FLAGS],
];

/** Parses the flags into simulator options (`--flag value` or `--flag=value`). */
export function parseArgs(argv: readonly string[]): SimulatorOptions & { help?: boolean } {
  const options: SimulatorOptions & { help?: boolean } = { port: 8080 };
  const line = parseCommandLine(
    argv,
    Object.fromEntries([
      ...SWITCHES.map((name) => [name, { type: 'boolean' }]),
      ...VALUE_FLAGS.map((name) => [name, { type: 'string' }]),
    ]),
  );
  if (line === 'help') return { ...options, help: true };
  for (const [name, given] of Object.entries(line.values)) {
    const flag = `--${name}`;
    const value = () => (typeof given === 'string' ? given : undefined);
    switch (flag) {
      case '--quiet':
        options.quiet = true;
        break;
      case '--prepare':
        options.prepare = true;
        break;
      case '--port':
        options.port = numberArg(flag, value());
        break;
      case '--api-key': {
        const key = value();
        if (!key) throw new Error('--api-key needs a value');
        options.apiKey = key;
        break;
      }
      case '--seed':
        options.seed = numberArg(flag, value(), { min: -Infinity });
        break;
      case '--orgs':
        options.orgs = numberArg(flag, value(), { min: 1 });
        break;
      case '--users':
        options.users = numberArg(flag, value());
        break;
      case '--groups':
        options.groups = numberArg(flag, value());
        break;
      case '--apps':
        options.apps = numberArg(flag, value());
        break;
      case '--systems':
        options.systems = numberArg(flag, value());
        break;
      case '--system-groups':
        options.systemGroups = numberArg(flag, value());
        break;
      case '--apple-devices':
        options.appleDevices = numberArg(flag, value());
        break;
      case '--apple-mdm': {
        const mode = value();
        if (mode !== 'enabled' && mode !== 'absent' && mode !== 'forbidden')
          throw new Error(`--apple-mdm: invalid mode "${mode}"`);
        options.appleMdm = mode as AppleMdmMode;
        break;
      }
      case '--asset-management': {
        const mode = value();
        if (mode !== 'enabled' && mode !== 'off' && mode !== 'forbidden')
          throw new Error(`--asset-management: invalid mode "${mode}"`);
        options.assetManagement = mode as AssetManagementMode;
        break;
      }
      case '--system-insights': {
        const mode = value();
        if (mode !== 'enabled' && mode !== 'forbidden' && mode !== 'off')
          throw new Error(`--system-insights: invalid mode "${mode}"`);
        options.systemInsights = mode;
        break;
      }
      case '--access': {
        const list = value();
        if (!list) throw new Error('--access needs a value');
        options.access = { ...options.access };
        for (const entry of list.split(',')) {
          const [name, mode] = entry.split('=').map((part) => part.trim());
          if (!['commands', 'authPolicies', 'directories', 'radiusServers'].includes(name))
            throw new Error(`--access: unknown body of data "${name}"`);
          if (mode !== 'enabled' && mode !== 'absent' && mode !== 'forbidden')
            throw new Error(`--access: invalid mode "${mode}" for ${name}`);
          options.access[name as keyof AccessModes] = mode;
        }
        break;
      }
      case '--latency-ms':
        options.latencyMs = numberArg(flag, value(), { integer: false });
        break;
      case '--latency-jitter-ms':
        options.latencyJitterMs = numberArg(flag, value(), { integer: false });
        break;
      case '--rate-limit': {
        const raw = value();
        options.rateLimitPerSecond = numberArg(flag, raw?.replace(/\/s$/, ''), {
          integer: false,
          min: Number.MIN_VALUE,
        });
        break;
      }
      case '--max-in-flight':
        options.maxInFlight = numberArg(flag, value(), { min: 1 });
        break;
      case '--retry-after':
        options.retryAfterSeconds = numberArg(flag, value());
        break;
      case '--fail-rate': {
        const rate = numberArg(flag, value(), { integer: false });
        if (rate > 1) throw new Error('--fail-rate must be between 0 and 1');
        options.failRate = rate;
        break;
      }
      case '--fail-kinds': {
        const kinds = (value() ?? '').split(',').filter((k) => k !== '');
        for (const k of kinds)
          if (!(FAULT_KINDS as readonly string[]).includes(k))
            throw new Error(`--fail-kinds: unknown kind "${k}"`);
        options.failKinds = kinds as FaultKind[];
        break;
      }
      case '--fail-path':
        options.failPathPattern = value();
        if (!options.failPathPattern) throw new Error('--fail-path needs a value');
        new RegExp(options.failPathPattern);
        break;
      case '--throttle-first':
        options.throttleFirstRequests = numberArg(flag, value());
        break;
      case '--ignore-skip':
      case '--low-total':
      case '--duplicate': {
        const pattern = value();
        if (!pattern) throw new Error(`${flag} needs a value`);
        new RegExp(pattern);
        if (flag === '--ignore-skip') options.ignoreSkipPathPattern = pattern;
        else if (flag === '--low-total') options.lowTotalPathPattern = pattern;
        else options.duplicatePathPattern = pattern;
        break;
      }
      case '--echo-api-key':
        options.echoApiKey = true;
        break;
      case '--quirks': {
        const quirks = (value() ?? '').split(',').filter((q) => q !== '');
        for (const q of quirks)
          if (!(QUIRKS as readonly string[]).includes(q))
            throw new Error(`--quirks: unknown quirk "${q}"`);
        options.quirks = quirks as Quirk[];
        break;
      }
      case '--prepare-event-fields': {
        const fields = (value() ?? '').split(',').filter((f) => f !== '');
        if (fields.length === 0)
          throw new Error('--prepare-event-fields needs a comma list of fields');
        options.prepareEventFields = fields;
        break;
      }
      case '--fail-seed':
        options.failSeed = numberArg(flag, value(), { min: -Infinity });
        break;
      default:
        if (parsePolicyArg(flag, value, options)) break;
        throw new Error(`unknown option "${flag}"`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    // Any bad flag is a usage error here: the checks below throw plain errors too.
    process.stderr.write(`simulator: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const startedAt = process.hrtime.bigint();
  const simulator = await startSimulator(options);
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const info = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const { counts } = simulator.data;
  info(`api key: ${simulator.apiKey}`);
  info(
    `organizations (${simulator.data.multiTenant ? 'multi-tenant key: send x-org-id' : 'single tenant'}): ${simulator.orgIds.join(' ')}`,
  );
  info(
    `per org: ${counts.users} users, ${counts.groups} user groups, ${counts.apps} applications, ${counts.systems} systems, ` +
      `${counts.systemGroups} system groups, ${counts.appleDevices} Apple devices (seed ${simulator.data.seed}, Apple MDM ${simulator.data.appleMdmMode})`,
  );
  info(`ready in ${seconds.toFixed(2)} s; stats at ${simulator.url}/__simulator/stats`);
  process.stdout.write(`listening on ${simulator.url}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    info(`${signal}: stopping`);
    simulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
