import pMap from 'p-map';
import {
  IntegrationLogger,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { readUnlessDeleted } from '../shared/optional-data';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { Entities, Relationships, Steps } from '../constants';
import { collectedIndex } from '../shared/collected';
import { writeStep } from '../shared/step-writer';
import { subCallConcurrency } from '../shared/sub-calls';
import { createProgress } from '../shared/progress';
import {
  collectTraversal,
  createAccountHasApplicationRelationship,
  createApplicationEntity,
  createGroupAssignedApplicationRelationship,
  createUserAssignedApplicationRelationship,
} from './converter';
import { activityOf, applicationLastUsedOn, releaseActivity } from '../activity/window';

/** Every SSO application of every collected organization, secrets scrubbed by the converter. */
export async function fetchApplications(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  await collectFromEveryOrganization(context, {
    what: 'applications',
    recordName: 'application',
    list: (client, orgId, onRecord) => client.iterateApplications(orgId, onRecord),
    toEntity: createApplicationEntity,
    accountHas: createAccountHasApplicationRelationship,
  });
}

/**
 * group ASSIGNED application and user ASSIGNED application from the application's
 * traversals. Users reached only through a group get an edge too, with `direct: false`.
 */
export async function buildApplicationAssignments({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const progress = createProgress(logger, 'applications');
  const skipped = { userGroups: 0, users: 0 };

  const applications = await collectedIndex({ jobState, instance }, Entities.APPLICATION._type);
  // Typed key sets: an edge only to a collected entity of the type it declares.
  const users = await collectedIndex({ jobState, instance }, Entities.USER._type);
  const userGroups = await collectedIndex({ jobState, instance }, Entities.GROUP._type);
  // Issue 25: when each user last signed in to the application (../activity).
  const activity = activityOf(instance);
  await writeStep({ jobState, logger }, (writer) =>
    pMap(
      applications,
      async (application) => {
        const orgId = String(application.orgId);
        const object = { kind: 'application', id: application.id, orgId };
        // Each list is read in full before any edge is added: `direct` depends on every
        // route of a user, and a list cut short by a deletion adds nothing.
        const groupIds = new Map<string, boolean>();
        const userIds = new Map<string, boolean>();
        const found =
          (await readUnlessDeleted(logger, object, () =>
            client.iterateApplicationUserGroups(orgId, application.id, (group) =>
              collectTraversal(groupIds, group, 'user_group'),
            ),
          )) &&
          (await readUnlessDeleted(logger, object, () =>
            client.iterateApplicationUsers(orgId, application.id, (user) =>
              collectTraversal(userIds, user, 'user'),
            ),
          ));
        if (!found) return;

        const relationships: Relationship[] = [];
        for (const groupId of groupIds.keys()) {
          const relationship = createGroupAssignedApplicationRelationship(
            groupId,
            application._key,
          );
          if (unlessDangling(logger, userGroups, groupId, relationship)) {
            relationships.push(relationship);
          } else skipped.userGroups += 1;
        }
        for (const [userId, direct] of userIds) {
          const relationship = createUserAssignedApplicationRelationship(
            userId,
            application._key,
            direct,
          );
          const lastUsedOn = applicationLastUsedOn(activity, orgId, userId, application.id);
          if (lastUsedOn !== undefined) relationship.lastUsedOn = lastUsedOn;
          if (unlessDangling(logger, users, userId, relationship)) {
            relationships.push(relationship);
          } else skipped.users += 1;
        }
        await writer.addRelationships(relationships);
        progress.tick();
      },
      { concurrency: subCallConcurrency(client) },
    ),
  );
  progress.done({ skippedUserGroups: skipped.userGroups, skippedUsers: skipped.users });
  // The application pairs' activity is read by this step alone.
  releaseActivity(instance, 'applications');
}

/**
 * Whether an edge whose source was read from a traversal may be added: false, with a debug
 * log, when the source was not collected (deleted meanwhile, or of another organization).
 */
function unlessDangling(
  logger: IntegrationLogger,
  sourceKeys: { has(key: string): boolean },
  sourceKey: string,
  relationship: Relationship,
): boolean {
  if (!sourceKeys.has(sourceKey)) {
    logger.debug(
      { relationship: relationship._key },
      'Skipping application assignment: its source was not collected',
    );
    return false;
  }
  return true;
}

export const applicationSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.APPLICATIONS.id,
    name: Steps.APPLICATIONS.name,
    entities: [Entities.APPLICATION],
    relationships: [Relationships.ACCOUNT_HAS_APPLICATION],
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: fetchApplications,
  },
  {
    id: Steps.APPLICATION_ASSIGNMENTS.id,
    name: Steps.APPLICATION_ASSIGNMENTS.name,
    entities: [],
    relationships: [
      Relationships.GROUP_ASSIGNED_APPLICATION,
      Relationships.USER_ASSIGNED_APPLICATION,
    ],
    // The activity step: its application pairs (the users step no longer orders it first).
    dependsOn: [Steps.APPLICATIONS.id, Steps.GROUPS.id, Steps.USERS.id, Steps.ACTIVITY.id],
    executionHandler: buildApplicationAssignments,
  },
];
