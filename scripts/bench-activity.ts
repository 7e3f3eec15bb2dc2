/**
 * The activity step's cost at a given events volume (issue 25): a simulated organization of a
 * bench size (scripts/bench.ts SIZES) whose Directory Insights holds about `--events` sign-in
 * events in the 90-day window, read the way `fetch-activity` reads it (count, then pages of
 * 10,000, `fields` projected, folded as they arrive). Prints one JSON line: events, requests
 * next to the floor (1 count + floor(events / 10,000) + 1 pages), bytes of rows, the fold's
 * sizes (users, pairs, administrators), heap used after the read, and the wall time (a time
 * measured on a shared machine is a time under that load, not a property of the code).
 *
 *   npm run bench:activity -- --size S|M|L [--events N] [--latency-ms 50]
 */
import { activityWindow } from '../src/steps/activity/window';
import { ActivityFold } from '../src/steps/activity/fold';
import { getOrCreateClient, resetClient } from '../src/jumpcloud';
import { iterateAuthEvents } from '../src/jumpcloud/insights';
import { INSIGHTS_NOW_MS, orgEvents, startSimulator } from '../simulator';
import { SIZES, type Size } from './bench';

/** Default events volume per size: 100 per user over the 90-day window. */
export const EVENTS_PER_SIZE: Record<Size, number> = { S: 100_000, M: 1_000_000, L: 10_000_000 };

interface Options {
  size: Size;
  events: number;
  latencyMs: number;
}

function parse(argv: string[]): Options {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i].replace(/^--/, ''), argv[i + 1]);
  const size = (args.get('size') ?? 'S').toUpperCase() as Size;
  if (!(size in SIZES)) throw new Error(`--size must be S, M or L, got ${size}`);
  return {
    size,
    events: Number(args.get('events') ?? EVENTS_PER_SIZE[size]),
    latencyMs: Number(args.get('latency-ms') ?? 50),
  };
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const counts = SIZES[options.size];
  const base = {
    seed: 1,
    users: counts.users,
    groups: counts.groups,
    apps: counts.apps,
    systems: counts.systems,
    systemGroups: counts.systemGroups,
    appleDevices: 0,
    quiet: true,
  };
  // One probe of the org's sign-in pairs at one sign-in per pair per week, then the rate that
  // gives the volume asked for (events grow linearly with the rate).
  const probe = await startSimulator({ ...base, insights: { perPairPerWeek: 1 } });
  const probeEvents = orgEvents(probe.data.orgs[0], { perPairPerWeek: 1 }).count;
  await probe.stop();
  const perPairPerWeek = options.events / Math.max(1, probeEvents);
  const simulator = await startSimulator({
    ...base,
    latencyMs: options.latencyMs,
    insights: { perPairPerWeek },
  });
  try {
    const org = simulator.data.orgs[0];
    const stored = orgEvents(org, { perPairPerWeek }).count;
    resetClient();
    const client = getOrCreateClient({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      activityAsOf: new Date(INSIGHTS_NOW_MS).toISOString(),
    });
    const window = activityWindow({ activityAsOf: new Date(INSIGHTS_NOW_MS).toISOString() });
    const fold = new ActivityFold();
    let bytes = 0;
    const started = Date.now();
    const read = await iterateAuthEvents(client, org.id, window, (event) => {
      bytes += JSON.stringify(event).length + 1;
      fold.add(org.id, event);
    });
    const wallMs = Date.now() - started;
    const heapUsedMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    const requests = client.stats.requests;
    const floor = 1 + Math.floor(read.count / 10_000) + 1;
    process.stdout.write(
      `${JSON.stringify({
        size: options.size,
        users: counts.users,
        systems: counts.systems,
        storedEvents: stored,
        authEvents: read.count,
        requests,
        floor,
        pages: read.pages,
        rowBytes: bytes,
        bytesPerEvent: Math.round(bytes / Math.max(1, read.count)),
        fold: {
          users: fold.users.size + fold.usernames.size,
          applicationPairs: fold.applications.size,
          devicePairs: fold.devices.size,
          administrators: fold.administrators.size,
        },
        heapUsedMb,
        wallMs,
        latencyMs: options.latencyMs,
      })}\n`,
    );
  } finally {
    await simulator.stop();
    resetClient();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
