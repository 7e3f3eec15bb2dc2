import fs from 'fs';
import http from 'http';
import https from 'https';
import { AddressInfo } from 'net';
import path from 'path';
import zlib from 'zlib';

import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
} from '@jupiterone/integration-sdk-core';

import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { JumpCloudClient } from './client';
import { endpointTemplate, normalizeBaseUrl } from './http';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

interface TestServer {
  url: string;
  requests: Array<{ path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders }>;
  maxInFlight: number;
  close(): Promise<void>;
}

/** A scripted HTTP server on 127.0.0.1: `handler` decides each answer. */
async function startServer(handler: Handler): Promise<TestServer> {
  let inFlight = 0;
  const state: TestServer = {
    url: '',
    requests: [],
    maxInFlight: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    handler(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

const API_KEY = 'test-key-0123456789abcdef0123456789abcdef';
const ORG = '5f0000000000000000000001';

function clientFor(server: TestServer, overrides = {}) {
  return new JumpCloudClient({
    apiKey: API_KEY,
    baseUrl: server.url,
    retryPolicy: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4 },
    random: () => 0.5,
    ...overrides,
  });
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('headers and tenancy', () => {
  test('sends the key everywhere and x-org-id only on tenant routes', async () => {
    server = await startServer((_req, res, url) =>
      url.pathname === '/api/organizations'
        ? json(res, 200, { totalCount: 1, results: [{ _id: ORG, id: ORG }] })
        : json(res, 200, { totalCount: 0, results: [] }),
    );
    const client = clientFor(server);
    await client.listOrganizations();
    await client.iterateUsers(ORG, () => undefined);

    const [orgs, users] = server.requests;
    expect(orgs.headers['x-api-key']).toBe(API_KEY);
    expect(orgs.headers['x-org-id']).toBeUndefined();
    expect(users.headers['x-api-key']).toBe(API_KEY);
    expect(users.headers['x-org-id']).toBe(ORG);
  });
});

describe('organizations', () => {
  test('are read once per client, and a failure is not remembered', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) return json(res, 400, { message: 'Bad Request' });
      return json(res, 200, { totalCount: 1, results: [{ _id: ORG, id: ORG }] });
    });
    const client = clientFor(server);
    await expect(client.listOrganizations()).rejects.toThrow('400');
    const [first, second] = await Promise.all([
      client.listOrganizations(),
      client.listOrganizations(),
    ]);
    expect(first).toEqual([{ _id: ORG, id: ORG }]);
    expect(second).toBe(first);
    expect(calls).toBe(2);
  });
});

describe('countSystems', () => {
  test('asks for one system and reads the total', async () => {
    server = await startServer((_req, res) =>
      json(res, 200, { totalCount: 8000, results: [{ _id: 'x' }] }),
    );
    await expect(clientFor(server).countSystems(ORG)).resolves.toBe(8000);
    expect(Object.fromEntries(server.requests[0].query)).toEqual({ limit: '1', skip: '0' });
    expect(server.requests[0].headers['x-org-id']).toBe(ORG);
  });
});

