import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { JumpCloudRadiusServer } from '../../jumpcloud';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { collectWithBoundUserGroups } from '../shared/bound-user-groups';
import {
  createAccountHasRadiusServerRelationship,
  createGroupAssignedRadiusServerRelationship,
  createRadiusServerEntity,
} from './converter';

export const RADIUS_SERVER_TYPES = [
  Entities.RADIUS_SERVER._type,
  Relationships.ACCOUNT_HAS_RADIUS_SERVER._type,
  Relationships.GROUP_ASSIGNED_RADIUS_SERVER._type,
];

/**
 * RADIUS servers of every collected organization (never their shared secrets: the list is
 * read with `fields`, which leaves the secret out) and the user groups bound to each.
 *
 * Requests: one page per 100 servers, plus one traversal per server.
 */
export async function fetchRadiusServers(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  await collectWithBoundUserGroups<JumpCloudRadiusServer>(context, {
    what: 'RADIUS servers',
    kind: 'RADIUS server',
    feature: {
      name: 'RADIUS',
      collects: 'RADIUS servers and their user groups',
      howToGetIt:
        'Give the administrator a role that can read RADIUS servers (for example Read Only).',
      partialTypes: RADIUS_SERVER_TYPES,
    },
    list: (client, orgId, onRecord) => client.iterateRadiusServers(orgId, onRecord),
    userGroups: (client, orgId, server, onGroup) =>
      client.iterateRadiusServerUserGroups(orgId, server.id ?? server._id, onGroup),
    idOf: (server) => server.id ?? server._id,
    toEntity: createRadiusServerEntity,
    accountHas: createAccountHasRadiusServerRelationship,
    groupAssigned: createGroupAssignedRadiusServerRelationship,
  });
}

export const radiusServerSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.RADIUS_SERVERS.id,
    name: Steps.RADIUS_SERVERS.name,
    entities: [Entities.RADIUS_SERVER],
    relationships: [
      Relationships.ACCOUNT_HAS_RADIUS_SERVER,
      Relationships.GROUP_ASSIGNED_RADIUS_SERVER,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.GROUPS.id],
    ingestionSourceId: IngestionSources.RADIUS_SERVERS,
    executionHandler: fetchRadiusServers,
  },
];
