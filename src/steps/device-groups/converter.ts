import {
  createIntegrationEntity,
  Entity,
  parseTimePropertyValue,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { JumpCloudGroup } from '../../jumpcloud/types';
import { relate } from '../relate';
import { Entities, Relationships } from '../constants';
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
  return relate(Relationships.ACCOUNT_HAS_DEVICE_GROUP, accountKey, deviceGroupKey);
}

export function createDeviceGroupHasDeviceRelationship(
  deviceGroupKey: string,
  deviceKey: string,
): Relationship {
  return relate(Relationships.DEVICE_GROUP_HAS_DEVICE, deviceGroupKey, deviceKey);
}

export function createGroupAssignedDeviceGroupRelationship(
  userGroupKey: string,
  deviceGroupKey: string,
): Relationship {
  return relate(Relationships.GROUP_ASSIGNED_DEVICE_GROUP, userGroupKey, deviceGroupKey);
}
