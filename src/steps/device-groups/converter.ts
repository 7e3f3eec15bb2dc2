import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { JumpCloudGroup } from '../../jumpcloud/types';
import { createGroupLikeEntity } from '../shared/group-entity';
import { relate } from '../shared/relate';
import { Entities, Relationships } from '../constants';

export function createDeviceGroupEntity(
  group: JumpCloudGroup,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  return createGroupLikeEntity(Entities.DEVICE_GROUP, 'device', group, baseUrl, orgId);
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
