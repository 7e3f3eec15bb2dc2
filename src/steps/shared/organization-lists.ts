import {
  Entity,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudClient } from '../../jumpcloud';
import {
  CollectedDigest,
  digestOf,
  getCollectedOrganizations,
  rememberCollected,
} from './collected';
import { GraphWriter } from './graph-writer';
import { createProgress } from './progress';
import { SkippedRecords } from './skipped-records';

export interface OrganizationListCollection<T> {
  /** What is counted in progress logs: 'users', 'groups'... */
  what: string;
  /** One record as a person names it, for warnings: 'user', 'user group'... (default `what`). */
  recordName?: string;
  /** Reads the organization's list, handing every record over. */
  list: (
    client: JumpCloudClient,
    orgId: string,
    onRecord: (record: T) => Promise<void>,
  ) => Promise<unknown>;
  /** The pure converter: record to entity. */
  toEntity: (record: T, baseUrl: string | undefined, orgId: string) => Entity;
  /** `jumpcloud_account` HAS the entity. */
  accountHas: (accountKey: string, entityKey: string) => Relationship;
  /** Called for every entity added, for steps that work on them afterwards. */
  onAdded?: (entity: Entity, orgId: string) => void;
}

/**
 * The shape every list step shares: for each collected organization, read one list and add
 * each record as an entity hung off that organization's account. A record listed twice (the
 * list changed while it was paged) is added once.
 */
export async function collectFromEveryOrganization<T>(
  { instance, jobState, logger }: IntegrationStepExecutionContext<IntegrationConfig>,
  collection: OrganizationListCollection<T>,
): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const progress = createProgress(logger, collection.what);
  const skipped = new SkippedRecords(logger, collection.recordName ?? collection.what);
  const ownKeys = new Set<string>();
  const digests = new Map<string, CollectedDigest[]>();
  const writer = new GraphWriter(jobState);
  for (const { orgId, accountKey } of await getCollectedOrganizations(jobState)) {
    const listed = collection.list(client, orgId, async (record) => {
      const entity = skipped.convert(
        recordId(record),
        orgId,
        () => collection.toEntity(record, config.baseUrl, orgId),
        (key) => jobState.hasKey(key) && !ownKeys.has(key),
      );
      if (!entity) return;
      if (ownKeys.has(entity._key)) {
        logger.debug({ key: entity._key, orgId }, `Skipping ${collection.what}: listed twice`);
        return;
      }
      ownKeys.add(entity._key);
      await writer.addEntity(entity);
      await writer.addRelationship(collection.accountHas(accountKey, entity._key));
      collection.onAdded?.(entity, orgId);
      let ofType = digests.get(entity._type);
      if (!ofType) digests.set(entity._type, (ofType = []));
      ofType.push(digestOf(entity));
      progress.tick();
    });
    // What was read is written even when the list then fails (the step fails, types partial).
    await listed.finally(() => writer.flush());
  }
  progress.done({ skipped: skipped.count });
  skipped.finish();
  // The whole type is written: later steps read it back from memory.
  for (const [_type, ofType] of digests) rememberCollected(instance, _type, ofType);
}

/** The id of a JumpCloud record, for warnings about it. */
export function recordId(record: unknown): string {
  const { id, _id } = (record ?? {}) as { id?: unknown; _id?: unknown };
  return String(id ?? _id ?? '(no id)');
}
