import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';

import { IntegrationConfig } from '../../config';
import { JumpCloudClient, resetClient } from '../../jumpcloud';
import {
  buildStepTestConfigForStep,
  RECORDING_API_KEY,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { edgePairs } from '../../../test/graph-helpers';
import { recordingPerTest } from '../../../test/recording';
import type { RunningSimulator } from '../../../simulator';
import { generateDirectory } from '../../../simulator/directory/generate';
import { createAccountEntity } from '../account/converter';
import { Entities, Relationships, Steps } from '../constants';
import { buildDeviceGroupMembers } from '.';

/** What the simulator behind the recording holds: the ground truth, computed, not recorded. */
const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

describe(Steps.DEVICE_GROUPS.id, () => {
  const record = recordingPerTest(__dirname);

  test('system groups and the user groups bound to them', async () => {
    record('fetch-device-groups');
    const stepConfig = buildStepTestConfigForStep(Steps.DEVICE_GROUPS.id);
    const result = await executeStepWithDependencies(stepConfig);

    const groups = result.collectedEntities.filter((e) => e._type === Entities.DEVICE_GROUP._type);
    expect(groups.map((g) => g._key).sort()).toEqual(org.systemGroups.map((g) => g.id).sort());
    for (const group of org.systemGroups) {
      expect(groups.find((g) => g._key === group.id)).toMatchObject({
        name: group.name,
        orgId: org.id,
        membershipMethod: group.membershipMethod,
        attributes: group.attributes ? JSON.stringify(group.attributes) : undefined,
      });
    }

    expect(
      edgePairs(result.collectedRelationships, Relationships.ACCOUNT_HAS_DEVICE_GROUP._type),
    ).toEqual(org.systemGroups.map((g) => `${org.id}>${g.id}`).sort());
    const bindings = org.links.userGroupSystemGroups.map(
      (b) => `${b.userGroupId}>${b.systemGroupId}`,
    );
    expect(bindings.length).toBeGreaterThan(0);
    expect(
      edgePairs(result.collectedRelationships, Relationships.GROUP_ASSIGNED_DEVICE_GROUP._type),
    ).toEqual(bindings.sort());

    expect(result).toMatchStepMetadata(stepConfig);
  });
});

describe(Steps.DEVICE_GROUP_MEMBERS.id, () => {
  const record = recordingPerTest(__dirname);

  test('the systems in each system group', async () => {
    record('build-device-group-members');
    const stepConfig = buildStepTestConfigForStep(Steps.DEVICE_GROUP_MEMBERS.id);
    const result = await executeStepWithDependencies(stepConfig);

    const members = org.links.systemGroupMembers.map((m) => `${m.systemGroupId}>${m.systemId}`);
    expect(members.length).toBeGreaterThan(0);
    expect(
      edgePairs(result.collectedRelationships, Relationships.DEVICE_GROUP_HAS_DEVICE._type),
    ).toEqual(members.sort());

    expect(result).toMatchStepMetadata(stepConfig);
  });
});

describe(`${Steps.DEVICE_GROUPS.id} with a group deleted mid-run`, () => {
  let simulator: RunningSimulator | undefined;

  beforeAll(async () => {
    const { startSimulator } = await import('../../../simulator');
    simulator = await startSimulator({
      seed: 9,
      users: 8,
      groups: 3,
      apps: 1,
      systems: 10,
      systemGroups: 4,
      appleDevices: 0,
      apiKey: RECORDING_API_KEY,
      quiet: true,
    });
  });
  afterAll(async () => {
    await simulator?.stop();
    resetClient();
  });

  test('a 404 on its members: a warning, the other groups are collected', async () => {
    resetClient();
    const instanceConfig = { apiKey: simulator!.apiKey, baseUrl: simulator!.url, concurrency: 4 };
    const org = simulator!.data.orgs[0];
    const devices = await executeStepWithDependencies(
      buildStepTestConfigForStep(Steps.DEVICES.id, instanceConfig),
    );
    const groups = await executeStepWithDependencies(
      buildStepTestConfigForStep(Steps.DEVICE_GROUPS.id, instanceConfig),
    );
    const gone = org.links.systemGroupMembers[0].systemGroupId;
    const realIterate = JumpCloudClient.prototype.iterateSystemGroupMembers;
    const spy = jest
      .spyOn(JumpCloudClient.prototype, 'iterateSystemGroupMembers')
      .mockImplementation(function (this: JumpCloudClient, orgId, groupId, iteratee) {
        if (groupId === gone) {
          return Promise.reject(
            new IntegrationProviderAPIError({
              endpoint: `GET /api/v2/systemgroups/${groupId}/members`,
              status: 404,
              statusText: 'Not Found',
            }),
          );
        }
        return realIterate.call(this, orgId, groupId, iteratee);
      });
    try {
      const context = createMockStepExecutionContext<IntegrationConfig>({
        instanceConfig,
        entities: [
          createAccountEntity({ _id: org.id, id: org.id }, simulator!.url),
          ...devices.collectedEntities,
          ...groups.collectedEntities,
        ],
      });
      const warn = jest.spyOn(context.logger, 'publishWarnEvent');
      await buildDeviceGroupMembers(context);

      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          name: IntegrationWarnEventName.MissingEntity,
          description: expect.stringContaining(`system group ${gone}`),
        }),
      );
      expect(
        edgePairs(
          context.jobState.collectedRelationships,
          Relationships.DEVICE_GROUP_HAS_DEVICE._type,
        ),
      ).toEqual(
        org.links.systemGroupMembers
          .filter((m) => m.systemGroupId !== gone)
          .map((m) => `${m.systemGroupId}>${m.systemId}`)
          .sort(),
      );
    } finally {
      spy.mockRestore();
    }
  });
});
