import {
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import {
  buildStepTestConfigForStep,
  multiTenantConfig,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { edgePairs } from '../../../test/graph-helpers';
import {
  featureStepContext,
  outcomeOf,
  withFeatureSimulator,
} from '../../../test/optional-feature';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { runIntegration } from '../../../scripts/lib/run-integration';
import { generateDirectory, SimulatedOrg } from '../../../simulator/directory/generate';
import {
  latestResults,
  orgPolicies,
  policyRoutes,
  PolicyMode,
  PolicyPath,
  PolicyTemplateNames,
} from '../../../simulator/policies/generate';
import { createDeviceEntity } from '../devices/converter';
import { Entities, Relationships, Steps } from '../constants';
import { HARMLESS_SETTINGS } from './converter';
import { fetchPolicies, POLICY_TYPES } from '.';

/** The ground truth of one org's policies: every policy, binding and result, as the graph must hold it. */
function expectedPolicies(org: SimulatedOrg) {
  const data = orgPolicies(org);
  const routes = policyRoutes(org, data.policies, data.bindings);
  const results = latestResults(data);
  const systems = new Set(org.systems.map((s) => s.id));
  const deviceEdges: Record<string, unknown> = {};
  let skippedResults = 0;
  for (const policy of data.policies) {
    const reached = routes.systems.get(policy.id) ?? new Map<string, PolicyPath[]>();
    for (const [systemId, paths] of reached) {
      if (!systems.has(systemId)) continue;
      const result = results.get(policy.id)?.get(systemId);
      deviceEdges[`${systemId}>${policy.id}`] = {
        direct: paths.some((path) => path.length === 1),
        status: result ? (result.state === 'failed' ? 'failed' : result.state) : 'unknown',
        exitStatus: result?.exitStatus,
        lastResultOn: result ? Date.parse(result.endedAt ?? result.startedAt) : undefined,
      };
    }
    for (const systemId of results.get(policy.id)?.keys() ?? []) {
      if (!systems.has(systemId) || !reached.has(systemId)) skippedResults += 1;
    }
  }
  return {
    data,
    deviceEdges,
    skippedResults,
    deviceGroupEdges: data.bindings.policySystemGroups
      .map((b) => `${b.systemGroupId}>${b.policyId}`)
      .sort(),
    policyGroupEdges: data.bindings.policyGroupMembers
      .map((b) => `${b.policyGroupId}>${b.policyId}`)
      .sort(),
  };
}

function edgeProperties(relationships: Relationship[]): Record<string, unknown> {
  return Object.fromEntries(
    relationships
      .filter((r) => r._type === Relationships.DEVICE_ASSIGNED_POLICY._type)
      .map((r) => [
        `${r._fromEntityKey}>${r._toEntityKey}`,
        {
          direct: r.direct,
          status: r.status,
          exitStatus: r.exitStatus,
          lastResultOn: r.lastResultOn,
        },
      ]),
  );
}

describe(Steps.POLICIES.id, () => {
  let recording: Recording | undefined;

  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('every policy, policy group, binding and latest result, as the simulator holds them', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-policies' });
    const stepConfig = buildStepTestConfigForStep(Steps.POLICIES.id);
    const result = await executeStepWithDependencies(stepConfig);
    const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];
    const expected = expectedPolicies(org);
    const { data } = expected;
    const entities = result.collectedEntities;
    const relationships = result.collectedRelationships;

    // Every policy, with its template and its harmless settings.
    const policies = entities.filter((e) => e._type === Entities.POLICY._type);
    expect(policies.map((e) => e._key).sort()).toEqual(data.policies.map((p) => p.id).sort());
    for (const policy of data.policies) {
      const entity = policies.find((e) => e._key === policy.id)!;
      const settings: Record<string, unknown> = {};
      for (const value of policy.values) {
        const field = policy.configFields.find((f) => f.id === value.configFieldID)!;
        if (field.name in HARMLESS_SETTINGS && !field.sensitive) {
          settings[HARMLESS_SETTINGS[field.name].property] = value.value;
        }
      }
      expect(entity).toMatchObject({
        id: policy.id,
        orgId: org.id,
        name: policy.name,
        category: 'config',
        templateId: policy.template.id,
        templateName: policy.template.name,
        templateDisplayName: policy.template.displayName,
        osMetaFamily: policy.template.osMetaFamily,
        activation: policy.template.activation,
        behavior: policy.template.behavior,
        diskEncryption:
          policy.template.name === PolicyTemplateNames.FILEVAULT
            ? 'filevault'
            : policy.template.name === PolicyTemplateNames.BITLOCKER
              ? 'bitlocker'
              : undefined,
        ...settings,
      });
      expect(
        Object.keys(entity)
          .filter((k) => k.startsWith('setting.'))
          .sort(),
      ).toEqual(Object.keys(settings).sort());
    }
    expect(policies.some((e) => e.templateName === PolicyTemplateNames.FILEVAULT)).toBe(true);
    expect(policies.some((e) => e.templateName === PolicyTemplateNames.BITLOCKER)).toBe(true);

    // Policy groups and their policies.
    expect(
      entities
        .filter((e) => e._type === Entities.POLICY_GROUP._type)
        .map((e) => e._key)
        .sort(),
    ).toEqual(data.policyGroups.map((g) => g.id).sort());
    expect(edgePairs(relationships, Relationships.POLICY_GROUP_HAS_POLICY._type)).toEqual(
      expected.policyGroupEdges,
    );
    expect(expected.policyGroupEdges.length).toBeGreaterThan(0);

    // Account HAS every policy and policy group.
    expect(edgePairs(relationships, Relationships.ACCOUNT_HAS_POLICY._type)).toEqual(
      data.policies.map((p) => `${org.id}>${p.id}`).sort(),
    );
    expect(edgePairs(relationships, Relationships.ACCOUNT_HAS_POLICY_GROUP._type)).toEqual(
      data.policyGroups.map((g) => `${org.id}>${g.id}`).sort(),
    );

    // Device groups bound directly.
    expect(edgePairs(relationships, Relationships.DEVICE_GROUP_ASSIGNED_POLICY._type)).toEqual(
      expected.deviceGroupEdges,
    );
    expect(expected.deviceGroupEdges.length).toBeGreaterThan(0);

    // Every device a policy reaches by any route, with `direct` and the latest result.
    expect(edgeProperties(relationships)).toEqual(expected.deviceEdges);
    const edges = Object.values(expected.deviceEdges) as Array<{ status: string; direct: boolean }>;
    for (const status of ['success', 'failed', 'pending', 'unknown']) {
      expect([status, edges.some((e) => e.status === status)]).toEqual([status, true]);
    }
    expect(edges.some((e) => e.direct)).toBe(true);
    expect(edges.some((e) => !e.direct)).toBe(true);
    // Results for deleted systems and systems no longer reached exist, and made no edge.
    expect(expected.skippedResults).toBeGreaterThan(0);

    // No secret, no script, no command output.
    const serialized = JSON.stringify([...entities, ...relationships]);
    for (const policy of data.policies) {
      for (const value of policy.values) {
        const field = policy.configFields.find((f) => f.id === value.configFieldID)!;
        // Every string a value holds (free text, list items, registry rows).
        const strings = JSON.stringify(value.value).match(/"[^"]*"/g) ?? [];
        if (field.sensitive || typeof value.value !== 'number') {
          for (const text of strings) expect(serialized).not.toContain(JSON.parse(text));
        }
      }
    }
    for (const r of data.results) {
      if (r.stdOut) expect(serialized).not.toContain(r.stdOut);
      if (r.stdErr) expect(serialized).not.toContain(r.stdErr);
    }

    // A fixed number of requests per policy, none per system.
    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/v2/policies']).toBe(1);
    expect(requests['GET /api/v2/policygroups']).toBe(1);
    expect(requests['GET /api/v2/policies/{id}']).toBe(data.policies.length);
    expect(requests['GET /api/v2/policies/{id}/systems']).toBe(data.policies.length);
    expect(requests['GET /api/v2/policies/{id}/systemgroups']).toBe(data.policies.length);
    expect(requests['GET /api/v2/policies/{id}/policystatuses']).toBe(data.policies.length);
    expect(requests['GET /api/v2/policygroups/{id}/members']).toBe(data.policyGroups.length);
    expect(requests['GET /api/v2/policytemplates']).toBeUndefined();
    expect(Object.keys(requests).some((k) => k.includes('/systems/{id}/policystatuses'))).toBe(
      false,
    );

    expect(result).toMatchStepMetadata(stepConfig);
  });

  test('a multi-tenant key: each organization its own policies and edges', async () => {
    recording = setupJumpCloudRecording({
      directory: __dirname,
      name: 'fetch-policies-multi-tenant',
    });
    const stepConfig = buildStepTestConfigForStep(Steps.POLICIES.id, multiTenantConfig);
    const result = await executeStepWithDependencies(stepConfig);
    const directory = generateDirectory(RECORDING_SIMULATORS.multiTenant);
    const relationships = result.collectedRelationships;
    let deviceEdges: Record<string, unknown> = {};
    const accountHas: string[] = [];
    for (const org of directory.orgs) {
      const expected = expectedPolicies(org);
      deviceEdges = { ...deviceEdges, ...expected.deviceEdges };
      accountHas.push(...expected.data.policies.map((p) => `${org.id}>${p.id}`));
    }
    expect(edgeProperties(relationships)).toEqual(deviceEdges);
    expect(edgePairs(relationships, Relationships.ACCOUNT_HAS_POLICY._type)).toEqual(
      accountHas.sort(),
    );
    expect(result).toMatchStepMetadata(stepConfig);
  });
});

