import { Entity, parseTimePropertyValue, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { GraphObjectWithPaths, JumpCloudApplication } from '../../jumpcloud/types';
import { relate } from '../shared/relate';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { isDirectBinding } from '../shared/traversal';
import { nonBlank } from '../shared/values';

/** The application record without `config`, which holds SAML private keys and certificates. */
export function sanitizeApplication(application: JumpCloudApplication): Record<string, unknown> {
  const kept: Record<string, unknown> = allowListed(application, APPLICATION_RAW_DATA_FIELDS);
  if (application.sso && typeof application.sso === 'object') {
    kept.sso = allowListed(application.sso, ['type', 'idpCertExpirationAt']);
  }
  return kept;
}

/**
 * The application fields `_rawData` keeps (an allow-list): never `config`, which holds SAML
 * keys and certificates, nor anything JumpCloud adds later.
 */
export const APPLICATION_RAW_DATA_FIELDS = [
  '_id',
  'id',
  'name',
  'displayName',
  'displayLabel',
  'description',
  'active',
  'organization',
  'created',
  'learnMore',
  'ssoUrl',
] as const;

export function createApplicationEntity(
  application: JumpCloudApplication,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const id = application.id ?? application._id;
  const displayName =
    nonBlank(application.displayLabel) ??
    nonBlank(application.displayName) ??
    nonBlank(application.name) ??
    id;

  return createEntity({
    entityData: {
      source: sanitizeApplication(application),
      assign: {
        _key: id,
        _type: Entities.APPLICATION._type,
        _class: Entities.APPLICATION._class,
        id,
        orgId,
        // `name` is JumpCloud's connector name (e.g. "aws-sso"), as the predecessor ingested it.
        name: nonBlank(application.name) ?? displayName,
        displayName,
        description: nonBlank(application.description),
        active: typeof application.active === 'boolean' ? application.active : undefined,
        ssoUrl: nonBlank(application.ssoUrl) ?? null,
        ssoType: nonBlank(application.sso?.type),
        learnMoreUrl: nonBlank(application.learnMore),
        idpCertExpiresOn: parseTimePropertyValue(application.sso?.idpCertExpirationAt ?? undefined),
        createdOn: parseTimePropertyValue(application.created ?? undefined),
        webLink: consoleLink(baseUrl, ['sso', id, 'details']),
      },
    },
  });
}

export function createAccountHasApplicationRelationship(
  accountKey: string,
  applicationKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_APPLICATION, accountKey, applicationKey);
}

export function createGroupAssignedApplicationRelationship(
  groupKey: string,
  applicationKey: string,
): Relationship {
  return relate(Relationships.GROUP_ASSIGNED_APPLICATION, groupKey, applicationKey);
}

export function createUserAssignedApplicationRelationship(
  userKey: string,
  applicationKey: string,
  direct: boolean,
): Relationship {
  return relate(Relationships.USER_ASSIGNED_APPLICATION, userKey, applicationKey, { direct });
}

/** What an application's traversal result says: a user or user group, bound directly or not. */
export interface Assigned {
  type: 'user' | 'user_group';
  id: string;
  direct: boolean;
}

/** A traversal result of the type asked for, as `Assigned`; undefined for anything else. */
export function assignedOf(
  object: GraphObjectWithPaths,
  type: Assigned['type'],
): Assigned | undefined {
  if (object.type !== type || !object.id) return undefined;
  return { type, id: object.id, direct: isDirectBinding(object) };
}

/**
 * Folds traversal results into one entry per object id: the same user may come back more
 * than once (one entry per route, or across pages), and is direct if any entry says so.
 */
export function collectAssigned(into: Map<string, boolean>, assigned: Assigned): void {
  into.set(assigned.id, (into.get(assigned.id) ?? false) || assigned.direct);
}
