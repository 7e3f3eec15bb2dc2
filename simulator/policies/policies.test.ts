import { parseArgs } from '../cli';
import { generateDirectory } from '../directory/generate';
import {
  latestResults,
  orgPolicies,
  policyRoutes,
  PolicyTemplateNames,
  policyTemplates,
} from './generate';

const OPTIONS = { seed: 7, orgs: 1, users: 14, groups: 4, apps: 4, systems: 12, systemGroups: 3 };

describe('simulated device policies', () => {
  const org = generateDirectory(OPTIONS).orgs[0];
  const data = orgPolicies(org);

  test('deterministic: the same org gives the same policies, a fresh one too', () => {
    const again = orgPolicies(generateDirectory(OPTIONS).orgs[0]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
  });

  test('leaves the core data untouched (its own randomness)', () => {
    const before = JSON.stringify(generateDirectory(OPTIONS).orgs[0].systems);
    orgPolicies(generateDirectory(OPTIONS).orgs[0], { policies: 40, policyGroups: 10 });
    expect(JSON.stringify(org.systems)).toBe(before);
  });

  test('templates for FileVault, BitLocker, lock screen, firewall, updates, Windows and Linux', () => {
    const names = policyTemplates().map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        PolicyTemplateNames.FILEVAULT,
        PolicyTemplateNames.BITLOCKER,
        'screen_lock_darwin',
        'firewall_darwin',
        'software_update_darwin',
        'firewall_windows',
        'screen_lock_linux',
      ]),
    );
    const families = new Set(policyTemplates().map((t) => t.osMetaFamily));
    expect(families).toEqual(new Set(['darwin', 'windows', 'linux']));
  });

  test('bindings by every route, results of every kind, and results for deleted systems', () => {
    const routes = policyRoutes(org, data.policies, data.bindings);
    const allPaths = [...routes.systems.values()].flatMap((t) => [...t.values()].flat());
    const shapes = new Set(allPaths.map((path) => path.map((hop) => hop.type).join('>')));
    expect(shapes).toEqual(
      new Set([
        'system',
        'system_group>system',
        'policy_group>system',
        'policy_group>system_group>system',
      ]),
    );
    const states = new Set(data.results.map((r) => r.state));
    expect(states).toEqual(new Set(['success', 'failed', 'pending']));
    expect(data.results.every((r) => (r.state === 'pending') === (r.endedAt === undefined))).toBe(
      true,
    );
    expect(data.results.filter((r) => r.state === 'failed').every((r) => r.exitStatus !== 0)).toBe(
      true,
    );
    const systems = new Set(org.systems.map((s) => s.id));
    expect(data.results.some((r) => !systems.has(r.systemID))).toBe(true);
    // Some reached systems have no result yet; one policy is bound to nothing.
    const results = latestResults(data);
    const unresulted = [...routes.systems].some(([policyId, targets]) =>
      [...targets.keys()].some((systemId) => !results.get(policyId)?.has(systemId)),
    );
    expect(unresulted).toBe(true);
    expect(data.policies.some((p) => !routes.systems.has(p.id))).toBe(true);
    // A secret and a script exist, so tests can show they never reach the graph.
    expect(data.policies.some((p) => p.values.some((v) => v.sensitive))).toBe(true);
  });

  test('counts follow the options', () => {
    const bigger = orgPolicies(org, { policies: 40, policyGroups: 10 });
    expect(bigger.policies).toHaveLength(40);
    expect(bigger.policyGroups).toHaveLength(10);
  });

  test('command line: counts and modes', () => {
    expect(
      parseArgs(['--policies', '40', '--policy-groups', '10', '--policy-mode', 'forbidden'])
        .policies,
    ).toEqual({ policies: 40, policyGroups: 10, mode: 'forbidden' });
    expect(() => parseArgs(['--policy-mode', 'off'])).toThrow(/invalid mode/);
    expect(() => parseArgs(['--policies=-1'])).toThrow(/invalid value/);
    expect(() => parseArgs(['--policies', '-1'])).toThrow(/--policies needs a value/);
  });
});
