import pMap from 'p-map';
import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudClient, LaterReading } from '../../jumpcloud';
import { readUnlessDeleted } from '../shared/optional-data';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { queueReadAhead, readAheadOr } from '../shared/read-ahead';
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

/**
 * Every user group of every collected organization. Each group's members are read ahead as
 * the group is written: the members step waits for the users step, which waits for the
 * sign-in activity, but its requests need only the group, so they go out meanwhile
 * (../shared/read-ahead.ts) and the members step finds them read.
 */
export async function fetchGroups(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const client = getOrCreateClient(context.instance.config, context.logger);
  await collectFromEveryOrganization(context, {
    what: 'user groups',
    recordName: 'user group',
    list: (client, orgId, onRecord) => client.iterateUserGroups(orgId, onRecord),
    toEntity: createGroupEntity,
    accountHas: createAccountHasGroupRelationship,
    onAdded: ({ id }, orgId) => {
      if (typeof id !== 'string') return;
      queueReadAhead(context.instance, membersKey(orgId, id), (onMember, reading) =>
        readMemberIds(client, orgId, id, onMember, reading),
      );
    },
  });
}

/** The key a group's members are read ahead by. */
function membersKey(orgId: string, groupId: string): string {
  return `user group members:${orgId}:${groupId}`;
}

/** The ids of a group's user members, in list order (what the members step keeps of each). */
function readMemberIds(
  client: JumpCloudClient,
  orgId: string,
  groupId: string,
  onUserId: (userId: string) => Promise<void> | void,
  reading?: LaterReading,
): Promise<unknown> {
  return client.iterateUserGroupMembers(
    orgId,
    groupId,
    (member) => (member.to?.type === 'user' && member.to.id ? onUserId(member.to.id) : undefined),
    reading,
  );
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
            readAheadOr<string>(
              instance,
              membersKey(orgId, group.id),
              (onMember) => readMemberIds(client, orgId, group.id, onMember),
              (userId) => {
                memberIds.add(userId);
              },
            ),
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
