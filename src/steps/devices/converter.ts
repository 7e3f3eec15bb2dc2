import { Entity, parseTimePropertyValue, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { GraphObjectWithPaths, JumpCloudSystem, JumpCloudSystemInfo } from '../../jumpcloud/types';
import { relate } from '../shared/relate';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { isEmailAddress, nonBlank, optionalBoolean } from '../shared/values';
import { encryptionVerdict } from './posture';

export type DevicePlatform = 'darwin' | 'windows' | 'linux' | 'other';

/**
 * The system fields `_rawData` keeps: an allow-list of fields known to be harmless. Left out
 * are, among others, `sshdParams` (sshd configuration values), custom `attributes`, the
 * public and private addresses and connection log of a person's machine, and any field
 * JumpCloud adds later. The disk-encryption object is reduced to its two flags.
 */
export const SYSTEM_RAW_DATA_FIELDS = [
  '_id',
  'id',
  'displayName',
  'hostname',
  'description',
  'serialNumber',
  'organization',
  'created',
  'templateName',
  'hwVendor',
  'os',
  'osFamily',
  'version',
  'arch',
  'osVersionDetail',
  'fileSystem',
  'systemTimezone',
  'desktopCapable',
  'agentVersion',
  'active',
  'lastContact',
  'allowSshRootLogin',
  'allowSshPasswordAuthentication',
  'allowMultiFactorAuthentication',
  'allowPublicKeyAuthentication',
  'sshRootEnabled',
  'secureLogin',
  'isPolicyBound',
] as const;

/** The system record as `_rawData` keeps it: the allow-listed fields and the two FDE flags. */
export function sanitizeSystem(system: JumpCloudSystem): Record<string, unknown> {
  const kept: Record<string, unknown> = allowListed(
    system as unknown as Record<string, unknown>,
    SYSTEM_RAW_DATA_FIELDS,
  );
  if (system.fde && typeof system.fde === 'object') {
    kept.fde = { active: system.fde.active, keyPresent: system.fde.keyPresent };
  }
  if (system.primarySystemUser && typeof system.primarySystemUser === 'object') {
    kept.primarySystemUser = { id: system.primarySystemUser.id };
  }
  return kept;
}

export function systemId(system: JumpCloudSystem): string {
  return system.id ?? system._id;
}

/** darwin | windows | linux | other, from `osFamily` and, failing that, the OS name. */
export function devicePlatform(system: Pick<JumpCloudSystem, 'os' | 'osFamily'>): DevicePlatform {
  const family = nonBlank(system.osFamily)?.toLowerCase();
  if (family === 'darwin' || family === 'windows' || family === 'linux') return family;
  const os = `${family ?? ''} ${nonBlank(system.os) ?? ''}`.toLowerCase();
  if (/mac ?os|os x|darwin/.test(os)) return 'darwin';
  if (/windows/.test(os)) return 'windows';
  if (
    /linux|ubuntu|debian|centos|red ?hat|rhel|fedora|suse|amazon|rocky|alma|mint|arch|oracle|kali|pop!?_?os/.test(
      os,
    )
  ) {
    return 'linux';
  }
  return 'other';
}

/**
 * endpoint for desktop-capable systems, server for the rest, except phones and tablets
 * (the agent reports iOS, iPadOS and Android systems as not desktop-capable): mobile.
 */
export function deviceCategory(system: JumpCloudSystem): 'endpoint' | 'server' | 'mobile' {
  const os = `${nonBlank(system.osFamily) ?? ''} ${nonBlank(system.os) ?? ''}`.toLowerCase();
  if (/\bios\b|ipados|android/.test(os)) return 'mobile';
  if (typeof system.desktopCapable === 'boolean')
    return system.desktopCapable ? 'endpoint' : 'server';
  // Older agents do not report desktopCapable: client editions of Windows and macOS are
  // endpoints (a Windows 10 Pro laptop enrolled in 2019); Windows Server and the rest are not.
  return isClientOperatingSystem(system) ? 'endpoint' : 'server';
}

/** Windows other than Windows Server, and macOS: the operating systems of workstations. */
export function isClientOperatingSystem(system: JumpCloudSystem): boolean {
  const platform = devicePlatform(system);
  const name = `${nonBlank(system.os) ?? ''} ${nonBlank(system.version) ?? ''}`.toLowerCase();
  if (platform === 'darwin') return !/server/.test(name);
  if (platform === 'windows') return !/server/.test(name);
  return false;
}

/** The hardware vendor JumpCloud reports, else what the OS implies. */
export function deviceMake(system: JumpCloudSystem, platform: DevicePlatform): string {
  return nonBlank(system.hwVendor) ?? (platform === 'darwin' ? 'Apple' : 'Unknown');
}

/** What System Insights tells of a system's hardware, trimmed; only what was reported. */
export interface DeviceHardware {
  vendor?: string;
  model?: string;
  version?: string;
  serial?: string;
  cpuBrand?: string;
  cpuCores?: number;
  cpuLogicalCores?: number;
  physicalMemoryBytes?: number;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Bytes as JumpCloud sends them (a string of digits; a number is accepted too). */
export function parseByteCount(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : nonBlank(value);
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const bytes = Number(text);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/**
 * The hardware of one `system_info` row, without the API's trailing spaces
 * (`"Apple Inc. "`); blank or null fields are left out. Undefined when the row says nothing.
 */
export function readSystemInfo(row: JumpCloudSystemInfo): DeviceHardware | undefined {
  const hardware: DeviceHardware = {
    vendor: nonBlank(row.hardware_vendor),
    model: nonBlank(row.hardware_model),
    version: nonBlank(row.hardware_version),
    serial: nonBlank(row.hardware_serial),
    cpuBrand: nonBlank(row.cpu_brand),
    cpuCores: count(row.cpu_physical_cores),
    cpuLogicalCores: count(row.cpu_logical_cores),
    physicalMemoryBytes: parseByteCount(row.physical_memory),
  };
  for (const key of Object.keys(hardware) as Array<keyof DeviceHardware>) {
    if (hardware[key] === undefined) delete hardware[key];
  }
  return Object.keys(hardware).length > 0 ? hardware : undefined;
}

/** MDM vendors that mean the system is enrolled in some MDM. */
const ENROLLED_MDM_VENDORS = new Set(['internal', 'external']);

/** People the device belongs to, for `email`/`owner` and `userEmails`. */
export interface DevicePeople {
  /** The primary user's email, when the primary user was collected and has one. */
  ownerEmail?: string;
  /** Emails of every user bound to the system by any route. */
  userEmails?: Iterable<string>;
}

export function createDeviceEntity(
  system: JumpCloudSystem,
  baseUrl: string | undefined,
  orgId: string,
  people: DevicePeople = {},
  /** From System Insights, when the system reports it; else `/api/systems` alone. */
  hardware: DeviceHardware = {},
): Entity {
  const id = systemId(system);
  const name = nonBlank(system.displayName) ?? nonBlank(system.hostname) ?? id;
  const platform = devicePlatform(system);
  const osName = nonBlank(system.osVersionDetail?.osName) ?? nonBlank(system.os);
  const osVersion = nonBlank(system.osVersionDetail?.version) ?? nonBlank(system.version);
  const mdmVendor = nonBlank(system.mdm?.vendor);
  const ownerEmail = isEmailAddress(people.ownerEmail) ? people.ownerEmail : undefined;
  const userEmails = [...new Set(people.userEmails ?? [])].filter(isEmailAddress).sort();
  const secureLogin = system.secureLogin ?? undefined;

  return createEntity({
    entityData: {
      source: sanitizeSystem(system),
      assign: {
        _key: id,
        _type: Entities.DEVICE._type,
        _class: Entities.DEVICE._class,
        id,
        orgId,
        name,
        displayName: name,
        description: nonBlank(system.description),
        hostname: nonBlank(system.hostname),
        createdOn: parseTimePropertyValue(system.created ?? undefined),
        webLink: consoleLink(baseUrl, ['devices', id, 'details']),
        // The agent is connected right now.
        active: optionalBoolean(system.active),
        lastSeenOn: parseTimePropertyValue(system.lastContact ?? undefined) ?? null,

        category: deviceCategory(system),
        make: hardware.vendor ?? deviceMake(system, platform),
        // /api/systems reports no hardware model; System Insights does, when it is on.
        model: hardware.model ?? null,
        serial: nonBlank(system.serialNumber) ?? hardware.serial ?? null,
        hardwareVendor: hardware.vendor ?? nonBlank(system.hwVendor),
        hardwareModel: hardware.model,
        hardwareVersion: hardware.version,
        cpuBrand: hardware.cpuBrand,
        cpuCores: hardware.cpuCores,
        cpuLogicalCores: hardware.cpuLogicalCores,
        physicalMemoryBytes: hardware.physicalMemoryBytes,
        deviceId: id,
        platform,
        osName,
        osVersion,
        osDetails: [osName, osVersion].filter(Boolean).join(' ') || undefined,
        // `version` in the Device schema is the hardware version; the whitelisted copy of
        // the system's `version` (its OS version) must not land there.
        version: hardware.version,
        arch: nonBlank(system.arch),
        systemTimezone:
          typeof system.systemTimezone === 'number' ? system.systemTimezone : undefined,
        templateName: nonBlank(system.templateName),
        agentVersion: nonBlank(system.agentVersion),
        fileSystem: nonBlank(system.fileSystem),
        amazonInstanceId: nonBlank(system.amazonInstanceID),

        // The agent's word alone; System Insights may decide instead (`devicePostureProperties`).
        ...encryptionVerdict(platform, system.fde, undefined),
        isEncryptionKeyPresent: optionalBoolean(system.fde?.keyPresent),
        // What the record says, and nothing where it is silent (absent is not false).
        isSshPasswordAuthenticationEnabled: optionalBoolean(system.allowSshPasswordAuthentication),
        isSshRootLoginEnabled: optionalBoolean(system.allowSshRootLogin),
        isSshRootEnabled: optionalBoolean(system.sshRootEnabled),
        isMultiFactorAuthenticationEnabled: optionalBoolean(system.allowMultiFactorAuthentication),
        isPublicKeyAuthenticationEnabled: optionalBoolean(system.allowPublicKeyAuthentication),
        isDesktopCapable:
          typeof system.desktopCapable === 'boolean'
            ? system.desktopCapable
            : isClientOperatingSystem(system),
        isPolicyBound: optionalBoolean(system.isPolicyBound),
        isSecureLoginEnabled:
          optionalBoolean(secureLogin?.enabled) ?? optionalBoolean(system.secureLoginEnabled),
        isSecureLoginSupported: optionalBoolean(secureLogin?.supported),

        mdmEnrolled: mdmVendor === undefined ? undefined : ENROLLED_MDM_VENDORS.has(mdmVendor),
        mdmVendor,
        mdmDep: optionalBoolean(system.mdm?.dep),
        mdmUserApproved: optionalBoolean(system.mdm?.userApproved),
        mdmEnrollmentType: nonBlank(system.mdm?.enrollmentType),

        primaryUserId: nonBlank(system.primarySystemUser?.id),
        email: ownerEmail,
        owner: ownerEmail,
        userEmails: userEmails.length > 0 ? userEmails : undefined,
      },
    },
  });
}

// ---- access ---------------------------------------------------------------------------

/** One user's access to one system, folded over every route that binds them. */
export interface SystemAccess {
  userId: string;
  /** Bound user-to-system with no group in between (a one-hop route). */
  direct: boolean;
  /** Admin rights on the system: sudo on a binding, a group on the route, or the user. */
  sudo: boolean;
}

function sudoEnabled(attributes: unknown): boolean {
  if (!attributes || typeof attributes !== 'object') return false;
  const sudo = (attributes as { sudo?: unknown }).sudo;
  return !!sudo && typeof sudo === 'object' && (sudo as { enabled?: unknown }).enabled === true;
}

/**
 * Reads one traversal result (`/systems/{id}/users` or `/users/{id}/systems`): `direct`
 * when some route is a single hop; `sudo` when the compiled attributes, a binding on the
 * route, or a user group on the route (its "sudo on every bound device" attribute) grant
 * it. The user's global sudo flag is added by the caller, which knows the user.
 */
export function readTraversal(result: GraphObjectWithPaths): { direct: boolean; sudo: boolean } {
  const paths = (result.paths ?? []).filter(Array.isArray);
  const direct = paths.some((path) => path.length === 1);
  const sudo =
    sudoEnabled(result.compiledAttributes) ||
    paths.some((path) =>
      path.some(
        (hop) =>
          sudoEnabled(hop?.attributes) ||
          (hop?.to?.type === 'user_group' && sudoEnabled(hop.to.attributes)),
      ),
    );
  return { direct, sudo };
}

// ---- relationships --------------------------------------------------------------------

export function createAccountHasDeviceRelationship(
  accountKey: string,
  deviceKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_DEVICE, accountKey, deviceKey);
}

export function createUserHasDeviceRelationship(userKey: string, deviceKey: string): Relationship {
  return relate(Relationships.USER_HAS_DEVICE, userKey, deviceKey);
}

export function createUserAssignedDeviceRelationship(
  userKey: string,
  deviceKey: string,
  access: { direct: boolean; sudo: boolean },
): Relationship {
  return relate(Relationships.USER_ASSIGNED_DEVICE, userKey, deviceKey, {
    direct: access.direct,
    sudo: access.sudo,
  });
}
