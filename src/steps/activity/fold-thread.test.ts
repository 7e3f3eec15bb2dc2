/**
 * Directory Insights events parsed, checked and folded in the fold worker (./fold-thread.ts,
 * ./fold-worker.ts) against the same events folded in this thread: the same activity, the
 * same list failures, the main thread folding nothing; and the worker of the compiled package.
 * And the activity's reader (./read-events.ts): a list of one page folded in this thread
 * without starting the worker, a longer one in the worker, its first page included.
 */
import { execFile, execFileSync } from 'child_process';
import { promisify } from 'util';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';
import { Worker } from 'worker_threads';

import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../simulator';
import { JumpCloudHttp } from '../../jumpcloud/http';
import { InsightsWindow, iterateAuthEvents } from '../../jumpcloud/insights';
import { IncompleteListError } from '../../jumpcloud/paginate';
import { ActivityFold, ActivityFoldData } from './fold';
import { FoldThread, FoldWorkerError, MAX_PAGES_AT_WORKER } from './fold-thread';
import { organizationEvents } from './read-events';

const ROOT = path.resolve(__dirname, '../../..');

async function withSimulator(
  insights: SimulatorOptions['insights'],
  run: (
    simulator: RunningSimulator,
    window: InsightsWindow,
    /** A client of the simulator, and its organization. */
    http: JumpCloudHttp,
    orgId: string,
  ) => Promise<void>,
) {
  const simulator = await startSimulator({
    seed: 3,
    users: 60,
    groups: 2,
    apps: 6,
    systems: 30,
    quiet: true,
    insights,
  });
  try {
    const info = (await (await fetch(`${simulator.url}/__simulator/info`)).json()) as {
      asOf: string;
    };
    const end = Date.parse(info.asOf);
    const http = new JumpCloudHttp({ apiKey: simulator.apiKey, baseUrl: simulator.url });
    await run(
      simulator,
      { start: new Date(end - 90 * 86_400_000).toISOString(), end: info.asOf },
      http,
      simulator.orgIds[0],
    );
  } finally {
    await simulator.stop();
  }
}

function inThread(http: JumpCloudHttp, orgId: string, window: InsightsWindow) {
  const fold = new ActivityFold();
  return iterateAuthEvents(http, orgId, window, (event) => fold.add(orgId, event)).then((read) => ({
    read,
    fold,
  }));
}

async function inWorker(
  thread: FoldThread,
  http: JumpCloudHttp,
  orgId: string,
  window: InsightsWindow,
) {
  const organization = thread.organization(orgId);
  try {
    const read = await iterateAuthEvents(http, orgId, window, organization.reader);
    return { read, fold: (await organization.finish(true))! };
  } catch (error) {
    await organization.finish(false);
    throw error;
  }
}

/**
 * A fold's data as JSON with every map's entries sorted: comparable across processes. (Maps
 * from the worker are of Node's realm, not of jest's sandbox: not `instanceof Map` here.)
 */
/** Both an `IncompleteListError`, with the same reason, counts and message. */
function expectSameListError(there: unknown, here: unknown): void {
  expect(here).toBeInstanceOf(IncompleteListError);
  expect(there).toBeInstanceOf(IncompleteListError);
  const fields = (e: IncompleteListError) => [e.reason, e.count, e.total, e.message];
  expect(fields(there as IncompleteListError)).toEqual(fields(here as IncompleteListError));
}

