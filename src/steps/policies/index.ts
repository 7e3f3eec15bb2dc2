import {
  IntegrationLogger,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import pMap from 'p-map';

import { IntegrationConfig } from '../../config';
import {
  getOrCreateClient,
  JumpCloudClient,
  JumpCloudPolicy,
  JumpCloudPolicyResult,
  JumpCloudPolicyTemplate,
  JumpCloudPolicyWithDetails,
} from '../../jumpcloud';
import { OptionalFeature, readUnlessDeleted } from '../shared/optional-data';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { CollectedIndex, collectedIndex, getCollectedOrganizations } from '../shared/collected';
import { createProgress } from '../shared/progress';
import { StepWriter, writeStep } from '../shared/step-writer';
import { isDirectBinding } from '../shared/traversal';
import { subCallConcurrency } from '../shared/sub-calls';
import {
  createAccountHasPolicyGroupRelationship,
  createAccountHasPolicyRelationship,
  createDeviceAssignedPolicyRelationship,
  createDeviceGroupAssignedPolicyRelationship,
  createPolicyEntity,
  createPolicyGroupEntity,
  createPolicyGroupHasPolicyRelationship,
  isTemplateIncomplete,
  keepLatestResult,
} from './converter';

/** Every type of the step: what JupiterOne must keep when policies could not be read. */
export const POLICY_TYPES = [
  Entities.POLICY._type,
  Entities.POLICY_GROUP._type,
  Relationships.ACCOUNT_HAS_POLICY._type,
  Relationships.ACCOUNT_HAS_POLICY_GROUP._type,
  Relationships.POLICY_GROUP_HAS_POLICY._type,
  Relationships.DEVICE_GROUP_ASSIGNED_POLICY._type,
  Relationships.DEVICE_ASSIGNED_POLICY._type,
];

interface OrgPolicyContext {
  client: JumpCloudClient;
  writer: StepWriter;
  logger: IntegrationLogger;
  baseUrl: string | undefined;
  orgId: string;
  accountKey: string;
  /** Collected `jumpcloud_device` and `jumpcloud_device_group` keys (in memory, by type). */
  deviceKeys: CollectedIndex;
  deviceGroupKeys: CollectedIndex;
  counts: PolicyCounts;
}

interface PolicyCounts {
  policies: number;
  policyGroups: number;
  deviceEdges: number;
  deviceGroupEdges: number;
  policyGroupEdges: number;
  /** Results for systems that were not collected (deleted) or that the policy no longer reaches. */
  skippedResults: number;
  /** Systems or groups a policy reaches that were not collected. */
  skippedTargets: number;
}

/** What the per-policy sub-calls found, before anything is written. */
interface PolicyReading {
  details?: JumpCloudPolicyWithDetails;
  /** System id -> bound directly or not. */
  systems: Map<string, boolean>;
  directDeviceGroups: Set<string>;
  results: Map<string, JumpCloudPolicyResult>;
}

/**
 * Templates of the organization by id and name, read only when a policy's embedded template
 * lacks what the entity shows (one list per organization, at most once).
 */
export function templateLookup(context: Pick<OrgPolicyContext, 'client' | 'orgId'>) {
  let templates: Promise<Map<string, JumpCloudPolicyTemplate>> | undefined;
  return async (
    embedded: JumpCloudPolicyTemplate | null | undefined,
  ): Promise<JumpCloudPolicyTemplate | undefined> => {
    if (!isTemplateIncomplete(embedded)) return embedded ?? undefined;
    if (!templates) {
      templates = (async () => {
        const byKey = new Map<string, JumpCloudPolicyTemplate>();
        await context.client.iteratePolicyTemplates(context.orgId, (template) => {
          if (typeof template.id === 'string') byKey.set(`id:${template.id}`, template);
          if (typeof template.name === 'string') byKey.set(`name:${template.name}`, template);
        });
        return byKey;
      })();
    }
    const byKey = await templates;
    const full =
      (typeof embedded?.id === 'string' ? byKey.get(`id:${embedded.id}`) : undefined) ??
      (typeof embedded?.name === 'string' ? byKey.get(`name:${embedded.name}`) : undefined);
    return full ? { ...full, ...withoutBlanks(embedded ?? {}) } : (embedded ?? undefined);
  };
}

function withoutBlanks(record: JumpCloudPolicyTemplate): JumpCloudPolicyTemplate {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  );
}

