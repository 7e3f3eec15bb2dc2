import { Entity } from '@jupiterone/integration-sdk-core';

import { invocationConfig } from '../src';
import { Entities, Relationships, Steps } from '../src/steps/constants';
import { runMemoryHeld } from '../src/steps/shared/collected';
import { orgAccess, orgAssets, orgPolicies, RunningSimulator, startSimulator } from '../simulator';
import { countByType, IntegrationRun, runIntegration } from '../scripts/lib/run-integration';

/**
 * The whole integration, end to end, against a simulator started here: validateInvocation,
 * every step, the data-model schema validation that `j1-integration collect` applies.
 */
const SIZES = { users: 30, groups: 5, apps: 4, systems: 20, systemGroups: 3, appleDevices: 6 };

function expectSoundGraph(run: IntegrationRun) {
  expect(run.stepResults.map((s) => [s.id, s.status])).toEqual(
    run.stepResults.map((s) => [s.id, 'success']),
  );
  expect(run.partialTypes).toEqual([]);

  // Every type of the data model is there.
  const entityCounts = countByType(run.entities);
  for (const { _type } of Object.values(Entities)) {
    expect(entityCounts[_type] ?? 0).toBeGreaterThan(0);
  }
  const relationshipCounts = countByType(run.relationships);
  for (const { _type } of Object.values(Relationships)) {
    expect([_type, relationshipCounts[_type] ?? 0]).not.toEqual([_type, 0]);
  }

  // No dangling edges, no duplicate keys.
  const keys = new Set(run.entities.map((e) => e._key));
  expect(keys.size).toBe(run.entities.length);
  for (const r of run.relationships) {
    expect(keys.has(String(r._fromEntityKey))).toBe(true);
    expect(keys.has(String(r._toEntityKey))).toBe(true);
  }
  expect(new Set(run.relationships.map((r) => r._key)).size).toBe(run.relationships.length);

  // No application config (SAML keys), SSH keys or FDE keys anywhere.
  const serialized = JSON.stringify(run.entities);
  expect(serialized).not.toContain('PRIVATE KEY');
  // The key of an application's config (a value 'config', a policy category, is fine).
  expect(serialized).not.toContain('"config":');
  expect(serialized).not.toContain('ssh_keys');
}

/** Entities with no account edge: they hang off the device they were found on. */
const HUNG_OFF_DEVICES = new Set([
  Entities.LOCAL_ACCOUNT._type,
  Entities.SSH_KEY._type,
  Entities.SOFTWARE._type,
]);
const POSTURE_EDGES = new Set([
  Relationships.LOCAL_ACCOUNT_USES_DEVICE._type,
  Relationships.USER_IS_LOCAL_ACCOUNT._type,
  Relationships.LOCAL_ACCOUNT_HAS_SSH_KEY._type,
  Relationships.DEVICE_INSTALLED_SOFTWARE._type,
]);

function accountOf(run: IntegrationRun, entity: Entity): string[] {
  return run.relationships
    .filter(
      (r) => r._toEntityKey === entity._key && String(r._type).startsWith('jumpcloud_account_'),
    )
    .map((r) => String(r._fromEntityKey));
}

/** The run's instance as its steps see it (the runtime hands them a copy of the one given). */
async function runSeeingInstance(
  collect: () => Promise<IntegrationRun>,
): Promise<{ run: IntegrationRun; instance: object }> {
  const account = invocationConfig.integrationSteps.find((step) => step.id === Steps.ACCOUNT.id)!;
  const handler = account.executionHandler;
  let instance: object | undefined;
  account.executionHandler = (context) => {
    instance = context.instance;
    return handler(context);
  };
  try {
    const run = await collect();
    return { run, instance: instance! };
  } finally {
    account.executionHandler = handler;
  }
}

