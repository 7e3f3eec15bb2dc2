import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { JumpCloudDirectory } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { relate } from '../shared/relate';
import { nonBlank } from '../shared/values';

/** The directory types of the specification, as an administrator names them. */
export const DIRECTORY_TYPE_NAMES: Readonly<Record<string, string>> = {
  g_suite: 'Google Workspace',
  office_365: 'Microsoft 365',
  active_directory: 'Active Directory',
  ldap_server: 'LDAP',
  workday: 'Workday',
};

/** No `oAuthStatus`: it describes the directory's token. */
const RAW_FIELDS = ['id', 'name', 'type', 'defaultDomain', 'organizationId'] as const;

export function createDirectoryEntity(
  directory: JumpCloudDirectory,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const name = nonBlank(directory.name) ?? directory.id;
  const directoryType = nonBlank(directory.type);
  return createEntity({
    entityData: {
      source: allowListed(directory, RAW_FIELDS),
      assign: {
        _key: directory.id,
        _type: Entities.DIRECTORY._type,
        _class: Entities.DIRECTORY._class,
        id: directory.id,
        orgId,
        name,
        displayName: name,
        type: directoryType ? (DIRECTORY_TYPE_NAMES[directoryType] ?? directoryType) : undefined,
        directoryType,
        defaultDomain: nonBlank(directory.defaultDomain?.domain),
        webLink: consoleLink(baseUrl, 'directories'),
      },
    },
  });
}

export function createAccountHasDirectoryRelationship(
  accountKey: string,
  directoryKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_DIRECTORY, accountKey, directoryKey);
}

export function createGroupAssignedDirectoryRelationship(
  groupKey: string,
  directoryKey: string,
): Relationship {
  return relate(Relationships.GROUP_ASSIGNED_DIRECTORY, groupKey, directoryKey);
}
