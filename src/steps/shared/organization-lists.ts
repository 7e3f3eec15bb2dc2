import {
  Entity,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudClient } from '../../jumpcloud';
import { getCollectedOrganizations } from './collected';
import { createProgress } from './progress';

export interface OrganizationListCollection<T> {
  /** What is counted in progress logs: 'users', 'groups'... */
  what: string;
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

  for (const { orgId, accountKey } of await getCollectedOrganizations(jobState)) {
    await collection.list(client, orgId, async (record) => {
      const entity = collection.toEntity(record, config.baseUrl, orgId);
      if (jobState.hasKey(entity._key)) {
        logger.debug({ key: entity._key, orgId }, `Skipping ${collection.what}: listed twice`);
        return;
      }
      await jobState.addEntity(entity);
      await jobState.addRelationship(collection.accountHas(accountKey, entity._key));
      collection.onAdded?.(entity, orgId);
      progress.tick();
    });
  }
  progress.done();
}