describe('paging', () => {
  test('v1 lists page with limit=100, skip and sort=_id until the total', async () => {
    server = await startServer((_req, res, url) => {
      const skip = Number(url.searchParams.get('skip'));
      const all = Array.from({ length: 150 }, (_, i) => ({ _id: String(i) }));
      json(res, 200, { totalCount: 150, results: all.slice(skip, skip + 100) });
    });
    const seen: string[] = [];
    const result = await clientFor(server).iterateSystems(ORG, (s) => {
      seen.push(s._id);
    });
    expect(seen).toHaveLength(150);
    expect(result.pages).toBe(2);
    expect(server.requests.map((r) => Object.fromEntries(r.query))).toEqual([
      { limit: '100', skip: '0', sort: '_id' },
      { limit: '100', skip: '100', sort: '_id' },
    ]);
  });

  test('v2 lists read the total from x-total-count', async () => {
    server = await startServer((_req, res) =>
      json(res, 200, [{ id: 'a' }, { id: 'b' }], { 'x-total-count': '2' }),
    );
    const seen: string[] = [];
    await clientFor(server).iterateUserGroups(ORG, (g) => {
      seen.push(g.id);
    });
    expect(seen).toEqual(['a', 'b']);
    expect(server.requests).toHaveLength(1);
    // v2 records carry `id`, not `_id` (UserGroup in v2.json).
    expect(Object.fromEntries(server.requests[0].query)).toEqual({
      limit: '100',
      skip: '0',
      sort: 'id',
    });
  });

  test('lists whose specification has no sort parameter are sent none', async () => {
    server = await startServer((_req, res) => json(res, 200, [], { 'x-total-count': '0' }));
    await clientFor(server).iterateUserGroupMembers(
      ORG,
      '5f00000000000000000000aa',
      () => undefined,
    );
    expect(Object.fromEntries(server.requests[0].query)).toEqual({ limit: '100', skip: '0' });
  });

  test('System Insights pages by 10,000, a bare array without x-total-count until empty', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => ({ system_id: `s${i}` }));
    server = await startServer((_req, res, url) =>
      json(res, 200, url.searchParams.get('skip') === '0' ? rows : []),
    );
    const seen: string[] = [];
    await clientFor(server).iterateSystemInfo(ORG, (row) => {
      seen.push(row.system_id);
    });
    expect(seen).toEqual(['s0', 's1', 's2']);
    expect(server.requests.map((r) => [r.path, Object.fromEntries(r.query)])).toEqual([
      ['/api/v2/systeminsights/system_info', { limit: '10000', skip: '0' }],
      ['/api/v2/systeminsights/system_info', { limit: '10000', skip: '3' }],
    ]);
    expect(server.requests[0].headers['x-org-id']).toBe(ORG);
  });

  test('Asset Management lists are {results, totalCount}, each paged by its own cap, no sort', async () => {
    server = await startServer((_req, res, url) => {
      const skip = Number(url.searchParams.get('skip'));
      const limit = Number(url.searchParams.get('limit'));
      const all = Array.from({ length: 150 }, (_, i) => ({ id: `a${i}`, fields: {} }));
      json(res, 200, { results: all.slice(skip, skip + limit), totalCount: all.length });
    });
    const client = clientFor(server);
    const counts = { devices: 0, accessories: 0, locations: 0 };
    await client.iterateAssetDevices(ORG, () => {
      counts.devices += 1;
    });
    await client.iterateAssetAccessories(ORG, () => {
      counts.accessories += 1;
    });
    await client.iterateAssetLocations(ORG, () => {
      counts.locations += 1;
    });
    expect(counts).toEqual({ devices: 150, accessories: 150, locations: 150 });
    expect(server.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      '/api/v2/assets/devices?limit=100&skip=0',
      '/api/v2/assets/devices?limit=100&skip=100',
      '/api/v2/assets/accessories?limit=100&skip=0',
      '/api/v2/assets/accessories?limit=100&skip=100',
      '/api/v2/assets/locations?limit=1000&skip=0',
    ]);
  });

  test('a list that repeats records, with a total that counts the copies: each once, one warning', async () => {
    // 30 users, every fourth listed twice: 38 served, totalCount 38.
    const served = Array.from({ length: 30 }, (_, i) => ({
      _id: `5f00000000000000000001${String(i).padStart(2, '0')}`,
    })).flatMap((user, i) => (i % 4 === 0 ? [user, user] : [user]));
    server = await startServer((_req, res, url) => {
      const skip = Number(url.searchParams.get('skip'));
      const limit = Number(url.searchParams.get('limit'));
      json(res, 200, { totalCount: served.length, results: served.slice(skip, skip + limit) });
    });
    const logger = createMockIntegrationLogger();
    const warn = jest.spyOn(logger, 'warn');
    const ids: string[] = [];
    await clientFor(server, { logger }).iterateUsers(ORG, (user) => {
      ids.push(user._id);
    });
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][1])).toContain('8 record(s) more than once');
    expect(String(warn.mock.calls[0][1])).toContain('/api/systemusers');
  });

  test('a list that stops below its total fails instead of coming back short', async () => {
    server = await startServer((_req, res, url) =>
      url.searchParams.get('skip') === '0'
        ? json(res, 200, [{ id: 'a' }], { 'x-total-count': '5' })
        : json(res, 200, [], { 'x-total-count': '5' }),
    );
    const error = await clientFor(server)
      .iterateSystemGroups(ORG, () => undefined)
      .catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAPIError);
    expect(error.status).toBe('INCOMPLETE_LIST');
    expect(error.message).toContain('/api/v2/systemgroups');
  });

  test('JSON of the wrong shape is an error, not an empty list', async () => {
    server = await startServer((_req, res) => json(res, 200, { unexpected: true }));
    const error = await clientFor(server)
      .iterateUsers(ORG, () => undefined)
      .catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAPIError);
    expect(error.status).toBe('UNEXPECTED_RESPONSE');
  });
});

