import { createIntegrationEntity, Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { Entities, Relationships } from '../constants';
import { relate } from '../shared/relate';
import { AdministratorActivity } from './fold';

/**
 * A console administrator seen in admin_login_attempt events of one organization. Keyed per
 * organization (the account HAS it): a multi-tenant administrator is one entity per
 * organization they signed in to. No `_rawData` of the events is kept: only the id, the email
 * and what the fold derived. `mfaEnabled` is not set: a sign-in with or without MFA says how
 * the administrator signed in, not whether MFA is enrolled now (absent is not false).
 */
export function createAdministratorEntity(
  orgId: string,
  admin: AdministratorActivity,
  windowStartOn: number,
): Entity {
  const name = admin.email ?? admin.id;
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: `jumpcloud_administrator:${orgId}:${admin.id}`,
        _type: Entities.ADMINISTRATOR._type,
        _class: Entities.ADMINISTRATOR._class,
        id: admin.id,
        orgId,
        name,
        displayName: name,
        username: name,
        email: admin.email,
        admin: true,
        lastLoginOn: admin.lastLoginOn,
        loggedInWithMfa: admin.loggedInWithMfa,
        loggedInWithoutMfa: admin.loggedInWithoutMfa,
        activityWindowStartOn: windowStartOn,
      },
    },
  });
}

export function createAccountHasAdministratorRelationship(
  accountKey: string,
  administratorKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_ADMINISTRATOR, accountKey, administratorKey);
}
