import { Entity, parseTimePropertyValue, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { JumpCloudAppleMdm, JumpCloudAppleMdmDevice } from '../../jumpcloud/types';
import { relate } from '../shared/relate';
import { Entities, Relationships } from '../constants';
import { nonBlank, optionalBoolean } from '../shared/values';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';

/** The Apple MDM fields `_rawData` keeps (an allow-list: no push certificate material). */
export const APPLE_MDM_RAW_DATA_FIELDS = [
  'id',
  'name',
  'organization',
  'apnsPushTopic',
  'apnsCertExpiry',
  'appleCertSerialNumber',
  'depServerTokenState',
  'depAccessTokenExpiry',
  'allowMobileUserEnrollment',
  'defaultSystemGroupID',
] as const;

/** The Apple device fields `_rawData` keeps (an allow-list: no bypass codes, no tokens). */
export const APPLE_DEVICE_RAW_DATA_FIELDS = [
  'id',
  'appleMdmId',
  'serialNumber',
  'udid',
  'osVersion',
  'mdmOsFamily',
  'modelFamily',
  'createdAt',
  'lastContactAt',
  'enrolled',
  'depRegistered',
  'hasActivationLockBypassCodes',
] as const;

export function sanitizeAppleDevice(device: JumpCloudAppleMdmDevice): Record<string, unknown> {
  const kept: Record<string, unknown> = allowListed(device, APPLE_DEVICE_RAW_DATA_FIELDS);
  if (device.deviceInformation && typeof device.deviceInformation === 'object') {
    kept.deviceInformation = allowListed(device.deviceInformation, [
      'deviceName',
      'modelName',
      'modelNumber',
      'isSupervised',
      'deviceCapacity',
      'wifiMac',
    ]);
  }
  if (device.securityInfo && typeof device.securityInfo === 'object') {
    kept.securityInfo = allowListed(device.securityInfo, ['filevaultEnabled']);
  }
  return kept;
}

export function createAppleMdmEntity(
  mdm: JumpCloudAppleMdm,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  // JumpCloud sends `name: ""` for an MDM nobody renamed (recorded).
  const name = nonBlank(mdm.name) ?? 'Apple MDM';
  return createEntity({
    entityData: {
      source: allowListed(mdm, APPLE_MDM_RAW_DATA_FIELDS),
      assign: {
        _key: mdm.id,
        _type: Entities.APPLE_MDM._type,
        _class: Entities.APPLE_MDM._class,
        id: mdm.id,
        orgId,
        name,
        displayName: name,
        webLink: consoleLink(baseUrl, 'mdm'),
        depServerTokenState: nonBlank(mdm.depServerTokenState),
        apnsCertExpiry: nonBlank(mdm.apnsCertExpiry),
        apnsCertExpiresOn: parseTimePropertyValue(mdm.apnsCertExpiry ?? undefined),
        appleCertSerialNumber: nonBlank(mdm.appleCertSerialNumber),
        apnsPushTopic: nonBlank(mdm.apnsPushTopic),
        depAccessTokenExpiresOn: parseTimePropertyValue(mdm.depAccessTokenExpiry ?? undefined),
        allowMobileUserEnrollment: optionalBoolean(mdm.allowMobileUserEnrollment),
        defaultSystemGroupId: nonBlank(mdm.defaultSystemGroupID),
      },
    },
  });
}

export type AppleDeviceKind = 'mac' | 'mobile' | 'other';

/** Mac, iPhone/iPad/iPod, or something else (an Apple TV), from what MDM says of it. */
export function appleDeviceKind(device: JumpCloudAppleMdmDevice): AppleDeviceKind {
  const info = device.deviceInformation ?? {};
  const described = [
    device.mdmOsFamily,
    device.modelFamily,
    info.modelName,
    info.modelMarketingName,
    info.productName,
  ]
    .filter((value): value is string => typeof value === 'string')
    .join(' ')
    .toLowerCase();
  if (/iphone|ipad|ipod|\bios\b|ipados/.test(described)) return 'mobile';
  if (/mac|darwin/.test(described)) return 'mac';
  return 'other';
}

const CATEGORY: Record<AppleDeviceKind, string> = {
  mac: 'endpoint',
  mobile: 'mobile',
  other: 'other',
};

const PLATFORM: Record<AppleDeviceKind, string | undefined> = {
  mac: 'darwin',
  mobile: 'ios',
  other: undefined,
};

const OS_NAMES: Record<string, string> = {
  macos: 'macOS',
  ios: 'iOS',
  ipados: 'iPadOS',
  tvos: 'tvOS',
};

/** `mdmOsFamily` (`macos`, `ios`, `ipados`) as Apple writes the name. */
function osNameOf(mdmOsFamily: unknown): string | undefined {
  const family = nonBlank(mdmOsFamily);
  return family === undefined ? undefined : (OS_NAMES[family.toLowerCase()] ?? family);
}

export function createAppleDeviceEntity(
  device: JumpCloudAppleMdmDevice,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const info = device.deviceInformation ?? {};
  const security = device.securityInfo ?? {};
  const kind = appleDeviceKind(device);
  const serial = nonBlank(device.serialNumber);
  const name = nonBlank(info.deviceName) ?? serial ?? device.id;
  const createdOn = parseTimePropertyValue(device.createdAt ?? undefined);
  // As the record says them; absent, never false, where it is silent.
  const depRegistered = optionalBoolean(device.depRegistered);
  const enrolled = optionalBoolean(device.enrolled);

  return createEntity({
    entityData: {
      source: sanitizeAppleDevice(device),
      assign: {
        _key: device.id,
        _type: Entities.APPLE_DEVICE._type,
        _class: Entities.APPLE_DEVICE._class,
        id: device.id,
        orgId,
        name,
        displayName: name,
        webLink: consoleLink(baseUrl, 'mdm'),
        appleMdmId: nonBlank(device.appleMdmId),
        createdOn,
        // Deprecated name of createdOn, kept for existing queries.
        createdAt: createdOn,
        lastSeenOn: parseTimePropertyValue(device.lastContactAt ?? undefined) ?? null,

        category: CATEGORY[kind],
        make: 'Apple',
        model:
          nonBlank(info.modelName) ??
          nonBlank(info.modelMarketingName) ??
          nonBlank(device.modelFamily) ??
          null,
        modelNumber: nonBlank(info.modelNumber),
        serial: serial ?? null,
        deviceId: nonBlank(device.udid) ?? null,
        platform: PLATFORM[kind],
        osName: nonBlank(info.osMarketingName) ?? osNameOf(device.mdmOsFamily),
        osVersion: nonBlank(device.osVersion),
        osBuildVersion: nonBlank(info.osBuildVersion),
        deviceCapacity: typeof info.deviceCapacity === 'number' ? info.deviceCapacity : undefined,
        macAddress: nonBlank(info.wifiMac),

        isDepRegistered: depRegistered,
        // Deprecated names of isDepRegistered and isEnrolled, kept for existing queries.
        depRegistered,
        isEnrolled: enrolled,
        enrolled,
        hasActivationLockBypassCodes: optionalBoolean(device.hasActivationLockBypassCodes),
        isSupervised: optionalBoolean(info.isSupervised),
        isAppleSilicon: optionalBoolean(info.isAppleSilicon),

        // FileVault state, when MDM reported it (an empty securityInfo says nothing).
        // FileVault exists only on Macs: an iPhone's `filevaultEnabled: false` does not
        // mean its storage is unencrypted, so it is not read as such.
        encrypted: kind === 'mac' ? optionalBoolean(security.filevaultEnabled) : undefined,
        filevaultEnabled: optionalBoolean(security.filevaultEnabled),
        enrolledViaDep: optionalBoolean(security.enrolledViaDep),
        isUserEnrollment: optionalBoolean(security.isUserEnrollment),
        userApprovedEnrollment: optionalBoolean(security.userApprovedEnrollment),
        passcodePresent: optionalBoolean(security.passcodePresent),
        passcodeCompliant: optionalBoolean(security.passcodeCompliant),
        recoveryLockEnabled: optionalBoolean(security.recoveryLockEnabled),
        isActivationLockManageable: optionalBoolean(security.isActivationLockManageable),
      },
    },
  });
}

export function createAccountHasAppleMdmRelationship(
  accountKey: string,
  mdmKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_APPLE_MDM, accountKey, mdmKey);
}

export function createAppleDeviceHasAppleMdmRelationship(
  appleDeviceKey: string,
  mdmKey: string,
): Relationship {
  return relate(Relationships.APPLE_DEVICE_HAS_APPLE_MDM, appleDeviceKey, mdmKey);
}

export function createDeviceIsAppleDeviceRelationship(
  deviceKey: string,
  appleDeviceKey: string,
): Relationship {
  return relate(Relationships.DEVICE_IS_APPLE_DEVICE, deviceKey, appleDeviceKey);
}

/** Serial numbers compared the way people type them: trimmed, upper case. */
export function normalizeSerial(serial: unknown): string | undefined {
  return nonBlank(serial)?.toUpperCase();
}
