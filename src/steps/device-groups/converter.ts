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
import { nonBlank } from '../values';
import { consoleLink } from '../links';

export function createDeviceGroupEntity(
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
        _type: Entities.DEVICE_GROUP._type,
        _class: Entities.DEVICE_GROUP._class,
        id: group.id,
        orgId,
        name,
        displayName: name,
        description: nonBlank(group.description),
        email: nonBlank(group.email),
        // One JSON string: the graph holds no nested objects.
        attributes:
          group.attributes === null || group.attributes === undefined
            ? undefined
            : JSON.stringify(group.attributes),
        membershipMethod: nonBlank(group.membershipMethod),
        // System groups carry no creation date in the v2 API; `created` only if it appears.
        createdOn: parseTimePropertyValue(
          typeof group.created === 'string' ? group.created : undefined,
        ),
        webLink: consoleLink(baseUrl, `groups/device/${group.id}/details`),
      },
    },
  });
}

export function createAccountHasDeviceGroupRelationship(
  accountKey: string,
  deviceGroupKey: string,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromKey: accountKey,
    fromType: Entities.ACCOUNT._type,
    toKey: deviceGroupKey,
    toType: Entities.DEVICE_GROUP._type,
  });
}

export function createDeviceGroupHasDeviceRelationship(
  deviceGroupKey: string,
  deviceKey: string,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromKey: deviceGroupKey,
    fromType: Entities.DEVICE_GROUP._type,
    toKey: deviceKey,
    toType: Entities.DEVICE._type,
  });
}

export function createGroupAssignedDeviceGroupRelationship(
  userGroupKey: string,
  deviceGroupKey: string,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.ASSIGNED,
    fromKey: userGroupKey,
    fromType: Entities.GROUP._type,
    toKey: deviceGroupKey,
    toType: Entities.DEVICE_GROUP._type,
  });
}
