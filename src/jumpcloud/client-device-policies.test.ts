import http from 'http';
import { AddressInfo } from 'net';

import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

import { JumpCloudClient } from './client';

/** The device policy endpoints: paths, paging and `sort` as the 2026 specification offers it. */
describe('device policy endpoints', () => {
  const ORG = '5f0000000000000000000001';
  const POLICY = '5f00000000000000000000p1';
  let server: http.Server;
  let url = '';
  const requests: Array<{ path: string; query: Record<string, string>; org: unknown }> = [];
  let detailBody: unknown = { id: POLICY, values: [] };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        org: req.headers['x-org-id'],
      });
      const body = parsed.pathname === `/api/v2/policies/${POLICY}` ? detailBody : [];
      res.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '0' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
  });

  function client() {
    return new JumpCloudClient({
      apiKey: 'test-key-0123456789abcdef0123456789abcdef',
      baseUrl: url,
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 1 },
    });
  }

  test('lists with sort in the specification page by id; traversals and members send none', async () => {
    const c = client();
    const none = () => undefined;
    await c.iteratePolicies(ORG, none);
    await c.iteratePolicyTemplates(ORG, none);
    await c.iteratePolicyGroups(ORG, none);
    await c.iteratePolicyStatuses(ORG, POLICY, none);
    await c.iteratePolicySystems(ORG, POLICY, none);
    await c.iteratePolicySystemGroups(ORG, POLICY, none);
    await c.iteratePolicyGroupMembers(ORG, 'g1', none);
    const sorted = { limit: '100', skip: '0', sort: 'id' };
    const unsorted = { limit: '100', skip: '0' };
    expect(requests.map((r) => [r.path, r.query])).toEqual([
      ['/api/v2/policies', sorted],
      ['/api/v2/policytemplates', sorted],
      ['/api/v2/policygroups', sorted],
      [`/api/v2/policies/${POLICY}/policystatuses`, sorted],
      [`/api/v2/policies/${POLICY}/systems`, unsorted],
      [`/api/v2/policies/${POLICY}/systemgroups`, unsorted],
      ['/api/v2/policygroups/g1/members', unsorted],
    ]);
    expect(requests.every((r) => r.org === ORG)).toBe(true);
  });

  test('one policy with its settings; a body that is not an object fails the read', async () => {
    detailBody = { id: POLICY, values: [{ configFieldID: 'f', value: 1 }] };
    await expect(client().getPolicy(ORG, POLICY)).resolves.toMatchObject({ id: POLICY });
    detailBody = [];
    await expect(client().getPolicy(ORG, POLICY)).rejects.toBeInstanceOf(
      IntegrationProviderAPIError,
    );
  });
});
