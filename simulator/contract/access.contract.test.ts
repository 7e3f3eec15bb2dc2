/**
 * Contract: commands, authentication policies, IP lists, directories and RADIUS servers as
 * the simulator serves them must match JumpCloud's specifications: the v2 routes the 2026
 * specification (vendored subset `specs/v2-2026-features.json`), the v1 routes (`/commands`,
 * `/radiusservers`, absent from the v2 index) the SDK copy of v1.json. Every list is read in
 * full and every traversal for every object; every 200 body is validated.
 */
import fetch from 'node-fetch';

import { startSimulator, type RunningSimulator } from '..';
import { orgAccess, type AccessModes } from '../access/generate';
import { ACCESS_PAGING, ACCESS_ROUTE_TEMPLATES } from '../access/routes';
import { build2026Validators, SPEC_2026 } from './spec-2026';
import { buildSpecValidators } from './spec-schemas';

const v2 = build2026Validators();
const v1 = buildSpecValidators();
const SIZES = { seed: 3, users: 40, groups: 6, apps: 12, systems: 60, systemGroups: 4 };
const DIRECTORY_ROUTES: Record<string, string> = {
  g_suite: 'gsuites',
  office_365: 'office365s',
  ldap_server: 'ldapservers',
  active_directory: 'activedirectories',
};

const normalize = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

/** `/api/v2/commands/{id}/systems` -> `/commands/{command_id}/systems` (as the subset spells it). */
function subsetPath(template: string): string {
  const wanted = normalize(template.replace(/^\/api\/v2/, ''));
  const found = Object.keys(SPEC_2026.paths).find((path) => normalize(path) === wanted);
  if (!found) throw new Error(`no 2026 operation for ${template}`);
  return found;
}

function validatorFor(template: string) {
  if (template.startsWith('/api/v2/')) return v2.forOperation(subsetPath(template));
  const found = v1.specPathFor(template);
  if (!found) throw new Error(`no v1 operation for ${template}`);
  return v1.forOperation(found.spec, found.path);
}

async function get(sim: RunningSimulator, url: string) {
  const res = await fetch(`${sim.url}${url}`, { headers: { 'x-api-key': sim.apiKey } });
  return {
    status: res.status,
    total: res.headers.get('x-total-count'),
    body: (await res.json()) as unknown,
  };
}

/** Every URL of a template over the whole org, with `limit=100`. */
function urlsFor(sim: RunningSimulator, template: string): string[] {
  const access = orgAccess(sim.data.orgs[0]);
  const fill = (ids: string[]) => ids.map((id) => template.replace('{id}', id));
  const base = (() => {
    if (template.startsWith('/api/v2/commands/')) return fill(access.commands.map((c) => c.id));
    if (template.startsWith('/api/v2/radiusservers/'))
      return fill(access.radiusServers.map((r) => r._id));
    const directoryType = Object.entries(DIRECTORY_ROUTES).find(([, route]) =>
      template.startsWith(`/api/v2/${route}/`),
    )?.[0];
    if (directoryType)
      return fill(access.directories.filter((d) => d.type === directoryType).map((d) => d.id));
    return [template];
  })();
  return base.map((url) => `${url}?limit=${ACCESS_PAGING.maxLimit}`);
}

