import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { DIRECTORY_USER_GROUP_PATHS, JumpCloudDirectory } from '../../jumpcloud';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { collectWithBoundUserGroups } from '../shared/bound-user-groups';
import {
  createAccountHasDirectoryRelationship,
  createDirectoryEntity,
  createGroupAssignedDirectoryRelationship,
} from './converter';

export const DIRECTORY_TYPES = [
  Entities.DIRECTORY._type,
  Relationships.ACCOUNT_HAS_DIRECTORY._type,
  Relationships.GROUP_ASSIGNED_DIRECTORY._type,
];

/**
 * Directories of every collected organization (Google Workspace, Microsoft 365, Active
 * Directory, LDAP; Workday too, which has no user group list) and the user groups each syncs.
 *
 * Requests: one page per 100 directories, plus one traversal per directory.
 */
export async function fetchDirectories(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  await collectWithBoundUserGroups<JumpCloudDirectory>(context, {
    what: 'directories',
    kind: 'directory',
    feature: {
      name: 'Directories',
      collects: 'directories and the user groups they sync',
      howToGetIt:
        'Give the administrator a role that can read directories (for example Read Only).',
      partialTypes: DIRECTORY_TYPES,
    },
    list: (client, orgId, onRecord) => client.iterateDirectories(orgId, onRecord),
    userGroups: (client, orgId, directory, onGroup) => {
      const type = directory.type ?? '';
      if (!DIRECTORY_USER_GROUP_PATHS[type]) {
        context.logger.debug(
          { directoryId: directory.id, type },
          'Directory type has no user groups',
        );
        return undefined;
      }
      return client.iterateDirectoryUserGroups(orgId, { id: directory.id, type }, onGroup);
    },
    idOf: (directory) => directory.id,
    toEntity: createDirectoryEntity,
    accountHas: createAccountHasDirectoryRelationship,
    groupAssigned: createGroupAssignedDirectoryRelationship,
  });
}

export const directorySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.DIRECTORIES.id,
    name: Steps.DIRECTORIES.name,
    entities: [Entities.DIRECTORY],
    relationships: [Relationships.ACCOUNT_HAS_DIRECTORY, Relationships.GROUP_ASSIGNED_DIRECTORY],
    dependsOn: [Steps.ACCOUNT.id, Steps.GROUPS.id],
    ingestionSourceId: IngestionSources.DIRECTORIES,
    executionHandler: fetchDirectories,
  },
];
