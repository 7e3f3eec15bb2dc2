/** Systems (`/systems`): devices with the JumpCloud agent. Systems 0..6 are fixed edge cases. */
import { DAY_MS, EPOCH_MS, CollectionCode, Rng, hash32, isoDate } from '../../shared/random';
import type { JcSystem } from '../../shared/types';
import { type OrgContext, makeId, slug } from './context';
import { TIMEZONES } from './names';

export type OsKind = 'mac' | 'windows' | 'ubuntu' | 'linux' | 'ios' | 'android';

const SYSTEMS_START_MS = EPOCH_MS - 4 * 365 * DAY_MS;
const SYSTEM_STEP_MS = 240_000;
export const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

interface OsProfile {
  os: string;
  osFamily: string;
  version: string;
  osName: string;
  distributionName: string;
  releaseName: string;
  major: number;
  minor: number;
  patch: number;
  arch: string;
  archFamily: string;
  templateName: string;
  hwVendor: string;
  fileSystem: string | null;
  desktopCapable: boolean;
  displayManager: string;
}

function osProfile(kind: OsKind, rng: Rng): OsProfile {
  switch (kind) {
    case 'mac': {
      const [releaseName, major, minor, patch] = rng.pick<[string, number, number, number]>([
        ['Sonoma', 14, 6, 1],
        ['Sequoia', 15, 3, 2],
        ['Ventura', 13, 7, 4],
        ['Tahoe', 26, 0, 1],
      ]);
      const arm = rng.chance(0.75);
      return {
        os: 'Mac OS X',
        osFamily: 'darwin',
        version: `${major}.${minor}.${patch}`,
        osName: 'macOS',
        distributionName: '',
        releaseName,
        major,
        minor,
        patch,
        arch: arm ? 'arm64' : 'x86_64',
        archFamily: arm ? 'arm' : 'x86',
        templateName: arm ? 'macosx-darwin-arm64' : 'macosx-darwin-x86_64',
        hwVendor: 'Apple Inc.',
        fileSystem: 'apfs',
        desktopCapable: true,
        displayManager: '',
      };
    }
    case 'windows': {
      const [version, releaseName, major, minor, patch] = rng.pick<
        [string, string, number, number, number]
      >([
        ['11 Pro', '23H2', 10, 0, 22631],
        ['11 Enterprise', '24H2', 10, 0, 26100],
        ['10 Pro', '22H2', 10, 0, 19045],
        ['Server 2022 Datacenter', '21H2', 10, 0, 20348],
      ]);
      const server = version.startsWith('Server');
      return {
        os: 'Windows',
        osFamily: 'windows',
        version,
        osName: `Microsoft Windows ${version}`,
        distributionName: '',
        releaseName,
        major,
        minor,
        patch,
        arch: 'x64',
        archFamily: 'x86',
        templateName: 'windows-windows-x86_64',
        hwVendor: server
          ? 'VMware, Inc.'
          : rng.pick(['Dell Inc.', 'LENOVO', 'HP', 'Microsoft Corporation']),
        fileSystem: 'NTFS',
        desktopCapable: !server,
        displayManager: '',
      };
    }
    case 'ubuntu': {
      const [version, releaseName, major, minor] = rng.pick<[string, string, number, number]>([
        ['22.04', 'Jammy Jellyfish', 22, 4],
        ['24.04', 'Noble Numbat', 24, 4],
        ['20.04', 'Focal Fossa', 20, 4],
      ]);
      const desktop = rng.chance(0.25);
      return {
        os: 'Ubuntu',
        osFamily: 'linux',
        version,
        osName: 'Ubuntu',
        distributionName: 'ubuntu',
        releaseName,
        major,
        minor,
        patch: 0,
        arch: 'x86_64',
        archFamily: 'x86',
        templateName: 'linux-ubuntu-x86_64',
        hwVendor: desktop ? 'Dell Inc.' : rng.pick(['Amazon EC2', 'QEMU', 'Google']),
        fileSystem: 'ext4',
        desktopCapable: desktop,
        displayManager: desktop ? 'gdm3' : '',
      };
    }
    case 'linux': {
      const [os, distributionName, version, major, minor] = rng.pick<
        [string, string, string, number, number]
      >([
        ['Rocky Linux', 'rocky', '9.4', 9, 4],
        ['Amazon Linux', 'amzn', '2023', 2023, 0],
        ['Debian', 'debian', '12', 12, 0],
        ['Red Hat Enterprise Linux', 'rhel', '9.3', 9, 3],
        ['Fedora Linux', 'fedora', '40', 40, 0],
        ['CentOS Linux', 'centos', '7', 7, 9],
      ]);
      return {
        os,
        osFamily: 'linux',
        version,
        osName: os,
        distributionName,
        releaseName: '',
        major,
        minor,
        patch: 0,
        arch: rng.chance(0.8) ? 'x86_64' : 'aarch64',
        archFamily: 'x86',
        templateName: `linux-${distributionName}-x86_64`,
        hwVendor: rng.pick(['Amazon EC2', 'QEMU', 'VMware, Inc.', 'Supermicro']),
        fileSystem: rng.chance(0.8) ? 'xfs' : null,
        desktopCapable: false,
        displayManager: '',
      };
    }
    case 'ios': {
      const ipad = rng.chance(0.5);
      return {
        os: ipad ? 'iPadOS' : 'iOS',
        osFamily: 'ios',
        version: '18.3.1',
        osName: ipad ? 'iPadOS' : 'iOS',
        distributionName: '',
        releaseName: '',
        major: 18,
        minor: 3,
        patch: 1,
        arch: 'arm64',
        archFamily: 'arm',
        templateName: ipad ? 'ipados-ipados-arm64' : 'ios-ios-arm64',
        hwVendor: 'Apple Inc.',
        fileSystem: null,
        desktopCapable: false,
        displayManager: '',
      };
    }
    case 'android':
      return {
        os: 'Android',
        osFamily: 'android',
        version: '14',
        osName: 'Android',
        distributionName: '',
        releaseName: '',
        major: 14,
        minor: 0,
        patch: 0,
        arch: 'arm64',
        archFamily: 'arm',
        templateName: 'android-android-arm64',
        hwVendor: rng.pick(['Google', 'samsung']),
        fileSystem: null,
        desktopCapable: false,
        displayManager: '',
      };
  }
}

