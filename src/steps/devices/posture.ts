/**
 * Verified encryption and protection of each system, from System Insights, as properties of
 * its `jumpcloud_device`: what the machine itself reports, volume by volume, rather than the
 * agent's one-line summary (`fde.active`, kept as `encrypted`).
 *
 * A system with no row in a table gets no value from it, never a false one: "not reported"
 * and "off" stay apart.
 */
import { JumpCloudClient } from '../../jumpcloud';
import { allSettledOrFirstError } from '../../jumpcloud/settle';
import { OptionalFeature } from '../shared/optional-data';
import {
  SystemInsightsAlf,
  SystemInsightsBitlockerInfo,
  SystemInsightsDiskEncryption,
  SystemInsightsLogicalDrive,
  SystemInsightsMount,
  SystemInsightsSecureBoot,
  SystemInsightsSipConfig,
  SystemInsightsTpmInfo,
  SystemInsightsWindowsSecurityCenter,
} from '../../jumpcloud/types';
import { nonBlank, optionalBoolean } from '../shared/values';

/** One volume's verdict: encrypted, or not; a volume without a verdict is left out. */
export interface VolumeVerdict {
  name: string;
  encrypted: boolean;
}

/** A mounted filesystem of a Linux system (`mounts`), by mount point. */
export interface MountedVolume {
  path: string;
  /** The device as mounted (`/dev/mapper/luks-...`) and its resolved path (`/dev/dm-0`). */
  devices: string[];
}

/** What System Insights tells of one system's protection; only what was reported. */
export interface DevicePosture {
  /** `disk_encryption` (macOS, Linux): the verdict of each device name that has one. */
  diskEncryption?: Map<string, boolean>;
  /** `bitlocker_info` (Windows): the verdict of each drive letter that has one. */
  bitlocker?: Map<string, boolean>;
  /** `mounts`: filesystems mounted from a block device (Linux). */
  mounts?: MountedVolume[];
  /** `logical_drives` (Windows): the drive Windows booted from (`boot_partition` 1). */
  bootDrive?: string;
  firewallEnabled?: boolean;
  firewallStealthMode?: boolean;
  antivirusStatus?: string;
  antivirusEnabled?: boolean;
  autoUpdateStatus?: string;
  systemIntegrityProtectionEnabled?: boolean;
  secureBootEnabled?: boolean;
  tpmEnabled?: boolean;
  tpmActivated?: boolean;
  tpmVersion?: string;
}

/** Which source decided a device's `encrypted`. */
export type EncryptionSource = 'fde' | 'bitlocker_info' | 'disk_encryption' | 'apple-mdm';

/** The encryption verdict of a device and the detail of its data volumes. */
export interface EncryptionProperties {
  /** Its system storage is protected at rest by full-disk encryption; absent: not reported. */
  encrypted?: boolean;
  encryptionSource?: EncryptionSource;
  /** Every data volume with a verdict is encrypted (true) or one is not (false). */
  dataVolumesEncrypted?: boolean;
  /** Data volumes reported not encrypted: mount points (Linux), drive letters, device names. */
  unencryptedDataVolumes?: string[];
}

/** The device properties of a posture; an empty object when nothing was reported. */
export interface DevicePostureProperties extends EncryptionProperties {
  firewallEnabled?: boolean;
  firewallStealthMode?: boolean;
  antivirusStatus?: string;
  antivirusEnabled?: boolean;
  autoUpdateStatus?: string;
  systemIntegrityProtectionEnabled?: boolean;
  secureBootEnabled?: boolean;
  tpmEnabled?: boolean;
  tpmActivated?: boolean;
  tpmVersion?: string;
}

/**
 * An integer column as the specification types it (integer) or as osquery produces it (its
 * rows are strings: "1"); anything else is undefined.
 */
