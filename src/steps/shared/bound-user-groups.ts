import {
  Entity,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, GraphObjectWithPaths, JumpCloudClient } from '../../jumpcloud';
import { OptionalFeature, OptionalFeatureDescription, readUnlessDeleted } from './optional-data';
import { Entities } from '../constants';
import { collectedIndex, getCollectedOrganizations } from './collected';
import { createProgress } from './progress';
import { writeStep } from './step-writer';
import { forEachInOrder, subCallConcurrency } from './sub-calls';

export interface BoundUserGroupsCollection<T> {
  /** What is counted in progress logs and warnings: 'directories', 'RADIUS servers'. */
  what: string;
  /** One kind of object, as a warning names it: 'directory'. */
  kind: string;
  feature: OptionalFeatureDescription;
  list: (
    client: JumpCloudClient,
    orgId: string,
    onRecord: (record: T) => Promise<void>,
  ) => Promise<unknown>;
  /** The object's user groups (traversal), or undefined when it has no such list. */
  userGroups: (
    client: JumpCloudClient,
    orgId: string,
    record: T,
    onGroup: (group: GraphObjectWithPaths) => void,
  ) => Promise<unknown> | undefined;
  /** The object's JumpCloud id (its entity `_key`). */
  idOf: (record: T) => string;
  toEntity: (record: T, baseUrl: string | undefined, orgId: string) => Entity;
  accountHas: (accountKey: string, entityKey: string) => Relationship;
  groupAssigned: (groupKey: string, entityKey: string) => Relationship;
}

/**
 * The shape the directory and RADIUS steps share: for every collected organization, one
 * list, then one traversal per listed object for the user groups bound to it (user group
 * ASSIGNED object, only for groups collected in the same organization). Optional data:
 * 404 warns, 403 warns and the step fails at the end with its types partial.
 *
 * Requests: one page per 100 objects, plus one per object (and per further 100 groups).
 */
export async function collectWithBoundUserGroups<T>(
  { instance, jobState, logger }: IntegrationStepExecutionContext<IntegrationConfig>,
  collection: BoundUserGroupsCollection<T>,
): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const groups = await collectedIndex({ jobState, instance }, Entities.GROUP._type);
  const progress = createProgress(logger, collection.what);
  const feature = new OptionalFeature(logger, collection.feature);
  let skipped = 0;

  const organizations = await getCollectedOrganizations({ jobState, instance });
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      await feature.read(orgId, () =>
        forEachInOrder<T, { found: boolean; groupIds: string[] }>(
          (onRecord) => collection.list(client, orgId, onRecord),
          async (record) => {
            const result = { found: true, groupIds: [] as string[] };
            const id = collection.idOf(record);
            result.found = await readUnlessDeleted(
              logger,
              { kind: collection.kind, id, orgId },
              async () => {
                await collection.userGroups(client, orgId, record, (group) => {
                  if (group.type === 'user_group') result.groupIds.push(group.id);
                });
              },
            );
            return result;
          },
          async (record, { found, groupIds }) => {
            if (!found) return;
            // Undefined when listed twice (the first is kept) or skipped with a warning.
            const entity = await writer.addRecord(
              { what: collection.kind, id: collection.idOf(record), orgId },
              () => collection.toEntity(record, config.baseUrl, orgId),
            );
            if (!entity) return;
            const relationships = [collection.accountHas(accountKey, entity._key)];
            for (const groupId of new Set(groupIds)) {
              const group = groups.inOrganization(groupId, orgId);
              if (group) relationships.push(collection.groupAssigned(group._key, entity._key));
              else {
                skipped += 1;
                logger.debug(
                  { key: entity._key, userGroupId: groupId },
                  'User group not collected',
                );
              }
            }
            await writer.addRelationships(relationships);
            progress.tick();
          },
          subCallConcurrency(client),
        ),
      );
    }
    progress.done({ skipped, skippedRecords: writer.skippedCount });
    feature.finish();
  });
}
