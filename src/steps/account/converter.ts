import { Entity, parseTimePropertyValue } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { JumpCloudOrganization } from '../../jumpcloud/types';
import { Entities } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';

/** The organization fields `_rawData` keeps (an allow-list). */
export const ACCOUNT_RAW_DATA_FIELDS = ['_id', 'id', 'displayName', 'logoUrl', 'created'] as const;

export function createAccountEntity(
  organization: JumpCloudOrganization,
  baseUrl: string | undefined,
): Entity {
  const id = organization.id ?? organization._id;
  const displayName = organization.displayName?.trim() || undefined;
  return createEntity({
    entityData: {
      source: allowListed(organization, ACCOUNT_RAW_DATA_FIELDS),
      assign: {
        _key: id,
        _type: Entities.ACCOUNT._type,
        _class: Entities.ACCOUNT._class,
        id,
        name: displayName ?? id,
        displayName: displayName ?? id,
        logoUrl: organization.logoUrl || undefined,
        createdOn: parseTimePropertyValue(organization.created ?? undefined),
        webLink: consoleLink(baseUrl, 'settings'),
      },
    },
  });
}
