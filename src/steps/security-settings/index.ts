/**
 * The organization's password policy (issue 25): `GET /api/organizations/{id}` per collected
 * organization, one `jumpcloud_password_policy` the account HAS. The account step has read
 * that record already and left it in the run's memory; it is read here only where the account
 * step could not. A 404 (the organization is gone) warns; a 403 warns, the other
 * organizations are still read, and the step then fails so JupiterOne keeps the earlier
 * policies (types partial).
 */
import {
  IntegrationError,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { getOrganizationSecuritySettings } from '../../jumpcloud/organization-settings';
import { getCollectedOrganizations, runMemory } from '../shared/collected';
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
  const forbidden: string[] = [];
  const organizations = await getCollectedOrganizations(jobState);
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      let settings = remembered.get(orgId)?.settings;
      try {
        settings ??= await getOrganizationSecuritySettings(client, orgId);
      } catch (error) {
        if (error instanceof IntegrationProviderAuthorizationError) {
          forbidden.push(orgId);
          logger.warn({ orgId }, `The key may not read the settings of organization ${orgId}`);
          continue;
        }
        if (error instanceof IntegrationProviderAPIError && error.status === 404) {
          logger.warn({ orgId }, `Organization ${orgId} was not found; no password policy`);
          continue;
        }
        throw error;
      }
      if (!settings.passwordPolicy) continue;
      const policy = createPasswordPolicyEntity(orgId, settings);
      await writer.addEntity(policy);
      await writer.addRelationship(
        createAccountHasPasswordPolicyRelationship(accountKey, policy._key),
      );
    }
  });
  if (forbidden.length > 0) {
    throw new IntegrationError({
      code: 'SETTINGS_FORBIDDEN',
      message: `Could not read the settings of organization(s) ${forbidden.join(', ')} (403): their password policies are reported partial`,
    });
  }
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
