import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { collectFromEveryOrganization } from '../shared/organization-lists';
import { Entities, Relationships, Steps } from '../constants';
import { createAccountHasUserRelationship, createUserEntity } from './converter';

/** Every user of every collected organization, each hung off its own organization. */
export async function fetchUsers(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  await collectFromEveryOrganization(context, {
    what: 'users',
    recordName: 'user',
    list: (client, orgId, onRecord) => client.iterateUsers(orgId, onRecord),
    toEntity: createUserEntity,
    accountHas: createAccountHasUserRelationship,
  });
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