/** The four sub-calls of one policy; undefined when the policy was deleted meanwhile. */
async function readPolicy(
  context: OrgPolicyContext,
  policy: JumpCloudPolicy,
): Promise<PolicyReading | undefined> {
  const { client, orgId, logger } = context;
  const reading: PolicyReading = {
    systems: new Map(),
    directDeviceGroups: new Set(),
    results: new Map(),
  };
  const present = await readUnlessDeleted(
    logger,
    { kind: 'policy', id: policy.id, orgId },
    async () => {
      reading.details = await client.getPolicy(orgId, policy.id);
      await client.iteratePolicySystems(orgId, policy.id, (target) => {
        if (target.type !== 'system' || typeof target.id !== 'string') return;
        reading.systems.set(
          target.id,
          (reading.systems.get(target.id) ?? false) || isDirectBinding(target),
        );
      });
      await client.iteratePolicySystemGroups(orgId, policy.id, (target) => {
        if (
          target.type === 'system_group' &&
          typeof target.id === 'string' &&
          isDirectBinding(target)
        ) {
          reading.directDeviceGroups.add(target.id);
        }
      });
      await client.iteratePolicyStatuses(orgId, policy.id, (result) => {
        keepLatestResult(reading.results, result);
      });
    },
  );
  return present ? reading : undefined;
}

/** Entities and edges of one policy, from what its sub-calls found; false when skipped. */
async function writePolicy(
  context: OrgPolicyContext,
  policy: JumpCloudPolicy,
  template: JumpCloudPolicyTemplate | undefined,
  reading: PolicyReading,
): Promise<boolean> {
  const { writer, logger, counts } = context;
  const entity = await writer.addRecord(
    { what: 'device policy', id: policy.id, orgId: context.orgId },
    () => createPolicyEntity(policy, reading.details, template, context.baseUrl, context.orgId),
  );
  if (!entity) return false;
  counts.policies += 1;
  const relationships: Relationship[] = [
    createAccountHasPolicyRelationship(context.accountKey, entity._key),
  ];
  for (const [systemId, direct] of reading.systems) {
    if (!context.deviceKeys.has(systemId)) {
      counts.skippedTargets += 1;
      logger.debug(
        { policyId: policy.id, systemId },
        'System the policy reaches was not collected',
      );
      continue;
    }
    relationships.push(
      createDeviceAssignedPolicyRelationship(
        systemId,
        entity._key,
        direct,
        reading.results.get(systemId),
      ),
    );
    counts.deviceEdges += 1;
  }
  for (const systemId of reading.results.keys()) {
    if (!reading.systems.has(systemId) || !context.deviceKeys.has(systemId)) {
      // A deleted system (JumpCloud keeps its results) or one the policy no longer reaches.
      counts.skippedResults += 1;
    }
  }
  for (const groupId of reading.directDeviceGroups) {
    if (!context.deviceGroupKeys.has(groupId)) {
      counts.skippedTargets += 1;
      logger.debug(
        { policyId: policy.id, groupId },
        'System group bound to the policy was not collected',
      );
      continue;
    }
    relationships.push(createDeviceGroupAssignedPolicyRelationship(groupId, entity._key));
    counts.deviceGroupEdges += 1;
  }
  await writer.addRelationships(relationships);
  return true;
}

async function collectPolicies(context: OrgPolicyContext): Promise<Set<string>> {
  const { client, writer, logger, orgId } = context;
  const policies: JumpCloudPolicy[] = [];
  const seen = new Set<string>();
  await client.iteratePolicies(orgId, (policy) => {
    const record = { what: 'device policy', id: String(policy.id), orgId };
    if (typeof policy.id !== 'string') {
      writer.skip(record, 'it has no id');
      return;
    }
    // Listed twice: the first is kept, and no sub-call is spent on the copy.
    if (seen.has(policy.id) || !writer.isNewRecord(record, Entities.POLICY._type)) return;
    seen.add(policy.id);
    policies.push(policy);
  });
  const template = templateLookup(context);
  const collected = new Set<string>();
  const progress = createProgress(logger, 'policies');
  await pMap(
    policies,
    async (policy) => {
      const [reading, fullTemplate] = await Promise.all([
        readPolicy(context, policy),
        template(policy.template),
      ]);
      if (!reading) return;
      if (!(await writePolicy(context, policy, fullTemplate, reading))) return;
      collected.add(policy.id);
      progress.tick();
    },
    { concurrency: subCallConcurrency(client) },
  );
  return collected;
}

