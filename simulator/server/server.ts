/**
 * The simulator's HTTP server: plain node `http` on 127.0.0.1.
 *
 * Per request: count it, admit it (in-flight cap, then the key's token bucket; 429 otherwise),
 * wait the configured latency on a timer, maybe inject a fault, else answer from the routes.
 * `GET /__simulator/stats` (no auth, never delayed or failed) reports what was served.
 */
import http from 'http';
import type { Socket } from 'net';
import {
  generateDirectory,
  type AppleMdmMode,
  type SimulatedDirectory,
} from '../directory/generate';
import {
  FAULT_KINDS,
  FAULT_RESPONSES,
  TrafficControl,
  malformBody,
  pageWithCopies,
  servedCount,
  storedIndexOfServed,
  truncateBody,
  type FaultKind,
  type TrafficOptions,
} from './faults';
import { AS_OF_MS } from '../shared/random';
import { JumpCloudApi } from './router';
import { applyQuirks, quirkReply, type Quirk } from './quirks';
import type { AssetManagementMode } from '../assets/generate';
import type { SystemInsightsMode } from '../system-insights/routes';
import type { AccessModes } from '../access/generate';
import type { PolicySimulationOptions } from '../policies/generate';
import { FewestRequestsCounter, announcedTotal, listKey, type FewestRequests } from './fewest';
import { withProviderMode, type ProviderAdministratorsMode } from '../admin/routes';
import { InsightsApi, type InsightsSimulationOptions } from '../insights/routes';
import { orgAccess } from '../access/generate';
import { orgAssets } from '../assets/generate';
import { orgPosture } from '../posture/generate';
import { softwareRowCount } from '../posture/software';
import { orgSystemInfo } from '../system-insights/generate';
import { preparePolicies } from '../policies/routes';

/** A 40-character key, like JumpCloud's. */
export const DEFAULT_SIMULATOR_API_KEY = 'sim-0123456789abcdef0123456789abcdef0123';

const JSON_TYPE = 'application/json; charset=utf-8';

export interface SimulatorOptions extends TrafficOptions {
  /** 0 or undefined: a random free port. The server always binds 127.0.0.1. */
  port?: number;
  apiKey?: string;
  seed?: number;
  /** More than one org makes the key a multi-tenant (MSP) key that must send x-org-id. */
  orgs?: number;
  users?: number;
  groups?: number;
  apps?: number;
  systems?: number;
  systemGroups?: number;
  appleDevices?: number;
  appleMdm?: AppleMdmMode;
  /** Asset Management: `enabled` (default), `off` (404) or `forbidden` (403). */
  assetManagement?: AssetManagementMode;
  /** System Insights: `enabled` (default), `off` (404) or `forbidden` (403). */
  systemInsights?: SystemInsightsMode;
  /** Commands, authentication policies, directories, RADIUS servers: each `enabled` (default), `absent` (404) or `forbidden` (403). */
  access?: AccessModes;
  /** Device policies: `mode` enabled (default) | absent (404) | forbidden (403), and counts. */
  policies?: PolicySimulationOptions;
  /** Directory Insights (../insights/): mode, fault, events' "today" and volume. */
  insights?: InsightsSimulationOptions;
  /** Whether the key belongs to a provider (../admin/routes.ts): `not-provider` (default, 401) or `provider`. */
  providerAdministrators?: ProviderAdministratorsMode;
  /** Serve this directory instead of generating one (the counts and seed above are ignored). */
  directory?: SimulatedDirectory;
  /** Opt-in data quirks (./quirks.ts) applied to the generated directory. */
  quirks?: Quirk[];
  /** No output at all (errors included). */
  quiet?: boolean;
  /**
   * Generate every body of data (events, policies, posture, assets, access, System Insights)
   * before listening, instead of on its first request: the benchmark's simulator then does
   * its one-time work before the run it measures, not during it. The same responses either
   * way: each body is a function of the organization and the options only.
   */
  prepare?: boolean;
  /**
   * With `prepare`: the Directory Insights `fields` a client will ask events with (the
   * integration's projection). Each event's JSON under it is a template made once (the
   * generic path, tens of microseconds an event signature: at the bench's directory-heavy
   * shape, a second of CPU in the first pages of the run); made before listening, the run's
   * pages only copy bytes. The same responses either way.
   */
  prepareEventFields?: string[];
}

