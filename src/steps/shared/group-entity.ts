import {
  Entity,
  parseTimePropertyValue,
  StepEntityMetadata,
} from '@jupiterone/integration-sdk-core';

import { createEntity } from './entity';
import { JumpCloudGroup } from '../../jumpcloud/types';
import { consoleLink } from './links';
import { allowListed } from './raw-data';

/** The group fields `_rawData` keeps (an allow-list; user and system groups alike). */
export const GROUP_RAW_DATA_FIELDS = [
  'id',
  'name',
  'type',
  'description',
  'email',
  'attributes',
  'membershipMethod',
  'created',
] as const;
import { nonBlank } from './values';

/** Group attributes (sudo, LDAP/POSIX groups, RADIUS replies) as one JSON string. */
export function serializeGroupAttributes(
  attributes: JumpCloudGroup['attributes'],
): string | undefined {
  return attributes === null || attributes === undefined ? undefined : JSON.stringify(attributes);
}

/**
 * A v2 group as a `Group` entity. User groups and system groups have the same record shape
 * and the same properties; only the type and the console page differ.
 */
export function createGroupLikeEntity(
  metadata: StepEntityMetadata,
  consoleKind: 'user' | 'device',
  group: JumpCloudGroup,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const name = nonBlank(group.name) ?? group.id;
  return createEntity({
    entityData: {
      source: allowListed(group, GROUP_RAW_DATA_FIELDS),
      assign: {
        _key: group.id,
        _type: metadata._type,
        _class: metadata._class,
        id: group.id,
        orgId,
        name,
        displayName: name,
        description: nonBlank(group.description),
        email: nonBlank(group.email),
        // One JSON string: the graph holds no nested objects.
        attributes: serializeGroupAttributes(group.attributes),
        membershipMethod: nonBlank(group.membershipMethod),
        // Groups carry no creation date in the v2 API; `created` only if it appears.
        createdOn: parseTimePropertyValue(
          typeof group.created === 'string' ? group.created : undefined,
        ),
        webLink: consoleLink(baseUrl, ['groups', consoleKind, group.id, 'details']),
      },
    },
  });
}
