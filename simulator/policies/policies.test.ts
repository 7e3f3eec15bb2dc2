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

  test("JumpCloud's template names (its PowerShell module tests), FileVault, BitLocker, each OS", () => {
    const names = policyTemplates().map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        PolicyTemplateNames.FILEVAULT,
        PolicyTemplateNames.BITLOCKER,
        'lock_screen_darwin',
        'system_updates_windows',
        'allow_the_use_of_biometrics_windows',
        'rename_local_administrator_account_windows',
        'custom_registry_keys_policy_windows',
        'disable_usb_storage_linux',
        'login_window_text_darwin',
        'activation_lock_darwin',
        'encrypted_dns_https_darwin',
      ]),
    );
    // None of the names the simulator once invented.
    for (const invented of ['screen_lock_darwin', 'firewall_darwin', 'wifi_darwin']) {
      expect(names).not.toContain(invented);
    }
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
    // Free text and registry rows exist, so tests can show they never reach the graph.
    const valueTypes = new Set(
      data.policies.flatMap((p) =>
        p.values.map((v) => (Array.isArray(v.value) ? 'array' : typeof v.value)),
      ),
    );
    expect(valueTypes).toEqual(new Set(['number', 'boolean', 'string', 'array']));
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
