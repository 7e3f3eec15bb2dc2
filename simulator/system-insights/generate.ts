/**
 * System Insights hardware (`GET /api/v2/systeminsights/system_info`), derived from the
 * org's systems: one row per system whose `systemInsights.state` is `enabled`, none for the
 * others. Pure and deterministic (seeded by the org id and the system's position).
 *
 * Shaped after the 2026 v2 specification (`system-insights-system-info`), including what
 * its example shows of real answers: `hardware_vendor`, `hardware_model` and
 * `hardware_version` end with a space, `physical_memory` is a string of bytes.
 */
import type { SimulatedOrg } from '../directory/generate';
import { DAY_MS, EPOCH_MS, Rng, hash32 } from '../shared/random';
import type { JcSystem } from '../shared/types';

/** `system-insights-system-info` (every field but `system_id` and `collection_time` nullable). */
export interface SystemInfo {
  collection_time: string;
  computer_name: string | null;
  cpu_brand: string | null;
  cpu_logical_cores: number | null;
  cpu_microcode: string | null;
  cpu_physical_cores: number | null;
  cpu_subtype: string | null;
  cpu_type: string | null;
  hardware_model: string | null;
  hardware_serial: string | null;
  hardware_vendor: string | null;
  hardware_version: string | null;
  hostname: string | null;
  local_hostname: string | null;
  physical_memory: string | null;
  system_id: string;
  uuid: string | null;
}

/** The hardware of one system, trimmed: what a row says and what an asset copies. */
export interface SystemHardware {
  vendor: string;
  model: string;
  version: string;
  cpuBrand: string;
  cpuType: string;
  cpuSubtype: string;
  physicalCores: number;
  logicalCores: number;
  memoryBytes: number;
}

const GIB = 1024 * 1024 * 1024;

type HardwareKind = 'mac-arm' | 'mac-intel' | 'windows' | 'windows-server' | 'linux' | 'mobile';

function hardwareKind(system: JcSystem): HardwareKind {
  if (system.osFamily === 'darwin') return system.arch === 'arm64' ? 'mac-arm' : 'mac-intel';
  if (system.osFamily === 'windows')
    return system.version.startsWith('Server') ? 'windows-server' : 'windows';
  if (system.osFamily === 'linux') return 'linux';
  return 'mobile';
}

const PROFILES: Record<
  HardwareKind,
  Array<Omit<SystemHardware, 'vendor' | 'memoryBytes'> & { memoryGiB: number[] }>
> = {
  'mac-arm': [
    {
      model: 'MacBookPro18,3',
      version: '1.0',
      cpuBrand: 'Apple M1 Pro',
      cpuType: 'arm64e',
      cpuSubtype: 'ARM64E',
      physicalCores: 10,
      logicalCores: 10,
      memoryGiB: [16, 32],
    },
    {
      model: 'Mac14,2',
      version: '1.0',
      cpuBrand: 'Apple M2',
      cpuType: 'arm64e',
      cpuSubtype: 'ARM64E',
      physicalCores: 8,
      logicalCores: 8,
      memoryGiB: [8, 16, 24],
    },
    {
      model: 'Mac15,6',
      version: '',
      cpuBrand: 'Apple M3 Pro',
      cpuType: 'arm64e',
      cpuSubtype: 'ARM64E',
      physicalCores: 11,
      logicalCores: 11,
      memoryGiB: [18, 36],
    },
  ],
  'mac-intel': [
    {
      model: 'MacBookPro16,1',
      version: '1.0',
      cpuBrand: 'Intel(R) Core(TM) i7-9750H CPU @ 2.60GHz',
      cpuType: 'x86_64h',
      cpuSubtype: 'Intel x86-64h Haswell',
      physicalCores: 6,
      logicalCores: 12,
      memoryGiB: [16, 32],
    },
  ],
  windows: [
    {
      model: 'Latitude 7440',
      version: 'A01',
      cpuBrand: '13th Gen Intel(R) Core(TM) i7-1365U',
      cpuType: 'x86_64',
      cpuSubtype: '-1',
      physicalCores: 10,
      logicalCores: 12,
      memoryGiB: [16, 32],
    },
    {
      model: '21HD003AUS',
      version: 'ThinkPad T14 Gen 4',
      cpuBrand: 'AMD Ryzen 7 PRO 7840U w/ Radeon 780M Graphics',
      cpuType: 'x86_64',
      cpuSubtype: '-1',
      physicalCores: 8,
      logicalCores: 16,
      memoryGiB: [16, 32],
    },
  ],
  'windows-server': [
    {
      model: 'VMware7,1',
      version: 'None',
      cpuBrand: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
      cpuType: 'x86_64',
      cpuSubtype: '-1',
      physicalCores: 4,
      logicalCores: 4,
      memoryGiB: [16, 32, 64],
    },
  ],
  linux: [
    {
      model: 'm6i.large',
      version: '',
      cpuBrand: 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz',
      cpuType: 'x86_64',
      cpuSubtype: '106',
      physicalCores: 1,
      logicalCores: 2,
      memoryGiB: [8],
    },
    {
      model: 'Standard PC (Q35 + ICH9, 2009)',
      version: 'pc-q35-8.2',
      cpuBrand: 'AMD EPYC 7R13 Processor',
      cpuType: 'x86_64',
      cpuSubtype: '1',
      physicalCores: 4,
      logicalCores: 8,
      memoryGiB: [16, 32],
    },
  ],
  mobile: [
    {
      model: 'iPhone15,2',
      version: '',
      cpuBrand: 'Apple A16 Bionic',
      cpuType: 'arm64e',
      cpuSubtype: 'ARM64E',
      physicalCores: 6,
      logicalCores: 6,
      memoryGiB: [6],
    },
  ],
};