export function integerColumn(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const text = nonBlank(value);
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** A 1/0 flag, as a number or a string; anything else is no value. */
export function flag(value: unknown): boolean | undefined {
  const number = integerColumn(value);
  if (number === 1) return true;
  if (number === 0) return false;
  return undefined;
}

/**
 * One `disk_encryption` row (macOS, Linux): encrypted when the status says `encrypted` (or,
 * without a status, `encrypted` is 1); not encrypted when it says `not encrypted` (or 0).
 * `undefined` (disk images, snapshots, volumes the agent cannot judge) is no verdict.
 */
export function readDiskEncryption(row: SystemInsightsDiskEncryption): VolumeVerdict | undefined {
  const name = nonBlank(row.name);
  if (!name) return undefined;
  const status = nonBlank(row.encryption_status)?.toLowerCase();
  if (status === 'encrypted') return { name, encrypted: true };
  if (status === 'not encrypted') return { name, encrypted: false };
  if (status !== undefined) return undefined;
  const encrypted = flag(row.encrypted);
  return encrypted === undefined ? undefined : { name, encrypted };
}

/**
 * One `bitlocker_info` row (Windows): encrypted when fully encrypted (conversion status 1 or
 * 100 %) AND protection is on (1). Protection off (0) means the key sits in the clear
 * (suspended, or never protected): not encrypted, as is a volume still converting. Protection
 * unknown (2, a locked volume) is no verdict. Named by drive letter; a volume without one (a
 * recovery or EFI partition) is left out.
 */
export function readBitlocker(row: SystemInsightsBitlockerInfo): VolumeVerdict | undefined {
  const name = driveLetter(row.drive_letter);
  if (!name) return undefined;
  const protection = integerColumn(row.protection_status);
  if (protection !== 0 && protection !== 1) return undefined;
  const fullyEncrypted =
    integerColumn(row.conversion_status) === 1 || integerColumn(row.percentage_encrypted) === 100;
  return { name, encrypted: protection === 1 && fullyEncrypted };
}

/** `c:`, `C:\\` and `C:` are the same drive: `C:`. */
function driveLetter(value: unknown): string | undefined {
  const match = /^([A-Za-z]):\\?$/.exec(nonBlank(value) ?? '');
  return match ? `${match[1].toUpperCase()}:` : undefined;
}

/**
 * Mount points that are not data volumes: the boot and EFI partitions stay unencrypted by
 * design on a LUKS machine (the boot loader must read them).
 */
const BOOT_MOUNT_POINTS = /^\/(boot|efi)(\/|$)/;

/**
 * One `mounts` row, when it is a filesystem on a block device that may hold data: not a
 * pseudo filesystem (`proc`, `tmpfs`, `overlay`: no `/dev/` device), not a loop device (snaps,
 * disk images), not `/boot` or the EFI partition.
 */
export function readMount(row: SystemInsightsMount): MountedVolume | undefined {
  const path = nonBlank(row.path);
  if (!path || BOOT_MOUNT_POINTS.test(path)) return undefined;
  const devices = [nonBlank(row.device), nonBlank(row.device_alias)].filter(
    (device): device is string =>
      device !== undefined && device.startsWith('/dev/') && !device.startsWith('/dev/loop'),
  );
  return devices.length > 0 ? { path, devices: [...new Set(devices)] } : undefined;
}

/**
 * The encryption verdict of one device, from the source that decides it on its platform:
 *
 * - macOS: FileVault, as the agent reports it (`fde.active`); when the agent is silent, as
 *   Apple MDM last reported it for the enrolled Mac (`securityInfo.filevaultEnabled`, by serial
 *   number: `mdmFileVault`). When both report, the agent decides: it reports from the machine
 *   at every check-in, MDM when the Mac last answered its SecurityInfo query. `disk_encryption`
 *   does not decide: on Macs with hardware encryption (T2, Apple silicon) every APFS volume
 *   reports `encrypted` whether FileVault is on or not.
 * - Windows: BitLocker on the drive Windows booted from (`logical_drives.boot_partition`),
 *   protection on and fully converted (`bitlocker_info`); the agent's `fde.active` when System
 *   Insights does not tell.
 * - Linux: the root filesystem (`mounts` path `/`) is on a device `disk_encryption` reports
 *   encrypted (a dm-crypt/LUKS mapping, or a device on one: osquery gives a device its
 *   parent's status).
 *
 * `false` only when the deciding source says so; nothing when it does not report.
 */
export function encryptionVerdict(
  platform: string | undefined,
  fde: { active?: unknown } | null | undefined,
  posture: DevicePosture | undefined,
  mdmFileVault?: boolean,
): EncryptionProperties {
  const agent = optionalBoolean(fde?.active);
  const properties: EncryptionProperties = {};
  if (platform === 'darwin') {
    if (agent !== undefined) {
      Object.assign(properties, { encrypted: agent, encryptionSource: 'fde' });
    } else if (mdmFileVault !== undefined) {
      Object.assign(properties, { encrypted: mdmFileVault, encryptionSource: 'apple-mdm' });
    }
    const volumes = [...(posture?.diskEncryption ?? [])];
    const unencrypted = volumes.filter(([, encrypted]) => !encrypted).map(([name]) => name);
    if (unencrypted.length > 0) {
      properties.dataVolumesEncrypted = false;
      properties.unencryptedDataVolumes = unencrypted.sort();
    } else if (volumes.length > 0 && properties.encrypted === true) {
      // APFS "encrypted" alone proves nothing; with FileVault on it does.
      properties.dataVolumesEncrypted = true;
    }
    return properties;
  }
  if (platform === 'windows') {
    const boot = posture?.bootDrive;
    const osVolume = boot === undefined ? undefined : posture?.bitlocker?.get(boot);
    if (osVolume !== undefined) {
      Object.assign(properties, { encrypted: osVolume, encryptionSource: 'bitlocker_info' });
    } else if (agent !== undefined) {
      Object.assign(properties, { encrypted: agent, encryptionSource: 'fde' });
    }
    return withDataVolumes(properties, [...(posture?.bitlocker ?? [])]);
  }
  if (platform === 'linux') {
    const verdictOf = (mount: MountedVolume) =>
      mount.devices
        .map((device) => posture?.diskEncryption?.get(device))
        .find((verdict) => verdict !== undefined);
    const root = posture?.mounts?.find((mount) => mount.path === '/');
    const rootVerdict = root && verdictOf(root);
    if (rootVerdict !== undefined) {
      Object.assign(properties, { encrypted: rootVerdict, encryptionSource: 'disk_encryption' });
    }
    const volumes: Array<[string, boolean]> = [];
    for (const mount of posture?.mounts ?? []) {
      const verdict = verdictOf(mount);
      if (verdict !== undefined) volumes.push([mount.path, verdict]);
    }
    return withDataVolumes(properties, volumes);
  }
  return properties;
}

function withDataVolumes(
  properties: EncryptionProperties,
  volumes: Array<[string, boolean]>,
): EncryptionProperties {
  if (volumes.length === 0) return properties;
  const unencrypted = volumes.filter(([, encrypted]) => !encrypted).map(([name]) => name);
  properties.dataVolumesEncrypted = unencrypted.length === 0;
  if (unencrypted.length > 0) properties.unencryptedDataVolumes = [...new Set(unencrypted)].sort();
  return properties;
}

/** Windows Security Center health: Good is on; Poor and Snoozed are off; the rest unknown. */
export function securityCenterState(value: unknown): boolean | undefined {
  const state = nonBlank(value)?.toLowerCase();
  if (state === 'good') return true;
  if (state === 'poor' || state === 'snoozed') return false;
  return undefined;
}

/** Accumulates the posture tables, row by row, by system id. */
export class DevicePostureCollector {
  readonly bySystem = new Map<string, DevicePosture>();

  private of(systemId: unknown): DevicePosture | undefined {
    const id = nonBlank(systemId);
    if (!id) return undefined;
    let posture = this.bySystem.get(id);
    if (!posture) {
      posture = {};
      this.bySystem.set(id, posture);
    }
    return posture;
  }

  /** A volume listed twice: not encrypted if either row says so. */
  private static addVerdict(volumes: Map<string, boolean>, volume: VolumeVerdict): void {
    volumes.set(volume.name, (volumes.get(volume.name) ?? true) && volume.encrypted);
  }

  diskEncryption(row: SystemInsightsDiskEncryption): void {
    const volume = readDiskEncryption(row);
    const posture = volume && this.of(row.system_id);
    if (!volume || !posture) return;
    posture.diskEncryption ??= new Map();
    DevicePostureCollector.addVerdict(posture.diskEncryption, volume);
  }

  bitlocker(row: SystemInsightsBitlockerInfo): void {
    const volume = readBitlocker(row);
    const posture = volume && this.of(row.system_id);
    if (!volume || !posture) return;
    posture.bitlocker ??= new Map();
    DevicePostureCollector.addVerdict(posture.bitlocker, volume);
  }

  mount(row: SystemInsightsMount): void {
    const mount = readMount(row);
    const posture = mount && this.of(row.system_id);
    if (!mount || !posture) return;
    posture.mounts ??= [];
    posture.mounts.push(mount);
  }

  logicalDrive(row: SystemInsightsLogicalDrive): void {
    const drive = driveLetter(row.device_id);
    if (!drive || flag(row.boot_partition) !== true) return;
    const posture = this.of(row.system_id);
    if (posture) posture.bootDrive = drive;
  }

  /** macOS application firewall: `global_state` 1 (on) or 2 (block all) is on, 0 off. */
  alf(row: SystemInsightsAlf): void {
    const state = integerColumn(row.global_state);
    if (state !== 0 && state !== 1 && state !== 2) return;
    const posture = this.of(row.system_id);
    if (!posture) return;
    posture.firewallEnabled = state > 0;
    const stealth = flag(row.stealth_enabled);
    if (stealth !== undefined) posture.firewallStealthMode = stealth;
  }

  windowsSecurityCenter(row: SystemInsightsWindowsSecurityCenter): void {
    const posture = this.of(row.system_id);
    if (!posture) return;
    const firewall = securityCenterState(row.firewall);
    if (firewall !== undefined) posture.firewallEnabled = firewall;
    const antivirus = nonBlank(row.antivirus);
    if (antivirus) {
      posture.antivirusStatus = antivirus;
      const enabled = securityCenterState(antivirus);
      if (enabled !== undefined) posture.antivirusEnabled = enabled;
    }
    const autoUpdate = nonBlank(row.autoupdate);
    if (autoUpdate) posture.autoUpdateStatus = autoUpdate;
  }

  /** The overall `sip` flag; the per-protection flags are left out. */
  sipConfig(row: SystemInsightsSipConfig): void {
    if (nonBlank(row.config_flag) !== 'sip') return;
    const enabled = flag(row.enabled);
    const posture = enabled === undefined ? undefined : this.of(row.system_id);
    if (posture) posture.systemIntegrityProtectionEnabled = enabled;
  }

  secureBoot(row: SystemInsightsSecureBoot): void {
    const enabled = flag(row.secure_boot);
    const posture = enabled === undefined ? undefined : this.of(row.system_id);
    if (posture) posture.secureBootEnabled = enabled;
  }

  tpmInfo(row: SystemInsightsTpmInfo): void {
    const posture = this.of(row.system_id);
    if (!posture) return;
    const enabled = flag(row.enabled);
    const activated = flag(row.activated);
    if (enabled !== undefined) posture.tpmEnabled = enabled;
    if (activated !== undefined) posture.tpmActivated = activated;
    // "2.0, 0, 1.59": the TPM version comes first.
    const version = nonBlank(row.spec_version)?.split(',')[0]?.trim();
    if (version) posture.tpmVersion = version;
  }
}

/**
 * Reads the nine posture tables of an organization, whole, through the System Insights
 * feature (so a 404 or 403 warns once for the organization). A table that could not be read
 * leaves the posture of every system unknown for it; nothing partial is kept.
 */
export async function readDevicePosture(
  client: JumpCloudClient,
  systemInsights: OptionalFeature,
  orgId: string,
): Promise<Map<string, DevicePosture>> {
  const collector = new DevicePostureCollector();
  // Settled together: a refused table does not leave the others writing into the collector
  // after this function returned.
  const read = await systemInsights.read(orgId, () =>
    allSettledOrFirstError([
      client.iterateDiskEncryption(orgId, (row) => collector.diskEncryption(row)),
      client.iterateBitlockerInfo(orgId, (row) => collector.bitlocker(row)),
      client.iterateMounts(orgId, (row) => collector.mount(row)),
      client.iterateLogicalDrives(orgId, (row) => collector.logicalDrive(row)),
      client.iterateAlf(orgId, (row) => collector.alf(row)),
      client.iterateWindowsSecurityCenter(orgId, (row) => collector.windowsSecurityCenter(row)),
      client.iterateSipConfig(orgId, (row) => collector.sipConfig(row)),
      client.iterateSecureBoot(orgId, (row) => collector.secureBoot(row)),
      client.iterateTpmInfo(orgId, (row) => collector.tpmInfo(row)),
    ]),
  );
  return read ? collector.bySystem : new Map();
}

/**
 * The device properties of one system's posture, with its encryption verdict (which needs the
 * agent's `fde` as well: see `encryptionVerdict`).
 */
export function devicePostureProperties(
  posture: DevicePosture | undefined,
  system: { platform?: unknown; fde?: { active?: unknown } | null; mdmFileVault?: boolean } = {},
): DevicePostureProperties {
  const properties: DevicePostureProperties = encryptionVerdict(
    typeof system.platform === 'string' ? system.platform : undefined,
    system.fde,
    posture,
    system.mdmFileVault,
  );
  if (!posture) return properties;
  for (const key of [
    'firewallEnabled',
    'firewallStealthMode',
    'antivirusStatus',
    'antivirusEnabled',
    'autoUpdateStatus',
    'systemIntegrityProtectionEnabled',
    'secureBootEnabled',
    'tpmEnabled',
    'tpmActivated',
    'tpmVersion',
  ] as const) {
    if (posture[key] !== undefined) (properties as Record<string, unknown>)[key] = posture[key];
  }
  return properties;
}
