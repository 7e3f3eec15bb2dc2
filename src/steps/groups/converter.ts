import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { JumpCloudGroup } from '../../jumpcloud/types';
import { createGroupLikeEntity } from '../shared/group-entity';
import { relate } from '../shared/relate';
import { Entities, Relationships } from '../constants';

export function createGroupEntity(
  group: JumpCloudGroup,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  return createGroupLikeEntity(Entities.GROUP, 'user', group, baseUrl, orgId);
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