describe('access routes match the JumpCloud specifications', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ ...SIZES, quiet: true });
  });
  afterAll(() => sim?.stop());

  test('every access route has a GET operation with a 200 schema', () => {
    expect(ACCESS_ROUTE_TEMPLATES).toHaveLength(12);
    for (const template of ACCESS_ROUTE_TEMPLATES)
      expect(() => validatorFor(template)).not.toThrow();
  });

  test.each([...ACCESS_ROUTE_TEMPLATES])(
    'GET %s validates for every object of the org',
    async (template) => {
      const validate = validatorFor(template);
      const failures: string[] = [];
      let items = 0;
      for (const url of urlsFor(sim, template)) {
        const { status, body, total } = await get(sim, url);
        expect({ url, status }).toEqual({ url, status: 200 });
        if (!validate(body))
          failures.push(`${url}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
        const results = Array.isArray(body)
          ? body
          : (body as { results: unknown[]; totalCount: number }).results;
        const count = Array.isArray(body)
          ? Number(total)
          : (body as { totalCount: number }).totalCount;
        expect(results.length).toBe(Math.min(count, ACCESS_PAGING.maxLimit));
        items += results.length;
      }
      expect(failures).toEqual([]);
      // Every route answers with data somewhere in the org, so the schemas are exercised.
      expect(items).toBeGreaterThan(0);
    },
  );

  test('the validators are real: a bad enum value or a missing required field fails', () => {
    const policy = orgAccess(sim.data.orgs[0]).authnPolicies[0];
    const policies = validatorFor('/api/v2/authn/policies');
    expect(policies([policy])).toBe(true);
    expect(policies([{ ...policy, effect: { action: 'maybe' } }])).toBe(false);
    expect(policies([{ ...policy, type: 'vpn' }])).toBe(false);
    const directories = validatorFor('/api/v2/directories');
    expect(directories([{ id: 'x', name: 'x' }])).toBe(false); // no type
    const traversal = validatorFor('/api/v2/commands/{id}/systems');
    expect(traversal([{ id: 'x', type: 'system' }])).toBe(false); // no paths
  });

  test('the commands list pages past 100 with the true total (v1 envelope)', async () => {
    const many = await startSimulator({ ...SIZES, systems: 900, quiet: true });
    try {
      const commands = orgAccess(many.data.orgs[0]).commands;
      expect(commands.length).toBeGreaterThan(100);
      const page = await get(many, '/api/commands?limit=100&skip=100');
      const body = page.body as { totalCount: number; results: Array<{ _id: string }> };
      expect(body.totalCount).toBe(commands.length);
      expect(body.results.map((c) => c._id)).toEqual(commands.slice(100, 200).map((c) => c.id));
    } finally {
      await many.stop();
    }
  });

  test.each([...ACCESS_ROUTE_TEMPLATES])(
    'GET %s: limit above 100 is a 400, default 10',
    async (template) => {
      const [url] = urlsFor(sim, template);
      const path = url.split('?')[0];
      const tooMany = await get(sim, `${path}?limit=101`);
      expect(tooMany.status).toBe(400);
      expect((tooMany.body as { message: string }).message).toContain(
        'exceeds maximum value of 100',
      );
      const byDefault = await get(sim, path);
      const results = Array.isArray(byDefault.body)
        ? byDefault.body
        : (byDefault.body as { results: unknown[] }).results;
      expect(results.length).toBeLessThanOrEqual(ACCESS_PAGING.defaultLimit);
    },
  );

  test('v1 `fields`: the default projection carries the script and the secret, named fields do not', async () => {
    const plain = (await get(sim, '/api/commands?limit=100')).body as { results: object[] };
    expect(plain.results.every((c) => 'command' in c)).toBe(true);
    const named = (await get(sim, '/api/commands?limit=100&fields=name%20sudo%20user')).body as {
      results: object[];
    };
    expect(named.results.every((c) => Object.keys(c).sort().join() === '_id,name,sudo,user')).toBe(
      true,
    );
    const radius = (await get(sim, '/api/radiusservers?limit=100')).body as { results: object[] };
    expect(radius.results.every((r) => 'sharedSecret' in r)).toBe(true);
    const radiusNamed = (await get(sim, '/api/radiusservers?limit=100&fields=name%20mfa')).body as {
      results: object[];
    };
    expect(radiusNamed.results.every((r) => !('sharedSecret' in r))).toBe(true);
  });

  test('a directory asked for on the route of another type, or an unknown command, is a 404', async () => {
    const access = orgAccess(sim.data.orgs[0]);
    const gsuite = access.directories.find((d) => d.type === 'g_suite')!;
    expect((await get(sim, `/api/v2/office365s/${gsuite.id}/usergroups`)).status).toBe(404);
    expect((await get(sim, `/api/v2/commands/${'0'.repeat(24)}/systems`)).status).toBe(404);
  });

  test.each([
    ['commands', ['/api/commands']],
    ['authPolicies', ['/api/v2/authn/policies', '/api/v2/iplists']],
    ['directories', ['/api/v2/directories']],
    ['radiusServers', ['/api/radiusservers']],
  ] as const)('%s absent: 404; forbidden: 403; the others still answer', async (feature, paths) => {
    for (const [mode, status] of [
      ['absent', 404],
      ['forbidden', 403],
    ] as const) {
      const gated = await startSimulator({
        ...SIZES,
        access: { [feature]: mode } as AccessModes,
        quiet: true,
      });
      try {
        for (const path of paths)
          expect([path, (await get(gated, path)).status]).toEqual([path, status]);
        const others = [
          '/api/commands',
          '/api/v2/authn/policies',
          '/api/v2/directories',
          '/api/radiusservers',
        ].filter((path) => !(paths as readonly string[]).includes(path));
        for (const path of others)
          expect([path, (await get(gated, path)).status]).toEqual([path, 200]);
      } finally {
        await gated.stop();
      }
    }
  });
});
