import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { Entities, Relationships, Steps } from '../constants';
import { getCollectedOrganizations } from '../organizations';
import { createProgress } from '../progress';
import { createAccountHasUserRelationship, createUserEntity } from './converter';

/** Every user of every collected organization, each hung off its own organization. */
export async function fetchUsers({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const progress = createProgress(logger, 'users');

  for (const { orgId, accountKey } of await getCollectedOrganizations(jobState)) {
    await client.iterateUsers(orgId, async (user) => {
      const userEntity = createUserEntity(user, config.baseUrl, orgId);
      // A user listed twice (the list changed while paging) must not fail the step.
      if (jobState.hasKey(userEntity._key)) {
        logger.debug({ userId: userEntity._key, orgId }, 'Skipping user already collected');
        return;
      }
      await jobState.addEntity(userEntity);
      await jobState.addRelationship(createAccountHasUserRelationship(accountKey, userEntity._key));
      progress.tick();
    });
  }
  progress.done();
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS.id,
    name: Steps.USERS.name,
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER],
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: fetchUsers,
  },
];
