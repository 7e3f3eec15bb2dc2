import pMap from 'p-map';
import {
  IntegrationLogger,
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
import { collectedIndex } from '../shared/collected';
import { writeStep } from '../shared/step-writer';
import { subCallConcurrency } from '../shared/sub-calls';
import { createProgress } from '../shared/progress';
import {
  Assigned,
  assignedOf,
  collectAssigned,
  createAccountHasApplicationRelationship,
  createApplicationEntity,
  createGroupAssignedApplicationRelationship,
  createUserAssignedApplicationRelationship,
} from './converter';
import { activityOf, applicationLastUsedOn, releaseActivity } from '../activity/window';

/**
 * Every SSO application of every collected organization, secrets scrubbed by the converter.
 * Each application's user groups and users are read ahead as it is written: the assignments
 * step waits for the users step, which waits for the sign-in activity, but its requests need
 * only the application, so they go out meanwhile (../shared/read-ahead.ts).
 */
export async function fetchApplications(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const client = getOrCreateClient(context.instance.config, context.logger);
  await collectFromEveryOrganization(context, {
    what: 'applications',
    recordName: 'application',
    list: (client, orgId, onRecord) => client.iterateApplications(orgId, onRecord),
    toEntity: createApplicationEntity,
    accountHas: createAccountHasApplicationRelationship,
    onAdded: ({ id }, orgId) => {
      if (typeof id !== 'string') return;
      queueReadAhead(context.instance, assignmentsKey(orgId, id), (onAssigned, reading) =>
        readAssigned(client, orgId, id, onAssigned, reading),
      );
    },
  });
}

/** The key an application's user groups and users are read ahead by. */
function assignmentsKey(orgId: string, applicationId: string): string {
  return `application assignments:${orgId}:${applicationId}`;
}

/**
 * An application's user groups, then its users (the second list is not asked for when the
 * first finds the application deleted), each traversal result as what the step keeps of it.
 */
async function readAssigned(
  client: JumpCloudClient,
  orgId: string,
  applicationId: string,
  onAssigned: (assigned: Assigned) => Promise<void> | void,
  reading?: LaterReading,
): Promise<void> {
  await client.iterateApplicationUserGroups(
    orgId,
    applicationId,
    (group) => onAssignedOf(group, 'user_group', onAssigned),
    reading,
  );
  await client.iterateApplicationUsers(
    orgId,
    applicationId,
    (user) => onAssignedOf(user, 'user', onAssigned),
    reading,
  );
}

function onAssignedOf(
  object: Parameters<typeof assignedOf>[0],
  type: Assigned['type'],
  onAssigned: (assigned: Assigned) => Promise<void> | void,
): Promise<void> | void {
  const assigned = assignedOf(object, type);
  return assigned ? onAssigned(assigned) : undefined;
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
        const found = await readUnlessDeleted(logger, object, () =>
          readAheadOr<Assigned>(
            instance,
            assignmentsKey(orgId, application.id),
            (onAssigned) => readAssigned(client, orgId, application.id, onAssigned),
            (assigned) => collectAssigned(assigned.type === 'user' ? userIds : groupIds, assigned),
          ),
        );
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
