/**
 * Contract: what the simulator serves of device policies must match the schemas of
 * JumpCloud's 2026 v2 specification (OpenAPI 3.1), vendored in the subset
 * `specs/v2-2026-features.json` (see extract-spec-subset.ts).
 *
 * Every list is read in full at its cap (100, `trait_limit_limit`), for every policy and
 * policy group, and every 200 body is validated against the 200-response schema of the same
 * operation. Graph type values are also checked against `GraphType`.
 */
import { type ValidateFunction } from 'ajv/dist/2020';
import fetch from 'node-fetch';

import { startSimulator, type RunningSimulator } from '..';
import { orgPolicies } from '../policies/generate';
import { POLICY_PAGING, policyFeatureRoutes } from '../policies/routes';
import { build2026Validators } from './spec-2026';

const validators = build2026Validators();
const forOperation = (specPath: string) => validators.forOperation(specPath);

/** The simulator's route template -> the specification's path (its parameter names). */
const SPEC_PATHS: Record<string, string> = {
  '/api/v2/policies': '/policies',
  '/api/v2/policies/{id}': '/policies/{id}',
  '/api/v2/policytemplates': '/policytemplates',
  '/api/v2/policies/{id}/policystatuses': '/policies/{policy_id}/policystatuses',
  '/api/v2/policies/{id}/systems': '/policies/{policy_id}/systems',
  '/api/v2/policies/{id}/systemgroups': '/policies/{policy_id}/systemgroups',
  '/api/v2/policygroups': '/policygroups',
  '/api/v2/policygroups/{id}/members': '/policygroups/{group_id}/members',
};

const graphType = validators.forSchema('GraphType');

async function get(sim: RunningSimulator, url: string) {
  const res = await fetch(`${sim.url}${url}`, { headers: { 'x-api-key': sim.apiKey } });
  return {
    status: res.status,
    total: res.headers.get('x-total-count'),
    body: (await res.json()) as unknown,
  };
}

/** Every page of a list at the cap; fails on a short total. */
async function readAll(sim: RunningSimulator, url: string): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  let seen = 0;
  for (let skip = 0; ; skip += POLICY_PAGING.maxLimit) {
    const sep = url.includes('?') ? '&' : '?';
    const { status, body, total } = await get(
      sim,
      `${url}${sep}limit=${POLICY_PAGING.maxLimit}&skip=${skip}`,
    );
    expect([url, status]).toEqual([url, 200]);
    const page = body as unknown[];
    pages.push(page);
    seen += page.length;
    if (page.length === 0 || seen >= Number(total)) break;
  }
  return pages;
}

function errors(validate: ValidateFunction, body: unknown, where: string): string[] {
  return validate(body) ? [] : [`${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
}

describe('device policies match the 2026 specification', () => {
  let sim: RunningSimulator;
  // Enough policies to page (more than 100) and systems for many results.
  const counts = { policies: 130, policyGroups: 4 };
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 5,
      users: 30,
      groups: 3,
      apps: 1,
      systems: 60,
      systemGroups: 4,
      policies: counts,
      quiet: true,
    });
  });
  afterAll(() => sim?.stop());

  test('every policy route has a GET operation with a 200 schema in the subset', () => {
    const templates = policyFeatureRoutes().map((route) => route.template);
    expect(templates.sort()).toEqual(Object.keys(SPEC_PATHS).sort());
    for (const template of templates) {
      expect(() => forOperation(SPEC_PATHS[template])).not.toThrow();
    }
  });

  test('the validator is real: a mistyped field fails', () => {
    const results = forOperation(SPEC_PATHS['/api/v2/policies/{id}/policystatuses']);
    expect(results([{ policyID: 'p', systemID: 's', success: true, exitStatus: 0 }])).toBe(true);
    expect(results([{ policyID: 'p', systemID: 's', success: 'yes' }])).toBe(false);
    const systems = forOperation(SPEC_PATHS['/api/v2/policies/{id}/systems']);
    expect(systems([{ id: 's', type: 'system', paths: [] }])).toBe(true);
    expect(systems([{ id: 's', type: 'system' }])).toBe(false);
    const templates = forOperation(SPEC_PATHS['/api/v2/policytemplates']);
    expect(templates([{ name: 't', osMetaFamily: 'darwin' }])).toBe(true);
    expect(templates([{ name: 't', osMetaFamily: 'macos' }])).toBe(false);
  });

  test('every list and every policy validates, page by page at the cap', async () => {
    const failures: string[] = [];
    const check = async (template: string, url: string) => {
      const validate = forOperation(SPEC_PATHS[template]);
      const pages = await readAll(sim, url);
      pages.forEach((page, i) => failures.push(...errors(validate, page, `${url} page ${i}`)));
      return pages.flat();
    };
    const policies = (await check('/api/v2/policies', '/api/v2/policies?sort=_id')) as Array<{
      id: string;
    }>;
    expect(policies).toHaveLength(counts.policies);
    await check('/api/v2/policytemplates', '/api/v2/policytemplates');
    const groups = (await check('/api/v2/policygroups', '/api/v2/policygroups')) as Array<{
      id: string;
    }>;
    expect(groups).toHaveLength(counts.policyGroups);

    const detail = forOperation(SPEC_PATHS['/api/v2/policies/{id}']);
    let results = 0;
    let paths = 0;
    for (const { id } of policies) {
      const one = await get(sim, `/api/v2/policies/${id}`);
      failures.push(...errors(detail, one.body, `policy ${id}`));
      results += (
        await check('/api/v2/policies/{id}/policystatuses', `/api/v2/policies/${id}/policystatuses`)
      ).length;
      for (const template of [
        '/api/v2/policies/{id}/systems',
        '/api/v2/policies/{id}/systemgroups',
      ]) {
        const targets = (await check(template, template.replace('{id}', id))) as Array<{
          type: string;
          paths: Array<Array<{ to: { type: string } }>>;
        }>;
        for (const target of targets) {
          paths += target.paths.length;
          for (const hop of target.paths.flat()) {
            failures.push(...errors(graphType, hop.to.type, `${id} hop`));
          }
        }
      }
    }
    for (const { id } of groups) {
      await check('/api/v2/policygroups/{id}/members', `/api/v2/policygroups/${id}/members`);
    }
    expect(failures).toEqual([]);
    expect(results).toBe(orgPolicies(sim.data.orgs[0], counts).results.length);
    expect(paths).toBeGreaterThan(0);
  });

  test('the cap is enforced: limit 101 is a 400, and filter is refused rather than ignored', async () => {
    expect((await get(sim, '/api/v2/policies?limit=101')).status).toBe(400);
    expect((await get(sim, '/api/v2/policies?filter=name:eq:x')).status).toBe(400);
    expect((await get(sim, '/api/v2/policies/000000000000000000000000/systems')).status).toBe(404);
  });
});
