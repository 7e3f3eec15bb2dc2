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
import { allSettledOrFirstError, subCallConcurrency } from '../shared/sub-calls';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { loadKeys } from '../shared/collected';
import { createProgress } from '../shared/progress';
import {
  createAccountHasDeviceGroupRelationship,
  createDeviceGroupEntity,
  createDeviceGroupHasDeviceRelationship,
  createGroupAssignedDeviceGroupRelationship,
} from './converter';

/**
 * System groups of every collected organization, the systems in them (direct members)
 * and the user groups bound to them.
 */
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

  const progress = createProgress(logger, 'system groups read for members');
  // Typed key sets: never an edge to an entity of another type that shares an id.
  const deviceKeys = await loadKeys({ jobState, instance }, Entities.DEVICE._type);
  const userGroupKeys = await loadKeys({ jobState, instance }, Entities.GROUP._type);
  let members = 0;
  let bindings = 0;
  let skipped = 0;
  await writeStep({ jobState, logger }, (writer) =>
    pMap(
      groups,
      async ({ groupId, orgId }) => {
        // Members and bindings depend on none of each other: read together, written in this
        // order.
        const memberEdges: Relationship[] = [];
        const bindingEdges: Relationship[] = [];
        await readUnlessDeleted(logger, { kind: 'system group', id: groupId, orgId }, () =>
          allSettledOrFirstError([
            client.iterateSystemGroupMembers(orgId, groupId, (member) => {
              if (member.to?.type !== 'system') return;
              if (!deviceKeys.has(member.to.id)) {
                skipped += 1;
                logger.debug(
                  { groupId, systemId: member.to.id },
                  'System group member was not collected; relationship skipped',
                );
                return;
              }
              memberEdges.push(createDeviceGroupHasDeviceRelationship(groupId, member.to.id));
              members += 1;
            }),
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
              bindingEdges.push(createGroupAssignedDeviceGroupRelationship(binding.to.id, groupId));
              bindings += 1;
            }),
          ]),
        );
        const found = [...memberEdges, ...bindingEdges];
        await writer.addRelationships(found);
        progress.tick();
      },
      { concurrency: subCallConcurrency(client) },
    ),
  );
  progress.done({ members, userGroupBindings: bindings, skipped });
}

export const deviceGroupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.DEVICE_GROUPS.id,
    name: Steps.DEVICE_GROUPS.name,
    entities: [Entities.DEVICE_GROUP],
    relationships: [
      Relationships.ACCOUNT_HAS_DEVICE_GROUP,
      Relationships.DEVICE_GROUP_HAS_DEVICE,
      Relationships.GROUP_ASSIGNED_DEVICE_GROUP,
    ],
    dependsOn: [Steps.DEVICES.id, Steps.GROUPS.id],
    executionHandler: fetchDeviceGroups,
  },
];
