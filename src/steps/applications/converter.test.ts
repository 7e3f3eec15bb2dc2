import { getRawData } from '@jupiterone/integration-sdk-core';

import { JumpCloudApplication } from '../../jumpcloud/types';
import { Entities } from '../constants';
import {
  assignedOf,
  collectAssigned,
  createAccountHasApplicationRelationship,
  createApplicationEntity,
  createGroupAssignedApplicationRelationship,
  createUserAssignedApplicationRelationship,
  sanitizeApplication,
} from './converter';
import { edgeKey } from '../shared/keys';
import { traversalResult } from '../../../test/graph-helpers';

const BASE_URL = 'https://console.jumpcloud.com';
const ORG_ID = '5f0c8d1e2a3b4c5d6e7f8091';
const APP_ID = '617c3664e6f8ae27f7e1201e';
const GROUP_ID = '6026da081f24755306c2ee0d';
const traversed = (id: string, type: string, hops: number[]) =>
  traversalResult(id, type, hops, GROUP_ID);
const USER_ID = '6026bec6b8207255280d5981';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANfakekey\n-----END PRIVATE KEY-----';
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIDfakecert\n-----END CERTIFICATE-----';

function buildApplication(overrides: Partial<JumpCloudApplication> = {}): JumpCloudApplication {
  return {
    _id: APP_ID,
    id: APP_ID,
    name: 'aws-sso',
    displayName: 'AWS SSO',
    displayLabel: 'AWS SSO (production)',
    description: 'Production AWS accounts',
    active: true,
    beta: false,
    organization: ORG_ID,
    created: '2021-10-29T17:59:00.448Z',
    learnMore: 'https://support.jumpcloud.com/s/article/Single-Sign-On-SSO-With-AWS-SSO',
    ssoUrl: 'https://sso.jumpcloud.com/saml2/aws-sso',
    sso: { type: 'saml', jit: false, beta: false, idpCertExpirationAt: '2026-10-29T17:58:59.000Z' },
    config: {
      idpPrivateKey: { label: 'IdP Private Key', value: PRIVATE_KEY },
      idpCertificate: { label: 'IdP Certificate', value: CERTIFICATE },
      spCertificate: { label: 'SP Certificate', value: CERTIFICATE },
      acsUrl: { value: 'https://example.awsapps.com/start/saml/acs' },
    },
    ...overrides,
  };
}

describe('createApplicationEntity', () => {
  test('maps a complete application', () => {
    const entity = createApplicationEntity(buildApplication(), BASE_URL, ORG_ID);

    expect(entity).toMatchObject({
      _key: APP_ID,
      _type: Entities.APPLICATION._type,
      _class: ['Application'],
      id: APP_ID,
      orgId: ORG_ID,
      name: 'aws-sso',
      displayName: 'AWS SSO (production)',
      description: 'Production AWS accounts',
      active: true,
      ssoUrl: 'https://sso.jumpcloud.com/saml2/aws-sso',
      ssoType: 'saml',
      learnMoreUrl: 'https://support.jumpcloud.com/s/article/Single-Sign-On-SSO-With-AWS-SSO',
      idpCertExpiresOn: Date.parse('2026-10-29T17:58:59.000Z'),
      createdOn: Date.parse('2021-10-29T17:59:00.448Z'),
      webLink: `${BASE_URL}/#/sso/${APP_ID}/details`,
    });
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.APPLICATION._class });
  });

  test('keeps the SAML config (keys, certificates) out of _rawData and properties', () => {
    const entity = createApplicationEntity(buildApplication(), BASE_URL, ORG_ID);
    const rawData = getRawData(entity) as Record<string, unknown>;

    expect(rawData).not.toHaveProperty('config');
    expect(entity).not.toHaveProperty('config');
    const serialized = JSON.stringify(entity);
    expect(serialized).not.toContain('PRIVATE KEY');
    expect(serialized).not.toContain('CERTIFICATE');
    expect(serialized).not.toContain('idpPrivateKey');
    // The rest of the record stays.
    expect(rawData).toMatchObject({ _id: APP_ID, name: 'aws-sso', sso: { type: 'saml' } });
  });

  test('does not modify the API record', () => {
    const application = buildApplication();
    sanitizeApplication(application);
    expect(application.config).toBeDefined();
  });

  test('without an sso object: no ssoType, no certificate expiry, ssoUrl null', () => {
    const entity = createApplicationEntity(
      buildApplication({ sso: undefined, ssoUrl: undefined, config: undefined }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.ssoType).toBeUndefined();
    expect(entity.idpCertExpiresOn).toBeUndefined();
    expect(entity.ssoUrl).toBeNull();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.APPLICATION._class });
  });

  test('with sso null', () => {
    const entity = createApplicationEntity(buildApplication({ sso: null }), BASE_URL, ORG_ID);
    expect(entity.ssoType).toBeUndefined();
    expect(entity.idpCertExpiresOn).toBeUndefined();
  });

  test.each([
    [{ displayLabel: 'Label', displayName: 'Name', name: 'key' }, 'Label'],
    [{ displayLabel: '', displayName: 'Name', name: 'key' }, 'Name'],
    [{ displayLabel: null, displayName: null, name: 'key' }, 'key'],
    [{ displayLabel: undefined, displayName: undefined, name: undefined }, APP_ID],
  ])('displayName of %j is %s', (names, expected) => {
    const entity = createApplicationEntity(buildApplication(names), BASE_URL, ORG_ID);
    expect(entity.displayName).toBe(expected);
    expect(entity.name).toBeTruthy();
  });

  test('an inactive application, and one that does not say', () => {
    expect(
      createApplicationEntity(buildApplication({ active: false }), BASE_URL, ORG_ID).active,
    ).toBe(false);
    expect(
      createApplicationEntity(buildApplication({ active: undefined }), BASE_URL, ORG_ID).active,
    ).toBeUndefined();
  });

  test('empty description and learnMore become absent', () => {
    const entity = createApplicationEntity(
      buildApplication({ description: '', learnMore: null }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.description).toBeUndefined();
    expect(entity.learnMoreUrl).toBeUndefined();
  });
});

