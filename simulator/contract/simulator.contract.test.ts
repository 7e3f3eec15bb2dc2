/**
 * Contract: everything the simulator serves must match JumpCloud's own schemas.
 *
 * For every route the simulator serves, requests are made for every object of the org (every
 * user, system, group, ... and every valid association target), and each 200 body is validated
 * with ajv against the 200-response schema of the same operation in the vendored v1.json /
 * v2.json. Only the null-acceptances listed in specDeviations.ts are added to the spec.
 */
import fetch from 'node-fetch';
import { generateDirectory, startSimulator, type RunningSimulator, type SimulatedOrg } from '..';
import { ACCESS_ROUTE_TEMPLATES } from '../access/routes';
import { PROVIDER_ADMINISTRATORS_TEMPLATE } from '../admin/routes';
import { JumpCloudApi } from '../server/router';
import { ASSOCIATION_TARGETS, type StartKind } from '../directory/traverse';
import { SPEC_DEVIATIONS } from './spec-deviations';
import { buildSpecValidators, loadSpec, type SpecValidators } from './spec-schemas';

/**
 * System Insights and Asset Management routes are checked against the 2026 specification in
 * features.contract.test.ts (the SDK copies here lack the asset operations and nullable
 * System Insights fields); device policy routes in policies.contract.test.ts.
 */
const CHECKED_AGAINST_2026_SPEC =
  /^\/api\/v2\/(assets\/|systeminsights\/|policies|policytemplates|policygroups)/;

const ROUTE_TEMPLATES = new JumpCloudApi(
  generateDirectory({ users: 0, groups: 0, apps: 0, systems: 0, systemGroups: 0, appleDevices: 0 }),
  'k',
)
  .templates()
  .filter((template) => !CHECKED_AGAINST_2026_SPEC.test(template))
  // Commands, policies, directories, RADIUS: access.contract.test.ts.
  .filter((template) => !(ACCESS_ROUTE_TEMPLATES as readonly string[]).includes(template))
  // Provider administrators (401 unless the key is a provider's): administrators.contract.test.ts.
  .filter((template) => template !== PROVIDER_ADMINISTRATORS_TEMPLATE);

/** Route templates the simulator refuses on purpose (nothing to validate). */
const REFUSED = new Set(['/api/v2/systems/{id}/fdekey']);

const KIND_BY_SEGMENT: Record<string, StartKind> = {
  users: 'user',
  systemusers: 'user',
  usergroups: 'user_group',
  systems: 'system',
  systemgroups: 'system_group',
  applications: 'application',
};

function idsFor(org: SimulatedOrg, segment: string): string[] {
  switch (segment) {
    case 'organizations':
      return [org.id];
    case 'systemusers':
    case 'users':
      return org.users.map((r) => r.id);
    case 'systems':
      return org.systems.map((r) => r.id);
    case 'applications':
      return org.applications.map((r) => r.id);
    case 'usergroups':
      return org.userGroups.map((r) => r.id);
    case 'systemgroups':
      return org.systemGroups.map((r) => r.id);
    case 'applemdms':
      return org.appleMdm ? [org.appleMdm.id] : [];
    case 'devices':
      return org.appleMdmDevices.map((r) => r.id);
    default:
      throw new Error(`no ids for segment ${segment}`);
  }
}

/** Concrete URLs (path + query) that exercise a route template over the whole org. */
function urlsFor(template: string, org: SimulatedOrg): string[] {
  const segments = template.split('/');
  let urls = [''];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.startsWith('{')) {
      const ids = idsFor(org, segments[i - 1]);
      urls = urls.flatMap((prefix) => ids.map((id) => `${prefix}/${id}`));
    } else {
      urls = urls.map((prefix) => `${prefix}/${segment}`);
    }
  }
  if (template.endsWith('/associations')) {
    const kind = KIND_BY_SEGMENT[segments[segments.length - 3]];
    return urls.flatMap((u) => ASSOCIATION_TARGETS[kind].map((t) => `${u}?targets=${t}&limit=100`));
  }
  return urls.map((u) => (template.endsWith('}') ? u : `${u}?limit=100`));
}

