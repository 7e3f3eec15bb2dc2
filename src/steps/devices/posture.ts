/**
 * Verified encryption and protection of each system, from System Insights, as properties of
 * its `jumpcloud_device`: what the machine itself reports, volume by volume, rather than the
 * agent's one-line summary (`fde.active`, kept as `encrypted`).
 *
 * A system with no row in a table gets no value from it, never a false one: "not reported"
 * and "off" stay apart.
 */
import { JumpCloudClient } from '../../jumpcloud';
import { OptionalFeature } from '../shared/optional-data';
import {
  SystemInsightsAlf,
  SystemInsightsBitlockerInfo,
  SystemInsightsDiskEncryption,
  SystemInsightsSecureBoot,
  SystemInsightsSipConfig,
  SystemInsightsTpmInfo,
  SystemInsightsWindowsSecurityCenter,
} from '../../jumpcloud/types';
import { nonBlank } from '../shared/values';

/** What System Insights tells of one system's protection; only what was reported. */
export interface DevicePosture {
  /** Volumes with a verdict: name (or drive letter) and whether it is encrypted. */
  volumes?: Array<{ name: string; encrypted: boolean }>;
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

/** The device properties of a posture; an empty object when nothing was reported. */
export interface DevicePostureProperties {
  allVolumesEncrypted?: boolean;
  unencryptedVolumes?: string[];
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

function flag(value: unknown): boolean | undefined {
  if (value === 1 || value === '1') return true;
  if (value === 0 || value === '0') return false;
  return undefined;
}

/**
 * One `disk_encryption` row (macOS, Linux): encrypted when the status says `encrypted` (or,
 * without a status, `encrypted` is 1); not encrypted when it says `not encrypted` (or 0).
 * `undefined` (disk images, snapshots, volumes the agent cannot judge) is no verdict.
 */
export function readDiskEncryption(
  row: SystemInsightsDiskEncryption,
): { name: string; encrypted: boolean } | undefined {
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
 * unknown (2, a locked volume) is no verdict.
 */
export function readBitlocker(
  row: SystemInsightsBitlockerInfo,
): { name: string; encrypted: boolean } | undefined {
  const name = nonBlank(row.drive_letter) ?? nonBlank(row.device_id);
  if (!name) return undefined;
  const protection = row.protection_status;
  if (protection !== 0 && protection !== 1) return undefined;
  const fullyEncrypted = row.conversion_status === 1 || row.percentage_encrypted === 100;
  return { name, encrypted: protection === 1 && fullyEncrypted };
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

  private addVolume(systemId: unknown, volume: { name: string; encrypted: boolean } | undefined) {
    if (!volume) return;
    const posture = this.of(systemId);
    if (!posture) return;
    posture.volumes ??= [];
    const same = posture.volumes.find((existing) => existing.name === volume.name);
    // A volume listed twice: not encrypted if either row says so.
    if (same) same.encrypted = same.encrypted && volume.encrypted;
    else posture.volumes.push(volume);
  }

  diskEncryption(row: SystemInsightsDiskEncryption): void {
    this.addVolume(row.system_id, readDiskEncryption(row));
  }

  bitlocker(row: SystemInsightsBitlockerInfo): void {
    this.addVolume(row.system_id, readBitlocker(row));
  }

  /** macOS application firewall: `global_state` 1 (on) or 2 (block all) is on, 0 off. */
  alf(row: SystemInsightsAlf): void {
    const state = row.global_state;
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
 * Reads the seven posture tables of an organization, whole, through the System Insights
 * feature (so a 404 or 403 warns once for the organization). A table that could not be read
 * leaves the posture of every system unknown for it; nothing partial is kept.
 */
export async function readDevicePosture(
  client: JumpCloudClient,
  systemInsights: OptionalFeature,
  orgId: string,
): Promise<Map<string, DevicePosture>> {
  const collector = new DevicePostureCollector();
  const read = await systemInsights.read(orgId, () =>
    Promise.all([
      client.iterateDiskEncryption(orgId, (row) => collector.diskEncryption(row)),
      client.iterateBitlockerInfo(orgId, (row) => collector.bitlocker(row)),
      client.iterateAlf(orgId, (row) => collector.alf(row)),
      client.iterateWindowsSecurityCenter(orgId, (row) => collector.windowsSecurityCenter(row)),
      client.iterateSipConfig(orgId, (row) => collector.sipConfig(row)),
      client.iterateSecureBoot(orgId, (row) => collector.secureBoot(row)),
      client.iterateTpmInfo(orgId, (row) => collector.tpmInfo(row)),
    ]),
  );
  return read ? collector.bySystem : new Map();
}

/** The device properties of one system's posture. */
export function devicePostureProperties(
  posture: DevicePosture | undefined,
): DevicePostureProperties {
  if (!posture) return {};
  const properties: DevicePostureProperties = {};
  if (posture.volumes && posture.volumes.length > 0) {
    const unencrypted = posture.volumes.filter((volume) => !volume.encrypted).map((v) => v.name);
    properties.allVolumesEncrypted = unencrypted.length === 0;
    if (unencrypted.length > 0) properties.unencryptedVolumes = unencrypted.sort();
  }
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
