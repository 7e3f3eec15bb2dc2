import { Entity, parseTimePropertyValue, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { JumpCloudUser } from '../../jumpcloud/types';
import { relate } from '../shared/relate';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { isEmailAddress, nonBlank, optionalBoolean } from '../shared/values';

/**
 * The user fields `_rawData` keeps: an allow-list of fields known to be harmless. Anything
 * else (SSH keys, password and TOTP material, addresses and phone numbers, custom
 * `attributes` whose names and values an administrator chooses, fields JumpCloud adds
 * later) never leaves the converter.
 */
export const USER_RAW_DATA_FIELDS = [
  '_id',
  'id',
  'username',
  // The local account name JumpCloud gives the user on the systems it is bound to.
  'systemUsername',
  'email',
  'firstname',
  'middlename',
  'lastname',
  'displayname',
  'employeeIdentifier',
  'employeeType',
  'jobTitle',
  'department',
  'company',
  'costCenter',
  'description',
  'manager',
  'organization',
  'created',
  'state',
  'activated',
  'suspended',
  'account_locked',
  'password_expired',
  'password_never_expires',
  'password_expiration_date',
  'totp_enabled',
  'mfa',
  'mfaEnrollment',
  'sudo',
  'passwordless_sudo',
  'externally_managed',
  'ldap_binding_user',
  'samba_service_user',
] as const;

/** The user record as `_rawData` keeps it: only the allow-listed fields. */
export function sanitizeUser(user: JumpCloudUser): Record<string, unknown> {
  return allowListed(user as unknown as Record<string, unknown>, USER_RAW_DATA_FIELDS);
}

/** First and last name, else JumpCloud's display name, else the username, else the id. */
export function userName(user: JumpCloudUser): string {
  const fullName = [nonBlank(user.firstname), nonBlank(user.lastname)]
    .filter((part): part is string => part !== undefined)
    .join(' ');
  return fullName || nonBlank(user.displayname) || nonBlank(user.username) || (user.id ?? user._id);
}

/**
 * ACTIVATED is active; a record without `state` falls back to the older flags; a record with
 * neither says nothing (undefined, never false).
 */
export function isUserActive(user: JumpCloudUser): boolean | undefined {
  if (typeof user.state === 'string' && user.state !== '') {
    return user.state.toUpperCase() === 'ACTIVATED';
  }
  if (typeof user.activated !== 'boolean') return undefined;
  return user.activated && user.suspended !== true;
}

/**
 * Suspended when `state` or the `suspended` flag says so (either is enough: a record with
 * `state: SUSPENDED` and `suspended: false` is suspended); not suspended when the record
 * says so through either; undefined when it says nothing.
 */
export function isUserSuspended(user: JumpCloudUser): boolean | undefined {
  const state = nonBlank(user.state)?.toLowerCase();
  if (state === 'suspended' || user.suspended === true) return true;
  if (state !== undefined || user.suspended === false) return false;
  return undefined;
}

/**
 * TOTP on, or MFA enrolment ENROLLED: true. False only when the record carries one of those
 * sources and neither says enabled; undefined when it carries neither.
 */
export function isMfaEnabled(user: JumpCloudUser): boolean | undefined {
  const enrolment = user.mfaEnrollment?.overallStatus;
  if (user.totp_enabled === true || enrolment === 'ENROLLED') return true;
  if (typeof user.totp_enabled === 'boolean' || typeof enrolment === 'string') return false;
  return undefined;
}

export function createUserEntity(
  user: JumpCloudUser,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const id = user.id ?? user._id;
  const state = nonBlank(user.state)?.toLowerCase();
  const name = userName(user);
  const mfaExclusionEndOn = parseTimePropertyValue(user.mfa?.exclusionUntil ?? undefined);

  return createEntity({
    entityData: {
      source: sanitizeUser(user),
      assign: {
        _key: id,
        _type: Entities.USER._type,
        _class: Entities.USER._class,
        id,
        orgId,
        name,
        displayName: nonBlank(user.displayname) ?? name,
        description: nonBlank(user.description),
        createdOn: parseTimePropertyValue(user.created ?? undefined),
        webLink: consoleLink(baseUrl, ['users', id, 'details']),
        state,
        active: isUserActive(user),
        suspended: isUserSuspended(user),
        login: nonBlank(user.username),
        username: nonBlank(user.username),
        // Set even when invalid, so the schema-whitelisted copy of `source.email` is replaced.
        email: isEmailAddress(user.email) ? user.email : undefined,
        employeeType: nonBlank(user.employeeType),
        employeeId: nonBlank(user.employeeIdentifier),
        company: nonBlank(user.company),
        department: nonBlank(user.department),
        jobTitle: nonBlank(user.jobTitle),
        firstName: nonBlank(user.firstname),
        lastName: nonBlank(user.lastname),
        mfaEnabled: isMfaEnabled(user),
        mfaExclusion: optionalBoolean(user.mfa?.exclusion),
        // Deprecated name of mfaExclusionEndOn, kept for existing queries.
        mfaExclusionUntil: mfaExclusionEndOn,
        mfaExclusionEndOn,
        mfaConfigured: optionalBoolean(user.mfa?.configured),
        externallyManaged: optionalBoolean(user.externally_managed),
        ldapBindingUser: optionalBoolean(user.ldap_binding_user),
        sambaServiceUser: optionalBoolean(user.samba_service_user),
        sudo: optionalBoolean(user.sudo),
        passwordExpired: optionalBoolean(user.password_expired),
        passwordNeverExpires: optionalBoolean(user.password_never_expires),
        accountLocked: optionalBoolean(user.account_locked),
        manager: nonBlank(user.manager),
      },
    },
  });
}

export function createAccountHasUserRelationship(
  accountKey: string,
  userKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_USER, accountKey, userKey);
}
