import { getRawData } from '@jupiterone/integration-sdk-core';

import { JumpCloudUser } from '../../jumpcloud/types';
import { Entities } from '../constants';
import {
  createAccountHasUserRelationship,
  createUserEntity,
  sanitizeUser,
  USER_RAW_DATA_FIELDS,
  userName,
} from './converter';
import { edgeKey } from '../shared/keys';

const BASE_URL = 'https://console.jumpcloud.com';
const ORG_ID = '5f0c8d1e2a3b4c5d6e7f8091';
const USER_ID = '6026bec6b8207255280d5981';

function buildUser(overrides: Partial<JumpCloudUser> = {}): JumpCloudUser {
  return {
    _id: USER_ID,
    id: USER_ID,
    username: 'ada.lovelace',
    email: 'ada@example.com',
    alternateEmail: 'ada.private@example.org',
    firstname: 'Ada',
    middlename: '',
    lastname: 'Lovelace',
    displayname: 'Ada L.',
    employeeIdentifier: 'E-1815',
    employeeType: 'Full-time',
    jobTitle: 'Engineer',
    department: 'R&D',
    company: 'Analytical Engines',
    description: '',
    manager: '6026bec6b8207255280d5000',
    organization: ORG_ID,
    created: '2021-02-12T17:51:34.379Z',
    state: 'ACTIVATED',
    activated: true,
    suspended: false,
    account_locked: false,
    password_expired: false,
    password_never_expires: true,
    password_expiration_date: '2026-01-01T00:00:00.000Z',
    totp_enabled: false,
    mfa: {
      configured: true,
      exclusion: true,
      exclusionDays: 7,
      exclusionUntil: '2025-03-08T00:00:00.000Z',
    },
    mfaEnrollment: { overallStatus: 'ENROLLED', totpStatus: 'ENROLLED' },
    sudo: true,
    passwordless_sudo: false,
    externally_managed: false,
    ldap_binding_user: true,
    samba_service_user: false,
    public_key: 'ssh-rsa AAAAB3NzaC1yc2E-public-key ada@host',
    ssh_keys: [
      {
        _id: '6026bec6b8207255280d5982',
        name: 'laptop',
        public_key: 'ssh-ed25519 AAAAC3Nza-ssh-key ada@laptop',
        create_date: '2021-02-12T17:51:34.379Z',
      },
    ],
    addresses: [
      { id: 'a1', type: 'home', streetAddress: '12 St James Square', locality: 'London' },
    ],
    phoneNumbers: [{ id: 'p1', type: 'mobile', number: '+44 20 7946 0000' }],
    recoveryEmail: { address: 'ada.recovery@example.org', verified: true },
    password: 'hunter2-plain-text',
    totp_secret: 'JBSWY3DPEHPK3PXP',
    ...overrides,
  };
}