describe('a single-tenant key', () => {
  let simulator: RunningSimulator;
  let run: IntegrationRun;
  let instance: object;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 21, ...SIZES, quiet: true });
    ({ run, instance } = await runSeeingInstance(() =>
      runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url }),
    ));
  });
  afterAll(() => simulator?.stop());

  test('collects every type of the data model, schema-valid, with no dangling edges', () => {
    expectSoundGraph(run);
  });

  test('collects exactly the objects the organization has', () => {
    const counts = countByType(run.entities);
    expect(counts[Entities.ACCOUNT._type]).toBe(1);
    expect(counts[Entities.USER._type]).toBe(SIZES.users);
    expect(counts[Entities.GROUP._type]).toBe(SIZES.groups);
    expect(counts[Entities.APPLICATION._type]).toBe(SIZES.apps);
    expect(counts[Entities.DEVICE._type]).toBe(SIZES.systems);
    expect(counts[Entities.DEVICE_GROUP._type]).toBe(SIZES.systemGroups);
    expect(counts[Entities.APPLE_DEVICE._type]).toBe(SIZES.appleDevices);
    const assets = orgAssets(simulator.data.orgs[0]);
    expect(counts[Entities.ASSET_DEVICE._type]).toBe(assets.devices.length);
    expect(counts[Entities.ASSET_ACCESSORY._type]).toBe(assets.accessories.length);
    expect(counts[Entities.LOCATION._type]).toBe(assets.locations.length);
    const policies = orgPolicies(simulator.data.orgs[0]);
    expect(counts[Entities.POLICY._type]).toBe(policies.policies.length);
    expect(counts[Entities.POLICY_GROUP._type]).toBe(policies.policyGroups.length);
  });

  test('collects every command, policy, IP list, directory and RADIUS server, never a script or a shared secret', () => {
    const counts = countByType(run.entities);
    const access = orgAccess(simulator.data.orgs[0]);
    expect(counts[Entities.COMMAND._type]).toBe(access.commands.length);
    expect(counts[Entities.AUTH_POLICY._type]).toBe(access.authnPolicies.length);
    expect(counts[Entities.IP_LIST._type]).toBe(access.ipLists.length);
    expect(counts[Entities.DIRECTORY._type]).toBe(access.directories.length);
    expect(counts[Entities.RADIUS_SERVER._type]).toBe(access.radiusServers.length);
    const serialized = JSON.stringify([run.entities, run.relationships]);
    for (const command of access.commands) expect(serialized).not.toContain(command.command);
    for (const server of access.radiusServers)
      expect(serialized).not.toContain(server.sharedSecret);
    expect(serialized).not.toContain('sharedSecret');
  });

  test('never asks for an FDE recovery key', () => {
    expect(simulator.stats().fdekeyRequests).toBe(0);
  });

  test("the steps' shared memory is empty at the end: each part dropped after its last reader", () => {
    expect(runMemoryHeld(instance)).toEqual({
      held: [],
      released: [
        'appleMdm',
        'bindings',
        Entities.ACCOUNT._type,
        Entities.APPLICATION._type,
        Entities.DEVICE._type,
        Entities.DEVICE_GROUP._type,
        Entities.GROUP._type,
        Entities.USER._type,
      ].sort(),
      // No step read a part after it was dropped (each reader depends on its writer).
      readsAfterRelease: 0,
    });
  });
});

describe('a multi-tenant (MSP) key', () => {
  let simulator: RunningSimulator;
  let run: IntegrationRun;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 22, orgs: 2, ...SIZES, quiet: true });
    run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
  });
  afterAll(() => simulator?.stop());

  test('collects every organization, each a sound graph', () => {
    expectSoundGraph(run);
    const accounts = run.entities.filter((e) => e._type === Entities.ACCOUNT._type);
    expect(accounts.map((a) => a._key).sort()).toEqual([...simulator.orgIds].sort());
    expect(countByType(run.entities)[Entities.USER._type]).toBe(2 * SIZES.users);
  });

  test('hangs every object off the account of its own organization', () => {
    const owned = run.entities.filter((e) => e._type !== Entities.ACCOUNT._type && e.orgId);
    expect(owned.length).toBeGreaterThan(0);
    for (const entity of owned) {
      if (entity._type === Entities.APPLE_DEVICE._type) continue; // hangs off its MDM
      if (HUNG_OFF_DEVICES.has(entity._type)) continue; // hang off devices (next test)
      expect([entity._key, accountOf(run, entity)]).toEqual([entity._key, [entity.orgId]]);
    }
  });

  test('posture objects hang off devices (or accounts on them) of their own organization', () => {
    const orgOf = new Map(run.entities.map((e) => [e._key, e.orgId]));
    const posture = run.relationships.filter((r) => POSTURE_EDGES.has(r._type));
    expect(posture.length).toBeGreaterThan(0);
    for (const r of posture) {
      expect([r._key, orgOf.get(String(r._fromEntityKey))]).toEqual([
        r._key,
        orgOf.get(String(r._toEntityKey)),
      ]);
    }
  });

  test('with orgId collects only that organization', async () => {
    const only = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      orgId: simulator.orgIds[1],
    });
    const accounts = only.entities.filter((e) => e._type === Entities.ACCOUNT._type);
    expect(accounts.map((a) => a._key)).toEqual([simulator.orgIds[1]]);
    expect(new Set(only.entities.filter((e) => e.orgId).map((e) => e.orgId))).toEqual(
      new Set([simulator.orgIds[1]]),
    );
  });
});
