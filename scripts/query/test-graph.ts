/** Builders for small hand-made graphs in the report's unit tests. */
import { generateRelationshipType, RelationshipClass } from '@jupiterone/integration-sdk-core';

import { Entities } from '../../src/steps/constants';
import { GraphEntity, GraphRelationship } from './graph';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const NOW = Date.parse('2026-03-01T00:00:00.000Z');

function entity(
  type: string,
  _class: string[],
  key: string,
  properties: Record<string, unknown>,
): GraphEntity {
  return {
    _key: key,
    _type: type,
    _class,
    name: key,
    displayName: key,
    webLink: `https://console.jumpcloud.com/#/${type}/${key}`,
    ...properties,
  };
}

export const user = (key: string, properties: Record<string, unknown> = {}): GraphEntity =>
  entity(Entities.USER._type, ['User'], key, {
    username: key,
    email: `${key}@example.com`,
    state: 'activated',
    mfaEnabled: true,
    mfaExclusion: false,
    sudo: false,
    accountLocked: false,
    ...properties,
  });

export const device = (key: string, properties: Record<string, unknown> = {}): GraphEntity =>
  entity(Entities.DEVICE._type, ['Device'], key, {
    hostname: `${key}.local`,
    platform: 'darwin',
    encrypted: true,
    isEncryptionKeyPresent: true,
    lastSeenOn: NOW - DAY_MS,
    createdOn: NOW - 365 * DAY_MS,
    isSshRootLoginEnabled: false,
    isSshPasswordAuthenticationEnabled: false,
    ...properties,
  });

export const application = (key: string, properties: Record<string, unknown> = {}): GraphEntity =>
  entity(Entities.APPLICATION._type, ['Application'], key, {
    ssoType: 'saml',
    active: true,
    idpCertExpiresOn: NOW + 365 * DAY_MS,
    ...properties,
  });

export const group = (key: string, properties: Record<string, unknown> = {}): GraphEntity =>
  entity(Entities.GROUP._type, ['Group'], key, { membershipMethod: 'STATIC', ...properties });

export const appleMdm = (key: string, properties: Record<string, unknown> = {}): GraphEntity =>
  entity(Entities.APPLE_MDM._type, ['Configuration'], key, {
    depServerTokenState: 'valid',
    apnsCertExpiresOn: NOW + 365 * DAY_MS,
    ...properties,
  });

export const assetDevice = (key: string, properties: Record<string, unknown> = {}): GraphEntity =>
  entity(Entities.ASSET_DEVICE._type, ['Device'], key, {
    managed: true,
    status: 'deployed',
    assetStatus: 'Deployed',
    warrantyExpiresOn: NOW + 365 * DAY_MS,
    ...properties,
  });

export const account = (key: string, properties: Record<string, unknown> = {}): GraphEntity =>
  entity(Entities.ACCOUNT._type, ['Account', 'Organization'], key, properties);

/** A direct relationship between two entities, or between a type and a key not in the graph. */
export function relate(
  from: GraphEntity,
  _class: string,
  to: GraphEntity | { _key: string; _type: string },
  properties: Record<string, unknown> = {},
): GraphRelationship {
  return {
    _key: `${from._key}|${_class.toLowerCase()}|${to._key}`,
    _type: generateRelationshipType(_class as RelationshipClass, from._type, to._type),
    _class,
    _fromEntityKey: from._key,
    _toEntityKey: to._key,
    displayName: _class,
    ...properties,
  };
}