export interface SimulatorStats {
  requests: {
    total: number;
    /** Keyed by `METHOD route-template`, e.g. `GET /api/v2/systems/{id}/users`. */
    byEndpoint: Record<string, number>;
    /** Status codes sent (`reset` for connections reset by a fault). */
    byStatus: Record<string, number>;
  };
  /** 429 answers, for either reason. */
  rateLimited: number;
  /** `storm`: 429s without Retry-After of the `stormPathPattern` storm. */
  rateLimitedByReason: { rateLimit: number; maxInFlight: number; atStart: number; storm: number };
  faults: { total: number; byKind: Record<FaultKind, number> };
  /** Highest number of admitted requests being served at the same time. */
  maxInFlightSeen: number;
  /**
   * The most requests in one chain where each started only after the one before it had been
   * answered: the latency periods a run spent one after another (its critical path, counted
   * in requests). Requests that overlap in time are never in one chain, so a run that sends
   * what does not depend on each other together keeps it short whatever the latency.
   */
  longestChain: number;
  /** Highest number of open requests at the same time, counting those refused with 429. */
  maxConcurrentSeen: number;
  /** Admitted requests being served right now. */
  inFlight: number;
  /** Calls to `/api/v2/systems/{id}/fdekey` (the integration must never make one). */
  fdekeyRequests: number;
  /**
   * Directory Insights event templates made while serving (`prepareEventFields`): the
   * simulator's one-time work done during the run, none when prepared for its projection.
   */
  eventTemplatesMade: number;
  /**
   * The fewest requests the API allows for what was read (./fewest.ts): each distinct list
   * (path, query minus paging and sort, x-org-id) at the largest page size its specification
   * allows, one per single object. Keyed like `requests.byEndpoint`.
   */
  fewestRequests: FewestRequests;
}

/** One request of the longest chain (`GET /__simulator/chain`), times in ms since the stats' reset. */
export interface ChainLink {
  endpoint: string;
  /** Path and query as asked (a page's `skip`, a list's `filter`). */
  url: string;
  start: number;
  end: number;
}

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  apiKey: string;
  orgIds: string[];
  data: SimulatedDirectory;
  stats(): SimulatorStats;
  /** The requests of `longestChain`, first to last. */
  longestChainLinks(): ChainLink[];
  resetStats(): void;
  stop(): Promise<void>;
}

/** Faults whose answer (or reset, or silence) replaces the route's: handled right below. */
const ANSWERED_BY_FAULT: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'reset',
  '500',
  '502',
  '503',
  '429',
  'hang',
]);

function emptyStats(): SimulatorStats {
  return {
    requests: { total: 0, byEndpoint: {}, byStatus: {} },
    rateLimited: 0,
    rateLimitedByReason: { rateLimit: 0, maxInFlight: 0, atStart: 0, storm: 0 },
    faults: {
      total: 0,
      byKind: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    },
    maxInFlightSeen: 0,
    longestChain: 0,
    maxConcurrentSeen: 0,
    inFlight: 0,
    fdekeyRequests: 0,
    eventTemplatesMade: 0,
    fewestRequests: { total: 0, byEndpoint: {} },
  };
}

function snapshot(
  stats: SimulatorStats,
  inFlight: number,
  fewest: FewestRequestsCounter,
  eventTemplatesMade: number,
): SimulatorStats {
  const sortKeys = <T>(o: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...stats,
    requests: {
      total: stats.requests.total,
      byEndpoint: sortKeys(stats.requests.byEndpoint),
      byStatus: sortKeys(stats.requests.byStatus),
    },
    rateLimitedByReason: { ...stats.rateLimitedByReason },
    faults: { total: stats.faults.total, byKind: { ...stats.faults.byKind } },
    inFlight,
    eventTemplatesMade,
    fewestRequests: fewest.snapshot(),
  };
}

