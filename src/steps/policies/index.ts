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
  JumpCloudPolicyGroup,
  JumpCloudPolicyTemplate,
  JumpCloudPolicyWithDetails,
} from '../../jumpcloud';
import { OptionalFeature, readUnlessDeleted } from '../shared/optional-data';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { CollectedIndex, collectedIndex, getCollectedOrganizations } from '../shared/collected';
import { createProgress } from '../shared/progress';
import { StepWriter, writeStep } from '../shared/step-writer';
import { isDirectBinding } from '../shared/traversal';
import { allSettledOrFirstError } from '../../jumpcloud/settle';
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
  PolicyResultOnDevice,
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
  /** System id -> what its edge keeps of the latest result. */
  results: Map<string, PolicyResultOnDevice>;
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
  // The four reads depend on none of each other: they go out together (the client's limit
  // decides what is really in flight), and the policy waits one latency period, not four.
  const present = await readUnlessDeleted(logger, { kind: 'policy', id: policy.id, orgId }, () =>
    allSettledOrFirstError([
      client.getPolicy(orgId, policy.id).then((details) => {
        reading.details = details;
      }),
      client.iteratePolicySystems(orgId, policy.id, (target) => {
        if (target.type !== 'system' || typeof target.id !== 'string') return;
        reading.systems.set(
          target.id,
          (reading.systems.get(target.id) ?? false) || isDirectBinding(target),
        );
      }),
      client.iteratePolicySystemGroups(orgId, policy.id, (target) => {
        if (
          target.type === 'system_group' &&
          typeof target.id === 'string' &&
          isDirectBinding(target)
        ) {
          reading.directDeviceGroups.add(target.id);
        }
      }),
      client.iteratePolicyStatuses(orgId, policy.id, (result) => {
        keepLatestResult(reading.results, result);
      }),
    ]),
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
  // Each edge written as it is made: a policy reaches thousands of systems.
  await writer.addRelationship(createAccountHasPolicyRelationship(context.accountKey, entity._key));
  for (const [systemId, direct] of reading.systems) {
    if (!context.deviceKeys.has(systemId)) {
      counts.skippedTargets += 1;
      logger.debug(
        { policyId: policy.id, systemId },
        'System the policy reaches was not collected',
      );
      continue;
    }
    await writer.addRelationship(
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
    await writer.addRelationship(createDeviceGroupAssignedPolicyRelationship(groupId, entity._key));
    counts.deviceGroupEdges += 1;
  }
  return true;
}

/** `onListed` runs once the list of policies was read, before their sub-calls. */
async function collectPolicies(
  context: OrgPolicyContext,
  onListed: () => void,
): Promise<Set<string>> {
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
  onListed();
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

/** What the policy group reads found, before anything is written. */
interface PolicyGroupsReading {
  /** Listed once each, in list order; those without an id are skipped when written. */
  groups: JumpCloudPolicyGroup[];
  /** Policy ids of each group's direct members; absent when the group was deleted meanwhile. */
  members: Map<string, string[]>;
}

/**
 * The policy groups and their members. Nothing here waits for the policies: it runs while
 * they are read, and `writePolicyGroups` writes once they are (an edge needs its policy).
 */
async function readPolicyGroups(context: OrgPolicyContext): Promise<PolicyGroupsReading> {
  const { client, logger, orgId } = context;
  const reading: PolicyGroupsReading = { groups: [], members: new Map() };
  const seen = new Set<string>();
  const ids: string[] = [];
  await client.iteratePolicyGroups(orgId, (group) => {
    if (typeof group.id === 'string') {
      // Listed twice: the first is kept, and no sub-call is spent on the copy.
      if (seen.has(group.id)) return;
      seen.add(group.id);
      ids.push(group.id);
    }
    reading.groups.push(group);
  });
  await pMap(
    ids,
    async (groupId) => {
      const policyIds: string[] = [];
      const read = await readUnlessDeleted(
        logger,
        { kind: 'policy group', id: groupId, orgId },
        () =>
          client.iteratePolicyGroupMembers(orgId, groupId, (member) => {
            if (member.to?.type === 'policy') policyIds.push(member.to.id);
          }),
      );
      if (read) reading.members.set(groupId, policyIds);
    },
    { concurrency: subCallConcurrency(client) },
  );
  return reading;
}

async function writePolicyGroups(
  context: OrgPolicyContext,
  reading: PolicyGroupsReading,
  policyKeys: Set<string>,
) {
  const { writer, logger, orgId, counts } = context;
  for (const group of reading.groups) {
    const record = { what: 'policy group', id: String(group.id), orgId };
    if (typeof group.id !== 'string') {
      writer.skip(record, 'it has no id');
      continue;
    }
    const entity = await writer.addRecord(record, () =>
      createPolicyGroupEntity(group, context.baseUrl, orgId),
    );
    if (!entity) continue;
    await writer.addRelationship(
      createAccountHasPolicyGroupRelationship(context.accountKey, entity._key),
    );
    counts.policyGroups += 1;
    const found: Relationship[] = [];
    for (const policyId of reading.members.get(group.id) ?? []) {
      if (!policyKeys.has(policyId)) {
        counts.skippedTargets += 1;
        logger.debug({ groupId: group.id, policyId }, 'Policy of the group was not collected');
        continue;
      }
      found.push(createPolicyGroupHasPolicyRelationship(entity._key, policyId));
      counts.policyGroupEdges += 1;
    }
    await writer.addRelationships(found);
  }
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
  const organizations = await getCollectedOrganizations({ jobState, instance });
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
      // Policy groups are read while the policies' sub-calls are (their reads need nothing
      // of the policies) and written after them, only when the policies could be read. They
      // start once the policies' list answered: an organization without policies (404) or a
      // key that may not read them (403) still costs one request, as before.
      let groupsRead: Promise<PolicyGroupsReading> | undefined;
      const groupsSettled = async () => {
        await groupsRead?.catch(() => undefined);
      };
      let policyKeys = new Set<string>();
      const read = await feature
        .read(orgId, async () => {
          policyKeys = await collectPolicies(context, () => {
            groupsRead = readPolicyGroups(context);
            groupsRead.catch(() => undefined);
          });
        })
        .catch(async (error: unknown) => {
          // The step fails: with no read of the groups left running behind it.
          await groupsSettled();
          throw error;
        });
      // Policy groups on their own: an org may have policies and no policy groups feature.
      if (read) {
        await groupFeature.read(orgId, async () =>
          writePolicyGroups(context, await (groupsRead ?? readPolicyGroups(context)), policyKeys),
        );
      } else {
        // Without policies nothing of the groups is written, whatever their reads met.
        await groupsSettled();
      }
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
