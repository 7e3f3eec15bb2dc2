import {
  Entity,
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';

import { IntegrationConfig } from '../../config';
import { getCurrentClient, JumpCloudClient, resetClient } from '../../jumpcloud';
import {
  buildStepTestConfigForStep,
  multiTenantConfig,
  RECORDING_API_KEY,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import {
  featureStepContext,
  SMALL_SYSTEMS_ORG,
  withFeatureSimulator,
} from '../../../test/optional-feature';
import { recordingPerTest } from '../../../test/recording';
import { expectedUserSystemAccess } from '../../../simulator/directory/expected';
import { generateDirectory, SimulatedOrg } from '../../../simulator/directory/generate';
import { orgSystemInfo } from '../../../simulator/system-insights/generate';
import { expectedEncryption } from '../../../simulator/posture/generate';
import type { RunningSimulator } from '../../../simulator';
import { createAccountEntity } from '../account/converter';
import { Entities, Relationships, Steps } from '../constants';
import { chooseAccessStrategy } from './access';
import { fetchDevices } from '.';

/** What the simulator behind the recordings holds: the ground truth, computed, not recorded. */
const singleTenant = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

interface Access {
  userId: string;
  systemId: string;
  direct: boolean;
  sudo: boolean;
}

/** Expected ASSIGNED edges: every route, sudo also from the user's global flag. */
function expectedAccess(org: SimulatedOrg): Access[] {
  const globalSudo = new Set(org.users.filter((user) => user.sudo).map((user) => user.id));
  return expectedUserSystemAccess(org)
    .map(({ userId, systemId, direct, sudo }) => ({
      userId,
      systemId,
      direct,
      sudo: sudo || globalSudo.has(userId),
    }))
    .sort(byPair);
}

function byPair(a: Access, b: Access): number {
  return `${a.userId}:${a.systemId}`.localeCompare(`${b.userId}:${b.systemId}`);
}

function collectedAccess(relationships: Relationship[]): Access[] {
  return relationships
    .filter((r) => r._type === Relationships.USER_ASSIGNED_DEVICE._type)
    .map((r) => ({
      userId: String(r._fromEntityKey),
      systemId: String(r._toEntityKey),
      direct: r.direct as boolean,
      sudo: r.sudo as boolean,
    }))
    .sort(byPair);
}

function device(entities: Entity[], id: string): Entity {
  const found = entities.find((e) => e._type === Entities.DEVICE._type && e._key === id);
  if (!found) throw new Error(`device ${id} was not collected`);
  return found;
}

describe(Steps.DEVICES.id, () => {
  const record = recordingPerTest(__dirname);

  test('systems, owners and access by every route, per system', async () => {
    record('fetch-devices');
    const stepConfig = buildStepTestConfigForStep(Steps.DEVICES.id);
    const result = await executeStepWithDependencies(stepConfig);
    const org = singleTenant;

    const devices = result.collectedEntities.filter((e) => e._type === Entities.DEVICE._type);
    expect(devices.map((d) => d._key).sort()).toEqual(org.systems.map((s) => s.id).sort());

    // 12 systems, 14 users: one traversal per system, none per user.
    expect(chooseAccessStrategy(org.systems.length, org.users.length)).toBe('per-system');
    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/v2/systems/{id}/users']).toBe(org.systems.length);
    expect(requests['GET /api/v2/users/{id}/systems']).toBeUndefined();
    expect(requests['GET /api/v2/systems/{id}/fdekey']).toBeUndefined();

    // Every binding, with the route it comes by reflected in `direct` and `sudo`.
    const expected = expectedAccess(org);
    expect(collectedAccess(result.collectedRelationships)).toEqual(expected);
    // The data covers every route: user, user group, system group, user group + system group.
    const routes = expectedUserSystemAccess(org);
    for (const route of ['direct', 'userGroup', 'systemGroup', 'userGroupSystemGroup'] as const) {
      expect([route, routes.some((a) => a.routes.includes(route))]).toEqual([route, true]);
    }
    const collected = new Map(
      collectedAccess(result.collectedRelationships).map((a) => [`${a.userId}:${a.systemId}`, a]),
    );
    const globalSudo = new Set(org.users.filter((u) => u.sudo).map((u) => u.id));
    const viaUserGroupOnly = routes.find(
      (a) => a.routes.every((r) => r === 'userGroup') && !a.sudo && !globalSudo.has(a.userId),
    )!;
    expect(collected.get(`${viaUserGroupOnly.userId}:${viaUserGroupOnly.systemId}`)).toMatchObject({
      direct: false,
      sudo: false,
    });
    const viaSystemGroup = routes.find((a) => !a.direct && a.routes.includes('systemGroup'))!;
    expect(collected.get(`${viaSystemGroup.userId}:${viaSystemGroup.systemId}`)).toMatchObject({
      direct: false,
      sudo: viaSystemGroup.sudo || globalSudo.has(viaSystemGroup.userId),
    });
    expect(expected.some((a) => !a.direct && a.sudo)).toBe(true);
    expect(expected.some((a) => a.direct && !a.sudo)).toBe(true);

    // Owners: user HAS device from primarySystemUser.
    const owners = result.collectedRelationships
      .filter((r) => r._type === Relationships.USER_HAS_DEVICE._type)
      .map((r) => `${r._fromEntityKey}>${r._toEntityKey}`)
      .sort();
    expect(owners).toEqual(
      org.systems
        .filter((s) => s.primarySystemUser?.id)
        .map((s) => `${s.primarySystemUser!.id}>${s.id}`)
        .sort(),
    );

    // Every system, not a sample: the encryption verdict per operating system (FileVault as
    // the agent reports it, BitLocker on the boot drive, root on LUKS) and the escrowed key as
    // the agent reports it; neither when nothing reports it.
    // No Apple MDM verdicts: Apple MDM is answered 404 here, and executeStepWithDependencies
    // runs the step on a fresh instance, without the run memory read-apple-mdm filled.
    const verdicts = expectedEncryption(org, true, false);
    expect(
      Object.fromEntries(
        devices.map((d) => [d._key, [d.encrypted, d.isEncryptionKeyPresent, d.hostname]]),
      ),
    ).toEqual(
      Object.fromEntries(
        org.systems.map((s) => [
          s.id,
          [verdicts.get(s.id)?.encrypted, s.fde?.keyPresent, s.hostname],
        ]),
      ),
    );
    expect(devices.some((d) => d.encrypted === true)).toBe(true);
    expect(devices.some((d) => d.encrypted === false)).toBe(true);

    // s0: Mac with FDE on and the key escrowed, owned by its primary user.
    const s0 = org.systems[0];
    const owner0 = org.users.find((u) => u.id === s0.primarySystemUser?.id)!;
    expect(device(devices, s0.id)).toMatchObject({
      platform: 'darwin',
      category: 'endpoint',
      make: 'Apple Inc.',
      serial: s0.serialNumber,
      deviceId: s0.id,
      encrypted: true,
      isEncryptionKeyPresent: true,
      email: owner0.email,
      owner: owner0.email,
      lastSeenOn: Date.parse(s0.lastContact!),
      orgId: org.id,
    });
    const bound0 = expected.filter((a) => a.systemId === s0.id).map((a) => a.userId);
    expect(device(devices, s0.id).userEmails).toEqual(
      org.users
        .filter((u) => bound0.includes(u.id))
        .map((u) => u.email)
        .sort(),
    );
    // s1: no fde object at all: no escrowed-key value; encryption only as System Insights
    // shows it (BitLocker on C:), never false for want of the agent's word.
    expect(org.systems[1].fde).toBeUndefined();
    const s1 = device(devices, org.systems[1].id);
    expect(s1).toMatchObject({ platform: 'windows' });
    expect(s1.isEncryptionKeyPresent).toBeUndefined();
    expect([s1.encrypted, s1.encryptionSource]).toEqual(
      verdicts.get(org.systems[1].id)?.encrypted === undefined
        ? [undefined, undefined]
        : [verdicts.get(org.systems[1].id)!.encrypted, 'bitlocker_info'],
    );
    // s2: never seen, primary user { id: null }.
    expect(org.systems[2].lastContact).toBeNull();
    expect(device(devices, org.systems[2].id)).toMatchObject({ lastSeenOn: null });
    expect(device(devices, org.systems[2].id).owner).toBeUndefined();
    // s3: no primarySystemUser object.
    expect(org.systems[3].primarySystemUser).toBeUndefined();
    expect(device(devices, org.systems[3].id).owner).toBeUndefined();
    // s4: fde present but off: the key is not escrowed; the verdict is its OS's source's.
    expect(device(devices, org.systems[4].id)).toMatchObject({ isEncryptionKeyPresent: false });
    expect(device(devices, org.systems[4].id).encrypted).toBe(
      verdicts.get(org.systems[4].id)?.encrypted,
    );

    // Hardware from System Insights, read in one bulk request: the systems that report it get
    // model, CPU and memory (trimmed); the others keep what /api/systems tells.
    expect(requests['GET /api/v2/systeminsights/system_info']).toBe(1);
    const rows = new Map(orgSystemInfo(org).map((row) => [row.system_id, row]));
    expect(rows.size).toBeGreaterThan(0);
    expect(rows.size).toBeLessThan(org.systems.length);
    for (const system of org.systems) {
      const entity = device(devices, system.id);
      const row = rows.get(system.id);
      if (!row) {
        expect(system.systemInsights.state).not.toBe('enabled');
        expect(entity).toMatchObject({ model: null, make: system.hwVendor });
        expect(entity.cpuBrand).toBeUndefined();
        continue;
      }
      expect(entity).toMatchObject({
        make: row.hardware_vendor!.trim(),
        model: row.hardware_model!.trim() || null,
        physicalMemoryBytes: Number(row.physical_memory),
      });
      expect(entity.cpuBrand).toBe(row.cpu_brand ?? undefined);
      expect(entity.cpuCores).toBe(row.cpu_physical_cores ?? undefined);
    }

    // Network addresses and connection logs stay out of the graph.
    const serialized = JSON.stringify(devices);
    expect(serialized).not.toContain('remoteIP');
    expect(serialized).not.toContain('networkInterfaces');

    expect(result).toMatchStepMetadata(stepConfig);
  });

  test('a multi-tenant key: each system under its own organization', async () => {
    record('fetch-devices-multi-tenant');
    const stepConfig = buildStepTestConfigForStep(Steps.DEVICES.id, multiTenantConfig);
    const result = await executeStepWithDependencies(stepConfig);
    const directory = generateDirectory(RECORDING_SIMULATORS.multiTenant);

    const accountOf = new Map(
      result.collectedRelationships
        .filter((r) => r._type === Relationships.ACCOUNT_HAS_DEVICE._type)
        .map((r) => [String(r._toEntityKey), String(r._fromEntityKey)]),
    );
    for (const org of directory.orgs) {
      for (const system of org.systems) expect(accountOf.get(system.id)).toBe(org.id);
    }
    expect(accountOf.size).toBe(directory.orgs.reduce((n, org) => n + org.systems.length, 0));
    expect(collectedAccess(result.collectedRelationships)).toEqual(
      directory.orgs.flatMap(expectedAccess).sort(byPair),
    );
    expect(result).toMatchStepMetadata(stepConfig);
  });
});

describe(`${Steps.DEVICES.id} without System Insights`, () => {
  test('a 403 on System Insights: one warning, every system collected without hardware', async () => {
    await withFeatureSimulator(
      { ...SMALL_SYSTEMS_ORG, systemInsights: 'forbidden' },
      async (simulator) => {
        const org = simulator.data.orgs[0];
        const { context, warn } = featureStepContext(simulator);
        await expect(fetchDevices(context)).resolves.toBeUndefined();

        expect(warn).toHaveBeenCalledTimes(1);
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({
            name: IntegrationWarnEventName.MissingPermission,
            description: expect.stringContaining(
              `The API key may not read System Insights of organization ${org.id} (403 Forbidden)`,
            ),
          }),
        );
        const devices = context.jobState.collectedEntities.filter(
          (e) => e._type === Entities.DEVICE._type,
        );
        expect(devices).toHaveLength(org.systems.length);
        for (const entity of devices) {
          expect(entity.model).toBeNull();
          expect(entity.cpuBrand).toBeUndefined();
        }
        expect(simulator.stats().requests.byStatus['403']).toBe(1);
      },
    );
  });
});

describe('chooseAccessStrategy', () => {
  test('walks the smaller side; a tie goes per system', () => {
    expect(chooseAccessStrategy(8_000, 10_000)).toBe('per-system');
    expect(chooseAccessStrategy(10_000, 8_000)).toBe('per-user');
    expect(chooseAccessStrategy(50, 50)).toBe('per-system');
    expect(chooseAccessStrategy(10, 0)).toBe('per-user');
  });
});

/**
 * The per-user strategy, against a simulator started here (no recording): an organization
 * with more systems than users.
 */
describe(`${Steps.DEVICES.id} per user`, () => {
  const options = {
    seed: 5,
    users: 6,
    groups: 3,
    apps: 1,
    systems: 15,
    systemGroups: 3,
    appleDevices: 0,
  };
  let simulator: RunningSimulator | undefined;

  beforeAll(async () => {
    const { startSimulator } = await import('../../../simulator');
    simulator = await startSimulator({ ...options, apiKey: RECORDING_API_KEY, quiet: true });
  });
  afterAll(async () => {
    await simulator?.stop();
    resetClient();
  });

  test('reads bindings once per user and finds the same access as per system', async () => {
    resetClient();
    const stepConfig = buildStepTestConfigForStep(Steps.DEVICES.id, {
      apiKey: simulator!.apiKey,
      baseUrl: simulator!.url,
      concurrency: 4,
    });
    const result = await executeStepWithDependencies(stepConfig);
    const org = simulator!.data.orgs[0];

    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/v2/users/{id}/systems']).toBe(options.users);
    expect(requests['GET /api/v2/systems/{id}/users']).toBeUndefined();
    expect(collectedAccess(result.collectedRelationships)).toEqual(expectedAccess(org));
    expect(result).toMatchStepMetadata(stepConfig);
  });
  test('a user deleted mid-run (404): a warning, the rest of the access is collected', async () => {
    resetClient();
    const instanceConfig = { apiKey: simulator!.apiKey, baseUrl: simulator!.url, concurrency: 4 };
    const before = await executeStepWithDependencies(
      buildStepTestConfigForStep(Steps.USERS.id, instanceConfig),
    );
    const org = simulator!.data.orgs[0];
    const gone = expectedAccess(org)[0].userId;
    const realIterate = JumpCloudClient.prototype.iterateUserSystems;
    const spy = jest
      .spyOn(JumpCloudClient.prototype, 'iterateUserSystems')
      .mockImplementation(function (this: JumpCloudClient, orgId, userId, iteratee) {
        if (userId === gone) {
          return Promise.reject(
            new IntegrationProviderAPIError({
              endpoint: `GET /api/v2/users/${userId}/systems`,
              status: 404,
              statusText: 'Not Found',
            }),
          );
        }
        return realIterate.call(this, orgId, userId, iteratee);
      });
    try {
      const context = createMockStepExecutionContext<IntegrationConfig>({
        instanceConfig,
        // The users step returns only its own entities; its account comes from the org.
        entities: [
          createAccountEntity({ _id: org.id, id: org.id }, simulator!.url),
          ...before.collectedEntities,
        ],
        relationships: before.collectedRelationships,
      });
      const warn = jest.spyOn(context.logger, 'publishWarnEvent');
      await fetchDevices(context);

      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          name: IntegrationWarnEventName.MissingEntity,
          description: expect.stringContaining(`user ${gone}`),
        }),
      );
      expect(
        context.jobState.collectedEntities.filter((e) => e._type === Entities.DEVICE._type),
      ).toHaveLength(options.systems);
      expect(collectedAccess(context.jobState.collectedRelationships)).toEqual(
        expectedAccess(org).filter((a) => a.userId !== gone),
      );
    } finally {
      spy.mockRestore();
    }
  });
});
