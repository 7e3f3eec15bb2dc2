import pMap from 'p-map';
import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { readUnlessDeleted } from '../shared/optional-data';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { Entities, Relationships, Steps } from '../constants';
import { createProgress } from '../shared/progress';
import {
  createAccountHasGroupRelationship,
  createGroupEntity,
  createGroupHasUserRelationship,
} from './converter';
import { collectedIndex } from '../shared/collected';
import { writeStep } from '../shared/step-writer';
import { subCallConcurrency } from '../shared/sub-calls';

/** Every user group of every collected organization. */
export async function fetchGroups(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  await collectFromEveryOrganization(context, {
    what: 'user groups',
    recordName: 'user group',
    list: (client, orgId, onRecord) => client.iterateUserGroups(orgId, onRecord),
    toEntity: createGroupEntity,
    accountHas: createAccountHasGroupRelationship,
  });
}

/** group HAS user from each group's direct (stored) members. */
export async function buildGroupMembers({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const progress = createProgress(logger, 'groups');
  let skippedMembers = 0;

  const groups = await collectedIndex({ jobState, instance }, Entities.GROUP._type);
  // Only keys of collected users: never an edge to an entity of another type with the same id.
  const users = await collectedIndex({ jobState, instance }, Entities.USER._type);
  await writeStep({ jobState, logger }, (writer) =>
    pMap(
      groups,
      async (group) => {
        const orgId = String(group.orgId);
        // Read the whole member list first, so a group deleted mid-list adds nothing.
        const memberIds = new Set<string>();
        const found = await readUnlessDeleted(
          logger,
          { kind: 'user group', id: group.id, orgId },
          () =>
            client.iterateUserGroupMembers(orgId, group.id, (member) => {
              if (member.to?.type === 'user' && member.to.id) memberIds.add(member.to.id);
            }),
        );
        if (!found) return;

        const relationships: Relationship[] = [];
        for (const userId of memberIds) {
          if (!users.has(userId)) {
            skippedMembers += 1;
            logger.debug(
              { groupId: group.id, userId, orgId },
              'Skipping group member: user was not collected',
            );
            continue;
          }
          relationships.push(createGroupHasUserRelationship(group._key, userId));
        }
        await writer.addRelationships(relationships);
        progress.tick();
      },
      { concurrency: subCallConcurrency(client) },
    ),
  );
  progress.done({ skippedMembers });
}

export const groupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.GROUPS.id,
    name: Steps.GROUPS.name,
    entities: [Entities.GROUP],
    relationships: [Relationships.ACCOUNT_HAS_GROUP],
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: fetchGroups,
  },
  {
    id: Steps.GROUP_MEMBERS.id,
    name: Steps.GROUP_MEMBERS.name,
    entities: [],
    relationships: [Relationships.GROUP_HAS_USER],
    dependsOn: [Steps.GROUPS.id, Steps.USERS.id],
    executionHandler: buildGroupMembers,
  },
];
