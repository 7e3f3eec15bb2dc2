import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import pMap from 'p-map';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { readUnlessDeleted } from '../shared/optional-data';
import { Entities, Relationships, Steps } from '../constants';
import { writeStep } from '../shared/step-writer';
import { subCallConcurrency } from '../shared/sub-calls';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { collectedIndex } from '../shared/collected';
import { createProgress } from '../shared/progress';
import {
  createAccountHasDeviceGroupRelationship,
  createDeviceGroupEntity,
  createDeviceGroupHasDeviceRelationship,
  createGroupAssignedDeviceGroupRelationship,
} from './converter';

/*
 * Two steps. The system groups and the user groups bound to them need nothing of the
 * devices, so they are read while the devices are: the steps that relate to system groups
 * (commands, policies) can start as soon as the devices are written. The systems in each
 * group need the devices' keys: their own step, after the devices.
 */

/** System groups of every collected organization and the user groups bound to them. */
export async function fetchDeviceGroups(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { instance, jobState, logger } = context;
  const client = getOrCreateClient(instance.config, logger);
  const groups: Array<{ groupId: string; orgId: string }> = [];
  await collectFromEveryOrganization(context, {
    what: 'system groups',
    recordName: 'system group',
    list: (apiClient, orgId, onRecord) => apiClient.iterateSystemGroups(orgId, onRecord),
    toEntity: createDeviceGroupEntity,
    accountHas: createAccountHasDeviceGroupRelationship,
    onAdded: (entity, orgId) => groups.push({ groupId: entity._key, orgId }),
  });

  const progress = createProgress(logger, 'system groups read for bound user groups');
  // Typed key sets: never an edge to an entity of another type that shares an id.
  const userGroupKeys = await collectedIndex({ jobState, instance }, Entities.GROUP._type);
  let bindings = 0;
  let skipped = 0;
  await writeStep({ jobState, logger }, (writer) =>
    pMap(
      groups,
      async ({ groupId, orgId }) => {
        const found: Relationship[] = [];
        await readUnlessDeleted(logger, { kind: 'system group', id: groupId, orgId }, () =>
          client.iterateSystemGroupUserGroupBindings(orgId, groupId, (binding) => {
            if (binding.to?.type !== 'user_group') return;
            if (!userGroupKeys.has(binding.to.id)) {
              skipped += 1;
              logger.debug(
                { groupId, userGroupId: binding.to.id },
                'User group bound to the system group was not collected; relationship skipped',
              );
              return;
            }
            found.push(createGroupAssignedDeviceGroupRelationship(binding.to.id, groupId));
            bindings += 1;
          }),
        );
        await writer.addRelationships(found);
        progress.tick();
      },
      { concurrency: subCallConcurrency(client) },
    ),
  );
  progress.done({ userGroupBindings: bindings, skipped });
}

/** system group HAS device from each group's direct members. */
export async function buildDeviceGroupMembers({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const groups = await collectedIndex({ jobState, instance }, Entities.DEVICE_GROUP._type);
  const progress = createProgress(logger, 'system groups read for members');
  // Typed key sets: never an edge to an entity of another type that shares an id.
  const deviceKeys = await collectedIndex({ jobState, instance }, Entities.DEVICE._type);
  let members = 0;
  let skipped = 0;
  await writeStep({ jobState, logger }, (writer) =>
    pMap(
      groups,
      async (group) => {
        const orgId = String(group.orgId);
        const found: Relationship[] = [];
        await readUnlessDeleted(logger, { kind: 'system group', id: group.id, orgId }, () =>
          client.iterateSystemGroupMembers(orgId, group.id, (member) => {
            if (member.to?.type !== 'system') return;
            if (!deviceKeys.has(member.to.id)) {
              skipped += 1;
              logger.debug(
                { groupId: group.id, systemId: member.to.id },
                'System group member was not collected; relationship skipped',
              );
              return;
            }
            found.push(createDeviceGroupHasDeviceRelationship(group._key, member.to.id));
            members += 1;
          }),
        );
        await writer.addRelationships(found);
        progress.tick();
      },
      { concurrency: subCallConcurrency(client) },
    ),
  );
  progress.done({ members, skipped });
}

export const deviceGroupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.DEVICE_GROUPS.id,
    name: Steps.DEVICE_GROUPS.name,
    entities: [Entities.DEVICE_GROUP],
    relationships: [
      Relationships.ACCOUNT_HAS_DEVICE_GROUP,
      Relationships.GROUP_ASSIGNED_DEVICE_GROUP,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.GROUPS.id],
    executionHandler: fetchDeviceGroups,
  },
  {
    id: Steps.DEVICE_GROUP_MEMBERS.id,
    name: Steps.DEVICE_GROUP_MEMBERS.name,
    entities: [],
    relationships: [Relationships.DEVICE_GROUP_HAS_DEVICE],
    dependsOn: [Steps.DEVICE_GROUPS.id, Steps.DEVICES.id],
    executionHandler: buildDeviceGroupMembers,
  },
];
