/**
 * "No property is written from a value the API did not return" (issue 23), for the types whose
 * converter tests do not already feed a record with its optional fields missing: each converter
 * gets a record with only what identifies it, and every property read from an optional field
 * must be absent (never false, 0 or an empty string). The other types have theirs next to their
 * converters.
 */
import { Entity } from '@jupiterone/integration-sdk-core';

import { createAccountEntity } from '../src/steps/account/converter';
import { createAssetAccessoryEntity, createLocationEntity } from '../src/steps/assets/converter';
import { Entities } from '../src/steps/constants';
import { createDirectoryEntity } from '../src/steps/directories/converter';
import {
  createLocalAccountEntity,
  createSshKeyEntity,
} from '../src/steps/local-accounts/converter';
import { createPolicyGroupEntity } from '../src/steps/policies/converter';
import { createRadiusServerEntity } from '../src/steps/radius-servers/converter';
import { createPasswordPolicyEntity } from '../src/steps/security-settings/converter';

const ID = '5f1b2c3d4e5f60718293a4b5';

function expectAbsent(entity: Entity, properties: string[]): void {
  for (const property of properties) {
    expect([entity._type, property, entity[property]]).toEqual([entity._type, property, undefined]);
  }
}

describe('a record with its optional fields missing gives no value for them', () => {
  test('jumpcloud_account: no logo, no creation date; named by its id', () => {
    const entity = createAccountEntity({ id: ID } as never, undefined);
    expect(entity.name).toBe(ID);
    expectAbsent(entity, ['logoUrl', 'createdOn']);
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.ACCOUNT._class });
  });

  test('jumpcloud_directory: no type, domain', () => {
    const entity = createDirectoryEntity({ id: ID } as never, undefined, 'org');
    expectAbsent(entity, ['type', 'directoryType', 'defaultDomain']);
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DIRECTORY._class });
  });

  test('jumpcloud_radius_server: no MFA verdict without `mfa`, no flags', () => {
    const entity = createRadiusServerEntity({ _id: ID } as never, undefined, 'org');
    expectAbsent(entity, [
      'networkSourceIp',
      'mfa',
      'mfaRequired',
      'mfaEnabled',
      'userLockoutAction',
      'userPasswordExpirationAction',
      'authIdp',
      'deviceCertEnabled',
      'userCertEnabled',
      'userPasswordEnabled',
      'radsecEnabled',
      'requireRadsec',
      'requireTlsAuth',
    ]);
    expect(entity).toMatchGraphObjectSchema({
      _class: Entities.RADIUS_SERVER._class,
      schema: Entities.RADIUS_SERVER.schema,
    });
    // Given, `mfa` settles both, DISABLED included.
    const off = createRadiusServerEntity({ _id: ID, mfa: 'DISABLED' } as never, undefined, 'org');
    expect([off.mfaRequired, off.mfaEnabled]).toEqual([false, false]);
  });

  test('jumpcloud_password_policy: no length, complexity, age or history without the policy', () => {
    const entity = createPasswordPolicyEntity('org', {} as never);
    expectAbsent(entity, [
      'passwordCompliance',
      'minLength',
      'requireLowercase',
      'requireUppercase',
      'requireNumbers',
      'requireSymbols',
      'maxAgeDays',
      'historyCount',
      'minAgeMins',
    ]);
  });

  test('jumpcloud_asset_accessory and jumpcloud_location: no field, no value', () => {
    const accessory = createAssetAccessoryEntity({ id: ID } as never, undefined, 'org');
    expect(accessory.name).toBe(ID);
    expectAbsent(accessory, ['status', 'ownerId', 'owner', 'location', 'cost', 'BYOD']);
    const location = createLocationEntity({ id: ID } as never, undefined, 'org');
    expectAbsent(location, [
      'city',
      'state',
      'country',
      'location',
      'parentId',
      'parentName',
      'managerId',
      'managerName',
    ]);
    expect(location).toMatchGraphObjectSchema({ _class: Entities.LOCATION._class });
  });

  test('jumpcloud_policy_group: no description; named by its id', () => {
    const entity = createPolicyGroupEntity({ id: ID } as never, undefined, 'org');
    expect(entity.name).toBe(ID);
    expectAbsent(entity, ['description']);
  });

  test('jumpcloud_local_account: a users row with only its uid: no flags, shell or login', () => {
    const entity = createLocalAccountEntity({} as never, 1001, {
      orgId: 'org',
      systemId: ID,
      admin: undefined,
    });
    expect(entity.username).toBe('1001');
    expectAbsent(entity, [
      'description',
      'accountType',
      'homeDirectory',
      'shell',
      'admin',
      'suspended',
      'active',
      'managed',
      'adManaged',
      'lastLoginOn',
    ]);
  });

  test('jumpcloud_ssh_key: a key with only its fingerprint: no algorithm, comment or count', () => {
    const entity = createSshKeyEntity({ fingerprint: 'SHA256:abc' }, 'org');
    expect(entity.name).toBe('SHA256:abc');
    expectAbsent(entity, ['algorithm', 'comment', 'deviceCount']);
  });
});
