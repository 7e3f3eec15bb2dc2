import {
  IntegrationProviderAuthenticationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../instance-config';
import { JumpCloudOrganization } from '../../jumpcloud/types';
import { getOrCreateClient } from '../../jumpcloud';
import { allSettledOrFirstError } from '../../jumpcloud/settle';
import { Entities, Steps } from '../constants';
import { writeStep } from '../shared/step-writer';
import { createAccountEntity } from './converter';
import {
  getOrganizationRecord,
  OrganizationSecuritySettings,
} from '../../jumpcloud/organization-settings';
import { Collected, digestOf, rememberCollected, runMemory } from '../shared/collected';
import { accountSecurityProperties } from '../security-settings/converter';

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
  const collected = collectedOrganizations(organizations, config);
  // Issue 25: MFA required for administrators and the User Portal session, from each
  // organization's own record (the list omits `settings`). The records go out together (the
  // client's limit decides what is in flight): every step waits for this one.
  const settingsOf: Array<OrganizationSecuritySettings | undefined> = [];
  await allSettledOrFirstError(
    collected.map(async (organization, index) => {
      const id = organization.id ?? organization._id;
      settingsOf[index] = await readSecuritySettings(client, id, logger, instance);
    }),
  );
  const accounts: Collected[] = [];
  await writeStep({ jobState, logger }, async (writer) => {
    for (const [index, organization] of collected.entries()) {
      const id = organization.id ?? organization._id;
      const settings = settingsOf[index];
      const account = await writer.addRecord({ what: 'organization', id, orgId: id }, () =>
        Object.assign(
          createAccountEntity(organization, config.baseUrl),
          accountSecurityProperties(settings),
        ),
      );
      if (account) accounts.push(digestOf(account));
    }
  });
  // Every step reads the organizations as it starts (getCollectedOrganizations).
  rememberCollected(instance, Entities.ACCOUNT._type, accounts);
  logger.info(
    { organizations: organizations.length, collected: wanted ? 1 : organizations.length },
    'Collected JumpCloud organizations',
  );
}

/** Every organization the key sees, or only the configured `orgId`. */
function collectedOrganizations(
  organizations: JumpCloudOrganization[],
  config: IntegrationConfig,
): JumpCloudOrganization[] {
  const wanted = config.orgId?.toLowerCase();
  return organizations.filter(
    (organization) => !wanted || (organization.id ?? organization._id).toLowerCase() === wanted,
  );
}

/**
 * Called by `validateInvocation` once it has listed the organizations: every step waits for
 * the account step, which waits for each organization's record, so the first records (as
 * many as go out at once) are requested now, while the SDK prepares the steps; the account
 * step takes them. A failed read is met there, as if the step had made it. Answers the ids
 * of the organizations collected, in order.
 */
export function startOrganizationRecordReads(
  run: { config: IntegrationConfig },
  client: ReturnType<typeof getOrCreateClient>,
  organizations: JumpCloudOrganization[],
): string[] {
  const reads = runMemory(run).organizationRecordReads;
  const ids = collectedOrganizations(organizations, run.config).map(
    (organization) => organization.id ?? organization._id,
  );
  for (const id of ids.slice(0, client.concurrency)) {
    const read = getOrganizationRecord(client, id);
    // Handled where the account step takes it.
    read.catch(() => undefined);
    reads.set(id, read);
  }
  return ids;
}

/** The settings, or undefined with a warning: the account is written either way. */
async function readSecuritySettings(
  client: ReturnType<typeof getOrCreateClient>,
  orgId: string,
  logger: IntegrationStepExecutionContext<IntegrationConfig>['logger'],
  run: object,
): Promise<OrganizationSecuritySettings | undefined> {
  const memory = runMemory(run);
  const started = memory.organizationRecordReads.get(orgId);
  memory.organizationRecordReads.delete(orgId);
  try {
    const record = await (started ?? getOrganizationRecord(client, orgId));
    // For the password policy and the provider's administrators (issue 25): read once.
    memory.organizationRecords.set(orgId, record);
    return record.settings;
  } catch (error) {
    if (error instanceof IntegrationProviderAuthenticationError) throw error;
    logger.warn(
      { orgId, error: client.redact((error as Error).message) },
      `Could not read the settings of organization ${orgId}: the account is collected without ` +
        'requireAdminMfa and the User Portal session settings',
    );
    return undefined;
  }
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