describe('simulator responses match JumpCloud specification schemas', () => {
  let sim: RunningSimulator;
  let validators: SpecValidators;

  beforeAll(async () => {
    validators = buildSpecValidators();
    sim = await startSimulator({ quiet: true, seed: 3 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('every served route has a GET operation with a 200 schema in the spec', () => {
    for (const template of ROUTE_TEMPLATES) {
      const found = validators.specPathFor(template);
      expect({ template, found: found !== null }).toEqual({ template, found: true });
      if (found) expect(() => validators.forOperation(found.spec, found.path)).not.toThrow();
    }
  });

  it('every deviation from the spec points at an existing schema and cites evidence', () => {
    const specs = { v1: loadSpec('v1'), v2: loadSpec('v2') };
    for (const deviation of SPEC_DEVIATIONS) {
      let node: unknown = specs[deviation.spec].definitions;
      for (const key of deviation.path) node = (node as Record<string, unknown> | undefined)?.[key];
      expect({
        path: deviation.path.join('.'),
        exists: typeof node === 'object' && node !== null,
      }).toEqual({ path: deviation.path.join('.'), exists: true });
      expect(deviation.evidence.length).toBeGreaterThan(10);
    }
  });

  it.each(ROUTE_TEMPLATES.filter((t) => !REFUSED.has(t)))(
    'GET %s validates for every object of the org',
    async (template) => {
      const target = validators.specPathFor(template);
      if (!target) throw new Error(`no spec path for ${template}`);
      const validate = validators.forOperation(target.spec, target.path);
      const org = sim.data.orgs[0];
      const urls = urlsFor(template, org);
      expect(urls.length).toBeGreaterThan(0);
      const failures: string[] = [];
      let nonEmpty = 0;
      for (const url of urls) {
        const res = await fetch(`${sim.url}${url}`, { headers: { 'x-api-key': sim.apiKey } });
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const body = (await res.json()) as unknown;
        if (!(Array.isArray(body) && body.length === 0)) nonEmpty++;
        if (!validate(body)) {
          failures.push(`${url}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
        }
      }
      expect(failures).toEqual([]);
      // Every route returns data for at least one object, so the schemas are really exercised.
      expect(nonEmpty).toBeGreaterThan(0);
    },
  );

  it('the full organization record and Apple MDM shapes validate as definitions too', () => {
    const org = sim.data.orgs[0];
    const check = (spec: 'v1' | 'v2', definition: string, value: unknown) => {
      const validate = validators.forDefinition(spec, definition);
      expect({ definition, ok: validate(value), errors: validate.errors ?? null }).toEqual({
        definition,
        ok: true,
        errors: null,
      });
    };
    check('v1', 'organization', org.organization);
    for (const user of org.users) check('v1', 'systemuserreturn', user);
    for (const system of org.systems) check('v1', 'JcSystem', system);
    for (const app of org.applications) check('v1', 'application', app);
    check('v2', 'AppleMDM', org.appleMdm);
    for (const device of org.appleMdmDevices) check('v2', 'apple-mdm-device', device);
  });

  it('the validator is real: a wrong type, a bad enum value or a missing required field fails', () => {
    const org = sim.data.orgs[0];
    const users = validators.forOperation('v1', '/systemusers');
    expect(users({ totalCount: 1, results: [{ ...org.users[0], state: 'DELETED' }] })).toBe(false);
    expect(users({ totalCount: 1, results: [{ ...org.users[0], unix_uid: 'five' }] })).toBe(false);
    const traversal = validators.forOperation('v2', '/systems/{system_id}/users');
    expect(traversal([{ id: 'x', type: 'user', compiledAttributes: null }])).toBe(false); // no paths
    expect(traversal([{ id: 'x', type: 'person', paths: [] }])).toBe(false); // not a GraphType
    const systems = validators.forOperation('v1', '/systems');
    expect(
      systems({ totalCount: 1, results: [{ ...org.systems[0], lastContact: 'yesterday' }] }),
    ).toBe(false); // date-time
    expect(systems({ totalCount: 1, results: [{ ...org.systems[0], lastContact: null }] })).toBe(
      true,
    ); // x-nullable
  });
});
