import { JumpCloudAppleMdm, JumpCloudAppleMdmDevice } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import {
  appleDeviceKind,
  createAccountHasAppleMdmRelationship,
  createAppleDeviceEntity,
  createAppleDeviceHasAppleMdmRelationship,
  createAppleMdmEntity,
  createDeviceIsAppleDeviceRelationship,
  normalizeSerial,
} from './converter';

const BASE_URL = 'https://console.jumpcloud.com';
const ORG_ID = '6516be7eac1f57664752c607';
const MDM_ID = '6516cf109f533600018db6e7';

/** Shaped after the recorded `/api/v2/applemdms` item (graph-jumpcloud, 2023). */
function appleMdm(overrides: Partial<JumpCloudAppleMdm> = {}): JumpCloudAppleMdm {
  return {
    id: MDM_ID,
    name: '',
    organization: ORG_ID,
    apnsPushTopic: 'com.apple.mgmt.External.9fdfa315-100b-4169-9a80-7c1237e1d146',
    depServerTokenState: 'missing',
    apnsCertExpiry: '2024-09-28T14:48:20.000Z',
    depAccessTokenExpiry: '2025-01-15T00:00:00.000Z',
    allowMobileUserEnrollment: false,
    appleCertCreatorAppleID: 'it-admin@example.com',
    appleCertSerialNumber: '1d73b3e61e5a0485',
    defaultSystemGroupID: '6516cf109f533600018db6f0',
    ...overrides,
  };
}

/** A Mac shaped after the recorded device, with an empty `securityInfo`. */
function mac(overrides: Partial<JumpCloudAppleMdmDevice> = {}): JumpCloudAppleMdmDevice {
  return {
    id: '6516e83947496b0001ae196f',
    appleMdmId: MDM_ID,
    serialNumber: 'C02FF0H4MD6Q',
    udid: '5E4E453E-72DE-5928-9489-177F3CFE5723',
    osVersion: '13.5.1',
    mdmOsFamily: 'macos',
    modelFamily: 'Mac',
    depRegistered: false,
    enrolled: true,
    createdAt: '2023-09-29T15:07:37.733Z',
    hasActivationLockBypassCodes: true,
    securityInfo: {},
    deviceInformation: {
      isSupervised: true,
      availableDeviceCapacity: 774,
      deviceCapacity: 1000,
      deviceName: 'Ada’s MacBook Pro',
      wifiMac: '88:66:5a:1d:cf:16',
      modelName: 'MacBook Pro',
    },
    ...overrides,
  };
}

function iPhone(overrides: Partial<JumpCloudAppleMdmDevice> = {}): JumpCloudAppleMdmDevice {
  return {
    id: '6516e83947496b0001ae1970',
    appleMdmId: MDM_ID,
    serialNumber: 'FABCDEFGHJKL',
    udid: '00008110-001A2B3C4D5E6F7A',
    osVersion: '18.3.1',
    mdmOsFamily: 'ios',
    modelFamily: 'iPhone',
    depRegistered: true,
    enrolled: true,
    createdAt: '2024-01-10T09:00:00.000Z',
    hasActivationLockBypassCodes: false,
    securityInfo: {
      enrolledViaDep: true,
      passcodePresent: true,
      passcodeCompliant: true,
      filevaultEnabled: false,
    },
    deviceInformation: {
      deviceName: "Grace's iPhone",
      modelName: 'iPhone',
      modelMarketingName: 'iPhone 15',
      isSupervised: false,
      deviceCapacity: 128,
      wifiMac: 'aa:bb:cc:dd:ee:ff',
      imei: '351234567890123',
    },
    ...overrides,
  };
}

describe('createAppleMdmEntity', () => {
  test('seed properties, expiry timestamps and a name for the unnamed MDM', () => {
    const entity = createAppleMdmEntity(appleMdm(), BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      _key: MDM_ID,
      _type: 'jumpcloud_apple_mdm',
      _class: ['Configuration'],
      id: MDM_ID,
      orgId: ORG_ID,
      name: 'Apple MDM',
      displayName: 'Apple MDM',
      webLink: `${BASE_URL}/#/mdm`,
      depServerTokenState: 'missing',
      apnsCertExpiry: '2024-09-28T14:48:20.000Z',
      apnsCertExpiresOn: Date.parse('2024-09-28T14:48:20.000Z'),
      depAccessTokenExpiresOn: Date.parse('2025-01-15T00:00:00.000Z'),
      appleCertSerialNumber: '1d73b3e61e5a0485',
      allowMobileUserEnrollment: false,
      defaultSystemGroupId: '6516cf109f533600018db6f0',
    });
    // The Apple ID of the admin who made the certificate is PII the graph does not need.
    expect(entity.appleCertCreatorAppleID).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.APPLE_MDM._class });
  });

  test('a named MDM keeps its name; missing dates give no timestamps', () => {
    const entity = createAppleMdmEntity(
      appleMdm({ name: 'Acme MDM', apnsCertExpiry: null, depAccessTokenExpiry: undefined }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.name).toBe('Acme MDM');
    expect(entity.apnsCertExpiresOn).toBeUndefined();
    expect(entity.depAccessTokenExpiresOn).toBeUndefined();
  });
});

