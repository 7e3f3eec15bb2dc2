/**
 * Installed software from System Insights: `apps` (macOS), `programs` (Windows) and
 * `linux_packages` (Linux), derived from the org's systems. Only systems whose System
 * Insights is `enabled` report; each reports the table of its platform.
 *
 * The tables are the largest System Insights answers (tens to hundreds of rows per system),
 * so they are never materialised: how many rows each system has is computed once per org
 * (a few bytes per system), and a page is generated from the systems it spans. Pure and
 * deterministic, seeded per org, system and table, independent of every other generator.
 */
import type { SimulatedOrg } from '../directory/generate';
import { DAY_MS, EPOCH_MS, Rng, hash32 } from '../shared/random';
import type { JcSystem } from '../shared/types';

export type SoftwareTable = 'apps' | 'programs' | 'linux_packages';

export interface SiAppRow {
  applescript_enabled: string | null;
  bundle_executable: string | null;
  bundle_identifier: string | null;
  bundle_name: string | null;
  bundle_package_type: string | null;
  bundle_short_version: string | null;
  bundle_version: string | null;
  category: string | null;
  collection_time: string;
  compiler: string | null;
  copyright: string | null;
  development_region: string | null;
  display_name: string | null;
  element: string | null;
  environment: string | null;
  info_string: string | null;
  last_opened_time: number | null;
  minimum_system_version: string | null;
  name: string | null;
  path: string | null;
  system_id: string;
}

export interface SiProgramRow {
  collection_time: string;
  identifying_number: string | null;
  install_date: string | null;
  install_location: string | null;
  install_source: string | null;
  language: string | null;
  name: string | null;
  publisher: string | null;
  system_id: string;
  uninstall_string: string | null;
  version: string | null;
}

export interface SiLinuxPackageRow {
  arch: string | null;
  install_time: number | null;
  maintainer_or_vendor: string | null;
  mount_namespace_id: string | null;
  name: string;
  package_format: string;
  package_group_or_section: string | null;
  pid_with_namespace: number | null;
  release_or_revision: string | null;
  size: string | null;
  version: string | null;
  system_id: string;
}

export type SoftwareRow = SiAppRow | SiProgramRow | SiLinuxPackageRow;

/** One installation, as the simulator meant it: what the integration must make of a row. */
export interface InstalledSoftware {
  systemId: string;
  platform: 'darwin' | 'windows' | 'linux';
  name: string;
  version: string;
  /** Where it is installed, when the table tells. */
  path?: string;
}

interface CatalogEntry {
  name: string;
  versions: string[];
  vendor: string;
  /** Share of the platform's machines that have it. */
  share: number;
}

// prettier-ignore
const BROWSER_VERSIONS = ['120.0.6099.109', '126.0.6478.127', '130.0.6723.117', '131.0.6778.86', '131.0.6778.108'];

// prettier-ignore
const MAC_CATALOG: CatalogEntry[] = [
  { name: 'Google Chrome', versions: BROWSER_VERSIONS, vendor: 'com.google.Chrome', share: 0.75 },
  { name: 'Firefox', versions: ['115.18.0', '128.5.1', '133.0'], vendor: 'org.mozilla.firefox', share: 0.3 },
  { name: 'Slack', versions: ['4.36.140', '4.41.105'], vendor: 'com.tinyspeck.slackmacgap', share: 0.8 },
  { name: 'zoom.us', versions: ['5.17.11', '6.2.11', '6.3.0'], vendor: 'us.zoom.xos', share: 0.7 },
  { name: 'Microsoft Word', versions: ['16.89', '16.91'], vendor: 'com.microsoft.Word', share: 0.5 },
  { name: 'Microsoft Excel', versions: ['16.89', '16.91'], vendor: 'com.microsoft.Excel', share: 0.5 },
  { name: 'Visual Studio Code', versions: ['1.94.2', '1.95.3'], vendor: 'com.microsoft.VSCode', share: 0.4 },
  { name: 'Docker', versions: ['4.34.3', '4.36.0'], vendor: 'com.docker.docker', share: 0.25 },
  { name: '1Password', versions: ['8.10.50', '8.10.54'], vendor: 'com.1password.1password', share: 0.45 },
  { name: 'Safari', versions: ['17.6', '18.1.1'], vendor: 'com.apple.Safari', share: 1 },
  { name: 'App Store', versions: ['3.0'], vendor: 'com.apple.AppStore', share: 1 },
  { name: 'Xcode', versions: ['15.4', '16.1'], vendor: 'com.apple.dt.Xcode', share: 0.15 },
  { name: 'iTerm', versions: ['3.5.10'], vendor: 'com.googlecode.iterm2', share: 0.2 },
  { name: 'JumpCloud Password Manager', versions: ['2.1.0'], vendor: 'com.jumpcloud.pwm', share: 0.3 },
  ...syntheticCatalog('Mac App', 30, 0.25, 'com.example.app'),
];

