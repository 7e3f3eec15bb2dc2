import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { JumpCloudUser } from '../../jumpcloud/types';
import { openReadAheadQueue, startReadAhead } from '../shared/read-ahead';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { Entities, Relationships, Steps } from '../constants';
import { createAccountHasUserRelationship, createUserEntity } from './converter';
import { activityWhenRead, releaseActivity, userActivityProperties } from '../activity/window';
import { getCollectedOrganizations } from '../shared/collected';
import { announceUsersTotal, beginUsersTotals, endUsersTotals } from './total';

/** `what` of the users' collection: also the key its lists are read ahead by. */
const USERS = 'users';

/** Every user of every collected organization, each hung off its own organization. */
export async function fetchUsers(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  // Every organization's list goes out now, while the activity step reads the sign-in
  // events (issue 25), which each user is written with: the users wait for the activity in
  // memory (../shared/read-ahead.ts), not the requests for it.
  // Each list's total is told to read-systems as its first page comes (./total.ts).
  const { instance } = context;
  beginUsersTotals(instance);
  try {
    const client = getOrCreateClient(instance.config, context.logger);
    for (const { orgId } of await getCollectedOrganizations(context)) {
      startReadAhead<JumpCloudUser>(instance, `${USERS}:${orgId}`, (onRecord) =>
        client.iterateUsers(orgId, onRecord, (total) => announceUsersTotal(instance, orgId, total)),
      );
    }
    // While it waits, the lists that later steps read per group and application go out too:
    // they wait for the users in turn, but their requests need only the groups and applications.
    const activity = await activityWhenRead(instance, () =>
      openReadAheadQueue(instance, client.concurrency),
    );
    await collectFromEveryOrganization<JumpCloudUser>(context, {
      what: USERS,
      recordName: 'user',
      // Read ahead above: collectFromEveryOrganization takes each list by the same key.
      list: (client, orgId, onRecord) => client.iterateUsers(orgId, onRecord),
      toEntity: (user: JumpCloudUser, baseUrl, orgId) =>
        Object.assign(
          createUserEntity(user, baseUrl, orgId),
          userActivityProperties(activity, orgId, user.id ?? user._id, user.username ?? undefined),
        ),
      accountHas: createAccountHasUserRelationship,
    });
  } finally {
    endUsersTotals(instance);
  }
  // The users' activity is read by this step alone.
  releaseActivity(instance, 'users');
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS.id,
    name: Steps.USERS.name,
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER],
    // Not on the activity step: it starts with it, reads its list meanwhile, and waits for
    // the activity in memory before writing a user (activityWhenRead, ../activity/window.ts).
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: fetchUsers,
  },
];