/**
 * Organizations without policies (404) and keys that may not read them (403): simulators
 * started here, no recording.
 */
describe(`${Steps.POLICIES.id} without policies`, () => {
  const sizes = { users: 5, groups: 2, apps: 1, systems: 4, systemGroups: 1, appleDevices: 2 };

  function withSimulator<T>(
    mode: PolicyMode,
    run: (simulator: { url: string; apiKey: string; orgIds: string[] }) => Promise<T>,
    orgs = 1,
    groupMode: PolicyMode = 'enabled',
  ): Promise<T> {
    return withFeatureSimulator({ seed: 4, orgs, ...sizes, policies: { mode, groupMode } }, run);
  }

  const policyGroupTypes = [
    Entities.POLICY_GROUP._type,
    Relationships.ACCOUNT_HAS_POLICY_GROUP._type,
    Relationships.POLICY_GROUP_HAS_POLICY._type,
  ];

  test('policies served, policy groups absent (404): policies collected, a warning, no failure', async () => {
    await withSimulator(
      'enabled',
      async (simulator) => {
        const { context, warn } = contextFor(simulator);
        await expect(fetchPolicies(context)).resolves.toBeUndefined();
        const types = new Set(context.jobState.collectedEntities.map((e) => e._type));
        expect(types.has(Entities.POLICY._type)).toBe(true);
        for (const _type of policyGroupTypes) {
          expect([
            _type,
            [
              ...context.jobState.collectedEntities,
              ...context.jobState.collectedRelationships,
            ].some((o) => o._type === _type),
          ]).toEqual([_type, false]);
        }
        expect(warn).toHaveBeenCalledTimes(1);
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({
            name: IntegrationWarnEventName.MissingEntity,
            description: expect.stringContaining('policy groups'),
          }),
        );
      },
      1,
      'absent',
    );
  });

  test('policies served, policy groups forbidden (403): policies collected, the group types partial', async () => {
    await withSimulator(
      'enabled',
      async (simulator) => {
        const { context, warn } = contextFor(simulator);
        const failure = await outcomeOf(fetchPolicies(context));
        expect(failure).toBeInstanceOf(IntegrationProviderAuthorizationError);
        const message = (failure as Error).message;
        expect(message).toContain('reported as partial');
        // Exactly the policy group types: the policies themselves are complete.
        expect(/and (.+) are reported as partial/.exec(message)?.[1].split(', ')).toEqual(
          policyGroupTypes,
        );
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({ name: IntegrationWarnEventName.MissingPermission }),
        );
        const policies = context.jobState.collectedEntities.filter(
          (e) => e._type === Entities.POLICY._type,
        );
        expect(policies.length).toBeGreaterThan(0);
        expect(
          context.jobState.collectedEntities.some((e) => e._type === Entities.POLICY_GROUP._type),
        ).toBe(false);
      },
      1,
      'forbidden',
    );
  });

  const contextFor = featureStepContext;

  test('a result for a system that was not collected makes no edge', async () => {
    await withSimulator('enabled', async (simulator) => {
      const { context } = contextFor(simulator);
      const { generateDirectory: generate } = await import('../../../simulator/directory/generate');
      const org = generate({ seed: 4, orgs: 1, ...sizes }).orgs[0];
      // Only the first system was collected: every other system's edge is skipped.
      const [kept] = org.systems;
      await context.jobState.addEntity(createDeviceEntity(kept as never, simulator.url, org.id));
      await fetchPolicies(context);
      const edges = context.jobState.collectedRelationships.filter(
        (r) => r._type === Relationships.DEVICE_ASSIGNED_POLICY._type,
      );
      expect(edges.length).toBeGreaterThan(0);
      expect(new Set(edges.map((r) => r._fromEntityKey))).toEqual(new Set([kept.id]));
      expect(
        context.jobState.collectedRelationships.filter(
          (r) => r._type === Relationships.DEVICE_GROUP_ASSIGNED_POLICY._type,
        ),
      ).toEqual([]);
    });
  });

  test('a whole run with a 403 on policies: the rest is collected, policy types are partial', async () => {
    await withSimulator('forbidden', async (simulator) => {
      const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
      const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
      expect(status[Steps.POLICIES.id]).toBe('failure');
      for (const [id, value] of Object.entries(status)) {
        if (id !== Steps.POLICIES.id) expect([id, value]).toEqual([id, 'success']);
      }
      expect([...run.partialTypes].sort()).toEqual([...POLICY_TYPES].sort());
    });
  });
});