// prettier-ignore
const WINDOWS_CATALOG: CatalogEntry[] = [
  { name: 'Google Chrome', versions: BROWSER_VERSIONS, vendor: 'Google LLC', share: 0.8 },
  { name: 'Mozilla Firefox (x64 en-US)', versions: ['115.18.0', '128.5.1', '133.0'], vendor: 'Mozilla', share: 0.25 },
  { name: 'Microsoft Edge', versions: ['130.0.2849.80', '131.0.2903.70'], vendor: 'Microsoft Corporation', share: 1 },
  { name: 'Microsoft 365 Apps for enterprise - en-us', versions: ['16.0.17928.20216', '16.0.18129.20158'], vendor: 'Microsoft Corporation', share: 0.7 },
  { name: 'Zoom Workplace (64-bit)', versions: ['6.2.11', '6.3.0'], vendor: 'Zoom Video Communications, Inc.', share: 0.6 },
  { name: '7-Zip 23.01 (x64)', versions: ['23.01'], vendor: 'Igor Pavlov', share: 0.4 },
  { name: 'Notepad++ (64-bit x64)', versions: ['8.6.9', '8.7.1'], vendor: 'Notepad++ Team', share: 0.3 },
  { name: 'JumpCloud Agent', versions: ['1.170.0'], vendor: 'JumpCloud Inc.', share: 1 },
  { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64)', versions: ['14.40.33810.0', '14.42.34433.0'], vendor: 'Microsoft Corporation', share: 0.9 },
  { name: 'Git', versions: ['2.46.0', '2.47.1'], vendor: 'The Git Development Community', share: 0.2 },
  ...syntheticCatalog('Windows Program', 40, 0.25, 'Example Software Ltd'),
];

// prettier-ignore
const LINUX_REAL = ['bash', 'coreutils', 'openssl', 'openssh-server', 'openssh-client', 'curl', 'sudo', 'systemd', 'tzdata', 'ca-certificates', 'python3', 'vim', 'git', 'rsync', 'tar', 'gzip', 'less', 'cron', 'rsyslog', 'iproute2', 'nginx', 'docker-ce', 'containerd.io', 'postgresql-client', 'jq', 'unzip', 'zip', 'lsof', 'htop', 'tmux'];

const LINUX_CATALOG: CatalogEntry[] = [
  ...LINUX_REAL.map((name, i) => ({
    name,
    versions: [`${1 + (i % 5)}.${i % 7}.${i % 3}-1`, `${1 + (i % 5)}.${(i % 7) + 1}.0-2`],
    vendor: 'Distribution Developers',
    share: i < 20 ? 0.97 : 0.35,
  })),
  ...syntheticCatalog('lib', 220, 0.55, 'Distribution Developers').map((entry, i) => ({
    ...entry,
    name: `lib${entry.name.replace(/\s+/g, '').toLowerCase()}${i % 3 === 0 ? 't64' : ''}`,
  })),
];

