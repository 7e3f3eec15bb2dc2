import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { Entities, Steps } from '../constants';
import { writeStep } from '../shared/step-writer';
import { createAccountEntity } from './converter';

/**
 * One `jumpcloud_account` per organization the key sees (every tenant of a multi-tenant
 * key), or only the configured `orgId`.
 */
export async function fetchAccounts({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const organizations = await client.listOrganizations();
  const wanted = config.orgId?.toLowerCase();

  await writeStep({ jobState, logger }, async (writer) => {
    for (const organization of organizations) {
      const id = organization.id ?? organization._id;
      if (wanted && id.toLowerCase() !== wanted) continue;
      await writer.addRecord({ what: 'organization', id, orgId: id }, () =>
        createAccountEntity(organization, config.baseUrl),
      );
    }
  });
  logger.info(
    { organizations: organizations.length, collected: wanted ? 1 : organizations.length },
    'Collected JumpCloud organizations',
  );
}

export const accountSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACCOUNT.id,
    name: Steps.ACCOUNT.name,
    entities: [Entities.ACCOUNT],
    relationships: [],
    dependsOn: [],
    executionHandler: fetchAccounts,
  },
];
