/**
 * Endpoint posture from System Insights, derived from an org's systems, users and bindings:
 * local accounts (`users`, `user_groups`), per-volume encryption (`disk_encryption`,
 * `bitlocker_info`), firewall and Windows Security Center (`alf`,
 * `windows_security_center`), platform protections (`sip_config`, `secureboot`, `tpm_info`)
 * and SSH keys authorized on the machines (`authorized_keys`).
 *
 * Pure and deterministic, with its own seeded randomness per org and system (`hash32(org.id,
 * 'posture', ...)`), so nothing the core generator or `system_info` makes changes. Only
 * systems whose `systemInsights.state` is `enabled` have rows; phones and tablets report none
 * of these tables. Shapes follow the 2026 v2 specification (`system-insights-*`): no column
 * the specification does not declare (`authorized_keys` has no `comment`, though osquery's
 * table does; the truth keeps each key's comment, the rows never carry it).
 *
 * What it covers on purpose: unmanaged local administrators (setup accounts, cloud images'
 * default accounts), a local account named like a JumpCloud user who is NOT bound to that
 * system, bound users without a local account yet, accounts never logged in or idle for
 * months, older agents that send neither `real_user` nor `admin` (the reader must fall back
 * to uid ranges and `user_groups`), root with an authorized key, deploy keys shared by many
 * servers, firewalls off, and the disks of real machines (see `addVolumes`): Macs with FileVault
 * off whose APFS volumes are hardware-encrypted, Linux with root on LUKS and /boot and EFI
 * plain, Windows with BitLocker suspended or mid-encryption, plain data volumes, disk images.
 */
import type { SimulatedOrg } from '../directory/generate';
import { expectedUserSystemAccess } from '../directory/expected';
import { DAY_MS, EPOCH_MS, Rng, fakeBase64, hash32 } from '../shared/random';
import type { JcSystem } from '../shared/types';

// ---- rows, as the specification names them ----------------------------------------------

export interface SiUserRow {
  collection_time: string;
  description: string | null;
  directory: string | null;
  gid: string | null;
  gid_signed: string | null;
  shell: string | null;
  system_id: string;
  type: string | null;
  uid: string | null;
  uid_signed: string | null;
  username: string | null;
  uuid: string | null;
  real_user: boolean | null;
  admin: boolean | null;
  suspended: boolean | null;
  managed: boolean | null;
  last_login: string | null;
  ad_managed: boolean | null;
}

export interface SiUserGroupRow {
  collection_time: string;
  gid: string | null;
  system_id: string;
  uid: string | null;
}

export interface SiDiskEncryptionRow {
  collection_time: string;
  encrypted: number | null;
  encryption_status: string | null;
  name: string | null;
  system_id: string;
  type: string | null;
  uid: string | null;
  user_uuid: string | null;
  uuid: string | null;
}

export interface SiBitlockerRow {
  collection_time: string;
  conversion_status: number | null;
  device_id: string | null;
  drive_letter: string | null;
  percentage_encrypted: number | null;
  encryption_method: string | null;
  persistent_volume_id: string | null;
  protection_status: number | null;
  system_id: string;
}

export interface SiMountRow {
  blocks: string | null;
  blocks_available: string | null;
  blocks_free: string | null;
  blocks_size: string | null;
  collection_time: string;
  device: string | null;
  device_alias: string | null;
  flags: string | null;
  inodes: string | null;
  inodes_free: string | null;
  path: string | null;
  system_id: string;
  type: string | null;
}

export interface SiLogicalDriveRow {
  boot_partition: number | null;
  collection_time: string;
  device_id: string | null;
  file_system: string | null;
  free_space: string | null;
  size: string | null;
  system_id: string;
  type: string | null;
}

export interface SiAlfRow {
  allow_signed_enabled: number | null;
  collection_time: string;
  firewall_unload: number | null;
  global_state: number | null;
  logging_enabled: number | null;
  logging_option: number | null;
  stealth_enabled: number | null;
  system_id: string;
  version: string | null;
}

export interface SiWindowsSecurityCenterRow {
  firewall: string | null;
  autoupdate: string | null;
  antivirus: string | null;
  antispyware: string | null;
  internet_settings: string | null;
  windows_security_center_service: string | null;
  user_account_control: string | null;
  system_id: string;
  collection_time: string;
}

export interface SiSipConfigRow {
  collection_time: string;
  config_flag: string | null;
  enabled: number | null;
  enabled_nvram: number | null;
  system_id: string;
}

export interface SiSecureBootRow {
  secure_boot: number | null;
  setup_mode: number | null;
  system_id: string;
  collection_time: string;
}

export interface SiTpmInfoRow {
  activated: number | null;
  enabled: number | null;
  owned: number | null;
  manufacturer_version: string | null;
  manufacturer_id: number | null;
  manufacturer_name: string | null;
  product_name: string | null;
  physical_presence_version: string | null;
  spec_version: string | null;
  system_id: string;
  collection_time: string;
}

export interface SiAuthorizedKeyRow {
  uid: string | null;
  algorithm: string | null;
  /** The base64 key blob (public key material). */
  key: string | null;
  key_file: string | null;
  system_id: string;
  collection_time: string;
}

// ---- ground truth ------------------------------------------------------------------------

