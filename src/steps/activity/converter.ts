import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { JumpCloudProviderAdministrator } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { relate } from '../shared/relate';
import { nonBlank } from '../shared/values';
import { AdministratorActivity } from './fold';

/**
 * The members of a provider administrator record kept in `_rawData`. Never the API key
 * members the `Administrator` schema also declares (`apiKeyAllowed`, `apiKeyHash`,
 * `apiKeySet`), nor anything else the API may add (a password, say).
 */
export const PROVIDER_ADMINISTRATOR_RAW_FIELDS = [
  'id',
  '_id',
  'email',
  'firstname',
  'lastname',
  'enableMultiFactor',
  'registered',
  'suspended',
  'role',
  'roleName',
  'organizationAccessTotal',
] as const;

/** What is known of one console administrator in one organization, from either source. */
export interface AdministratorSources {
  /** The administrators API of the key's provider (absent: not a provider key, or not listed). */
  provider?: JumpCloudProviderAdministrator;
  /** admin_login_attempt events (absent: not seen signing in, or events not read). */
  events?: AdministratorActivity;
  /** The activity window's start, when the organization's events were read whole. */
  windowStartOn?: number;
}

function allowListed(record: JumpCloudProviderAdministrator): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_ADMINISTRATOR_RAW_FIELDS) {
    if (record[field] !== undefined) out[field] = record[field];
  }
  return out;
}

const bool = (value: unknown) => (typeof value === 'boolean' ? value : undefined);

/**
 * A console administrator of one organization (the account HAS it), keyed per organization
 * by the id the events give (or the provider record's id when only the provider API lists
 * them): a multi-tenant administrator is one entity per organization.
 *
 * - From the provider API: `email`, the name, `role`/`roleName` as given, `mfaEnabled` from
 *   `enableMultiFactor` (only when the record has it: absent is not false), `suspended`.
 * - From the sign-in events: `lastLoginOn`, `loggedInWithMfa`, `loggedInWithoutMfa` and
 *   `activityWindowStartOn`, only when the organization's events were read whole. A sign-in
 *   with or without MFA says how the administrator signed in, not whether MFA is enrolled.
 *
 * No `_rawData` of the events is kept; of the provider record only the allow-listed members.
 */
export function createAdministratorEntity(
  orgId: string,
  key: string,
  { provider, events, windowStartOn }: AdministratorSources,
): Entity {
  const email = nonBlank(provider?.email) ?? events?.email;
  const id = nonBlank(provider?.id) ?? nonBlank(provider?._id) ?? events?.id ?? key;
  const fullName = [nonBlank(provider?.firstname), nonBlank(provider?.lastname)]
    .filter((part) => part !== undefined)
    .join(' ');
  const name = nonBlank(fullName) ?? email ?? id;
  const read = windowStartOn !== undefined;
  return createEntity({
    entityData: {
      source: provider ? allowListed(provider) : {},
      assign: {
        _key: `jumpcloud_administrator:${orgId}:${key}`,
        _type: Entities.ADMINISTRATOR._type,
        _class: Entities.ADMINISTRATOR._class,
        id,
        orgId,
        name,
        displayName: name,
        username: email ?? id,
        email,
        firstName: nonBlank(provider?.firstname),
        lastName: nonBlank(provider?.lastname),
        role: nonBlank(provider?.role),
        roleName: nonBlank(provider?.roleName),
        mfaEnabled: bool(provider?.enableMultiFactor),
        suspended: bool(provider?.suspended),
        admin: true,
        lastLoginOn: read ? events?.lastLoginOn : undefined,
        loggedInWithMfa: read ? (events?.loggedInWithMfa ?? false) : undefined,
        loggedInWithoutMfa: read ? (events?.loggedInWithoutMfa ?? false) : undefined,
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
