/**
 * The organization's password policy (issue 25): `GET /api/organizations/{id}` per collected
 * organization, one `jumpcloud_password_policy` the account HAS. The account step has read
 * that record already and left it in the run's memory; it is read here only where the account
 * step could not. The record is read as optional data (../shared/optional-data.ts): a 404
 * (the organization is gone) warns; a 403 warns, the other organizations are still read, and
 * the step then fails so JupiterOne keeps the earlier policies (types partial).
 */
import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import {
  getOrganizationSecuritySettings,
  OrganizationSecuritySettings,
} from '../../jumpcloud/organization-settings';
import { getCollectedOrganizations, runMemory } from '../shared/collected';
import { OptionalFeature } from '../shared/optional-data';
import { writeStep } from '../shared/step-writer';
import { Entities, Relationships, Steps } from '../constants';
import {
  createAccountHasPasswordPolicyRelationship,
  createPasswordPolicyEntity,
} from './converter';

export async function fetchSecuritySettings({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const remembered = runMemory(instance).organizationRecords;
  const feature = new OptionalFeature(logger, {
    name: 'the settings',
    collects: 'password policies',
    howToGetIt: 'A Read Only administrator can read the organization record.',
    partialTypes: [Entities.PASSWORD_POLICY._type, Relationships.ACCOUNT_HAS_PASSWORD_POLICY._type],
    notFound: (orgId) => `Organization ${orgId} was not found (404 Not Found)`,
  });
  const organizations = await getCollectedOrganizations({ jobState, instance });
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      let settings: OrganizationSecuritySettings | undefined = remembered.get(orgId)?.settings;
      const read = await feature.read(orgId, async () => {
        settings ??= await getOrganizationSecuritySettings(client, orgId);
      });
      if (!read || !settings?.passwordPolicy) continue;
      const policy = createPasswordPolicyEntity(orgId, settings);
      await writer.addEntity(policy);
      await writer.addRelationship(
        createAccountHasPasswordPolicyRelationship(accountKey, policy._key),
      );
    }
  });
  feature.finish();
}

export const securitySettingsSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.SECURITY_SETTINGS.id,
    name: Steps.SECURITY_SETTINGS.name,
    entities: [Entities.PASSWORD_POLICY],
    relationships: [Relationships.ACCOUNT_HAS_PASSWORD_POLICY],
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: fetchSecuritySettings,
  },
];
