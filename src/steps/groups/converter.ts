import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  parseTimePropertyValue,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { JumpCloudGroup } from '../../jumpcloud/types';
import { Entities } from '../constants';
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
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromKey: accountKey,
    fromType: Entities.ACCOUNT._type,
    toKey: groupKey,
    toType: Entities.GROUP._type,
  });
}

export function createGroupHasUserRelationship(groupKey: string, userKey: string): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromKey: groupKey,
    fromType: Entities.GROUP._type,
    toKey: userKey,
    toType: Entities.USER._type,
  });
}