async function collectPolicyGroups(context: OrgPolicyContext, policyKeys: Set<string>) {
  const { client, writer, logger, orgId, counts } = context;
  const groups: string[] = [];
  await client.iteratePolicyGroups(orgId, async (group) => {
    const record = { what: 'policy group', id: String(group.id), orgId };
    if (typeof group.id !== 'string') {
      writer.skip(record, 'it has no id');
      return;
    }
    const entity = await writer.addRecord(record, () =>
      createPolicyGroupEntity(group, context.baseUrl, orgId),
    );
    if (!entity) return;
    await writer.addRelationship(
      createAccountHasPolicyGroupRelationship(context.accountKey, entity._key),
    );
    groups.push(entity._key);
    counts.policyGroups += 1;
  });
  await pMap(
    groups,
    async (groupId) => {
      const found: Relationship[] = [];
      await readUnlessDeleted(logger, { kind: 'policy group', id: groupId, orgId }, () =>
        client.iteratePolicyGroupMembers(orgId, groupId, (member) => {
          if (member.to?.type !== 'policy') return;
          if (!policyKeys.has(member.to.id)) {
            counts.skippedTargets += 1;
            logger.debug(
              { groupId, policyId: member.to.id },
              'Policy of the group was not collected',
            );
            return;
          }
          found.push(createPolicyGroupHasPolicyRelationship(groupId, member.to.id));
          counts.policyGroupEdges += 1;
        }),
      );
      await writer.addRelationships(found);
    },
    { concurrency: subCallConcurrency(client) },
  );
}

/**
 * Device policies of every collected organization: each policy (with its template and its
 * harmless settings), the devices it reaches by any route with the latest result on each, the
 * system groups bound to it directly, and policy groups with their policies.
 *
 * Requests per organization: one page of `/policies` and of `/policygroups` per 100, then
 * per policy four (details, systems, system groups, results; one more page per 100 systems
 * reached or results), per policy group one (members); `/policytemplates` only when a policy's
 * embedded template lacks its name, display name or OS. None per system.
 *
 * An organization without policies (404) warns; a key that may not read them (403) warns, the
 * other organizations are collected, and the step then fails so every policy type is
 * reported partial and JupiterOne keeps the data of earlier runs.
 */
export async function fetchPolicies({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const deviceKeys = await collectedIndex({ jobState, instance }, Entities.DEVICE._type);
  const deviceGroupKeys = await collectedIndex({ jobState, instance }, Entities.DEVICE_GROUP._type);
  const feature = new OptionalFeature(logger, {
    name: 'device policies',
    collects: 'policies, policy groups and policy results',
    howToGetIt: 'Give the administrator a role that can read policies (for example Read Only).',
    partialTypes: POLICY_TYPES,
  });
  const groupFeature = new OptionalFeature(logger, {
    name: 'policy groups',
    collects: 'policy groups and their policies',
    howToGetIt:
      'Give the administrator a role that can read policy groups (for example Read Only).',
    partialTypes: [
      Entities.POLICY_GROUP._type,
      Relationships.ACCOUNT_HAS_POLICY_GROUP._type,
      Relationships.POLICY_GROUP_HAS_POLICY._type,
    ],
  });
  const counts: PolicyCounts = {
    policies: 0,
    policyGroups: 0,
    deviceEdges: 0,
    deviceGroupEdges: 0,
    policyGroupEdges: 0,
    skippedResults: 0,
    skippedTargets: 0,
  };
  const organizations = await getCollectedOrganizations(jobState);
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      const context: OrgPolicyContext = {
        client,
        writer,
        logger,
        baseUrl: config.baseUrl,
        orgId,
        accountKey,
        deviceKeys,
        deviceGroupKeys,
        counts,
      };
      let policyKeys = new Set<string>();
      const read = await feature.read(orgId, async () => {
        policyKeys = await collectPolicies(context);
      });
      // Policy groups on their own: an org may have policies and no policy groups feature.
      if (read) await groupFeature.read(orgId, () => collectPolicyGroups(context, policyKeys));
    }
    logger.info({ ...counts, skippedRecords: writer.skippedCount }, 'Device policies collected');
    feature.finish();
    groupFeature.finish();
  });
}

export const policySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.POLICIES.id,
    name: Steps.POLICIES.name,
    entities: [Entities.POLICY, Entities.POLICY_GROUP],
    relationships: [
      Relationships.ACCOUNT_HAS_POLICY,
      Relationships.ACCOUNT_HAS_POLICY_GROUP,
      Relationships.POLICY_GROUP_HAS_POLICY,
      Relationships.DEVICE_GROUP_ASSIGNED_POLICY,
      Relationships.DEVICE_ASSIGNED_POLICY,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.DEVICES.id, Steps.DEVICE_GROUPS.id],
    ingestionSourceId: IngestionSources.POLICIES,
    executionHandler: fetchPolicies,
  },
];
