import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { resetClient } from '../../jumpcloud';
import { buildStepTestConfigForStep, RECORDING_SIMULATORS } from '../../../test/config';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { generateDirectory } from '../../../test/simulator/generate';
import { Entities, Relationships, Steps } from '../constants';

/** What the simulator behind the recording holds: the ground truth, computed, not recorded. */
const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

function pairs(
  relationships: Array<{ _type: string; _fromEntityKey?: unknown; _toEntityKey?: unknown }>,
  _type: string,
): string[] {
  return relationships
    .filter((r) => r._type === _type)
    .map((r) => `${r._fromEntityKey}>${r._toEntityKey}`)
    .sort();
}

describe(Steps.DEVICE_GROUPS.id, () => {
  let recording: Recording | undefined;

  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('system groups, their systems and the user groups bound to them', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-device-groups' });
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
      pairs(result.collectedRelationships, Relationships.ACCOUNT_HAS_DEVICE_GROUP._type),
    ).toEqual(org.systemGroups.map((g) => `${org.id}>${g.id}`).sort());
    const members = org.links.systemGroupMembers.map((m) => `${m.systemGroupId}>${m.systemId}`);
    expect(members.length).toBeGreaterThan(0);
    expect(
      pairs(result.collectedRelationships, Relationships.DEVICE_GROUP_HAS_DEVICE._type),
    ).toEqual(members.sort());
    const bindings = org.links.userGroupSystemGroups.map(
      (b) => `${b.userGroupId}>${b.systemGroupId}`,
    );
    expect(bindings.length).toBeGreaterThan(0);
    expect(
      pairs(result.collectedRelationships, Relationships.GROUP_ASSIGNED_DEVICE_GROUP._type),
    ).toEqual(bindings.sort());

    expect(result).toMatchStepMetadata(stepConfig);
  });
});