/** A request as the chain sees it: the request answered last before it arrived in the longest chain. */
interface ChainNode {
  link: ChainLink;
  before: ChainNode | undefined;
}

/** The links of the chain ending at `tail`, first to last. */
function chainLinks(tail: ChainNode | undefined): ChainLink[] {
  const links: ChainLink[] = [];
  for (let node = tail; node; node = node.before) links.push(node.link);
  return links.reverse();
}

function headerValue(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v ?? '';
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const apiKey = options.apiKey ?? DEFAULT_SIMULATOR_API_KEY;
  if (apiKey === '') throw new Error('apiKey must not be empty');
  const data = withProviderMode(
    applyQuirks(
      options.directory ??
        generateDirectory({
          seed: options.seed,
          orgs: options.orgs,
          users: options.users,
          groups: options.groups,
          apps: options.apps,
          systems: options.systems,
          systemGroups: options.systemGroups,
          appleDevices: options.appleDevices,
          appleMdm: options.appleMdm,
        }),
      options.quirks,
    ),
    options.providerAdministrators,
  );
  const api = new JumpCloudApi(data, apiKey, {
    assetManagement: options.assetManagement,
    systemInsights: options.systemInsights,
    access: options.access,
    policies: options.policies,
    providerAdministrators: options.providerAdministrators,
  });
  const insights = new InsightsApi(data, apiKey, options.insights);
  if (options.prepare) {
    for (const org of data.orgs) {
      insights.events(org);
      if (options.prepareEventFields) insights.prepareTexts(org, options.prepareEventFields);
      orgAccess(org);
      orgAssets(org);
      orgPosture(org);
      orgSystemInfo(org);
      preparePolicies(org, options.policies);
      for (const table of ['apps', 'programs', 'linux_packages'] as const)
        softwareRowCount(org, table);
    }
  }
  const traffic = new TrafficControl(options);
  let stats = emptyStats();
  let fewest = new FewestRequestsCounter();
  // The request that ends the longest chain, each linked to the one it followed: the chain
  // itself, not only its length (what a run waited for, one latency after another).
  let chainTail: ChainNode | undefined;
  let chainEpoch = performance.now();
  let templatesAtReset = insights.templatesMade();
  const templatesMade = () => Math.max(0, insights.templatesMade() - templatesAtReset);
  const resetStats = () => {
    stats = emptyStats();
    templatesAtReset = insights.templatesMade();
    fewest = new FewestRequestsCounter();
    chainTail = undefined;
    chainEpoch = performance.now();
  };
  let concurrent = 0;
  let stopping = false;
  const sockets = new Set<Socket>();
  const log = (message: string) => {
    if (!options.quiet) process.stderr.write(`[simulator] ${message}\n`);
  };

  const count = (bucket: Record<string, number>, key: string) => {
    bucket[key] = (bucket[key] ?? 0) + 1;
  };

  const send = (
    res: http.ServerResponse,
    status: number,
    body: string | Buffer,
    headers: Record<string, string> = {},
    contentType = JSON_TYPE,
  ) => {
    count(stats.requests.byStatus, String(status));
    if (res.destroyed) return;
    // Encoded once: its length and what is sent (event pages are megabytes).
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, {
      'content-type': contentType,
      'content-length': String(bytes.length),
      ...headers,
    });
    res.end(bytes);
  };

  const control = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    const json = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': JSON_TYPE,
        'content-length': String(Buffer.byteLength(text)),
      });
      res.end(text);
    };
    if (pathname === '/__simulator/stats' && req.method === 'GET')
      return json(200, snapshot(stats, traffic.inFlight, fewest, templatesMade()));
    if (pathname === '/__simulator/chain' && req.method === 'GET')
      return json(200, chainLinks(chainTail));
    if (pathname === '/__simulator/stats/reset' && req.method === 'POST') {
      resetStats();
      return json(200, { reset: true });
    }
    if (pathname === '/__simulator/info' && req.method === 'GET') {
      return json(200, {
        asOf: new Date(AS_OF_MS).toISOString(),
        seed: data.seed,
        counts: data.counts,
        multiTenant: data.multiTenant,
        orgIds: data.orgs.map((o) => o.id),
        appleMdm: data.appleMdmMode,
        assetManagement: options.assetManagement ?? 'enabled',
        systemInsights: options.systemInsights ?? 'enabled',
        access: options.access ?? {},
        providerAdministrators: options.providerAdministrators ?? 'not-provider',
      });
    }
    return json(404, { message: 'Not Found' });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://127.0.0.1');
    const pathname = url.pathname;
    if (pathname.startsWith('/__simulator/')) return control(req, res, pathname);

    const match = api.match(pathname);
    // Directory Insights (POST, JSON body) is answered by ../insights/routes.ts.
    const insightsRoute = insights.owns(pathname);
    const endpoint = `${method} ${match ? match.route.template : (insights.template(pathname) ?? '(unmatched)')}`;
    stats.requests.total++;
    count(stats.requests.byEndpoint, endpoint);
    if (match?.route.fdeKey) stats.fdekeyRequests++;

    concurrent++;
    stats.maxConcurrentSeen = Math.max(stats.maxConcurrentSeen, concurrent);
    // Every request answered before this one arrived may be one it waited for: this one
    // extends the longest chain among them.
    const chain = stats.longestChain + 1;
    const chainStats = stats;
    const node: ChainNode = {
      link: { endpoint, url: rawUrl, start: Math.round(performance.now() - chainEpoch), end: 0 },
      before: chainTail,
    };
    let admitted = false;
    let finished = false;
    res.on('close', () => {
      if (finished) return;
      finished = true;
      if (chainStats === stats && chain > stats.longestChain) {
        node.link.end = Math.round(performance.now() - chainEpoch);
        chainTail = node;
      }
      chainStats.longestChain = Math.max(chainStats.longestChain, chain);
      concurrent--;
      if (admitted) traffic.release();
    });

    if (traffic.throttleAtStart()) {
      stats.rateLimited++;
      stats.rateLimitedByReason.atStart++;
      const headers: Record<string, string> = {};
      if (traffic.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(traffic.retryAfterSeconds);
      return send(res, 429, '{"message":"Too Many Requests"}', headers);
    }

    if (traffic.isForbidden(pathname)) {
      // The shape of JumpCloud's 403 body as quoted in the wild, `message` and `error`
      // (REFERENCE.md §2, §3); the words of a role's refusal were never seen, so no more.
      return send(res, 403, '{"message":"Forbidden","error":"Forbidden"}');
    }

    if (traffic.inStorm(pathname)) {
      stats.rateLimited++;
      stats.rateLimitedByReason.storm++;
      return send(res, 429, '{"message":"Too Many Requests"}');
    }

    const admission = traffic.admit(headerValue(req.headers['x-api-key']));
    if (!admission.ok) {
      stats.rateLimited++;
      stats.rateLimitedByReason[admission.reason]++;
      const headers: Record<string, string> = {};
      if (traffic.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(traffic.retryAfterSeconds);
      return send(res, 429, '{"message":"Too Many Requests"}', headers);
    }
    admitted = true;
    stats.maxInFlightSeen = Math.max(stats.maxInFlightSeen, traffic.inFlight);

    const requestKey = `${method} ${rawUrl}`;
    const occurrence = traffic.nextOccurrence(requestKey);
    // The latency is the time the answer takes, its making included, as a real API's time to
    // answer is one figure: the answer is made as soon as the request has come and sent once
    // the latency has passed. Made after it, every answer would come as late as its making
    // took besides (an events page of 10,000 takes tens of milliseconds), and the bench would
    // count this server's work as the client's.
    const dueAt = performance.now() + traffic.latencyFor(requestKey, occurrence);
    /** Waits out what is left of the latency; false when the answer is no longer wanted. */
    const due = async (): Promise<boolean> => {
      const left = dueAt - performance.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
      if (stopping || res.destroyed) {
        res.destroy();
        return false;
      }
      return true;
    };
    const fault = traffic.faultFor(requestKey, pathname, occurrence);
    const countFault = () => {
      if (!fault) return;
      stats.faults.total++;
      stats.faults.byKind[fault]++;
    };
    // Faults that answer in place of the routes: nothing to make, they wait and answer.
    if (fault !== null && ANSWERED_BY_FAULT.has(fault)) {
      if (!(await due())) return;
      countFault();
    }
    if (fault === 'reset') {
      count(stats.requests.byStatus, 'reset');
      const socket = req.socket as Socket & { resetAndDestroy?: () => Socket };
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    const echo = (body: string) =>
      traffic.echoApiKey
        ? JSON.stringify({
            message: `upstream error for request with x-api-key ${headerValue(req.headers['x-api-key'])}`,
          })
        : body;
    if (fault === '500' || fault === '502' || fault === '503') {
      const { contentType, body } = FAULT_RESPONSES[fault];
      return traffic.echoApiKey
        ? send(res, Number(fault), echo(body))
        : send(res, Number(fault), body, {}, contentType);
    }
    if (fault === '429') {
      return send(res, 429, '{"message":"Too Many Requests"}', {
        'retry-after': String(traffic.retryAfterSeconds ?? 1),
      });
    }
    if (fault === 'hang') {
      // Never answers; the connection closes when the client gives up or the server stops.
      count(stats.requests.byStatus, 'hang');
      return;
    }

    if (!traffic.pagingFaultAllows(pathname)) {
      if (!(await due())) return;
      countFault();
      return send(res, 400, '{"message":"simulator: paging fault request cap reached"}');
    }
    let query = url.searchParams;
    const askedLimit = Number(query.get('limit') ?? '10');
    if (traffic.pageLimit(pathname, askedLimit) !== askedLimit) {
      query = new URLSearchParams(query);
      query.set('limit', String(traffic.pageLimit(pathname, askedLimit)));
    }
    const counted = traffic.countedCopies?.test(pathname) === true;
    const servedSkip = Number(query.get('skip') ?? '0');
    if (counted) {
      // Read the stored records the served page starts from.
      query = new URLSearchParams(query);
      query.set('skip', String(storedIndexOfServed(servedSkip)));
    }
    if (traffic.ignoreSkip?.test(pathname)) {
      query = new URLSearchParams(query);
      query.set('skip', '0');
    }
    const duplicating = traffic.duplicate?.test(pathname) === true;
    const skip = Number(query.get('skip') ?? '0');
    if (duplicating && skip > 0) {
      // The page starts one record early: the last record of the page before, again.
      query = new URLSearchParams(query);
      query.set('skip', String(skip - 1));
    }
    const reply = insightsRoute
      ? await insights.serve({ method, pathname, headers: req.headers, body: await readBody(req) })
      : api.handle({ method, pathname, query, headers: req.headers }, match);
    // An events page comes serialized; the knobs below that alter a reply's list need its
    // rows (a quirk applies when it does not hand back the list it was given).
    let bytes = (reply as { bytes?: Buffer }).bytes;
    const probe: unknown[] = [];
    if (
      bytes !== undefined &&
      (duplicating ||
        counted ||
        traffic.lowTotal?.test(pathname) === true ||
        quirkReply(data, pathname, query, probe) !== probe)
    ) {
      reply.body = JSON.parse(bytes.toString('utf8'));
      bytes = undefined;
    }
    // The list as stored, before any knob below alters the reply; counted once it is sent.
    const insightsList = (
      reply as { list?: { key: string; pagedRows?: number; maxLimit?: number } }
    ).list;
    const storedTotal = reply.status === 200 ? announcedTotal(reply) : undefined;
    const recordList = () => {
      if (insightsRoute) {
        if (insightsList)
          fewest.record(endpoint, insightsList.key, insightsList.maxLimit, insightsList.pagedRows);
      } else
        fewest.record(
          endpoint,
          listKey(method, pathname, query, headerValue(req.headers['x-org-id']).trim()),
          match?.route.maxLimit,
          storedTotal,
        );
    };
    if (reply.status === 200) reply.body = quirkReply(data, pathname, query, reply.body);
    if (reply.status === 200) {
      const list = Array.isArray(reply.body)
        ? (reply.body as unknown[])
        : Array.isArray((reply.body as { results?: unknown } | null)?.results)
          ? (reply.body as { results: unknown[] }).results
          : undefined;
      const limit = Number(query.get('limit') ?? '10');
      if (duplicating && list && list.length > 0 && list.length < limit) list.push(list[0]);
      if (counted && list) {
        list.splice(0, list.length, ...pageWithCopies(list, servedSkip, limit));
        const body = reply.body as { totalCount?: unknown };
        if (!Array.isArray(reply.body) && typeof body?.totalCount === 'number') {
          body.totalCount = servedCount(body.totalCount);
        }
        const header = reply.headers?.['x-total-count'];
        if (header !== undefined && reply.headers) {
          reply.headers['x-total-count'] = String(servedCount(Number(header)));
        }
      }
      if (traffic.lowTotal?.test(pathname)) {
        const body = reply.body as { totalCount?: unknown };
        if (!Array.isArray(reply.body) && typeof body?.totalCount === 'number') {
          body.totalCount = Math.ceil(body.totalCount / 2);
        }
        const header = reply.headers?.['x-total-count'];
        if (header !== undefined && reply.headers) {
          reply.headers['x-total-count'] = String(Math.ceil(Number(header) / 2));
        }
      }
    }
    // Sent as they are unless a fault below cuts or garbles the text.
    const asMade = bytes !== undefined && fault === null;
    let body = asMade ? '' : (bytes?.toString('utf8') ?? JSON.stringify(reply.body));
    if (!asMade && reply.status >= 400 && traffic.echoApiKey) body = echo(body);
    const headers = { ...(reply.headers ?? {}) };
    if (!(await due())) return;
    countFault();
    recordList();
    if (asMade && bytes !== undefined) return send(res, reply.status, bytes, headers);
    if (fault === 'truncated') {
      // Chunked, no content-length: the client reads a complete response holding half the JSON.
      body = truncateBody(body);
      count(stats.requests.byStatus, String(reply.status));
      res.writeHead(reply.status, { 'content-type': JSON_TYPE, ...headers });
      res.end(body);
      return;
    }
    if (fault === 'cut-short') {
      // The whole length announced, half of it sent, then the connection closed.
      count(stats.requests.byStatus, 'cut-short');
      res.writeHead(reply.status, {
        'content-type': JSON_TYPE,
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      });
      res.write(truncateBody(body), () => req.socket.destroy());
      return;
    }
    if (fault === 'trickle') {
      // Headers at once, then a byte a second: a body that never ends.
      count(stats.requests.byStatus, 'trickle');
      res.writeHead(reply.status, {
        'content-type': JSON_TYPE,
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || stopping || sent >= body.length - 1) {
          clearInterval(timer);
          return;
        }
        res.write(body[sent]);
        sent += 1;
      }, 1000);
      timer.unref();
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (fault === 'malformed') body = malformBody(body);
    send(res, reply.status, body, headers);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(
        `internal error on ${req.method} ${req.url}: ${err instanceof Error ? err.stack : String(err)}`,
      );
      if (!res.headersSent) send(res, 500, '{"message":"Internal Server Error"}');
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('simulator did not bind a TCP port');
  const port = address.port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    orgIds: data.orgs.map((o) => o.id),
    data,
    stats: () => snapshot(stats, traffic.inFlight, fewest, templatesMade()),
    longestChainLinks: () => chainLinks(chainTail),
    resetStats,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        stopping = true;
        server.close((err) => (err ? reject(err) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}