describe('createAppleDeviceEntity', () => {
  test('a Mac with empty securityInfo: endpoint, no encryption claim either way', () => {
    const entity = createAppleDeviceEntity(mac(), BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      _key: '6516e83947496b0001ae196f',
      _type: 'jumpcloud_apple_device',
      _class: ['Device'],
      orgId: ORG_ID,
      name: 'Ada’s MacBook Pro',
      appleMdmId: MDM_ID,
      createdOn: Date.parse('2023-09-29T15:07:37.733Z'),
      createdAt: Date.parse('2023-09-29T15:07:37.733Z'),
      lastSeenOn: null,
      category: 'endpoint',
      make: 'Apple',
      model: 'MacBook Pro',
      serial: 'C02FF0H4MD6Q',
      deviceId: '5E4E453E-72DE-5928-9489-177F3CFE5723',
      platform: 'darwin',
      osName: 'macOS',
      osVersion: '13.5.1',
      deviceCapacity: 1000,
      macAddress: '88:66:5a:1d:cf:16',
      isDepRegistered: false,
      depRegistered: false,
      isEnrolled: true,
      enrolled: true,
      hasActivationLockBypassCodes: true,
      isSupervised: true,
    });
    expect(entity.encrypted).toBeUndefined();
    expect(entity.passcodePresent).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.APPLE_DEVICE._class });
  });

  test('a Mac with FileVault reported is encrypted accordingly', () => {
    expect(
      createAppleDeviceEntity(mac({ securityInfo: { filevaultEnabled: true } }), BASE_URL, ORG_ID)
        .encrypted,
    ).toBe(true);
    expect(
      createAppleDeviceEntity(mac({ securityInfo: { filevaultEnabled: false } }), BASE_URL, ORG_ID)
        .encrypted,
    ).toBe(false);
  });

  test('an iPhone is mobile; FileVault does not apply to it', () => {
    const entity = createAppleDeviceEntity(iPhone(), BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      category: 'mobile',
      platform: 'ios',
      osName: 'iOS',
      make: 'Apple',
      model: 'iPhone',
      isDepRegistered: true,
      isSupervised: false,
      hasActivationLockBypassCodes: false,
      enrolledViaDep: true,
      passcodePresent: true,
      passcodeCompliant: true,
      filevaultEnabled: false,
    });
    expect(entity.encrypted).toBeUndefined();
    // Phone identifiers stay out of properties.
    expect(entity.imei).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.APPLE_DEVICE._class });
  });

  test('missing nested objects and flags give no value, null and fallbacks, never a crash', () => {
    const entity = createAppleDeviceEntity(
      {
        id: '6516e83947496b0001ae1971',
        serialNumber: null,
        udid: null,
        securityInfo: null,
        deviceInformation: null,
      },
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({
      name: '6516e83947496b0001ae1971',
      category: 'other',
      make: 'Apple',
      model: null,
      serial: null,
      deviceId: null,
      lastSeenOn: null,
    });
    // Flags the record does not carry are absent, never false.
    for (const flag of [
      'isDepRegistered',
      'depRegistered',
      'isEnrolled',
      'enrolled',
      'hasActivationLockBypassCodes',
      'isSupervised',
      'encrypted',
      'filevaultEnabled',
    ]) {
      expect([flag, entity[flag]]).toEqual([flag, undefined]);
    }
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.APPLE_DEVICE._class });
  });

  test('lastSeenOn from lastContactAt when MDM reports it', () => {
    expect(
      createAppleDeviceEntity(mac({ lastContactAt: '2026-08-01T00:00:00.000Z' }), BASE_URL, ORG_ID)
        .lastSeenOn,
    ).toBe(Date.parse('2026-08-01T00:00:00.000Z'));
  });
});

describe('appleDeviceKind', () => {
  test.each([
    [{ mdmOsFamily: 'macos', modelFamily: 'Mac' }, 'mac'],
    [{ mdmOsFamily: 'ios', modelFamily: 'iPhone' }, 'mobile'],
    [{ mdmOsFamily: 'ipados', modelFamily: 'iPad' }, 'mobile'],
    [{ deviceInformation: { modelName: 'iMac' } }, 'mac'],
    [{ deviceInformation: { modelName: 'iPad Air' } }, 'mobile'],
    [{ modelFamily: 'AppleTV' }, 'other'],
  ])('%j is %s', (fields, kind) => {
    expect(appleDeviceKind({ id: 'x', ...fields })).toBe(kind);
  });
});

describe('Apple MDM relationships and serial matching', () => {
  test('relationship types follow the step metadata', () => {
    expect(createAccountHasAppleMdmRelationship(ORG_ID, MDM_ID)._type).toBe(
      Relationships.ACCOUNT_HAS_APPLE_MDM._type,
    );
    expect(
      createAppleDeviceHasAppleMdmRelationship('6516e83947496b0001ae196f', MDM_ID),
    ).toMatchObject({
      _type: 'jumpcloud_apple_device_has_mdm',
      _fromEntityKey: '6516e83947496b0001ae196f',
      _toEntityKey: MDM_ID,
    });
    expect(
      createDeviceIsAppleDeviceRelationship('64a1b2c3d4e5f60718293a01', '6516e83947496b0001ae196f'),
    ).toMatchObject({
      _type: Relationships.DEVICE_IS_APPLE_DEVICE._type,
      _class: 'IS',
      _fromEntityKey: '64a1b2c3d4e5f60718293a01',
      _toEntityKey: '6516e83947496b0001ae196f',
    });
  });

  test('serials match regardless of case and surrounding blanks; blanks never match', () => {
    expect(normalizeSerial(' c02ff0h4md6q ')).toBe('C02FF0H4MD6Q');
    expect(normalizeSerial('')).toBeUndefined();
    expect(normalizeSerial(null)).toBeUndefined();
  });
});