describe('createUserEntity', () => {
  test('maps a complete user to the data-model properties', () => {
    const entity = createUserEntity(buildUser(), BASE_URL, ORG_ID);

    expect(entity).toMatchObject({
      _key: USER_ID,
      _type: Entities.USER._type,
      _class: ['User'],
      id: USER_ID,
      orgId: ORG_ID,
      name: 'Ada Lovelace',
      displayName: 'Ada L.',
      createdOn: Date.parse('2021-02-12T17:51:34.379Z'),
      webLink: `${BASE_URL}/#/users/${USER_ID}/details`,
      state: 'activated',
      active: true,
      suspended: false,
      login: 'ada.lovelace',
      username: 'ada.lovelace',
      email: 'ada@example.com',
      employeeType: 'Full-time',
      employeeId: 'E-1815',
      company: 'Analytical Engines',
      department: 'R&D',
      jobTitle: 'Engineer',
      firstName: 'Ada',
      lastName: 'Lovelace',
      mfaEnabled: true,
      mfaExclusion: true,
      mfaExclusionUntil: Date.parse('2025-03-08T00:00:00.000Z'),
      mfaExclusionEndOn: Date.parse('2025-03-08T00:00:00.000Z'),
      mfaConfigured: true,
      externallyManaged: false,
      ldapBindingUser: true,
      sambaServiceUser: false,
      sudo: true,
      passwordExpired: false,
      passwordNeverExpires: true,
      accountLocked: false,
      manager: '6026bec6b8207255280d5000',
    });
    expect(entity.description).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.USER._class });
  });

  test('keeps credentials and contact PII out of _rawData and properties', () => {
    const entity = createUserEntity(buildUser(), BASE_URL, ORG_ID);
    const rawData = getRawData(entity) as Record<string, unknown>;

    for (const field of [
      'ssh_keys',
      'public_key',
      'password',
      'totp_secret',
      'addresses',
      'phoneNumbers',
      'recoveryEmail',
    ]) {
      expect(rawData).not.toHaveProperty(field);
      expect(entity).not.toHaveProperty(field);
    }
    const serialized = JSON.stringify(entity);
    expect(serialized).not.toContain('ssh-ed25519');
    expect(serialized).not.toContain('ssh-rsa');
    expect(serialized).not.toContain('hunter2');
    expect(serialized).not.toContain('JBSWY3DPEHPK3PXP');
    expect(serialized).not.toContain('+44 20');
    expect(serialized).not.toContain('St James');
    expect(serialized).not.toContain('ada.recovery@');
    // Everything else stays available in _rawData.
    expect(rawData).toMatchObject({ _id: USER_ID, username: 'ada.lovelace', sudo: true });
  });

  test('survives a user without mfa or mfaEnrollment objects', () => {
    const entity = createUserEntity(
      buildUser({ mfa: undefined, mfaEnrollment: undefined, totp_enabled: undefined }),
      BASE_URL,
      ORG_ID,
    );
    // Nothing says whether MFA is on: no value, never false.
    for (const property of ['mfaEnabled', 'mfaExclusion', 'mfaConfigured']) {
      expect(entity[property]).toBeUndefined();
    }
    expect(entity.mfaExclusionUntil).toBeUndefined();
    expect(entity.mfaExclusionEndOn).toBeUndefined();
  });

  test('survives null mfa objects and takes totp_enabled as MFA', () => {
    const entity = createUserEntity(
      buildUser({ mfa: null, mfaEnrollment: null, totp_enabled: true }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.mfaEnabled).toBe(true);
    expect(entity.mfaExclusion).toBeUndefined();
    expect(entity.mfaConfigured).toBeUndefined();
  });

  test('an enrolment that is not complete is not MFA', () => {
    const entity = createUserEntity(
      buildUser({ totp_enabled: false, mfaEnrollment: { overallStatus: 'PENDING_ACTIVATION' } }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.mfaEnabled).toBe(false);
  });

  test('flags JumpCloud omits get no value (absent is not false)', () => {
    const entity = createUserEntity(
      { _id: USER_ID, username: 'minimal', created: '2021-02-12T17:51:34.379Z' },
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({ id: USER_ID, name: 'minimal', displayName: 'minimal' });
    for (const property of [
      'suspended',
      'active',
      'mfaEnabled',
      'mfaExclusion',
      'mfaConfigured',
      'externallyManaged',
      'ldapBindingUser',
      'sambaServiceUser',
      'sudo',
    ]) {
      expect(entity[property]).toBeUndefined();
    }
    expect(entity.state).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.USER._class });
  });

  test('each flag that JumpCloud gives, false included, is written as given', () => {
    const entity = createUserEntity(
      {
        _id: USER_ID,
        username: 'flags',
        activated: true,
        suspended: false,
        totp_enabled: false,
        mfa: { configured: false, exclusion: false },
        externally_managed: false,
        ldap_binding_user: true,
        samba_service_user: false,
        sudo: true,
      },
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({
      active: true,
      suspended: false,
      mfaEnabled: false,
      mfaConfigured: false,
      mfaExclusion: false,
      externallyManaged: false,
      ldapBindingUser: true,
      sambaServiceUser: false,
      sudo: true,
    });
  });

  test('a staged user is not active', () => {
    const entity = createUserEntity(
      buildUser({ state: 'STAGED', activated: false, suspended: false }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({ state: 'staged', active: false, suspended: false });
  });

  test('a suspended user is suspended and not active', () => {
    const entity = createUserEntity(
      buildUser({ state: 'SUSPENDED', activated: true, suspended: true }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({ state: 'suspended', active: false, suspended: true });
  });

  test('state SUSPENDED decides even when the older flag says suspended: false', () => {
    const entity = createUserEntity(
      buildUser({ state: 'SUSPENDED', activated: true, suspended: false }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({ state: 'suspended', active: false, suspended: true });
  });

  test('without a state, active comes from activated and suspended', () => {
    const activeUser = createUserEntity(
      buildUser({ state: undefined, activated: true, suspended: false }),
      BASE_URL,
      ORG_ID,
    );
    const suspendedUser = createUserEntity(
      buildUser({ state: undefined, activated: true, suspended: true }),
      BASE_URL,
      ORG_ID,
    );
    expect(activeUser.active).toBe(true);
    expect(suspendedUser).toMatchObject({ active: false, suspended: true });
  });

  test('drops an email that is not an address, even though the schema would copy it', () => {
    const entity = createUserEntity(buildUser({ email: 'not-an-email' }), BASE_URL, ORG_ID);
    expect(entity.email).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.USER._class });
  });

  test('uses the EU console for webLink when baseUrl says so', () => {
    const entity = createUserEntity(buildUser(), 'https://console.eu.jumpcloud.com/api/', ORG_ID);
    expect(entity.webLink).toBe(`https://console.eu.jumpcloud.com/#/users/${USER_ID}/details`);
  });

  test('takes id from _id when the record has no id', () => {
    const entity = createUserEntity(buildUser({ id: undefined }), BASE_URL, ORG_ID);
    expect(entity._key).toBe(USER_ID);
    expect(entity.id).toBe(USER_ID);
  });

  test('empty strings become absent properties, never empty values', () => {
    const entity = createUserEntity(
      buildUser({ employeeIdentifier: null, company: '', jobTitle: '   ', manager: '' }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.employeeId).toBeUndefined();
    expect(entity.company).toBeUndefined();
    expect(entity.jobTitle).toBeUndefined();
    expect(entity.manager).toBeUndefined();
  });
});

describe('userName', () => {
  test.each([
    [{ firstname: 'Ada', lastname: 'Lovelace' }, 'Ada Lovelace'],
    [{ firstname: 'Ada', lastname: null }, 'Ada'],
    [{ firstname: null, lastname: 'Lovelace' }, 'Lovelace'],
    [{ firstname: null, lastname: null, displayname: 'Countess' }, 'Countess'],
    [{ firstname: '', lastname: ' ', displayname: '' }, 'ada.lovelace'],
    [{ firstname: undefined, lastname: undefined, displayname: undefined }, 'ada.lovelace'],
  ])('%j is named %s', (names, expected) => {
    const name = userName({ _id: USER_ID, username: 'ada.lovelace', ...names });
    expect(name).toBe(expected);
    expect(name).not.toMatch(/undefined|null/);
  });

  test('falls back to the id when there is nothing else', () => {
    expect(userName({ _id: USER_ID })).toBe(USER_ID);
  });
});

describe('sanitizeUser', () => {
  test('drops any field whose name says it holds a secret', () => {
    const sanitized = sanitizeUser(
      buildUser({ totpSecret: 'x', webauthn_private_key: 'y', password_hash: 'z' }),
    );
    expect(sanitized).not.toHaveProperty('totpSecret');
    expect(sanitized).not.toHaveProperty('webauthn_private_key');
    expect(sanitized).not.toHaveProperty('password_hash');
    // Password metadata is not a secret and stays.
    expect(sanitized).toHaveProperty('password_expired', false);
    expect(sanitized).toHaveProperty('password_expiration_date');
  });

  test('keeps only allow-listed fields: custom attributes, whatever their names, stay out', () => {
    const sanitized = sanitizeUser(
      buildUser({
        attributes: [
          { name: 'vpn_password', value: 'hunter2' },
          { name: 'costCenterCode', value: '42' },
        ],
        someFieldAddedLater: 'x',
      }),
    );
    expect(sanitized).not.toHaveProperty('attributes');
    expect(sanitized).not.toHaveProperty('someFieldAddedLater');
    expect(JSON.stringify(sanitized)).not.toContain('hunter2');
    for (const field of Object.keys(sanitized)) {
      expect(USER_RAW_DATA_FIELDS as readonly string[]).toContain(field);
    }
  });

  test('does not modify the API record', () => {
    const user = buildUser();
    sanitizeUser(user);
    expect(user.ssh_keys).toBeDefined();
  });
});

describe('createAccountHasUserRelationship', () => {
  test('links the account to the user by key', () => {
    const relationship = createAccountHasUserRelationship(ORG_ID, USER_ID);
    expect(relationship).toMatchObject({
      _key: edgeKey(ORG_ID, 'has', USER_ID),
      _type: 'jumpcloud_account_has_user',
      _class: 'HAS',
      _fromEntityKey: ORG_ID,
      _toEntityKey: USER_ID,
    });
  });
});
