import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { OptionalFeature } from '../shared/optional-data';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { collectedIndex, getCollectedOrganizations } from '../shared/collected';
import { createProgress } from '../shared/progress';
import { writeStep } from '../shared/step-writer';
import {
  createAccountHasAuthPolicyRelationship,
  createAccountHasIpListRelationship,
  createAuthPolicyAssignedApplicationRelationship,
  createAuthPolicyAssignedGroupRelationship,
  createAuthPolicyEntity,
  createAuthPolicyUsesIpListRelationship,
  createIpListEntity,
  readPolicyTargets,
  summarizeConditions,
} from './converter';

/** Every type of the step: what JupiterOne must keep when policies could not be read. */
export const AUTH_POLICY_TYPES = [
  Entities.AUTH_POLICY._type,
  Entities.IP_LIST._type,
  Relationships.ACCOUNT_HAS_AUTH_POLICY._type,
  Relationships.ACCOUNT_HAS_IP_LIST._type,
  Relationships.AUTH_POLICY_ASSIGNED_GROUP._type,
  Relationships.AUTH_POLICY_ASSIGNED_APPLICATION._type,
  Relationships.AUTH_POLICY_USES_IP_LIST._type,
];

/**
 * Authentication policies and IP lists of every collected organization: the user groups a
 * policy targets, the applications it covers (every application of the organization but the
 * excluded ones when it names the type without an id) and the IP lists its conditions use.
 *
 * Requests: one page per 100 IP lists and one per 100 policies: targets and conditions are
 * part of the policy record, so nothing is read per policy, user or application.
 */
export async function fetchAuthPolicies({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const groups = await collectedIndex({ jobState, instance }, Entities.GROUP._type);
  const applications = await collectedIndex({ jobState, instance }, Entities.APPLICATION._type);
  const progress = createProgress(logger, 'authentication policies');
  const feature = new OptionalFeature(logger, {
    name: 'Authentication Policies',
    collects: 'authentication policies and IP lists',
    howToGetIt:
      'Give the administrator a role that can read authentication policies (for example Read Only).',
    partialTypes: AUTH_POLICY_TYPES,
  });
  let skipped = 0;
  const skip = (fields: object, message: string) => {
    skipped += 1;
    logger.debug(fields, message);
  };

  const organizations = await getCollectedOrganizations({ jobState, instance });
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      const orgApplications = applications.records.filter((app) => app.orgId === orgId);
      await feature.read(orgId, async () => {
        const ipLists = new Set<string>();
        await client.iterateIpLists(orgId, async (list) => {
          const entity = await writer.addRecord({ what: 'IP list', id: list.id, orgId }, () =>
            createIpListEntity(list, config.baseUrl, orgId),
          );
          if (!entity) return;
          await writer.addRelationship(createAccountHasIpListRelationship(accountKey, entity._key));
          ipLists.add(list.id);
        });

        await client.iterateAuthnPolicies(orgId, async (policy) => {
          const entity = await writer.addRecord(
            { what: 'authentication policy', id: policy.id, orgId },
            () => createAuthPolicyEntity(policy, config.baseUrl, orgId),
          );
          if (!entity) return;
          const relationships: Relationship[] = [
            createAccountHasAuthPolicyRelationship(accountKey, entity._key),
          ];
          const targets = readPolicyTargets(policy);
          for (const groupId of new Set(targets.userGroupIds)) {
            const group = groups.inOrganization(groupId, orgId);
            if (group) {
              relationships.push(
                createAuthPolicyAssignedGroupRelationship(entity._key, group._key),
              );
            } else
              skip({ policyId: policy.id, userGroupId: groupId }, 'Target group not collected');
          }
          const covered = new Map<string, boolean>();
          for (const appId of targets.applicationIds) {
            const app = applications.inOrganization(appId, orgId);
            if (app) covered.set(app._key, false);
            else skip({ policyId: policy.id, applicationId: appId }, 'Application not collected');
          }
          if (targets.allApplications) {
            const excluded = new Set(targets.excludedApplicationIds);
            for (const app of orgApplications) {
              if (!excluded.has(app.id) && !covered.has(app._key)) covered.set(app._key, true);
            }
          }
          for (const [appKey, all] of covered) {
            relationships.push(
              createAuthPolicyAssignedApplicationRelationship(entity._key, appKey, all),
            );
          }
          const usedLists = new Map<string, boolean>();
          for (const { id, negated } of summarizeConditions(policy.conditions).ipLists) {
            if (ipLists.has(id)) usedLists.set(id, (usedLists.get(id) ?? false) || negated);
            else skip({ policyId: policy.id, ipListId: id }, 'IP list not collected');
          }
          for (const [id, negated] of usedLists) {
            relationships.push(createAuthPolicyUsesIpListRelationship(entity._key, id, negated));
          }
          await writer.addRelationships(relationships);
          progress.tick();
        });
      });
    }
    progress.done({ skipped, skippedRecords: writer.skippedCount });
    feature.finish();
  });
}

export const authPolicySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.AUTH_POLICIES.id,
    name: Steps.AUTH_POLICIES.name,
    entities: [Entities.AUTH_POLICY, Entities.IP_LIST],
    relationships: [
      Relationships.ACCOUNT_HAS_AUTH_POLICY,
      Relationships.ACCOUNT_HAS_IP_LIST,
      Relationships.AUTH_POLICY_ASSIGNED_GROUP,
      Relationships.AUTH_POLICY_ASSIGNED_APPLICATION,
      Relationships.AUTH_POLICY_USES_IP_LIST,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.GROUPS.id, Steps.APPLICATIONS.id],
    ingestionSourceId: IngestionSources.AUTH_POLICIES,
    executionHandler: fetchAuthPolicies,
  },
];