/** One local account as the simulator meant it. */
export interface LocalAccountTruth {
  systemId: string;
  uid: string;
  username: string;
  /** A person's login account (as opposed to a system or service account). */
  interactive: boolean;
  admin: boolean;
  suspended: boolean;
  /** The JumpCloud user the account belongs to (bound to this system), or null. */
  jumpcloudUserId: string | null;
  /** null: never logged in. */
  lastLoginMs: number | null;
}

/**
 * The machine the disk rows of one system model, and what it means: whether its system storage
 * is protected at rest by full-disk encryption as System Insights shows it (FileVault cannot be
 * seen in JumpCloud's `disk_encryption`, so a Mac's is null), and its data volumes (mount
 * points on Linux, drive letters on Windows, device names on macOS) with their verdicts.
 */
export interface DiskTruth {
  systemId: string;
  platform: PosturePlatform;
  /** In words: "Linux, root on LUKS, /boot and EFI plain". */
  machine: string;
  /** What System Insights proves of the system storage; null: it cannot tell. */
  encrypted: boolean | null;
  /** The agent's summary (`fde.active`) says encrypted. */
  claimed: boolean;
  dataVolumes: Array<{ name: string; encrypted: boolean }>;
}

export interface AuthorizedKeyTruth {
  systemId: string;
  uid: string;
  algorithm: string;
  /** Base64 blob; its SHA-256 is the fingerprint. */
  blob: string;
  comment: string;
  /** One of the org's deploy keys, authorized on many servers. */
  shared: boolean;
}

export interface OrgPosture {
  users: SiUserRow[];
  userGroups: SiUserGroupRow[];
  diskEncryption: SiDiskEncryptionRow[];
  bitlockerInfo: SiBitlockerRow[];
  mounts: SiMountRow[];
  logicalDrives: SiLogicalDriveRow[];
  alf: SiAlfRow[];
  windowsSecurityCenter: SiWindowsSecurityCenterRow[];
  sipConfig: SiSipConfigRow[];
  secureboot: SiSecureBootRow[];
  tpmInfo: SiTpmInfoRow[];
  authorizedKeys: SiAuthorizedKeyRow[];
  accounts: LocalAccountTruth[];
  disks: DiskTruth[];
  keys: AuthorizedKeyTruth[];
  /** Firewall on/off, for systems that report it. */
  firewall: Map<string, boolean>;
}

// ---- generation --------------------------------------------------------------------------

export type PosturePlatform = 'darwin' | 'windows' | 'linux';

/** The platform whose tables a system reports, or undefined (phones, no System Insights). */
export function posturePlatform(system: JcSystem): PosturePlatform | undefined {
  if (system.systemInsights.state !== 'enabled') return undefined;
  const family = system.osFamily;
  return family === 'darwin' || family === 'windows' || family === 'linux' ? family : undefined;
}

function collectionTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function guid(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`.toUpperCase();
}

interface SystemAccountSpec {
  username: string;
  uid: number;
  uidSigned?: number;
  gid: number;
  type?: string;
  description: string;
  directory: string;
  shell: string;
  admin?: boolean;
}

const MAC_SYSTEM_ACCOUNTS: SystemAccountSpec[] = [
  {
    username: 'root',
    uid: 0,
    gid: 0,
    description: 'System Administrator',
    directory: '/var/root',
    shell: '/bin/sh',
    admin: true,
  },
  {
    username: 'daemon',
    uid: 1,
    gid: 1,
    description: 'System Services',
    directory: '/var/root',
    shell: '/usr/bin/false',
  },
  {
    username: 'nobody',
    uid: 4294967294,
    uidSigned: -2,
    gid: 4294967294,
    description: 'Unprivileged User',
    directory: '/var/empty',
    shell: '/usr/bin/false',
  },
  {
    username: '_appleevents',
    uid: 55,
    gid: 55,
    description: 'AppleEvents Daemon',
    directory: '/var/empty',
    shell: '/usr/bin/false',
  },
  {
    username: '_spotlight',
    uid: 89,
    gid: 89,
    description: 'Spotlight',
    directory: '/var/empty',
    shell: '/usr/bin/false',
  },
  {
    username: '_mbsetupuser',
    uid: 248,
    gid: 248,
    description: 'Setup User',
    directory: '/var/setup',
    shell: '/bin/bash',
  },
];

const WINDOWS_SYSTEM_ACCOUNTS: SystemAccountSpec[] = [
  {
    username: 'SYSTEM',
    uid: 18,
    gid: 18,
    type: 'special',
    description: '',
    directory: '%systemroot%\\system32\\config\\systemprofile',
    shell: 'C:\\Windows\\system32\\cmd.exe',
  },
  {
    username: 'LOCAL SERVICE',
    uid: 19,
    gid: 19,
    type: 'special',
    description: '',
    directory: '%systemroot%\\ServiceProfiles\\LocalService',
    shell: 'C:\\Windows\\system32\\cmd.exe',
  },
  {
    username: 'NETWORK SERVICE',
    uid: 20,
    gid: 20,
    type: 'special',
    description: '',
    directory: '%systemroot%\\ServiceProfiles\\NetworkService',
    shell: 'C:\\Windows\\system32\\cmd.exe',
  },
  {
    username: 'Guest',
    uid: 501,
    gid: 513,
    type: 'local',
    description: 'Built-in account for guest access to the computer/domain',
    directory: '',
    shell: 'C:\\Windows\\system32\\cmd.exe',
  },
  {
    username: 'DefaultAccount',
    uid: 503,
    gid: 513,
    type: 'local',
    description: 'A user account managed by the system.',
    directory: '',
    shell: 'C:\\Windows\\system32\\cmd.exe',
  },
  {
    username: 'WDAGUtilityAccount',
    uid: 504,
    gid: 513,
    type: 'local',
    description:
      'A user account managed and used by the system for Windows Defender Application Guard scenarios.',
    directory: '',
    shell: 'C:\\Windows\\system32\\cmd.exe',
  },
];

const LINUX_SYSTEM_ACCOUNTS: SystemAccountSpec[] = [
  {
    username: 'root',
    uid: 0,
    gid: 0,
    description: 'root',
    directory: '/root',
    shell: '/bin/bash',
    admin: true,
  },
  {
    username: 'daemon',
    uid: 1,
    gid: 1,
    description: 'daemon',
    directory: '/usr/sbin',
    shell: '/usr/sbin/nologin',
  },
  {
    username: 'bin',
    uid: 2,
    gid: 2,
    description: 'bin',
    directory: '/bin',
    shell: '/usr/sbin/nologin',
  },
  {
    username: 'www-data',
    uid: 33,
    gid: 33,
    description: 'www-data',
    directory: '/var/www',
    shell: '/usr/sbin/nologin',
  },
  {
    username: 'systemd-network',
    uid: 998,
    gid: 998,
    description: 'systemd Network Management',
    directory: '/',
    shell: '/usr/sbin/nologin',
  },
  {
    username: 'nobody',
    uid: 65534,
    gid: 65534,
    description: 'nobody',
    directory: '/nonexistent',
    shell: '/usr/sbin/nologin',
  },
];

/** Groups that make an account a local administrator, by platform. */
export const ADMIN_GROUP_IDS: Record<PosturePlatform, number> = {
  darwin: 80, // admin
  windows: 544, // BUILTIN\Administrators
  linux: 27, // sudo (Debian, Ubuntu); wheel (10) on Red Hat-like systems
};

/** The default account cloud images ship, by OS name. */
function cloudDefaultAccount(system: JcSystem): string {
  if (system.os === 'Ubuntu') return 'ubuntu';
  if (system.os === 'Amazon Linux') return 'ec2-user';
  if (system.os === 'Debian') return 'admin';
  if (system.os === 'Rocky Linux') return 'rocky';
  return 'cloud-user';
}

const SHARED_KEY_COMMENTS = ['deploy@ci', 'ansible@ops', 'backup@vault'];

interface Draft {
  posture: OrgPosture;
  orgRng: Rng;
  sharedKeys: Array<{ algorithm: string; blob: string; comment: string }>;
}

function ed25519Blob(rng: Rng): string {
  return `AAAAC3NzaC1lZDI1NTE5AAAAI${fakeBase64(rng, 43)}`;
}

/** The blob and comment of a JumpCloud user's `ssh_keys[].public_key` line. */
function splitPublicKey(line: string): { algorithm: string; blob: string; comment: string } {
  const [algorithm, blob, ...comment] = line.split(' ');
  return { algorithm, blob, comment: comment.join(' ') };
}

export function generatePosture(org: SimulatedOrg): OrgPosture {
  const posture: OrgPosture = {
    users: [],
    userGroups: [],
    diskEncryption: [],
    bitlockerInfo: [],
    mounts: [],
    logicalDrives: [],
    alf: [],
    windowsSecurityCenter: [],
    sipConfig: [],
    secureboot: [],
    tpmInfo: [],
    authorizedKeys: [],
    accounts: [],
    disks: [],
    keys: [],
    firewall: new Map(),
  };
  const orgRng = new Rng(hash32(org.id, 'posture-org'));
  const draft: Draft = {
    posture,
    orgRng,
    sharedKeys: SHARED_KEY_COMMENTS.map((comment) => ({
      algorithm: 'ssh-ed25519',
      blob: ed25519Blob(orgRng),
      comment,
    })),
  };

  const access = new Map<string, Array<{ userId: string; sudo: boolean }>>();
  for (const entry of expectedUserSystemAccess(org)) {
    const list = access.get(entry.systemId) ?? [];
    list.push({ userId: entry.userId, sudo: entry.sudo });
    access.set(entry.systemId, list);
  }
  const usersById = new Map(org.users.map((user) => [user.id, user]));

  let reporting = 0;
  // The n-th reporting system of its platform: the first of each gets the telling disk shape.
  const perPlatform = { darwin: 0, windows: 0, linux: 0 };
  org.systems.forEach((system, index) => {
    const platform = posturePlatform(system);
    if (!platform) return;
    const rng = new Rng(hash32(org.id, 'posture', index));
    const time = collectionTime(EPOCH_MS - rng.int(3 * DAY_MS));
    const ordinal = reporting;
    reporting += 1;
    // An older agent: no real_user / admin / managed columns (null), so a reader must fall
    // back to uid ranges and group membership. The second reporting system always is one.
    const oldAgent = ordinal === 1 || rng.chance(0.2);
    const bound = (access.get(system.id) ?? []).map((binding) => ({
      ...binding,
      user: usersById.get(binding.userId)!,
    }));
    const systemRow = (spec: SystemAccountSpec, interactive: boolean, lastLoginMs: number | null) =>
      addAccount(posture, system.id, time, rng, {
        username: spec.username,
        uid: spec.uid,
        uidSigned: spec.uidSigned ?? spec.uid,
        gid: spec.gid,
        type: spec.type ?? '',
        description: spec.description,
        directory: spec.directory,
        shell: spec.shell,
        admin: spec.admin === true,
        interactive,
        realUser: oldAgent ? null : false,
        oldAgent,
        managedBy: null,
        suspended: false,
        lastLoginMs,
        platform,
      });

    // Root with an authorized deploy key: an account someone can log into, whatever its uid.
    const rootKey = platform === 'linux' && (ordinal === 2 || rng.chance(0.25));
    const systemAccounts =
      platform === 'darwin'
        ? MAC_SYSTEM_ACCOUNTS
        : platform === 'windows'
          ? WINDOWS_SYSTEM_ACCOUNTS
          : LINUX_SYSTEM_ACCOUNTS;
    for (const spec of systemAccounts) {
      const isRootWithKey = rootKey && spec.uid === 0;
      systemRow(spec, isRootWithKey, isRootWithKey ? EPOCH_MS - rng.between(1, 40) * DAY_MS : null);
      if (isRootWithKey) {
        addKey(draft, system.id, '0', '/root/.ssh/authorized_keys', draft.sharedKeys[0], true);
      }
    }

    let nextUid = platform === 'windows' ? 1001 : platform === 'darwin' ? 502 : 1001;
    const lastLogin = (ordinalSeed: number): number | null => {
      const roll = new Rng(hash32(org.id, 'posture-login', index, ordinalSeed)).next();
      if (roll < 0.12) return null; // never logged in
      if (roll < 0.35) return EPOCH_MS - (91 + Math.floor(roll * 400)) * DAY_MS; // idle > 90 days
      return EPOCH_MS - Math.floor(roll * 60) * DAY_MS;
    };

    // Windows' built-in Administrator (RID 500): a login account, usually disabled.
    if (platform === 'windows') {
      const enabled = ordinal === 0 || rng.chance(0.15);
      addAccount(posture, system.id, time, rng, {
        username: 'Administrator',
        uid: 500,
        uidSigned: 500,
        gid: 513,
        type: 'local',
        description: 'Built-in account for administering the computer/domain',
        directory: '',
        shell: 'C:\\Windows\\system32\\cmd.exe',
        admin: true,
        interactive: true,
        realUser: oldAgent ? null : true,
        oldAgent,
        managedBy: null,
        suspended: !enabled,
        lastLoginMs: enabled ? lastLogin(500) : null,
        platform,
      });
    }

    // Unmanaged local administrator: the Mac setup account, a Windows "localadmin", the cloud
    // image's default account on Linux (with the org's deploy keys).
    const setupAdmin = platform === 'linux' || ordinal === 0 || ordinal === 3 || rng.chance(0.35);
    if (setupAdmin) {
      const username =
        platform === 'linux'
          ? cloudDefaultAccount(system)
          : platform === 'darwin'
            ? rng.pick(['admin', 'itadmin', 'support'])
            : rng.pick(['localadmin', 'itsupport']);
      const uid = platform === 'linux' ? 1000 : platform === 'darwin' ? 501 : 1000;
      addAccount(posture, system.id, time, rng, {
        ...homeAccount(platform, username, uid, '/bin/bash'),
        description: username,
        admin: true,
        interactive: true,
        realUser: oldAgent ? null : true,
        oldAgent,
        managedBy: null,
        suspended: false,
        lastLoginMs: lastLogin(uid),
        platform,
      });
      if (platform === 'linux') {
        // One to three of the org's deploy keys, the first on almost every server.
        const keyFile = `/home/${username}/.ssh/authorized_keys`;
        draft.sharedKeys.forEach((key, k) => {
          if (k === 0 ? ordinal !== 4 : rng.chance(0.4)) {
            addKey(draft, system.id, String(uid), keyFile, key, true);
          }
        });
      }
    }

    // Bound JumpCloud users: the agent creates (or takes over) an account named after the
    // user's local account name, once the user is active. Some have not got one yet.
    for (const { user, sudo } of bound) {
      if (user.state === 'STAGED') continue;
      if (new Rng(hash32(org.id, 'posture-bound', index, user.id)).chance(0.1)) continue;
      const username = user.systemUsername || user.username;
      const uid = platform !== 'windows' && user.enable_managed_uid ? user.unix_uid : nextUid++;
      addAccount(posture, system.id, time, rng, {
        ...homeAccount(platform, username, uid, '/bin/zsh'),
        description: `${user.firstname ?? ''} ${user.lastname ?? ''}`.trim() || username,
        admin: sudo || user.sudo,
        interactive: true,
        realUser: oldAgent ? null : true,
        oldAgent,
        managedBy: user.id,
        suspended: user.suspended,
        lastLoginMs: lastLogin(uid),
        platform,
      });
      // JumpCloud writes the user's own keys into authorized_keys on Linux and macOS.
      if (platform !== 'windows' && user.allow_public_key) {
        const home = platform === 'darwin' ? `/Users/${username}` : `/home/${username}`;
        for (const sshKey of user.ssh_keys) {
          addKey(
            draft,
            system.id,
            String(uid),
            `${home}/.ssh/authorized_keys`,
            splitPublicKey(sshKey.public_key),
            false,
          );
        }
      }
    }

    // A local account named like a JumpCloud user who is NOT bound to this system: not
    // managed, and must not be linked to that user.
    const boundIds = new Set(bound.map((binding) => binding.userId));
    // A few draws, never a scan of every user per system (large orgs).
    let unboundUser: (typeof org.users)[number] | undefined;
    if (org.users.length > 0 && (ordinal === 0 || rng.chance(0.15))) {
      for (let attempt = 0; attempt < 8 && !unboundUser; attempt++) {
        const candidate = org.users[rng.int(org.users.length)];
        if (!boundIds.has(candidate.id)) unboundUser = candidate;
      }
    }
    if (unboundUser) {
      const user = unboundUser;
      const username = user.systemUsername || user.username;
      const uid = nextUid++;
      addAccount(posture, system.id, time, rng, {
        ...homeAccount(platform, username, uid, '/bin/bash'),
        // Under /home on a Mac too, as the generated data always had it (recordings).
        ...(platform === 'darwin' ? { directory: `/home/${username}` } : {}),
        description: username,
        admin: false,
        interactive: true,
        realUser: oldAgent ? null : true,
        oldAgent,
        managedBy: null,
        suspended: false,
        lastLoginMs: lastLogin(uid),
        platform,
      });
    }

    addVolumes(posture, system, perPlatform[platform]++, platform, time, rng);
    addProtections(posture, system, ordinal, platform, time, rng);
  });
  return posture;
}

interface AccountSpec {
  username: string;
  uid: number;
  uidSigned: number;
  gid: number;
  type: string;
  description: string;
  directory: string;
  shell: string;
  admin: boolean;
  interactive: boolean;
  realUser: boolean | null;
  oldAgent: boolean;
  managedBy: string | null;
  suspended: boolean;
  lastLoginMs: number | null;
  platform: PosturePlatform;
}

/** Where a login account of `username` lives on `platform`, and its ids and shell. */
function homeAccount(
  platform: PosturePlatform,
  username: string,
  uid: number,
  unixShell: string,
): Pick<AccountSpec, 'username' | 'uid' | 'uidSigned' | 'gid' | 'type' | 'directory' | 'shell'> {
  const windows = platform === 'windows';
  return {
    username,
    uid,
    uidSigned: uid,
    gid: windows ? 513 : platform === 'darwin' ? 20 : uid,
    type: windows ? 'local' : '',
    directory: windows
      ? `C:\\Users\\${username}`
      : platform === 'darwin'
        ? `/Users/${username}`
        : `/home/${username}`,
    shell: windows ? 'C:\\Windows\\system32\\cmd.exe' : unixShell,
  };
}

function addAccount(
  posture: OrgPosture,
  systemId: string,
  time: string,
  rng: Rng,
  spec: AccountSpec,
): void {
  const uid = String(spec.uid);
  posture.users.push({
    collection_time: time,
    description: spec.description,
    directory: spec.directory,
    gid: String(spec.gid),
    gid_signed: String(spec.gid > 2147483647 ? spec.gid - 4294967296 : spec.gid),
    shell: spec.shell,
    system_id: systemId,
    type: spec.type,
    uid,
    uid_signed: String(spec.uidSigned),
    username: spec.username,
    uuid: spec.platform === 'windows' ? `S-1-5-21-${rng.between(1e8, 9e8)}-${spec.uid}` : guid(rng),
    real_user: spec.realUser,
    admin: spec.oldAgent ? null : spec.admin,
    suspended: spec.oldAgent ? null : spec.suspended,
    managed: spec.oldAgent ? null : spec.managedBy !== null,
    last_login:
      spec.lastLoginMs === null
        ? spec.oldAgent
          ? null
          : ''
        : String(Math.floor(spec.lastLoginMs / 1000)),
    ad_managed: spec.oldAgent ? null : false,
  });
  posture.userGroups.push({
    collection_time: time,
    gid: String(spec.gid),
    system_id: systemId,
    uid,
  });
  if (spec.admin && spec.uid !== 0) {
    posture.userGroups.push({
      collection_time: time,
      gid: String(ADMIN_GROUP_IDS[spec.platform]),
      system_id: systemId,
      uid,
    });
  }
  posture.accounts.push({
    systemId,
    uid,
    username: spec.username,
    interactive: spec.interactive,
    admin: spec.admin,
    suspended: spec.suspended,
    jumpcloudUserId: spec.managedBy,
    lastLoginMs: spec.lastLoginMs,
  });
}

function addKey(
  draft: Draft,
  systemId: string,
  uid: string,
  keyFile: string,
  key: { algorithm: string; blob: string; comment: string },
  shared: boolean,
): void {
  const time = collectionTime(EPOCH_MS - (hash32(systemId, uid, key.blob) % (3 * DAY_MS)));
  draft.posture.authorizedKeys.push({
    uid,
    algorithm: key.algorithm,
    key: key.blob,
    key_file: keyFile,
    system_id: systemId,
    collection_time: time,
  });
  draft.posture.keys.push({ systemId, uid, ...key, shared });
}

/**
 * The disk rows of one system, shaped as osquery produces them (osquery/osquery,
 * osquery/tables/system/{darwin/disk_encryption.mm, linux/disk_encryption.cpp,
 * windows/bitlocker_info.cpp, windows/logical_drives.cpp}, osquery/filesystem/linux/mounts.cpp
 * at a5b14f63):
 *
 * - macOS: an APFS volume reports `encrypted` when its contents are encrypted at rest, which
 *   on Macs with hardware encryption (T2, Apple silicon) is always, FileVault or not; only an
 *   Intel Mac without a T2 chip and without FileVault reports `not encrypted`. Disk images
 *   and whole disks give `undefined`.
 * - Linux: every block device has a row. Only the dm-crypt mapping is `encrypted` (type
 *   `LUKS2-aes-xts-plain64`); the disk, its EFI and /boot partitions and the LUKS container
 *   partition are `not encrypted`, as are loop devices. `mounts` gives each filesystem's
 *   device as mounted and resolved (`/dev/mapper/luks-...` -> `/dev/dm-0`).
 * - Windows: one `bitlocker_info` row per volume, the recovery partition without a drive
 *   letter; `logical_drives.boot_partition` is 1 on the drive Windows booted from.
 */
function addVolumes(
  posture: OrgPosture,
  system: JcSystem,
  ordinal: number,
  platform: PosturePlatform,
  time: string,
  rng: Rng,
): void {
  const claimed = system.fde?.active === true;
  if (platform === 'windows') addWindowsVolumes(posture, system, ordinal, claimed, time, rng);
  else if (platform === 'darwin') addMacVolumes(posture, system, ordinal, claimed, time, rng);
  else addLinuxVolumes(posture, system, ordinal, claimed, time, rng);
}

function diskRow(
  posture: OrgPosture,
  system: JcSystem,
  time: string,
  rng: Rng,
  name: string,
  status: 'encrypted' | 'not encrypted' | 'undefined',
  type = '',
): void {
  posture.diskEncryption.push({
    collection_time: time,
    encrypted: status === 'encrypted' ? 1 : 0,
    encryption_status: status,
    name,
    system_id: system.id,
    type: status === 'encrypted' ? type : '',
    uid: '',
    user_uuid: '',
    uuid: status === 'undefined' ? '' : guid(rng),
  });
}

function addMacVolumes(
  posture: OrgPosture,
  system: JcSystem,
  ordinal: number,
  fileVault: boolean,
  time: string,
  rng: Rng,
): void {
  // Apple silicon always encrypts at rest; about half the Intel Macs have a T2 chip.
  const hardware = system.arch === 'arm64' || rng.chance(0.5);
  const apfs = fileVault || hardware ? 'encrypted' : 'not encrypted';
  const disk = system.arch === 'arm64' ? 'disk3' : 'disk1';
  const dataVolumes: DiskTruth['dataVolumes'] = [];
  for (const volume of [`/dev/${disk}s1`, `/dev/${disk}s5`]) {
    diskRow(posture, system, time, rng, volume, apfs, 'APFS Encryption');
    dataVolumes.push({ name: volume, encrypted: apfs === 'encrypted' });
  }
  // An external drive, plain HFS+: not encrypted whatever FileVault does.
  if (ordinal === 0 || rng.chance(0.15)) {
    diskRow(posture, system, time, rng, '/dev/disk5s1', 'not encrypted');
    dataVolumes.push({ name: '/dev/disk5s1', encrypted: false });
  }
  // A mounted disk image: the agent gives no verdict.
  if (rng.chance(0.3)) diskRow(posture, system, time, rng, '/dev/disk8', 'undefined');
  posture.disks.push({
    systemId: system.id,
    platform: 'darwin',
    machine: `Mac, FileVault ${fileVault ? 'on' : 'off'}, ${hardware ? 'hardware-encrypted' : 'plain'} APFS`,
    claimed: fileVault,
    encrypted: null,
    dataVolumes,
  });
}

type BitlockerState = 'protected' | 'suspended' | 'converting' | 'off';

function addWindowsVolumes(
  posture: OrgPosture,
  system: JcSystem,
  ordinal: number,
  claimed: boolean,
  time: string,
  rng: Rng,
): void {
  // The agent's summary says encrypted; BitLocker may be suspended (an update or a BIOS
  // change suspends it until the next restart): the key then sits in the clear.
  // The org's first Windows machine the agent calls encrypted is always suspended.
  const firstClaimed = !posture.disks.some((disk) => disk.platform === 'windows' && disk.claimed);
  const osState: BitlockerState = claimed
    ? firstClaimed || rng.chance(0.2)
      ? 'suspended'
      : 'protected'
    : rng.weighted<BitlockerState>([
        ['off', 70],
        ['converting', 15],
        ['protected', 15],
      ]);
  const drives: Array<[string, BitlockerState]> = [['C:', osState]];
  if (ordinal === 0 || rng.chance(0.3)) {
    drives.push(['D:', rng.chance(0.5) ? 'off' : 'protected']);
  }
  const bitlocker = (letter: string, state: BitlockerState) => {
    const full = state === 'protected' || state === 'suspended';
    posture.bitlockerInfo.push({
      collection_time: time,
      conversion_status: full ? 1 : state === 'converting' ? 2 : 0,
      device_id: `\\\\?\\Volume{${guid(rng).toLowerCase()}}\\`,
      drive_letter: letter,
      percentage_encrypted: full ? 100 : state === 'converting' ? rng.between(5, 95) : 0,
      encryption_method: state === 'off' ? 'None' : 'XTS-AES 128',
      persistent_volume_id: full ? `{${guid(rng)}}` : '',
      protection_status: state === 'protected' ? 1 : 0,
      system_id: system.id,
    });
  };
  for (const [letter, state] of drives) {
    bitlocker(letter, state);
    posture.logicalDrives.push({
      boot_partition: letter === 'C:' ? 1 : 0,
      collection_time: time,
      device_id: letter,
      file_system: 'NTFS',
      free_space: String(rng.between(20, 200) * 1_073_741_824),
      size: String(rng.pick([256, 512, 1024]) * 1_073_741_824),
      system_id: system.id,
      type: 'Local Fixed Disk',
    });
  }
  // The recovery partition: a volume without a drive letter, never a data volume.
  bitlocker('', 'off');
  posture.disks.push({
    systemId: system.id,
    platform: 'windows',
    machine: `Windows, BitLocker ${osState} on C:`,
    claimed,
    encrypted: osState === 'protected',
    dataVolumes: drives.map(([name, state]) => ({ name, encrypted: state === 'protected' })),
  });
}

function addLinuxVolumes(
  posture: OrgPosture,
  system: JcSystem,
  ordinal: number,
  claimed: boolean,
  time: string,
  rng: Rng,
): void {
  const desktop = system.desktopCapable;
  const luks = ordinal <= 1 || rng.chance(claimed ? 0.85 : 0.15);
  const disk = desktop ? '/dev/nvme0n1' : '/dev/sda';
  const part = (n: number) => (desktop ? `${disk}p${n}` : `${disk}${n}`);
  const mapping = `/dev/mapper/luks-${guid(rng).toLowerCase()}`;
  const mount = (path: string, device: string, alias: string, type: string) => {
    const blocks = rng.between(100_000, 50_000_000);
    const free = Math.floor(blocks * (0.1 + rng.next() * 0.8));
    posture.mounts.push({
      blocks: String(blocks),
      blocks_available: String(free),
      blocks_free: String(free),
      blocks_size: '4096',
      collection_time: time,
      device,
      device_alias: alias,
      flags: 'rw,relatime',
      inodes: String(blocks >> 2),
      inodes_free: String(free >> 2),
      path,
      system_id: system.id,
      type,
    });
  };
  const dataVolumes: DiskTruth['dataVolumes'] = [];

  diskRow(posture, system, time, rng, disk, 'not encrypted');
  diskRow(posture, system, time, rng, part(1), 'not encrypted');
  diskRow(posture, system, time, rng, part(2), 'not encrypted');
  diskRow(posture, system, time, rng, part(3), 'not encrypted');
  mount('/boot/efi', part(1), part(1), 'vfat');
  mount('/boot', part(2), part(2), 'ext4');
  if (luks) {
    // The LUKS container is part 3; the filesystem is on its mapping.
    diskRow(posture, system, time, rng, '/dev/dm-0', 'encrypted', 'LUKS2-aes-xts-plain64');
    mount('/', mapping, '/dev/dm-0', 'ext4');
  } else {
    mount('/', part(3), part(3), 'ext4');
  }
  dataVolumes.push({ name: '/', encrypted: luks });
  mount('/proc', 'proc', 'proc', 'proc');
  mount('/run', 'tmpfs', 'tmpfs', 'tmpfs');
  // Snaps are loop devices: "not encrypted", and no data volume.
  if (system.os === 'Ubuntu') {
    diskRow(posture, system, time, rng, '/dev/loop0', 'not encrypted');
    mount('/snap/core22/1380', '/dev/loop0', '/dev/loop0', 'squashfs');
  }
  // A second disk for data: plain on some machines whose root is on LUKS.
  if (ordinal === 0 || rng.chance(0.3)) {
    const plainData = ordinal === 0 || !luks || rng.chance(0.4);
    diskRow(posture, system, time, rng, '/dev/sdb', 'not encrypted');
    if (plainData) {
      mount('/data', '/dev/sdb', '/dev/sdb', 'xfs');
    } else {
      diskRow(posture, system, time, rng, '/dev/dm-1', 'encrypted', 'LUKS2-aes-xts-plain64');
      mount('/data', '/dev/mapper/data', '/dev/dm-1', 'xfs');
    }
    dataVolumes.push({ name: '/data', encrypted: !plainData });
  }
  posture.disks.push({
    systemId: system.id,
    platform: 'linux',
    machine: luks ? 'Linux, root on LUKS, /boot and EFI plain' : 'Linux, root plain',
    claimed,
    encrypted: luks,
    dataVolumes,
  });
}

/** What an integration should conclude of each system's encryption, by system id. */
export interface ExpectedEncryption {
  encrypted?: boolean;
  encryptionSource?: 'fde' | 'bitlocker_info' | 'disk_encryption' | 'apple-mdm';
  dataVolumesEncrypted?: boolean;
  unencryptedDataVolumes?: string[];
}

/**
 * Apple MDM's FileVault status of the org's enrolled Macs by serial number (upper case):
 * `securityInfo.filevaultEnabled` as served; a serial whose devices disagree has none.
 */
function mdmFileVaultBySerial(org: SimulatedOrg): Map<string, boolean> {
  const seen = new Map<string, boolean | null>();
  for (const device of org.appleMdmDevices) {
    const fileVault = device.securityInfo.filevaultEnabled;
    if (device.modelFamily !== 'Mac' || device.enrolled !== true) continue;
    if (typeof fileVault !== 'boolean' || !device.serialNumber) continue;
    const serial = device.serialNumber.toUpperCase();
    const before = seen.get(serial);
    seen.set(serial, before === undefined || before === fileVault ? fileVault : null);
  }
  return new Map(
    [...seen].filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'),
  );
}

/**
 * The encryption verdict of every system of an org, as docs/posture-data-model.md defines it,
 * from what the simulator meant (its disk truth, the agent's `fde` and Apple MDM): macOS from
 * FileVault (`fde.active`, else Apple MDM's `filevaultEnabled` of the enrolled Mac), Windows
 * from BitLocker on C: (else `fde.active`), Linux from the root filesystem. Only systems that
 * report System Insights have disk truth; `appleMdm` false: Apple MDM was not read (its
 * source off, or 403).
 */
export function expectedEncryption(
  org: SimulatedOrg,
  systemInsights = true,
  appleMdm = true,
): Map<string, ExpectedEncryption> {
  const disks = new Map(
    (systemInsights ? orgPosture(org).disks : []).map((disk) => [disk.systemId, disk]),
  );
  const mdm = appleMdm ? mdmFileVaultBySerial(org) : new Map<string, boolean>();
  const verdicts = new Map<string, ExpectedEncryption>();
  for (const system of org.systems) {
    const agent = system.fde?.active;
    const disk = disks.get(system.id);
    const family = system.osFamily;
    const verdict: ExpectedEncryption = {};
    if (disk?.encrypted !== undefined && disk.encrypted !== null) {
      verdict.encrypted = disk.encrypted;
      verdict.encryptionSource = family === 'windows' ? 'bitlocker_info' : 'disk_encryption';
    } else if ((family === 'darwin' || family === 'windows') && typeof agent === 'boolean') {
      verdict.encrypted = agent;
      verdict.encryptionSource = 'fde';
    } else if (family === 'darwin' && mdm.has(system.serialNumber.toUpperCase())) {
      verdict.encrypted = mdm.get(system.serialNumber.toUpperCase());
      verdict.encryptionSource = 'apple-mdm';
    }
    if (disk && disk.dataVolumes.length > 0) {
      const plain = disk.dataVolumes.filter((v) => !v.encrypted).map((v) => v.name);
      if (plain.length > 0) {
        verdict.dataVolumesEncrypted = false;
        verdict.unencryptedDataVolumes = [...new Set(plain)].sort();
      } else if (family !== 'darwin' || verdict.encrypted === true) {
        // On a Mac, APFS "encrypted" proves nothing without FileVault.
        verdict.dataVolumesEncrypted = true;
      }
    }
    verdicts.set(system.id, verdict);
  }
  return verdicts;
}

function addProtections(
  posture: OrgPosture,
  system: JcSystem,
  ordinal: number,
  platform: PosturePlatform,
  time: string,
  rng: Rng,
): void {
  if (platform === 'darwin') {
    // Some Macs do not report the firewall table (no row: no value).
    if (ordinal !== 5 && !rng.chance(0.1)) {
      const state =
        ordinal === 0
          ? 0
          : rng.weighted([
              [0, 25],
              [1, 60],
              [2, 15],
            ] as const);
      posture.alf.push({
        allow_signed_enabled: 1,
        collection_time: time,
        firewall_unload: 0,
        global_state: state,
        logging_enabled: 1,
        logging_option: 0,
        stealth_enabled: state > 0 && rng.chance(0.5) ? 1 : 0,
        system_id: system.id,
        version: '1.6',
      });
      posture.firewall.set(system.id, state > 0);
    }
    const sip = !rng.chance(0.05);
    for (const flag of [
      'sip',
      'allow_untrusted_kexts',
      'allow_unrestricted_fs',
      'allow_task_for_pid',
    ]) {
      posture.sipConfig.push({
        collection_time: time,
        config_flag: flag,
        enabled: sip ? 1 : 0,
        enabled_nvram: sip ? 1 : 0,
        system_id: system.id,
      });
    }
    return;
  }
  if (platform === 'windows') {
    const firewallOn = ordinal !== 1 && !rng.chance(0.15);
    posture.windowsSecurityCenter.push({
      firewall: firewallOn ? 'Good' : 'Poor',
      autoupdate: rng.chance(0.85) ? 'Good' : 'Poor',
      antivirus: rng.weighted([
        ['Good', 80],
        ['Poor', 8],
        ['Snoozed', 4],
        ['Not Monitored', 8],
      ] as const),
      antispyware: 'Good',
      internet_settings: 'Good',
      windows_security_center_service: 'Good',
      user_account_control: rng.chance(0.9) ? 'Good' : 'Poor',
      system_id: system.id,
      collection_time: time,
    });
    posture.firewall.set(system.id, firewallOn);
    posture.secureboot.push({
      secure_boot: rng.chance(0.85) ? 1 : 0,
      setup_mode: 0,
      system_id: system.id,
      collection_time: time,
    });
    if (!rng.chance(0.1)) {
      posture.tpmInfo.push({
        activated: 1,
        enabled: rng.chance(0.95) ? 1 : 0,
        owned: 1,
        manufacturer_version: '7.2.3.1',
        manufacturer_id: 1229346816,
        manufacturer_name: 'IFX',
        product_name: null,
        physical_presence_version: '1.3',
        spec_version: '2.0, 0, 1.59',
        system_id: system.id,
        collection_time: time,
      });
    }
    return;
  }
  // Linux: Secure Boot where the machine boots with UEFI; no firewall table.
  if (rng.chance(0.6)) {
    posture.secureboot.push({
      secure_boot: rng.chance(0.5) ? 1 : 0,
      setup_mode: 0,
      system_id: system.id,
      collection_time: time,
    });
  }
}

const cache = new WeakMap<SimulatedOrg, OrgPosture>();

/** `generatePosture`, computed once per org. */
export function orgPosture(org: SimulatedOrg): OrgPosture {
  let posture = cache.get(org);
  if (!posture) {
    posture = generatePosture(org);
    cache.set(org, posture);
  }
  return posture;
}