function trimVendor(vendor: string): string {
  return vendor.trim() === '' ? 'Unknown' : vendor.trim();
}

/** The hardware of system number `index` of the org (whether or not it reports it). */
export function systemHardware(org: SimulatedOrg, index: number): SystemHardware {
  const system = org.systems[index];
  const rng = new Rng(hash32(org.id, 'system-hardware', index));
  const profile = rng.pick(PROFILES[hardwareKind(system)]);
  return {
    vendor: trimVendor(system.hwVendor),
    model: profile.model,
    version: profile.version,
    cpuBrand: profile.cpuBrand,
    cpuType: profile.cpuType,
    cpuSubtype: profile.cpuSubtype,
    physicalCores: profile.physicalCores,
    logicalCores: profile.logicalCores,
    memoryBytes: rng.pick(profile.memoryGiB) * GIB,
  };
}

function collectionTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function uuid(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`.toUpperCase();
}

/** One row per system with System Insights enabled, in system order. */
export function generateSystemInfo(org: SimulatedOrg): SystemInfo[] {
  const rows: SystemInfo[] = [];
  let reported = 0;
  org.systems.forEach((system, index) => {
    if (system.systemInsights.state !== 'enabled') return;
    const hardware = systemHardware(org, index);
    const rng = new Rng(hash32(org.id, 'system-info', index));
    // The second reporting system misses CPU and model details (nulls and blanks happen).
    const sparse = reported === 1;
    reported += 1;
    rows.push({
      collection_time: collectionTime(EPOCH_MS - rng.int(7 * DAY_MS)),
      computer_name: system.displayName,
      cpu_brand: sparse ? null : hardware.cpuBrand,
      cpu_logical_cores: sparse ? null : hardware.logicalCores,
      cpu_microcode: system.osFamily === 'windows' ? `0x${rng.hex(4)}` : '',
      cpu_physical_cores: sparse ? null : hardware.physicalCores,
      cpu_subtype: hardware.cpuSubtype,
      cpu_type: hardware.cpuType,
      hardware_model: sparse ? '' : `${hardware.model} `,
      hardware_serial: system.serialNumber,
      hardware_vendor: `${hardware.vendor} `,
      hardware_version: sparse ? null : `${hardware.version} `,
      hostname: `${system.hostname}.local`,
      local_hostname: system.hostname,
      physical_memory: String(hardware.memoryBytes),
      system_id: system.id,
      uuid: uuid(rng),
    });
  });
  return rows;
}

const cache = new WeakMap<SimulatedOrg, SystemInfo[]>();

/** `generateSystemInfo`, computed once per org. */
export function orgSystemInfo(org: SimulatedOrg): SystemInfo[] {
  let rows = cache.get(org);
  if (!rows) {
    rows = generateSystemInfo(org);
    cache.set(org, rows);
  }
  return rows;
}
