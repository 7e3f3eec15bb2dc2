import {
  createIntegrationEntity,
  Entity,
  parseTimePropertyValue,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { JumpCloudGroup } from '../../jumpcloud/types';
import { relate } from '../relate';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../links';
import { nonBlank } from '../values';

/** Group attributes (sudo, LDAP/POSIX groups, RADIUS replies) as one JSON string. */
export function serializeGroupAttributes(
  attributes: JumpCloudGroup['attributes'],
): string | undefined {
  return attributes === null || attributes === undefined ? undefined : JSON.stringify(attributes);
}

export function createGroupEntity(
  group: JumpCloudGroup,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const name = nonBlank(group.name) ?? group.id;
  return createIntegrationEntity({
    entityData: {
      source: group,
      assign: {
        _key: group.id,
        _type: Entities.GROUP._type,
        _class: Entities.GROUP._class,
        id: group.id,
        orgId,
        name,
        displayName: name,
        description: nonBlank(group.description),
        email: nonBlank(group.email),
        attributes: serializeGroupAttributes(group.attributes),
        membershipMethod: nonBlank(group.membershipMethod),
        // User groups carry no creation date in the v2 API; `created` only if it appears.
        createdOn: parseTimePropertyValue(
          typeof group.created === 'string' ? group.created : undefined,
        ),
        webLink: consoleLink(baseUrl, `groups/user/${group.id}/details`),
      },
    },
  });
}

export function createAccountHasGroupRelationship(
  accountKey: string,
  groupKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_GROUP, accountKey, groupKey);
}

export function createGroupHasUserRelationship(groupKey: string, userKey: string): Relationship {
  return relate(Relationships.GROUP_HAS_USER, groupKey, userKey);
}