function syntheticCatalog(
  prefix: string,
  count: number,
  share: number,
  vendor: string,
): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({
      name: `${prefix} ${String(i + 1).padStart(3, '0')}`,
      versions: [`${1 + (i % 4)}.${i % 10}.0`, `${1 + (i % 4)}.${(i % 10) + 1}.2`],
      vendor,
      share,
    });
  }
  return entries;
}

const TABLE_OF: Record<string, SoftwareTable> = {
  darwin: 'apps',
  windows: 'programs',
  linux: 'linux_packages',
};

const CATALOG_OF: Record<SoftwareTable, CatalogEntry[]> = {
  apps: MAC_CATALOG,
  programs: WINDOWS_CATALOG,
  linux_packages: LINUX_CATALOG,
};

/** The software table a system reports, or undefined. */
export function softwareTableOf(system: JcSystem): SoftwareTable | undefined {
  if (system.systemInsights.state !== 'enabled') return undefined;
  return TABLE_OF[system.osFamily];
}

/** Which catalog entries (and which version of each) one system has. Deterministic. */
function installedOn(
  org: SimulatedOrg,
  index: number,
  table: SoftwareTable,
): Array<[number, number]> {
  const rng = new Rng(hash32(org.id, 'software', table, index));
  const installed: Array<[number, number]> = [];
  CATALOG_OF[table].forEach((entry, e) => {
    if (rng.next() < entry.share) installed.push([e, rng.int(entry.versions.length)]);
  });
  return installed;
}

interface TableIndex {
  /** Systems (by index in org.systems) reporting the table, in system order. */
  systems: number[];
  /** starts[i]: the position of the first row of systems[i]; last entry = total rows. */
  starts: number[];
}

const indexes = new WeakMap<SimulatedOrg, Map<SoftwareTable, TableIndex>>();

function tableIndex(org: SimulatedOrg, table: SoftwareTable): TableIndex {
  let byTable = indexes.get(org);
  if (!byTable) {
    byTable = new Map();
    indexes.set(org, byTable);
  }
  let index = byTable.get(table);
  if (!index) {
    index = { systems: [], starts: [0] };
    org.systems.forEach((system, s) => {
      if (softwareTableOf(system) !== table) return;
      index!.systems.push(s);
      index!.starts.push(
        index!.starts[index!.starts.length - 1] + installedOn(org, s, table).length,
      );
    });
    byTable.set(table, index);
  }
  return index;
}

/** Rows of the org's table: its total. */
export function softwareRowCount(org: SimulatedOrg, table: SoftwareTable): number {
  const index = tableIndex(org, table);
  return index.starts[index.starts.length - 1];
}

function collectionTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function rowsOf(org: SimulatedOrg, s: number, table: SoftwareTable): SoftwareRow[] {
  const system = org.systems[s];
  const catalog = CATALOG_OF[table];
  const rng = new Rng(hash32(org.id, 'software-rows', table, s));
  const time = collectionTime(EPOCH_MS - rng.int(3 * DAY_MS));
  return installedOn(org, s, table).map(([e, v]) => {
    const entry = catalog[e];
    const version = entry.versions[v];
    if (table === 'apps') {
      const bundle = `${entry.name}.app`;
      const row: SiAppRow = {
        applescript_enabled: '0',
        bundle_executable: entry.name,
        bundle_identifier: entry.vendor,
        bundle_name: entry.name,
        bundle_package_type: 'APPL',
        bundle_short_version: version,
        bundle_version: version.split('.').slice(0, 2).join(''),
        category: 'public.app-category.productivity',
        collection_time: time,
        compiler: 'com.apple.compilers.llvm.clang.1_0',
        copyright: '',
        development_region: 'en',
        display_name: entry.name,
        element: '',
        environment: '',
        info_string: '',
        last_opened_time: rng.chance(0.2) ? -1 : (EPOCH_MS - rng.int(90 * DAY_MS)) / 1000,
        minimum_system_version: '12.0',
        name: bundle,
        path: `/Applications/${bundle}`,
        system_id: system.id,
      };
      return row;
    }
    if (table === 'programs') {
      const located = rng.chance(0.6);
      const row: SiProgramRow = {
        collection_time: time,
        identifying_number:
          `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}}`.toUpperCase(),
        install_date: new Date(EPOCH_MS - rng.int(400) * DAY_MS)
          .toISOString()
          .slice(0, 10)
          .replace(/-/g, ''),
        install_location: located ? `C:\\Program Files\\${entry.name}\\` : '',
        install_source: '',
        language: '1033',
        name: entry.name,
        publisher: entry.vendor,
        system_id: system.id,
        uninstall_string: `MsiExec.exe /X{${rng.hex(8).toUpperCase()}}`,
        version,
      };
      return row;
    }
    const deb = system.os === 'Ubuntu' || system.os === 'Debian';
    const row: SiLinuxPackageRow = {
      arch: deb ? 'amd64' : 'x86_64',
      install_time: Math.floor((EPOCH_MS - rng.int(400) * DAY_MS) / 1000),
      maintainer_or_vendor: entry.vendor,
      mount_namespace_id: '',
      name: entry.name,
      package_format: deb ? 'deb' : 'rpm',
      package_group_or_section: 'utils',
      pid_with_namespace: 0,
      release_or_revision: version.split('-')[1] ?? '',
      size: String(rng.between(10, 9000) * 1024),
      // A deb version includes its revision (the specification's example: version
      // "3.0-11build1", release_or_revision "11build1"); an rpm's does not (osquery's
      // rpm_packages: `version` and `release` apart).
      version: deb ? version : version.split('-')[0],
      system_id: system.id,
    };
    return row;
  });
}

/** Rows [skip, skip + limit) of the org's table, generated from the systems they span. */
export function softwarePage(
  org: SimulatedOrg,
  table: SoftwareTable,
  skip: number,
  limit: number,
): SoftwareRow[] {
  const index = tableIndex(org, table);
  const total = index.starts[index.starts.length - 1];
  const end = Math.min(total, skip + limit);
  const page: SoftwareRow[] = [];
  if (skip >= end) return page;
  // The first system whose rows reach past `skip` (binary search over the starts).
  let low = 0;
  let high = index.systems.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (index.starts[middle] <= skip) low = middle;
    else high = middle - 1;
  }
  for (let i = low; i < index.systems.length && index.starts[i] < end; i++) {
    const rows = rowsOf(org, index.systems[i], table);
    const from = Math.max(0, skip - index.starts[i]);
    const to = Math.min(rows.length, end - index.starts[i]);
    for (let r = from; r < to; r++) page.push(rows[r]);
  }
  return page;
}

/** Every installation of the org, as the integration must see it (tests, ground truth). */
export function installedSoftware(org: SimulatedOrg): InstalledSoftware[] {
  const out: InstalledSoftware[] = [];
  for (const table of ['apps', 'programs', 'linux_packages'] as const) {
    for (const row of softwarePage(org, table, 0, softwareRowCount(org, table))) {
      if (table === 'apps') {
        const app = row as SiAppRow;
        out.push({
          systemId: app.system_id,
          platform: 'darwin',
          name: app.bundle_name!,
          version: app.bundle_short_version!,
          path: app.path!,
        });
      } else if (table === 'programs') {
        const program = row as SiProgramRow;
        out.push({
          systemId: program.system_id,
          platform: 'windows',
          name: program.name!,
          version: program.version!,
          ...(program.install_location ? { path: program.install_location } : {}),
        });
      } else {
        const pkg = row as SiLinuxPackageRow;
        out.push({
          systemId: pkg.system_id,
          platform: 'linux',
          name: pkg.name,
          // The whole version: an rpm's release is a column of its own.
          version:
            pkg.package_format === 'rpm' && pkg.release_or_revision
              ? `${pkg.version}-${pkg.release_or_revision}`
              : pkg.version!,
        });
      }
    }
  }
  return out;
}
