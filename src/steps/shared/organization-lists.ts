import {
  Entity,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudClient } from '../../jumpcloud';
import { Collected, digestOf, getCollectedOrganizations, rememberCollected } from './collected';
import { createProgress } from './progress';
import { readAheadOr, startReadAhead } from './read-ahead';
import { writeStep } from './step-writer';

export interface OrganizationListCollection<T> {
  /** What is counted in progress logs: 'users', 'groups'... */
  what: string;
  /** One record as a person names it, for warnings: 'user', 'user group'... (default `what`). */
  recordName?: string;
  /** Reads the organization's list, handing every record over. */
  list: (
    client: JumpCloudClient,
    orgId: string,
    onRecord: (record: T) => Promise<void> | void,
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
  const what = collection.recordName ?? collection.what;
  const digests = new Map<string, Collected[]>();
  const organizations = await getCollectedOrganizations({ jobState, instance });
  // Every organization's list goes out at once (the client's limit decides what is in
  // flight), the later ones read ahead while the first is written (./read-ahead.ts: in list
  // order, at most 10,000 records held each); written organization by organization as before.
  const key = (orgId: string) => `${collection.what}:${orgId}`;
  for (const { orgId } of organizations.slice(1)) {
    startReadAhead<T>(instance, key(orgId), (onRecord) => collection.list(client, orgId, onRecord));
  }
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      const list = (onRecord: (record: T) => Promise<void> | void) =>
        collection.list(client, orgId, onRecord);
      await readAheadOr<T>(instance, key(orgId), list, async (record) => {
        const entity = await writer.addRecord({ what, id: recordId(record), orgId }, () =>
          collection.toEntity(record, config.baseUrl, orgId),
        );
        if (!entity) return;
        await writer.addRelationship(collection.accountHas(accountKey, entity._key));
        collection.onAdded?.(entity, orgId);
        let ofType = digests.get(entity._type);
        if (!ofType) digests.set(entity._type, (ofType = []));
        ofType.push(digestOf(entity));
        progress.tick();
      });
    }
    progress.done({ skipped: writer.skippedCount });
  });
  // The whole type is written: later steps read it back from memory.
  for (const [_type, ofType] of digests) rememberCollected(instance, _type, ofType);
}

/** The id of a JumpCloud record, for warnings about it. */
export function recordId(record: unknown): string {
  const { id, _id } = (record ?? {}) as { id?: unknown; _id?: unknown };
  return String(id ?? _id ?? '(no id)');
}