describe('error policy in action', () => {
  test('a 401 fails at once, is never retried and never shows the key', async () => {
    server = await startServer((_req, res) =>
      json(res, 401, { error: 'Unauthorized', message: 'Unauthorized: api key user not found' }),
    );
    const error = await clientFor(server)
      .listOrganizations()
      .catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(error.message).toContain('api key user not found');
    expect(error.message).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(1);
  });

  test('5xx answers are retried until one succeeds', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls <= 2) return json(res, calls === 1 ? 502 : 503, { message: 'busy' });
      return json(res, 200, { totalCount: 0, results: [] });
    });
    const client = clientFor(server);
    await client.listOrganizations();
    expect(calls).toBe(3);
    expect(client.stats.retries).toBe(2);
  });

  test('a 429 is retried and counted as throttling', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) return json(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
      return json(res, 200, { totalCount: 0, results: [] });
    });
    const client = clientFor(server);
    await client.listOrganizations();
    expect(client.stats.throttled).toBe(1);
    expect(client.stats.retries).toBe(1);
  });

  test('a truncated body is retried', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(calls === 1 ? '{"totalCount":1,"results":[{"_i' : '{"totalCount":0,"results":[]}');
    });
    await clientFor(server).listOrganizations();
    expect(calls).toBe(2);
  });

  test('a reset connection is retried', async () => {
    let calls = 0;
    server = await startServer((req, res) => {
      calls += 1;
      if (calls === 1) return req.socket.destroy();
      return json(res, 200, { totalCount: 0, results: [] });
    });
    await clientFor(server).listOrganizations();
    expect(calls).toBe(2);
  });

  test('a status that keeps failing gives up after the attempt budget, naming endpoint and status', async () => {
    server = await startServer((_req, res) => json(res, 500, { message: 'internal' }));
    const error = await clientFor(server)
      .iterateApplications(ORG, () => undefined)
      .catch((e) => e);
    expect(server.requests).toHaveLength(4);
    expect(error).toBeInstanceOf(IntegrationProviderAPIError);
    expect(error.status).toBe(500);
    expect(error.message).toContain('/api/applications');
    expect(error.message).toContain('after 4 attempts');
  });

  test('a 404 is not retried', async () => {
    server = await startServer((_req, res) => json(res, 404, { message: 'Not Found' }));
    const error = await clientFor(server)
      .iterateUserGroupMembers(ORG, '5f00000000000000000000aa', () => undefined)
      .catch((e) => e);
    expect(error.status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  test('a request with no answer times out and is retried within the budget', async () => {
    server = await startServer(() => {
      // never answers
    });
    const client = clientFor(server, {
      attemptTimeoutMs: 50,
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 2 },
    });
    const error = await client.listOrganizations().catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAPIError);
    expect(error.message).toContain('no complete response within 50 ms');
    expect(server.requests).toHaveLength(2);
  });
});