function serialFor(kind: OsKind, vendor: string, rng: Rng): string {
  if (kind === 'mac' || kind === 'ios')
    return rng.chance(0.5) ? `C02${rng.chars(SERIAL_ALPHABET, 9)}` : rng.chars(SERIAL_ALPHABET, 10);
  if (vendor === 'Dell Inc.') return rng.chars(SERIAL_ALPHABET, 7);
  if (vendor === 'LENOVO') return `PF${rng.chars(SERIAL_ALPHABET, 6)}`;
  if (vendor === 'Amazon EC2')
    return `ec2${rng.hex(5)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  if (vendor === 'VMware, Inc.')
    return `VMware-56 4d ${rng.hex(2)} ${rng.hex(2)} ${rng.hex(2)} ${rng.hex(2)}`;
  if (vendor === 'QEMU') return '';
  return rng.chars(SERIAL_ALPHABET, 10);
}

export interface SystemDraft {
  record: JcSystem;
  kind: OsKind;
  /** Index of the primary user, if any. */
  primaryUser: number | null;
}

export function makeSystem(
  ctx: OrgContext,
  s: number,
  userCount: number,
  userIds: readonly string[],
): SystemDraft {
  const rng = new Rng(hash32(ctx.orgSeed, 'system', s));
  const createdMs = SYSTEMS_START_MS + s * SYSTEM_STEP_MS + rng.int(SYSTEM_STEP_MS - 1000);
  const id = makeId(ctx, CollectionCode.system, createdMs, s);
  const forcedKinds: OsKind[] = ['mac', 'windows', 'ubuntu', 'linux', 'mac', 'windows', 'ios'];
  const kind: OsKind =
    s < forcedKinds.length
      ? forcedKinds[s]
      : rng.weighted<OsKind>([
          ['mac', 40],
          ['windows', 35],
          ['ubuntu', 12],
          ['linux', 8],
          ['ios', 3],
          ['android', 2],
        ]);
  const p = osProfile(kind, rng);

  // Primary user: most systems; s2 has { id: null }, s3 lacks the object.
  let primaryUser: number | null = null;
  let primarySystemUser: JcSystem['primarySystemUser'];
  const primaryRoll = rng.next();
  if (s === 2 || (s >= 7 && primaryRoll < 0.1) || userCount === 0) {
    primarySystemUser = { id: null };
  } else if (s === 3 || (s >= 7 && primaryRoll < 0.15)) {
    primarySystemUser = undefined;
  } else {
    primaryUser = rng.int(userCount);
    primarySystemUser = { id: userIds[primaryUser] };
  }

  // lastContact: s2 never seen; otherwise ~10% never seen.
  const neverSeen = s === 2 || (s >= 7 && rng.chance(0.1));
  const lastContactMs = neverSeen ? null : EPOCH_MS - rng.int(60 * DAY_MS);
  const active = lastContactMs !== null && EPOCH_MS - lastContactMs < 2 * DAY_MS && rng.chance(0.8);

  // fde: absent on s1, s2 and ~20% of others; s4 present but off.
  let fde: JcSystem['fde'];
  if (s === 1 || s === 2 || (s >= 7 && rng.chance(0.2)) || kind === 'android') {
    fde = undefined;
  } else if (s === 4) {
    fde = { active: false, keyPresent: false };
  } else {
    const on = s === 0 || rng.chance(0.75);
    fde = { active: on, keyPresent: on && (s === 0 || rng.chance(0.85)) };
  }

  const owner = primaryUser === null ? null : userIds[primaryUser];
  const hostBase =
    kind === 'mac'
      ? 'mbp'
      : kind === 'windows'
        ? 'win'
        : kind === 'ios'
          ? 'iphone'
          : kind === 'android'
            ? 'pixel'
            : 'srv';
  const hostname = `${hostBase}-${rng.hex(6)}`;
  const displayName = `${hostBase.toUpperCase()}-${String(s + 1).padStart(5, '0')}`;
  const serialNumber = serialFor(kind, p.hwVendor, rng);

  let mdm: JcSystem['mdm'];
  if (kind === 'mac' || kind === 'ios') {
    const enrolled = rng.chance(0.8);
    mdm = {
      vendor: enrolled ? 'internal' : rng.pick<'none' | 'external'>(['none', 'external']),
      dep: enrolled && rng.chance(0.5),
      userApproved: enrolled && rng.chance(0.8),
      profileIdentifier: enrolled ? `com.jumpcloud.mdm.${rng.hex(8)}` : '',
      providerId: enrolled ? ctx.id : '',
      lostModeStatus: 'off',
    };
  } else if (kind === 'windows') {
    const enrolled = rng.chance(0.5);
    mdm = {
      vendor: enrolled ? 'internal' : 'none',
      dep: false,
      userApproved: false,
      profileIdentifier: '',
      providerId: enrolled ? ctx.id : '',
      lostModeStatus: '',
      windows: { upn: enrolled && owner ? `${owner}@${ctx.domain}` : '' },
    };
  } else if (rng.chance(0.5)) {
    mdm = undefined;
  } else {
    mdm = {
      vendor: 'unknown',
      dep: false,
      userApproved: false,
      profileIdentifier: '',
      providerId: '',
      lostModeStatus: '',
    };
  }

  const linuxLike = p.osFamily === 'linux';
  const secureSupported = kind === 'mac' || kind === 'windows';
  const policyTotal = rng.between(0, 12);
  const policyFailed = policyTotal > 0 ? rng.between(0, Math.min(2, policyTotal)) : 0;
  const record: JcSystem = {
    _id: id,
    id,
    displayName,
    hostname,
    description: rng.chance(0.2) ? 'Provisioned by IT' : '',
    serialNumber,
    amazonInstanceID: p.hwVendor === 'Amazon EC2' ? `i-0${rng.hex(16)}` : '',
    organization: ctx.id,
    created: isoDate(createdMs),
    templateName: p.templateName,
    hwVendor: p.hwVendor,
    attributes: rng.chance(0.2)
      ? [{ name: 'assetTag', value: `AT-${rng.between(10000, 99999)}` }]
      : [],
    os: p.os,
    osFamily: p.osFamily,
    version: p.version,
    arch: p.arch,
    archFamily: p.archFamily,
    osVersionDetail: {
      osName: p.osName,
      distributionName: p.distributionName,
      releaseName: p.releaseName,
      version: p.version,
      major: String(p.major),
      minor: String(p.minor),
      patch: String(p.patch),
      revision: '',
      majorNumber: p.major,
      minorNumber: p.minor,
      patchNumber: p.patch,
    },
    fileSystem: p.fileSystem,
    systemTimezone: rng.pick(TIMEZONES),
    desktopCapable: p.desktopCapable,
    displayManager: p.displayManager,
    agentVersion: `1.${rng.between(150, 172)}.0`,
    remoteAssistAgentVersion: p.desktopCapable ? `0.${rng.between(10, 14)}.0` : '',
    active,
    lastContact: lastContactMs === null ? null : isoDate(lastContactMs),
    remoteIP: `203.0.113.${rng.between(1, 254)}`,
    connectionHistory: [],
    networkInterfaces: [
      {
        name: kind === 'windows' ? 'Ethernet' : kind === 'mac' ? 'en0' : 'eth0',
        address: `10.${rng.between(0, 255)}.${rng.between(0, 255)}.${rng.between(1, 254)}`,
        family: 'IPv4',
        internal: false,
      },
      { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
    ],
    agentHasFullDiskAccess: kind === 'mac' ? rng.chance(0.9) : false,
    allowSshRootLogin: linuxLike && rng.chance(0.1),
    allowSshPasswordAuthentication: linuxLike ? rng.chance(0.3) : rng.chance(0.5),
    allowMultiFactorAuthentication: rng.chance(0.6),
    allowPublicKeyAuthentication: linuxLike ? rng.chance(0.9) : rng.chance(0.3),
    sshRootEnabled: linuxLike && rng.chance(0.1),
    modifySSHDConfig: linuxLike,
    sshdParams: linuxLike
      ? [
          { name: 'PermitRootLogin', value: 'no' },
          { name: 'PasswordAuthentication', value: 'no' },
        ]
      : [],
    secureLogin: { enabled: secureSupported && rng.chance(0.4), supported: secureSupported },
    hasServiceAccount: kind === 'mac' ? rng.chance(0.8) : false,
    userMetrics: [],
    isPolicyBound: policyTotal > 0,
    policyStats: {
      total: policyTotal,
      success: policyTotal - policyFailed,
      failed: policyFailed,
      pending: 0,
      duplicate: 0,
      unsupportedOs: 0,
    },
    systemInsights: {
      state: rng.pick<'enabled' | 'disabled' | 'deferred'>([
        'enabled',
        'enabled',
        'enabled',
        'disabled',
        'deferred',
      ]),
    },
    provisionMetadata: {
      provisioner: {
        type: rng.pick<'administrator' | 'mdm' | 'user'>(['administrator', 'mdm', 'user']),
        provisionerId: rng.hex(24),
      },
    },
    azureAdJoined: kind === 'windows' && rng.chance(0.3),
    domainInfo: {
      domainName:
        kind === 'windows' && rng.chance(0.5)
          ? `CORP.${slug(ctx.displayName).toUpperCase()}.COM`
          : '',
      partOfDomain: false,
    },
    builtInCommands:
      kind === 'mac' || kind === 'windows'
        ? [
            { name: 'erase', type: 'security' },
            { name: 'lock', type: 'security' },
            { name: 'restart', type: 'security' },
            { name: 'shutdown', type: 'security' },
          ]
        : [],
  };
  record.domainInfo.partOfDomain = record.domainInfo.domainName !== '';
  if (fde !== undefined) record.fde = fde;
  if (kind === 'mac')
    record.serviceAccountState = {
      hasSecureToken: rng.chance(0.9),
      passwordAPFSValid: true,
      passwordODValid: true,
    };
  if (mdm !== undefined) record.mdm = mdm;
  if (primarySystemUser !== undefined) record.primarySystemUser = primarySystemUser;
  return { record, kind, primaryUser };
}