describe('assignedOf and collectAssigned', () => {
  test('one entry per id, direct if any occurrence is direct', () => {
    const users = new Map<string, boolean>();
    for (const [id, hops] of [
      [USER_ID, 2],
      [USER_ID, 1],
      [USER_ID, 2],
      ['6026bec6b8207255280d5999', 2],
    ] as const) {
      const assigned = assignedOf(traversed(id, 'user', [hops]), 'user');
      expect(assigned).toEqual({ type: 'user', id, direct: hops === 1 });
      collectAssigned(users, assigned!);
    }
    expect([...users]).toEqual([
      [USER_ID, true],
      ['6026bec6b8207255280d5999', false],
    ]);
  });

  test('passes over objects of another type and objects without an id', () => {
    expect(assignedOf(traversed(GROUP_ID, 'user_group', [1]), 'user')).toBeUndefined();
    expect(assignedOf(traversed('', 'user', [1]), 'user')).toBeUndefined();
    expect(assignedOf(traversed(GROUP_ID, 'user_group', [1]), 'user_group')).toEqual({
      type: 'user_group',
      id: GROUP_ID,
      direct: true,
    });
  });
});

describe('application relationships', () => {
  test('account HAS application', () => {
    expect(createAccountHasApplicationRelationship(ORG_ID, APP_ID)).toMatchObject({
      _key: edgeKey(ORG_ID, 'has', APP_ID),
      _type: 'jumpcloud_account_has_application',
      _class: 'HAS',
    });
  });

  test('group ASSIGNED application', () => {
    expect(createGroupAssignedApplicationRelationship(GROUP_ID, APP_ID)).toMatchObject({
      _key: edgeKey(GROUP_ID, 'assigned', APP_ID),
      _type: 'jumpcloud_group_assigned_application',
      _class: 'ASSIGNED',
      _fromEntityKey: GROUP_ID,
      _toEntityKey: APP_ID,
    });
  });

  test('user ASSIGNED application carries direct', () => {
    const direct = createUserAssignedApplicationRelationship(USER_ID, APP_ID, true);
    const viaGroup = createUserAssignedApplicationRelationship(USER_ID, APP_ID, false);
    expect(direct).toMatchObject({
      _key: edgeKey(USER_ID, 'assigned', APP_ID),
      _type: 'jumpcloud_user_assigned_application',
      _class: 'ASSIGNED',
      direct: true,
    });
    expect(viaGroup.direct).toBe(false);
    expect(viaGroup._key).toBe(direct._key);
  });
});
