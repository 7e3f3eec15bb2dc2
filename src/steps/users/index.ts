import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { JumpCloudUser } from '../../jumpcloud/types';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { Entities, Relationships, Steps } from '../constants';
import { createAccountHasUserRelationship, createUserEntity } from './converter';
import { activityOf, releaseActivity, userActivityProperties } from '../activity/window';

/** Every user of every collected organization, each hung off its own organization. */
export async function fetchUsers(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  // Issue 25: sign-in activity, read before this step (../activity), added to each user.
  const activity = activityOf(context.instance);
  await collectFromEveryOrganization<JumpCloudUser>(context, {
    what: 'users',
    recordName: 'user',
    list: (client, orgId, onRecord) => client.iterateUsers(orgId, onRecord),
    toEntity: (user: JumpCloudUser, baseUrl, orgId) =>
      Object.assign(
        createUserEntity(user, baseUrl, orgId),
        userActivityProperties(activity, orgId, user.id ?? user._id, user.username ?? undefined),
      ),
    accountHas: createAccountHasUserRelationship,
  });
  // The users' activity is read by this step alone.
  releaseActivity(context.instance, 'users');
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS.id,
    name: Steps.USERS.name,
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER],
    // The activity step writes nothing; it runs first so that activity is in memory.
    dependsOn: [Steps.ACCOUNT.id, Steps.ACTIVITY.id],
    executionHandler: fetchUsers,
  },
];