describe('hostile answers', () => {
  test('a body cut short before its Content-Length is seen at once and retried', async () => {
    let calls = 0;
    server = await startServer((req, res) => {
      calls += 1;
      const body = JSON.stringify({ totalCount: 0, results: [] });
      if (calls === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write(body.slice(0, 10), () => req.socket.destroy());
        return;
      }
      json(res, 200, { totalCount: 0, results: [] });
    });
    // The attempt timeout is far away: only seeing the cut at once lets this pass quickly.
    await clientFor(server, { attemptTimeoutMs: 60_000 }).listOrganizations();
    expect(calls).toBe(2);
  });

  test('a gzip body is unzipped; one that does not unzip is a transport failure, retried', async () => {
    let calls = 0;
    const orgs = { totalCount: 1, results: [{ _id: ORG, id: ORG }] };
    server = await startServer((_req, res) => {
      calls += 1;
      const body =
        calls === 1 ? Buffer.from('not gzip at all') : zlib.gzipSync(JSON.stringify(orgs));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(body);
    });
    await expect(clientFor(server).listOrganizations()).resolves.toEqual(orgs.results);
    expect(server.requests[0].headers['accept-encoding']).toBe('gzip');
    expect(calls).toBe(2);
  });

  test('a body with names outside ASCII is read as UTF-8, plain or gzip, split anywhere', async () => {
    const orgs = {
      totalCount: 2,
      results: [
        { _id: ORG, id: ORG, displayName: 'Zoë Ørsted 株式会社 🚀' },
        { _id: '5f0000000000000000000002', id: '5f0000000000000000000002', displayName: 'plain' },
      ],
    };
    const text = Buffer.from(JSON.stringify(orgs));
    // Cut inside the emoji's four bytes: the halves must not be decoded apart.
    const cut = text.indexOf(Buffer.from('🚀')) + 2;
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length });
        res.write(text.subarray(0, cut), () => res.end(text.subarray(cut)));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(text));
    });
    await expect(clientFor(server).listOrganizations()).resolves.toEqual(orgs.results);
    await expect(clientFor(server).listOrganizations()).resolves.toEqual(orgs.results);
    expect(calls).toBe(2);
  });

  test('the API key is redacted from provider messages that echo it', async () => {
    server = await startServer((_req, res) =>
      json(res, 500, { message: `upstream refused key ${API_KEY}` }),
    );
    const error = await clientFor(server)
      .iterateUsers(ORG, () => undefined)
      .catch((e) => e);
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain(API_KEY);
  });

  test('one deadline covers every attempt and wait of a request', async () => {
    server = await startServer(() => {
      // never answers
    });
    const client = clientFor(server, {
      attemptTimeoutMs: 100,
      requestDeadlineMs: 350,
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 100 },
    });
    const error = await client.listOrganizations().catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAPIError);
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });

  test('an attempt never outlasts the request deadline, however long the attempt timeout', async () => {
    server = await startServer(() => {
      // never answers
    });
    const client = clientFor(server, { attemptTimeoutMs: 600_000, requestDeadlineMs: 200 });
    const settled = await Promise.race([
      client.listOrganizations().catch((e) => e),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000).unref()),
    ]);
    expect(settled).toBeInstanceOf(IntegrationProviderAPIError);
    expect(server.requests).toHaveLength(1);
  });

  test('a Retry-After beyond the deadline fails the request at once', async () => {
    server = await startServer((_req, res) =>
      json(res, 429, { message: 'slow down' }, { 'retry-after': '100000' }),
    );
    const error = await clientFor(server, { requestDeadlineMs: 60_000 })
      .iterateUsers(ORG, () => undefined)
      .catch((e) => e);
    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(429);
    expect(error.message).toContain('beyond this request');
  });

  test('429s are retried as long as the deadline allows, whatever maxAttempts says', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls <= 6) return json(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
      return json(res, 200, { totalCount: 0, results: [] });
    });
    await clientFor(server, {
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    }).listOrganizations();
    expect(calls).toBe(7);
  });

  test('a refused connection is not retried before the host has answered once', async () => {
    server = await startServer((_req, res) => json(res, 200, { totalCount: 0, results: [] }));
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await new JumpCloudClient({ apiKey: API_KEY, baseUrl: url })
      .listOrganizations()
      .catch((e) => e);
    expect(error.status).toBe('NETWORK_ERROR');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('attempts');
  });
});

