import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient, resetClient } from '../../../src/jumpcloud';
import {
  buildStepTestConfigForStep,
  multiTenantConfig,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { edgePairs } from '../../../test/graph-helpers';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { expectedAccessGraph } from '../../../simulator/access/expected';
import { orgAccess } from '../../../simulator/access/generate';
import { generateDirectory } from '../../../simulator/directory/generate';
import { entitySchemaErrors, withStandIns } from '../../../test/class-schema';
import { IP_LIST_STAND_INS } from './converter';
import { Entities, Relationships, Steps } from '../constants';

const singleTenant = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

function withProperty<T extends string>(
  relationships: Array<Record<string, unknown>>,
  _type: string,
  property: T,
) {
  return relationships
    .filter((r) => r._type === _type)
    .map((r) => ({ pair: `${r._fromEntityKey}>${r._toEntityKey}`, [property]: r[property] }))
    .sort((a, b) => (a.pair < b.pair ? -1 : 1));
}

describe(Steps.AUTH_POLICIES.id, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('policies, IP lists, targeted groups, covered applications and used IP lists', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-auth-policies' });
    const stepConfig = buildStepTestConfigForStep(Steps.AUTH_POLICIES.id);
    const result = await executeStepWithDependencies(stepConfig);
    const org = singleTenant;
    const access = orgAccess(org);
    const expected = expectedAccessGraph(org);
    const entities = result.collectedEntities;
    const relationships = result.collectedRelationships as unknown as Array<
      Record<string, unknown>
    >;

    const keysOf = (_type: string) =>
      entities
        .filter((e) => e._type === _type)
        .map((e) => e._key)
        .sort();
    expect(keysOf(Entities.AUTH_POLICY._type)).toEqual(expected.authPolicies);
    expect(keysOf(Entities.IP_LIST._type)).toEqual(expected.ipLists);
    for (const policy of access.authnPolicies) {
      expect(entities.find((e) => e._key === policy.id)).toMatchObject({
        name: policy.name,
        type: policy.type,
        effect: policy.effect.action,
        mfaRequired:
          policy.effect.action === 'allow' && policy.effect.obligations?.mfa?.required === true,
        disabled: policy.disabled,
        monitorOnly: policy.monitorOnly,
        enforced: !policy.disabled && !policy.monitorOnly,
      });
    }
    expect(
      edgePairs(relationships as never, Relationships.AUTH_POLICY_ASSIGNED_GROUP._type),
    ).toEqual(expected.policyGroups);
    expect(
      withProperty(
        relationships,
        Relationships.AUTH_POLICY_ASSIGNED_APPLICATION._type,
        'allApplications',
      ),
    ).toEqual(expected.policyApplications);
    expect(
      withProperty(relationships, Relationships.AUTH_POLICY_USES_IP_LIST._type, 'negated'),
    ).toEqual(expected.policyIpLists);
    // The shapes the simulator promises: a disabled and a monitor-only policy, a negated IP
    // condition, an unused IP list, location and device-trust conditions.
    expect(entities.some((e) => e.disabled === true)).toBe(true);
    expect(entities.some((e) => e.monitorOnly === true && e.deviceTrustRequired === true)).toBe(
      true,
    );
    expect(entities.some((e) => e.locationCondition === 'not in')).toBe(true);
    expect(expected.policyIpLists.some((l) => l.negated)).toBe(true);
    const used = new Set(expected.policyIpLists.map((l) => l.pair.split('>')[1]));
    expect(expected.ipLists.some((id) => !used.has(id))).toBe(true);
    // Network class, but only what the lists give: their entries, never CIDR, public, internal.
    for (const list of access.ipLists) {
      const entity = entities.find((e) => e._key === list.id)!;
      expect(entity).toMatchObject({ name: list.name, ips: list.ips, ipCount: list.ips.length });
      expect([entity.CIDR, entity.public, entity.internal]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(entitySchemaErrors(entity, Entities.IP_LIST)).toEqual([]);
    }

    // Targets and conditions are in the records: one request per list.
    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/v2/authn/policies']).toBe(1);
    expect(requests['GET /api/v2/iplists']).toBe(1);
    expect(withStandIns(result, Entities.IP_LIST, IP_LIST_STAND_INS)).toMatchStepMetadata(
      stepConfig,
    );
  });

  test('a multi-tenant key: applications and groups only within the policy’s organization', async () => {
    recording = setupJumpCloudRecording({
      directory: __dirname,
      name: 'fetch-auth-policies-multi-tenant',
    });
    const stepConfig = buildStepTestConfigForStep(Steps.AUTH_POLICIES.id, multiTenantConfig);
    const result = await executeStepWithDependencies(stepConfig);
    const expected = generateDirectory(RECORDING_SIMULATORS.multiTenant).orgs.map(
      expectedAccessGraph,
    );
    const relationships = result.collectedRelationships;
    expect(edgePairs(relationships, Relationships.AUTH_POLICY_ASSIGNED_APPLICATION._type)).toEqual(
      expected.flatMap((g) => g.policyApplications.map((a) => a.pair)).sort(),
    );
    expect(edgePairs(relationships, Relationships.AUTH_POLICY_ASSIGNED_GROUP._type)).toEqual(
      expected.flatMap((g) => g.policyGroups).sort(),
    );
    expect(edgePairs(relationships, Relationships.AUTH_POLICY_USES_IP_LIST._type)).toEqual(
      expected.flatMap((g) => g.policyIpLists.map((l) => l.pair)).sort(),
    );
    expect(withStandIns(result, Entities.IP_LIST, IP_LIST_STAND_INS)).toMatchStepMetadata(
      stepConfig,
    );
  });
});