function comparable(data: ActivityFoldData): string {
  return JSON.stringify(data, (_key, value: unknown) =>
    Object.prototype.toString.call(value) === '[object Map]'
      ? [...(value as Map<string, unknown>)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      : value,
  );
}

test('the worker folds what this thread folds, page by page in slices, and the main thread folds nothing', async () => {
  await withSimulator({ perPairPerWeek: 40 }, async (simulator, window, http, orgId) => {
    const here = await inThread(http, orgId, window);
    const thread = new FoldThread();
    const add = jest.spyOn(ActivityFold.prototype, 'add');
    try {
      const there = await inWorker(thread, http, orgId, window);
      expect(add).not.toHaveBeenCalled();
      expect(there.read).toEqual(here.read);
      expect(here.read.pages).toBeGreaterThanOrEqual(4);
      expect(there.fold).toBeInstanceOf(ActivityFold);
      expect(comparable(there.fold.toData())).toBe(comparable(here.fold.toData()));
      // Not an empty comparison.
      expect(here.fold.events).toBe(here.read.count);
      expect(here.fold.users.size).toBeGreaterThan(0);
      expect(here.fold.applications.size).toBeGreaterThan(0);
      expect(here.fold.devices.size).toBeGreaterThan(0);
      // Pages were held at the worker, never more than the bound.
      expect(thread.peakPages).toBeGreaterThan(1);
      expect(thread.peakPages).toBeLessThanOrEqual(MAX_PAGES_AT_WORKER);
    } finally {
      add.mockRestore();
      await thread.terminate();
    }
  });
}, 120_000);

test('a list that repeats its rows fails through the worker with the error this thread gives', async () => {
  await withSimulator(
    { perPairPerWeek: 16, fault: 'repeat-search-after' },
    async (simulator, window, http, orgId) => {
      const here = await inThread(http, orgId, window).catch((error: unknown) => error);
      const thread = new FoldThread();
      try {
        const there = await inWorker(thread, http, orgId, window).catch((error: unknown) => error);
        expectSameListError(there, here);
        expect((there as IncompleteListError).message).toMatch(/the API repeated rows/);
        // The worker is still there for the next organization.
        expect(thread.failed).toBeUndefined();
      } finally {
        await thread.terminate();
      }
    },
  );
}, 120_000);

test('a worker that stops fails the read with a FoldWorkerError, and the thread says so', async () => {
  await withSimulator({ perPairPerWeek: 1 }, async (simulator, window, http) => {
    const thread = new FoldThread();
    try {
      await (thread as unknown as { worker: Worker }).worker.terminate();
      const failure = await inWorker(thread, http, simulator.orgIds[0], window).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(FoldWorkerError);
      expect((failure as Error).message).toMatch(/fold worker stopped/);
      expect(thread.failed).toBe(failure);
    } finally {
      await thread.terminate();
    }
  });
}, 60_000);

test('the compiled package folds in its worker (dist/, as the runtime loads it) what this thread folds', async () => {
  // The package as JupiterOne runs it: dist/, built as `npm run build` builds it.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/run.js'), 'build'], { cwd: ROOT });
  await withSimulator({ perPairPerWeek: 16 }, async (simulator, window, http, orgId) => {
    const here = await inThread(http, orgId, window);
    const script = `
      const { JumpCloudHttp } = require('./dist/src/jumpcloud/http');
      const { iterateAuthEvents } = require('./dist/src/jumpcloud/insights');
      const { ActivityFold } = require('./dist/src/steps/activity/fold');
      const { organizationEvents, startFoldThread } = require('./dist/src/steps/activity/read-events');
      (async () => {
        const [url, apiKey, orgId, start, end] = process.argv.slice(1);
        const http = new JumpCloudHttp({ apiKey, baseUrl: url });
        // As the activity step starts it: its module loaded when a list needs it.
        let starting;
        const startThread = () => (starting ??= startFoldThread(console));
        const add = ActivityFold.prototype.add;
        let mainAdds = 0;
        ActivityFold.prototype.add = function (...args) { mainAdds += 1; return add.apply(this, args); };
        const organization = organizationEvents(orgId, startThread);
        const read = await iterateAuthEvents(http, orgId, { start, end }, organization.reader);
        const fold = await organization.finish(true);
        const thread = await starting;
        await thread.terminate();
        const data = JSON.stringify(fold.toData(), (k, v) =>
          v instanceof Map ? [...v].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : v);
        process.stdout.write(JSON.stringify({ read, mainAdds, inWorker: organization.inWorker, data }));
      })();
    `;
    // Not execFileSync: the simulator answers from this process.
    const { stdout: output } = await promisify(execFile)(
      process.execPath,
      ['-e', script, simulator.url, simulator.apiKey, orgId, window.start, window.end],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const compiled = JSON.parse(output) as {
      read: unknown;
      mainAdds: number;
      inWorker: boolean;
      data: string;
    };
    expect(compiled.inWorker).toBe(true);
    expect(compiled.mainAdds).toBe(0);
    expect(compiled.read).toEqual(here.read);
    expect(compiled.data).toBe(comparable(here.fold.toData()));
    expect(here.read.pages).toBeGreaterThan(1);
  });
}, 300_000);

test('a run whose fold worker stops: the activity step fails, the administrators are partial, no user has activity, the worker ends', async () => {
  const { runIntegration } = await import('../../../scripts/lib/run-integration');
  const threads: FoldThread[] = [];
  const organization = FoldThread.prototype.organization;
  // The worker stops as the first organization is read.
  const spy = jest.spyOn(FoldThread.prototype, 'organization').mockImplementation(function (
    this: FoldThread,
    ...args
  ) {
    threads.push(this);
    void (this as unknown as { worker: Worker }).worker.terminate();
    return organization.apply(this, args);
  });
  // Several pages: a list of one would be folded in the main thread, without a worker.
  await withSimulator({ perPairPerWeek: 16 }, async (simulator) => {
    try {
      const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
      const step = run.stepResults.find((s) => s.id === 'fetch-activity');
      expect(step?.status).toBe('failure');
      const users = run.entities.filter((e) => e._type === 'jumpcloud_user');
      expect(users.length).toBe(60);
      expect(users.filter((u) => u.activityWindowStartOn !== undefined)).toEqual([]);
      expect(run.partialTypes).toEqual(expect.arrayContaining(['jumpcloud_administrator']));
      expect(threads).toHaveLength(1);
      expect(threads[0].failed).toBeUndefined(); // terminated by the step
    } finally {
      spy.mockRestore();
    }
  });
}, 120_000);

test.each(['the fold worker', 'this thread (a list of one page, ./read-events.ts)'])(
  'a page whose body is not JSON is retried by the client when parsed in %s',
  async (where) => {
    const events = [
      {
        timestamp: '2026-03-01T00:00:00.000Z',
        event_type: 'user_login_attempt',
        success: true,
        initiated_by: { id: 'u1' },
      },
      {
        timestamp: '2026-03-01T00:00:01.000Z',
        event_type: 'user_login_attempt',
        success: false,
        initiated_by: { id: 'u1' },
      },
    ];
    const served: string[] = [];
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const url = request.url ?? '';
        served.push(url);
        if (url.endsWith('/events/count')) {
          response.end(JSON.stringify({ count: 2 }));
          return;
        }
        response.setHeader('x-result-count', '2');
        response.setHeader('x-limit', '10000');
        // The first answer to the page is cut off mid-JSON; the second is whole.
        const body = JSON.stringify(events);
        response.end(
          served.filter((u) => u.endsWith('/events')).length === 1 ? body.slice(0, 40) : body,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new JumpCloudHttp({
      apiKey: 'k'.repeat(40),
      baseUrl: `http://127.0.0.1:${port}`,
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const thread = new FoldThread();
    try {
      const window = { start: '2026-02-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' };
      const { read, fold } =
        where === 'the fold worker'
          ? await inWorker(thread, client, 'org', window)
          : await throughReader(client, 'org', window, () => {
              throw new Error('a list of one page started the worker');
            });
      expect(read).toEqual({ count: 2, total: 2, pages: 1 });
      expect(served.filter((u) => u.endsWith('/events'))).toHaveLength(2);
      expect(client.stats.retries).toBe(1);
      expect(fold.users.get('u1')).toEqual({
        lastLoginOn: Date.parse(events[0].timestamp),
        lastByService: { userPortal: Date.parse(events[0].timestamp) },
        failedAttempts: 1,
      });
    } finally {
      await thread.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  },
);

/** `organizationEvents` over a thread started at most once; which calls started it. */
async function throughReader(
  http: JumpCloudHttp,
  orgId: string,
  window: InsightsWindow,
  start: () => Promise<FoldThread | undefined>,
) {
  let started: Promise<FoldThread | undefined> | undefined;
  const startThread = jest.fn(() => (started ??= start()));
  const events = organizationEvents(orgId, startThread);
  try {
    const read = await iterateAuthEvents(http, orgId, window, events.reader);
    return { read, fold: (await events.finish(true))!, inWorker: events.inWorker, startThread };
  } catch (error) {
    await events.finish(false);
    throw error;
  } finally {
    await (await started)?.terminate();
  }
}

test('a list of one page is folded in this thread, as iterateAuthEvents folds it, without starting the worker', async () => {
  await withSimulator({ perPairPerWeek: 1 }, async (simulator, window, http, orgId) => {
    const here = await inThread(http, orgId, window);
    expect(here.read.pages).toBe(1);
    expect(here.read.count).toBeGreaterThan(0);
    const read = await throughReader(http, orgId, window, async () => new FoldThread());
    expect(read.startThread).not.toHaveBeenCalled();
    expect(read.inWorker).toBe(false);
    expect(read.read).toEqual(here.read);
    expect(comparable(read.fold.toData())).toBe(comparable(here.fold.toData()));
  });
}, 60_000);

test('a list of several pages is folded in the worker, its first page (read here) included, and the main thread folds nothing', async () => {
  await withSimulator({ perPairPerWeek: 40 }, async (simulator, window, http, orgId) => {
    const here = await inThread(http, orgId, window);
    expect(here.read.pages).toBeGreaterThanOrEqual(4);
    const add = jest.spyOn(ActivityFold.prototype, 'add');
    try {
      const there = await throughReader(http, orgId, window, async () => new FoldThread());
      expect(add).not.toHaveBeenCalled();
      expect(there.inWorker).toBe(true);
      expect(there.startThread).toHaveBeenCalled();
      expect(there.read).toEqual(here.read);
      expect(there.fold.events).toBe(here.read.count);
      expect(comparable(there.fold.toData())).toBe(comparable(here.fold.toData()));
    } finally {
      add.mockRestore();
    }
  });
}, 120_000);

test('a list that repeats its first page fails through the reader with the error this thread gives', async () => {
  // The second page repeats the first: caught only if the worker checks the first page too.
  await withSimulator(
    { perPairPerWeek: 16, fault: 'repeat-search-after' },
    async (simulator, window, http, orgId) => {
      const here = await inThread(http, orgId, window).catch((error: unknown) => error);
      const there = await throughReader(http, orgId, window, async () => new FoldThread()).catch(
        (error: unknown) => error,
      );
      expectSameListError(there, here);
    },
  );
}, 120_000);

test('where no worker can start, a list of several pages is folded in this thread', async () => {
  await withSimulator({ perPairPerWeek: 16 }, async (simulator, window, http, orgId) => {
    const here = await inThread(http, orgId, window);
    expect(here.read.pages).toBeGreaterThan(1);
    const read = await throughReader(http, orgId, window, async () => undefined);
    expect(read.startThread).toHaveBeenCalled();
    expect(read.inWorker).toBe(false);
    expect(read.read).toEqual(here.read);
    expect(comparable(read.fold.toData())).toBe(comparable(here.fold.toData()));
  });
}, 120_000);

test('the count starts the worker when the window holds more than a page, and only then', () => {
  const startThread = jest.fn(async () => undefined);
  organizationEvents('org', startThread).reader.counted!(10_000, 10_000);
  expect(startThread).not.toHaveBeenCalled();
  organizationEvents('org', startThread).reader.counted!(10_001, 10_000);
  expect(startThread).toHaveBeenCalledTimes(1);
});