describe('429s without Retry-After', () => {
  // The default backoff (1, 2, 4, 8, 16 s) and a 20 s storm, both scaled down 20 times.
  const SCALED = { throttleBaseDelayMs: 50, throttleMaxDelayMs: 800 };
  const STORM_MS = 1_000;
  const GROUPS = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => `5f00000000000000000000${c}${c}`);

  /** Member lists answer 429 without Retry-After for STORM_MS from their first request. */
  async function stormServer() {
    let stormStart: number | undefined;
    const counts = { inStorm: 0, after: 0 };
    const state = await startServer((_req, res, url) => {
      if (url.pathname.endsWith('/members')) {
        stormStart ??= Date.now();
        if (Date.now() - stormStart < STORM_MS) {
          counts.inStorm += 1;
          return json(res, 429, { message: 'Too Many Requests' });
        }
        counts.after += 1;
      }
      json(res, 200, [], { 'x-total-count': '0' });
    });
    return { state, counts };
  }

  test('six lists read at once into a storm: the run backs off by rounds, at most 10 requests into it', async () => {
    const storm = await stormServer();
    server = storm.state;
    // random 0: the shortest waits the policy allows, so the most requests it would make.
    const client = clientFor(server, {
      retryPolicy: { ...SCALED, maxAttempts: 2 },
      random: () => 0,
    });
    await Promise.all(
      GROUPS.map((group) => client.iterateUserGroupMembers(ORG, group, () => undefined)),
    );
    // The six of the first round, then one request per round: 50, 100, 200, 400 ms later.
    expect(storm.counts.inStorm).toBeLessThanOrEqual(10);
    expect(storm.counts.after).toBe(GROUPS.length);
    expect(client.stats.throttled).toBe(storm.counts.inStorm);
  });

  test('429s never count toward maxAttempts: a request throttled more often than that still succeeds', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls <= 5) return json(res, 429, { message: 'slow down' });
      return json(res, 200, { totalCount: 0, results: [] });
    });
    await clientFor(server, {
      retryPolicy: { maxAttempts: 2, throttleBaseDelayMs: 1, throttleMaxDelayMs: 2 },
    }).listOrganizations();
    expect(calls).toBe(6);
  });
});

describe('certificates', () => {
  const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '__fixtures__', name));

  test('a certificate this machine does not trust fails at once, pointing at NODE_EXTRA_CA_CERTS', async () => {
    let requests = 0;
    const tlsServer = https.createServer(
      { key: fixture('untrusted-test-only.key'), cert: fixture('untrusted-test-only.crt') },
      (_req, res) => {
        requests += 1;
        res.end('{}');
      },
    );
    let connections = 0;
    tlsServer.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (tlsServer.address() as AddressInfo).port;
      const error = await new JumpCloudClient({
        apiKey: API_KEY,
        baseUrl: `https://127.0.0.1:${port}`,
        retryPolicy: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 7 },
      })
        .listOrganizations()
        .catch((e) => e);
      expect(error).toBeInstanceOf(IntegrationProviderAPIError);
      expect(error.status).toBe('NETWORK_ERROR');
      expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
      expect(error.message).not.toContain('attempts');
      expect(connections).toBe(1);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => tlsServer.close(resolve));
    }
  });
});

describe('shared concurrency limit', () => {
  test('never has more requests in flight than configured', async () => {
    server = await startServer((_req, res) =>
      setTimeout(() => json(res, 200, { totalCount: 0, results: [] }), 20),
    );
    const client = clientFor(server, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => client.iterateUsers(ORG, () => undefined)));
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });
});

describe('helpers', () => {
  test('normalizeBaseUrl accepts console URLs in their usual forms', () => {
    expect(normalizeBaseUrl(undefined)).toBe('https://console.jumpcloud.com');
    expect(normalizeBaseUrl('https://console.eu.jumpcloud.com/')).toBe(
      'https://console.eu.jumpcloud.com',
    );
    expect(normalizeBaseUrl('https://console.jumpcloud.com/api/v2')).toBe(
      'https://console.jumpcloud.com',
    );
    expect(normalizeBaseUrl('http://127.0.0.1:8080/api')).toBe('http://127.0.0.1:8080');
  });

  test('endpointTemplate replaces object ids', () => {
    expect(endpointTemplate('/api/v2/usergroups/5f00000000000000000000aa/members')).toBe(
      '/api/v2/usergroups/{id}/members',
    );
  });
});
