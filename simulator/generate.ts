/**
 * Pure, deterministic generation of simulated JumpCloud organizations.
 *
 * - Same seed and counts give deep-equal data, byte-identical once serialized.
 * - Each organization comes from its own sub-seed (seed, org index): an org is the same
 *   whatever other orgs are generated.
 * - Each record comes from its own generator (org seed, collection, index): user #7 is the same
 *   whether the org has 10 or 100,000 users, and its fields never depend on other collections.
 *   Links (group members, bindings) necessarily depend on the counts of both sides.
 * - The first records of each collection are fixed edge cases (staged user without `mfa`,
 *   system without `fde`, certificate expiring in 12 days, ...), so even a tiny org covers them.
 */
import {
  DAY_MS,
  EPOCH_MS,
  CollectionCode,
  Rng,
  fakeBase64,
  hash32,
  isoDate,
  objectId,
} from './random';
import type {
  Application,
  ApplicationConfig,
  AppleMdm,
  AppleMdmDevice,
  GraphAttributes,
  JcSystem,
  MfaEnrollmentStatus,
  Organization,
  SamlConfigField,
  SshKey,
  SystemGroup,
  SystemUser,
  UserGroup,
  UserState,
} from './types';
import { OrgGraph } from './graph';

export interface DirectoryCounts {
  /** Users per organization. */
  users: number;
  /** User groups per organization. */
  groups: number;
  /** SSO applications per organization. */
  apps: number;
  /** Systems (devices with the agent) per organization. */
  systems: number;
  /** System groups per organization. */
  systemGroups: number;
  /** Apple MDM devices per organization. */
  appleDevices: number;
}

export const DEFAULT_COUNTS: Readonly<DirectoryCounts> = Object.freeze({
  users: 25,
  groups: 5,
  apps: 4,
  systems: 20,
  systemGroups: 3,
  appleDevices: 6,
});

/**
 * `enabled`: one Apple MDM per org, with devices. `absent`: `/applemdms` returns `[]`.
 * `forbidden`: the MDM exists but the key may not read it (403 on `/applemdms` and devices).
 */
export type AppleMdmMode = 'enabled' | 'absent' | 'forbidden';

export interface DirectoryOptions extends Partial<DirectoryCounts> {
  seed?: number;
  /** Number of organizations; more than one makes the key a multi-tenant (MSP) key. */
  orgs?: number;
  appleMdm?: AppleMdmMode;
}

// ---------------------------------------------------------------------------------------------
// Ground-truth links: exactly what is stored in JumpCloud, before any graph traversal.
// ---------------------------------------------------------------------------------------------

/** Static member of a user group (`/usergroups/{id}/members`). */
export interface UserGroupMembership {
  userGroupId: string;
  userId: string;
}

/** Static member of a system group (`/systemgroups/{id}/members`). */
export interface SystemGroupMembership {
  systemGroupId: string;
  systemId: string;
}

/** Application bound directly to a user (`/applications/{id}/associations?targets=user`). */
export interface ApplicationUserBinding {
  applicationId: string;
  userId: string;
}

/** Application bound to a user group (`/applications/{id}/associations?targets=user_group`). */
export interface ApplicationUserGroupBinding {
  applicationId: string;
  userGroupId: string;
}

/** User bound directly to a system; `attributes.sudo` grants admin rights on that system. */
export interface UserSystemBinding {
  userId: string;
  systemId: string;
  attributes: GraphAttributes | null;
}

/** User group bound directly to a system. */
export interface UserGroupSystemBinding {
  userGroupId: string;
  systemId: string;
  attributes: GraphAttributes | null;
}

/** User bound to a system group (reaches every member system). */
export interface UserSystemGroupBinding {
  userId: string;
  systemGroupId: string;
  attributes: GraphAttributes | null;
}

/** User group bound to a system group (every member user reaches every member system). */
export interface UserGroupSystemGroupBinding {
  userGroupId: string;
  systemGroupId: string;
  attributes: GraphAttributes | null;
}

export interface OrgLinks {
  userGroupMembers: UserGroupMembership[];
  systemGroupMembers: SystemGroupMembership[];
  applicationUsers: ApplicationUserBinding[];
  applicationUserGroups: ApplicationUserGroupBinding[];
  userSystems: UserSystemBinding[];
  userGroupSystems: UserGroupSystemBinding[];
  userSystemGroups: UserSystemGroupBinding[];
  userGroupSystemGroups: UserGroupSystemGroupBinding[];
}

export interface SimulatedOrg {
  /** Position in `SimulatedDirectory.orgs` (0-based). */
  index: number;
  id: string;
  /** Full record, as `GET /api/organizations/{id}` returns it. */
  organization: Organization;
  /** Every collection is sorted by id (the simulator's default order). */
  users: SystemUser[];
  userGroups: UserGroup[];
  applications: Application[];
  systems: JcSystem[];
  systemGroups: SystemGroup[];
  /** null when the org has no Apple MDM (`appleMdm: 'absent'`). */
  appleMdm: AppleMdm | null;
  appleMdmDevices: AppleMdmDevice[];
  /** Stored links (direct bindings and static memberships). */
  links: OrgLinks;
  /** Indexes over records and links, built once; used to answer traversals. */
  graph: OrgGraph;
}

export interface SimulatedDirectory {
  seed: number;
  counts: DirectoryCounts;
  appleMdmMode: AppleMdmMode;
  /** Multi-tenant (MSP) key: true when there is more than one org. */
  multiTenant: boolean;
  orgs: SimulatedOrg[];
}

/** Largest static user group / system group the generator makes (keeps traversals bounded). */
export const MAX_USER_GROUP_SIZE = 500;
export const MAX_SYSTEM_GROUP_SIZE = 200;
/** Largest number of users bound directly to one application. */
export const MAX_DIRECT_APP_USERS = 300;

function countOption(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got ${value}`);
  return n;
}

export function resolveDirectoryOptions(options: DirectoryOptions = {}): {
  seed: number;
  orgs: number;
  counts: DirectoryCounts;
  appleMdm: AppleMdmMode;
} {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
  const orgs = countOption('orgs', options.orgs, 1);
  if (orgs < 1) throw new Error('orgs must be at least 1');
  const appleMdm = options.appleMdm ?? 'enabled';
  if (!['enabled', 'absent', 'forbidden'].includes(appleMdm))
    throw new Error(`unknown appleMdm mode ${appleMdm}`);
  return {
    seed,
    orgs,
    appleMdm,
    counts: {
      users: countOption('users', options.users, DEFAULT_COUNTS.users),
      groups: countOption('groups', options.groups, DEFAULT_COUNTS.groups),
      apps: countOption('apps', options.apps, DEFAULT_COUNTS.apps),
      systems: countOption('systems', options.systems, DEFAULT_COUNTS.systems),
      systemGroups: countOption('systemGroups', options.systemGroups, DEFAULT_COUNTS.systemGroups),
      appleDevices: countOption('appleDevices', options.appleDevices, DEFAULT_COUNTS.appleDevices),
    },
  };
}

/** Generates the whole directory. Pure: no clock, no Math.random, no I/O. */
export function generateDirectory(options: DirectoryOptions = {}): SimulatedDirectory {
  const resolved = resolveDirectoryOptions(options);
  const orgs: SimulatedOrg[] = [];
  for (let i = 0; i < resolved.orgs; i++) {
    orgs.push(generateOrg(resolved.seed, i, resolved.counts, resolved.appleMdm));
  }
  return {
    seed: resolved.seed,
    counts: resolved.counts,
    appleMdmMode: resolved.appleMdm,
    multiTenant: resolved.orgs > 1,
    orgs,
  };
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

// prettier-ignore
const FIRST_NAMES = [
  'Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger',
  'Radia', 'Tim', 'Hedy', 'Donald', 'Katherine', 'Vint', 'Shafi', 'Niklaus', 'Lynn', 'John',
  'Sophie', 'Guido', 'Anita', 'James', 'Joan', 'Bjarne', 'Mary', 'Whitfield', 'Evelyn', 'Ward',
  'Carol', 'Ivan', 'Jean', 'Leslie', 'Adele', 'Robin', 'Elena', 'Tomas', 'Priya', 'Kwame',
];
// prettier-ignore
const LAST_NAMES = [
  'Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen',
  'Dijkstra', 'Perlman', 'Berners', 'Lamarr', 'Knuth', 'Johnson', 'Cerf', 'Goldwasser', 'Wirth',
  'Conway', 'Backus', 'Wilson', 'Rossum', 'Borg', 'Gosling', 'Clarke', 'Stroustrup', 'Keller',
  'Diffie', 'Boyd', 'Cunningham', 'Shaw', 'Sutherland', 'Sammet', 'Lamport', 'Goldberg', 'Milner',
  'Petrova', 'Novak', 'Raman', 'Mensah',
];
// prettier-ignore
const COMPANY_FIRST = [
  'Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Tailspin', 'Wingtip',
  'Litware', 'Proseware', 'Adatum', 'Lucerne',
];
// prettier-ignore
const COMPANY_SECOND = [
  'Robotics', 'Traders', 'Health', 'Labs', 'Logistics', 'Analytics', 'Systems', 'Media', 'Energy',
  'Foods',
];
// prettier-ignore
const DEPARTMENTS = [
  'Engineering', 'Sales', 'Marketing', 'Finance', 'IT', 'Support', 'Design', 'Security', 'Legal',
  'People',
];
// prettier-ignore
const JOB_TITLES = [
  'Software Engineer', 'Account Executive', 'Product Manager', 'Analyst', 'Designer',
  'IT Administrator', 'Support Specialist', 'Security Engineer', 'Counsel', 'Recruiter',
  'Director', 'VP',
];
// prettier-ignore
const EMPLOYEE_TYPES = [
  'Full-time', 'Full-time', 'Full-time', 'Contractor', 'Part-time', 'Intern',
];
// prettier-ignore
const LOCATIONS = [
  'Denver', 'Boulder', 'London', 'Berlin', 'Montevideo', 'Austin', 'Toronto', 'Remote',
];
// prettier-ignore
const CREATION_SOURCES = [
  'jumpcloud:console', 'jumpcloud:api', 'jumpcloud:csv', 'jumpcloud:scim', 'jumpcloud:gapps',
];
// prettier-ignore
const USER_GROUP_NAMES = [
  'Engineering', 'Sales', 'Marketing', 'Contractors', 'IT Admins', 'Finance', 'Support', 'Design',
  'Security', 'Data', 'Legal', 'People Ops', 'Operations', 'Product', 'Interns',
];
// prettier-ignore
const SYSTEM_GROUP_NAMES = [
  'Engineering Workstations', 'Linux Servers', 'Finance Laptops', 'Windows Fleet',
  'Production Servers', 'Kiosks', 'Staging Servers', 'Design Macs', 'Build Agents',
  'Shared Devices',
];
// prettier-ignore
const APP_COLORS = [
  '#202D38', '#005466', '#3E8696', '#006CAC', '#0617AC', '#7C6ADA', '#D5779D', '#9E2F00',
  '#FFB000', '#58C469', '#57C49F', '#FF6C03',
];
// prettier-ignore
const TIMEZONES = [
  -480, -420, -360, -300, -180, 0, 60, 120, 330, 540,
];

interface AppTemplate {
  name: string;
  displayName: string;
  article: string;
  acsUrl: string;
  spEntityId: string;
}

const APP_TEMPLATES: AppTemplate[] = [
  {
    name: 'aws',
    displayName: 'Amazon Web Services (AWS)',
    article: 'single-sign-on-sso-with-aws',
    acsUrl: 'https://signin.aws.amazon.com/saml',
    spEntityId: 'urn:amazon:webservices',
  },
  {
    name: 'slack',
    displayName: 'Slack',
    article: 'single-sign-on-sso-with-slack',
    acsUrl: 'https://{org}.slack.com/sso/saml',
    spEntityId: 'https://slack.com',
  },
  {
    name: 'github',
    displayName: 'GitHub',
    article: 'single-sign-on-sso-with-github',
    acsUrl: 'https://github.com/orgs/{org}/saml/consume',
    spEntityId: 'https://github.com/orgs/{org}',
  },
  {
    name: 'salesforce',
    displayName: 'Salesforce',
    article: 'single-sign-on-sso-with-salesforce',
    acsUrl: 'https://{org}.my.salesforce.com',
    spEntityId: 'https://saml.salesforce.com',
  },
  {
    name: 'zoom',
    displayName: 'Zoom',
    article: 'single-sign-on-sso-with-zoom',
    acsUrl: 'https://{org}.zoom.us/saml/SSO',
    spEntityId: '{org}.zoom.us',
  },
  {
    name: 'atlassian',
    displayName: 'Atlassian Cloud',
    article: 'single-sign-on-sso-with-atlassian-cloud',
    acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-{org}',
    spEntityId: 'https://auth.atlassian.com/saml/{org}',
  },
  {
    name: 'google-workspace',
    displayName: 'Google Workspace',
    article: 'single-sign-on-sso-with-google-workspace',
    acsUrl: 'https://www.google.com/a/{org}.example.com/acs',
    spEntityId: 'google.com/a/{org}.example.com',
  },
  {
    name: 'dropbox',
    displayName: 'Dropbox',
    article: 'single-sign-on-sso-with-dropbox',
    acsUrl: 'https://www.dropbox.com/saml_login',
    spEntityId: 'Dropbox',
  },
  {
    name: 'zendesk',
    displayName: 'Zendesk',
    article: 'single-sign-on-sso-with-zendesk',
    acsUrl: 'https://{org}.zendesk.com/access/saml',
    spEntityId: 'https://{org}.zendesk.com',
  },
  {
    name: 'datadog',
    displayName: 'Datadog',
    article: 'single-sign-on-sso-with-datadog',
    acsUrl: 'https://app.datadoghq.com/account/saml/assertion',
    spEntityId: 'https://app.datadoghq.com/account/saml/metadata.xml',
  },
];

type OsKind = 'mac' | 'windows' | 'ubuntu' | 'linux' | 'ios' | 'android';

// ---------------------------------------------------------------------------------------------
// Organization
// ---------------------------------------------------------------------------------------------

interface OrgContext {
  seed: number;
  index: number;
  orgSeed: number;
  orgTag: number;
  id: string;
  createdMs: number;
  displayName: string;
  domain: string;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function makeId(ctx: OrgContext, collection: number, createdMs: number, index: number): string {
  const base = hash32(ctx.orgSeed, 'counter-base', collection) & 0x3fffffff;
  return objectId(createdMs, ctx.orgTag, collection, base + index);
}

function orgContext(seed: number, index: number): OrgContext {
  const orgSeed = hash32(seed, 'org', index);
  // Distinct for every index below 2^24 (odd multiplier), and independent of other orgs.
  const orgTag = (hash32(seed, 'org-tag') + Math.imul(index, 0x9e3779)) & 0xffffff;
  const rng = new Rng(hash32(orgSeed, 'organization-identity'));
  const createdMs = EPOCH_MS - 6 * 365 * DAY_MS + index * DAY_MS + rng.int(DAY_MS - 1000);
  const partial = { seed, index, orgSeed, orgTag, createdMs, id: '', displayName: '', domain: '' };
  const id = makeId(partial, CollectionCode.organization, createdMs, index);
  const displayName = `${rng.pick(COMPANY_FIRST)} ${rng.pick(COMPANY_SECOND)}${index > 0 ? ` ${index + 1}` : ''}`;
  return { ...partial, id, displayName, domain: `${slug(displayName)}.example.com` };
}

function makeOrganization(ctx: OrgContext, counts: DirectoryCounts): Organization {
  const rng = new Rng(hash32(ctx.orgSeed, 'organization'));
  // The recorded single-tenant org had no logo; give some other orgs one.
  const logoUrl =
    ctx.index > 0 && rng.chance(0.5) ? `https://cdn.jumpcloud.com/logos/${ctx.id}.png` : null;
  const contactFirst = rng.pick(FIRST_NAMES);
  const contactLast = rng.pick(LAST_NAMES);
  return {
    _id: ctx.id,
    id: ctx.id,
    displayName: ctx.displayName,
    logoUrl,
    created: isoDate(ctx.createdMs),
    accessRestriction: 'none',
    accountsReceivable: '',
    provider: ctx.index > 0 ? 'sim-msp-provider' : '',
    hasCreditCard: rng.chance(0.7),
    hasStripeCustomerId: rng.chance(0.7),
    lastEstimateCalculationTimeStamp: isoDate(EPOCH_MS - DAY_MS),
    lastSfdcSyncStatus: {},
    customEmailSettings: { enabled: false },
    entitlement: {
      billingModel: 'subscription',
      capUserQuantity: false,
      isManuallyBilled: false,
      maxUserQuantity: Math.max(10, counts.users * 2),
      pricePerUserSum: 1500,
      purchaseChannel: 'direct',
      entitlementProducts: [
        {
          committedUsers: counts.users,
          contractType: 'annual',
          maxUserCount: Math.max(10, counts.users * 2),
          name: 'JumpCloud Platform',
          pricePerUser: 1500,
          productCategory: 'platform',
          productCode: 'PLATFORM',
          uncommittedUsers: 0,
        },
      ],
    },
    settings: {
      name: ctx.displayName,
      contactName: `${contactFirst} ${contactLast}`,
      contactEmail: `${contactFirst}.${contactLast}@${ctx.domain}`.toLowerCase(),
      agentVersion: '1.172.0',
      enableManagedUID: true,
      requireAdminMFA: rng.chance(0.8),
      systemUserPasswordExpirationInDays: 90,
      passwordCompliance: 'custom',
      passwordPolicy: {
        enableMaxLoginAttempts: true,
        maxLoginAttempts: 10,
        enablePasswordExpirationInDays: true,
        passwordExpirationInDays: 90,
        minLength: 12,
        needsLowercase: true,
        needsUppercase: true,
        needsNumeric: true,
        needsSymbolic: rng.chance(0.5),
      },
      newSystemUserStateDefaults: {
        applicationImport: 'STAGED',
        csvImport: 'STAGED',
        manualEntry: 'ACTIVATED',
      },
      userPortal: { cookieExpirationType: 'session', idleSessionDurationMinutes: 60 },
      windowsMDM: { autoEnroll: false, enabled: rng.chance(0.5) },
      features: {
        directoryInsights: { enabled: true },
        systemInsights: {
          enabled: true,
          enableNewDarwin: true,
          enableNewLinux: true,
          enableNewWindows: true,
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

const USERS_START_MS = EPOCH_MS - 4 * 365 * DAY_MS;
const USER_STEP_MS = 120_000;

function pem(label: string, body: string): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

function fakeSshPublicKey(rng: Rng, comment: string): string {
  if (rng.chance(0.6))
    return `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fakeBase64(rng, 43)} ${comment}`;
  return `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${fakeBase64(rng, 340)} ${comment}`;
}

type MfaShape = 'absent' | 'configured' | 'unconfigured' | 'excludedUntil' | 'excludedIndefinitely';

function makeUser(ctx: OrgContext, i: number, earlierIds: readonly string[]): SystemUser {
  const rng = new Rng(hash32(ctx.orgSeed, 'user', i));
  const createdMs = USERS_START_MS + i * USER_STEP_MS + rng.int(USER_STEP_MS - 1000);
  const id = makeId(ctx, CollectionCode.user, createdMs, i);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const username = `${first}.${last}${i}`.toLowerCase();

  // Users 0..7 are fixed edge cases; later users are random.
  const state: UserState =
    i === 1
      ? 'STAGED'
      : i === 2
        ? 'SUSPENDED'
        : i < 8
          ? 'ACTIVATED'
          : rng.weighted<UserState>([
              ['ACTIVATED', 80],
              ['STAGED', 10],
              ['SUSPENDED', 10],
            ]);
  const mfaShape: MfaShape =
    i === 0
      ? 'configured'
      : i === 1
        ? 'absent'
        : i === 2
          ? 'excludedUntil'
          : i === 3
            ? 'excludedIndefinitely'
            : i === 4
              ? 'unconfigured'
              : rng.weighted<MfaShape>([
                  ['absent', 15],
                  ['configured', 50],
                  ['unconfigured', 25],
                  ['excludedUntil', 5],
                  ['excludedIndefinitely', 5],
                ]);
  const nullNames = i === 4 || (i >= 8 && rng.chance(0.05));
  const nullLastname = nullNames || i === 5;
  const nullEmployeeId = i === 1 || i === 4 || (i >= 8 && rng.chance(0.25));
  const locked = i === 5 || (i >= 8 && rng.chance(0.03));
  const neverExpires = i !== 5 && rng.chance(0.1);

  const passwordDateMs = state === 'STAGED' ? null : createdMs + rng.int(300) * DAY_MS;
  const passwordDate =
    passwordDateMs === null
      ? null
      : Math.min(passwordDateMs, EPOCH_MS - DAY_MS + rng.int(DAY_MS / 2));
  let expiration: number | null = null;
  if (passwordDate !== null && !neverExpires) {
    expiration = i === 5 ? EPOCH_MS - 3 * DAY_MS : passwordDate + 90 * DAY_MS;
  }

  let mfa: SystemUser['mfa'];
  switch (mfaShape) {
    case 'absent':
      mfa = undefined;
      break;
    case 'configured':
      mfa = { configured: true, exclusion: false };
      break;
    case 'unconfigured':
      mfa = { configured: false, exclusion: false };
      break;
    case 'excludedUntil': {
      const days = rng.between(1, 30);
      mfa = {
        configured: false,
        exclusion: true,
        exclusionDays: days,
        exclusionUntil: isoDate(EPOCH_MS + days * DAY_MS),
      };
      break;
    }
    case 'excludedIndefinitely':
      mfa = { configured: rng.chance(0.3), exclusion: true };
      break;
  }
  const totp = mfa?.configured === true && (i === 0 || rng.chance(0.7));
  const enrolled = (s: boolean): MfaEnrollmentStatus =>
    s
      ? 'ENROLLED'
      : rng.pick<MfaEnrollmentStatus>([
          'NOT_ENROLLED',
          'NOT_ENROLLED',
          'DISABLED',
          'PENDING_ACTIVATION',
          'ENROLLMENT_EXPIRED',
        ]);
  const hasEnrollment = i === 0 || (i !== 1 && rng.chance(0.9));
  const push = rng.chance(0.3);
  const webAuthn = rng.chance(0.15);
  const mfaEnrollment: SystemUser['mfaEnrollment'] = hasEnrollment
    ? {
        overallStatus: totp || push || webAuthn ? 'ENROLLED' : 'NOT_ENROLLED',
        totpStatus: enrolled(totp),
        webAuthnStatus: enrolled(webAuthn),
        pushStatus: enrolled(push),
        jcGoStatus: enrolled(false),
      }
    : undefined;

  const sshKeys: SshKey[] = [];
  const keyCount =
    i === 0
      ? 2
      : rng.weighted<number>([
          [0, 60],
          [1, 30],
          [2, 10],
        ]);
  for (let k = 0; k < keyCount; k++) {
    const keyCreated = createdMs + (k + 1) * 7 * DAY_MS;
    sshKeys.push({
      _id: makeId(ctx, CollectionCode.sshKey, keyCreated, i * 4 + k),
      name: k === 0 ? 'laptop' : 'workstation',
      public_key: fakeSshPublicKey(rng, `${username}@${k === 0 ? 'laptop' : 'workstation'}`),
      create_date: isoDate(keyCreated),
    });
  }

  const externallyManaged = i === 6 || (i >= 8 && rng.chance(0.05));
  const sudo = i === 0 || (i >= 8 && rng.chance(0.05));
  const hasManager = i > 0 && earlierIds.length > 0 && rng.chance(0.6);
  const manager = hasManager ? earlierIds[rng.int(earlierIds.length)] : undefined;
  const department = rng.pick(DEPARTMENTS);
  const displayname = nullNames ? (rng.chance(0.5) ? '' : username) : `${first} ${last}`;
  const phone = rng.chance(0.5);
  const address = rng.chance(0.5);
  const verified = rng.chance(0.6);

  const user: SystemUser = {
    _id: id,
    id,
    username,
    systemUsername: `${first[0]}${last}${i}`.toLowerCase(),
    email: `${username}@${ctx.domain}`,
    alternateEmail: rng.chance(0.2) ? `${username}@personal.example.net` : '',
    firstname: nullNames ? null : first,
    middlename: '',
    lastname: nullLastname ? null : last,
    displayname,
    employeeIdentifier: nullEmployeeId ? null : `E${100000 + i}`,
    employeeType: rng.pick(EMPLOYEE_TYPES),
    jobTitle: rng.pick(JOB_TITLES),
    department,
    company: ctx.displayName,
    costCenter: `CC-${100 + DEPARTMENTS.indexOf(department)}`,
    location: rng.pick(LOCATIONS),
    description: rng.chance(0.1) ? 'Imported from HR system' : '',
    managedAppleId: rng.chance(0.1) ? `${username}@appleid.${ctx.domain}` : '',
    organization: ctx.id,
    created: isoDate(createdMs),
    state,
    activated: state !== 'STAGED',
    suspended: state === 'SUSPENDED',
    account_locked: locked,
    account_locked_date: locked ? isoDate(EPOCH_MS - rng.between(1, 20) * DAY_MS) : null,
    badLoginAttempts: locked ? rng.between(5, 10) : rng.between(0, 2),
    creationSource: rng.pick(CREATION_SOURCES),
    password_date: passwordDate === null ? null : isoDate(passwordDate),
    password_expiration_date: expiration === null ? null : isoDate(expiration),
    password_expired: expiration !== null && expiration < EPOCH_MS,
    password_never_expires: neverExpires,
    external_password_expiration_date: '',
    totp_enabled: totp,
    enable_user_portal_multifactor: mfa?.configured === true,
    sudo,
    passwordless_sudo: sudo && rng.chance(0.5),
    allow_public_key: rng.chance(0.8),
    public_key: sshKeys.length > 0 && rng.chance(0.3) ? sshKeys[0].public_key : '',
    ssh_keys: sshKeys,
    unix_uid: 5000 + i,
    unix_guid: 5000 + i,
    enable_managed_uid: rng.chance(0.2),
    ldap_binding_user: i === 7 || rng.chance(0.02),
    samba_service_user: rng.chance(0.02),
    disableDeviceMaxLoginAttempts: false,
    externally_managed: externallyManaged,
    external_dn: externallyManaged
      ? `CN=${first} ${last},OU=Users,DC=corp,DC=${slug(ctx.displayName)},DC=com`
      : '',
    external_source_type: externallyManaged ? 'ActiveDirectory' : '',
    restrictedFields: externallyManaged
      ? [{ field: 'email', id: rng.hex(24), type: 'active_directory' }]
      : [],
    delegatedAuthority:
      externallyManaged && rng.chance(0.5) ? { id: rng.hex(24), name: 'ActiveDirectory' } : null,
    admin:
      i === 0 ? { id: rng.hex(24), roleName: 'Administrator', roleNames: ['Administrator'] } : null,
    addresses: address
      ? [
          {
            id: makeId(ctx, CollectionCode.address, createdMs, i),
            type: 'work',
            poBox: '',
            extendedAddress: '',
            streetAddress: `${rng.between(1, 999)} Example Street`,
            locality: rng.pick(LOCATIONS),
            region: 'CO',
            postalCode: `${rng.between(10000, 99999)}`,
            country: 'US',
          },
        ]
      : [],
    phoneNumbers: phone
      ? [
          {
            id: makeId(ctx, CollectionCode.phoneNumber, createdMs, i),
            type: 'mobile',
            number: `+1 555 01${rng.between(10, 99)}`,
          },
        ]
      : [],
    recoveryEmail: {
      address: verified ? `${username}@recovery.example.net` : '',
      verified,
      verifiedAt: verified ? isoDate(createdMs + DAY_MS) : '',
    },
    relationships: [],
    attributes: rng.chance(0.2)
      ? [{ name: 'badgeNumber', value: `${rng.between(1000, 9999)}` }]
      : [],
  };
  if (manager !== undefined) user.manager = manager;
  if (mfa !== undefined) user.mfa = mfa;
  if (mfaEnrollment !== undefined) user.mfaEnrollment = mfaEnrollment;
  return user;
}

// ---------------------------------------------------------------------------------------------
// User groups
// ---------------------------------------------------------------------------------------------

const GROUPS_START_MS = EPOCH_MS - 3 * 365 * DAY_MS;

function numberedName(names: readonly string[], i: number): string {
  const base = names[i % names.length];
  return i < names.length ? base : `${base} ${Math.floor(i / names.length) + 1}`;
}

function makeUserGroup(ctx: OrgContext, g: number): UserGroup {
  const rng = new Rng(hash32(ctx.orgSeed, 'userGroup', g));
  const createdMs = GROUPS_START_MS + g * DAY_MS + rng.int(DAY_MS - 1000);
  const id = makeId(ctx, CollectionCode.userGroup, createdMs, g);
  const name = numberedName(USER_GROUP_NAMES, g);
  let attributes: GraphAttributes | null;
  if (g === 0) {
    attributes = {
      ldapGroups: [{ name: slug(name) }],
      posixGroups: [{ id: 10000 + g, name: slug(name) }],
    };
  } else if (g === 1) {
    attributes = {
      sudo: { enabled: true, withoutPassword: false },
      ldapGroups: [{ name: slug(name) }],
    };
  } else if (g === 2) {
    attributes = null;
  } else if (rng.chance(0.35)) {
    attributes = null;
  } else {
    attributes = { ldapGroups: [{ name: slug(name) }] };
    if (rng.chance(0.2)) attributes.sudo = { enabled: true, withoutPassword: rng.chance(0.3) };
    if (rng.chance(0.1)) attributes.sambaEnabled = true;
    if (rng.chance(0.1)) attributes.radius = { reply: [{ name: 'Filter-Id', value: slug(name) }] };
  }
  return {
    id,
    name,
    type: 'user_group',
    description: rng.chance(0.5) ? `${name} team members` : '',
    email: rng.chance(0.5) ? `${slug(name)}@${ctx.domain}` : '',
    attributes,
    membershipMethod: rng.chance(0.85) ? 'STATIC' : 'NOTSET',
    memberQueryExemptions: [],
    memberQueryErrorFlags: [],
    memberSuggestionsNotify: false,
    organizationObjectId: ctx.id,
    suggestionCounts: { add: 0, remove: 0, total: 0 },
  };
}

// ---------------------------------------------------------------------------------------------
// Applications
// ---------------------------------------------------------------------------------------------

function configField<T>(
  label: string,
  position: number,
  type: string,
  value: T,
  readOnly = false,
): SamlConfigField<T> {
  return { label, position, readOnly, required: true, type, value, visible: true };
}

function makeApplication(ctx: OrgContext, a: number): Application {
  const rng = new Rng(hash32(ctx.orgSeed, 'application', a));
  const createdMs = GROUPS_START_MS + a * 2 * DAY_MS + rng.int(DAY_MS - 1000);
  const id = makeId(ctx, CollectionCode.application, createdMs, a);
  const template = APP_TEMPLATES[a % APP_TEMPLATES.length];
  const suffix = a < APP_TEMPLATES.length ? '' : ` ${Math.floor(a / APP_TEMPLATES.length) + 1}`;
  const orgSlug = slug(ctx.displayName);
  const fill = (s: string): string => s.replace(/\{org\}/g, orgSlug);
  // App 0: certificate expires 12 days after the epoch; app 1: expired 5 days before it.
  const expiresMs =
    a === 0
      ? EPOCH_MS + 12 * DAY_MS
      : a === 1
        ? EPOCH_MS - 5 * DAY_MS
        : EPOCH_MS + rng.between(31, 700) * DAY_MS;
  const certUpdatedMs = expiresMs - 3 * 365 * DAY_MS;
  const color = rng.pick(APP_COLORS);
  const ssoUrl = `https://sso.jumpcloud.com/saml2/${template.name}${suffix ? `-${a}` : ''}`;
  const displayLabel = `${template.displayName}${suffix}`;
  const config: ApplicationConfig = {
    acsUrl: configField('ACS URL', 3, 'text', fill(template.acsUrl)),
    constantAttributes: {
      ...configField('Constant Attributes', 9, 'constant_attributes', [
        {
          name: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
          value: '3600',
          readOnly: false,
          required: false,
          visible: true,
        },
      ]),
      mutable: true,
    },
    databaseAttributes: configField('Database Attributes', 10, 'database_attributes', []),
    idpCertificate: configField(
      'IdP Certificate',
      1,
      'file',
      pem('CERTIFICATE', `MIIDdzCCAl+gAwIBAgIU${fakeBase64(rng, 1000)}`),
      true,
    ),
    idpEntityId: configField('IdP Entity ID', 0, 'text', `JumpCloud-${orgSlug}-${template.name}`),
    idpPrivateKey: configField(
      'IdP Private Key',
      2,
      'file',
      pem(
        'PRIVATE KEY',
        `MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ${fakeBase64(rng, 1580)}`,
      ),
      true,
    ),
    spCertificate: configField(
      'SP Certificate',
      5,
      'file',
      pem('CERTIFICATE', `MIIC8DCCAdigAwIBAgIQ${fakeBase64(rng, 900)}`),
    ),
    spEntityId: configField('SP Entity ID', 4, 'text', fill(template.spEntityId)),
    signAssertion: configField('Sign Assertion', 6, 'checkbox', rng.chance(0.5)),
    signResponse: configField('Sign Response', 7, 'checkbox', true),
  };
  return {
    _id: id,
    id,
    name: template.name,
    displayName: template.displayName,
    displayLabel,
    description: rng.chance(0.5) ? `${displayLabel} single sign-on` : '',
    active: a === 2 ? false : rng.chance(0.9),
    beta: false,
    color,
    organization: ctx.id,
    created: isoDate(createdMs),
    learnMore: `https://jumpcloud.com/support/${template.article}`,
    ssoUrl,
    logo: { url: `https://cdn.jumpcloud.com/apps/${template.name}.png`, color },
    sso: {
      type: 'saml',
      jit: rng.chance(0.3),
      beta: false,
      hidden: false,
      idpCertExpirationAt: isoDate(expiresMs),
      idpCertificateUpdatedAt: isoDate(certUpdatedMs),
      idpPrivateKeyUpdatedAt: isoDate(certUpdatedMs),
      spCertificateUpdatedAt: isoDate(certUpdatedMs + DAY_MS),
    },
    config,
    databaseAttributes: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Systems
// ---------------------------------------------------------------------------------------------

const SYSTEMS_START_MS = EPOCH_MS - 4 * 365 * DAY_MS;
const SYSTEM_STEP_MS = 240_000;
const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

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

interface SystemDraft {
  record: JcSystem;
  kind: OsKind;
  /** Index of the primary user, if any. */
  primaryUser: number | null;
}

function makeSystem(
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

// ---------------------------------------------------------------------------------------------
// System groups
// ---------------------------------------------------------------------------------------------

function makeSystemGroup(ctx: OrgContext, g: number): SystemGroup {
  const rng = new Rng(hash32(ctx.orgSeed, 'systemGroup', g));
  const createdMs = GROUPS_START_MS + g * DAY_MS + 3_600_000 + rng.int(DAY_MS - 3_601_000);
  const id = makeId(ctx, CollectionCode.systemGroup, createdMs, g);
  const name = numberedName(SYSTEM_GROUP_NAMES, g);
  return {
    id,
    name,
    type: 'system_group',
    description: rng.chance(0.5) ? `${name} managed by IT` : '',
    email: '',
    attributes:
      g === 1 || rng.chance(0.3) ? { patchWindow: rng.pick(['saturday', 'sunday']) } : null,
    membershipMethod: rng.chance(0.85) ? 'STATIC' : 'NOTSET',
    memberQueryExemptions: [],
    memberQueryErrorFlags: [],
    memberSuggestionsNotify: false,
    organizationObjectId: ctx.id,
  };
}

// ---------------------------------------------------------------------------------------------
// Apple MDM
// ---------------------------------------------------------------------------------------------

const WELCOME = {
  title: 'Welcome',
  paragraph: 'In just a few steps, you will be working securely from your Apple device.',
  button: 'continue',
};

function makeAppleMdm(ctx: OrgContext, defaultSystemGroupId: string): AppleMdm {
  const rng = new Rng(hash32(ctx.orgSeed, 'appleMdm'));
  const createdMs = EPOCH_MS - 400 * DAY_MS + rng.int(DAY_MS);
  const id = makeId(ctx, CollectionCode.appleMdm, createdMs, 0);
  const ade = () => ({
    welcomeScreen: { ...WELCOME },
    setupAssistantOptions: [],
    setupOptions: [],
    enableZeroTouchEnrollment: false,
    defaultDeviceGroupObjectIds: [],
  });
  return {
    id,
    name: ctx.index === 0 ? '' : `${ctx.displayName} MDM`,
    organization: ctx.id,
    apnsPushTopic: `com.apple.mgmt.External.${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
    apnsCertExpiry: isoDate(EPOCH_MS + rng.between(20, 300) * DAY_MS),
    appleCertCreatorAppleID: `it-admin@${ctx.domain}`,
    appleCertSerialNumber: rng.hex(16),
    depServerTokenState: rng.pick<AppleMdm['depServerTokenState']>([
      'valid',
      'valid',
      'missing',
      'expired',
    ]),
    depAccessTokenExpiry: isoDate(EPOCH_MS + rng.between(-30, 300) * DAY_MS),
    defaultSystemGroupID: defaultSystemGroupId,
    defaultIosUserEnrollmentDeviceGroupID: '',
    allowMobileUserEnrollment: rng.chance(0.5),
    serviceDiscoveryEnabled: rng.chance(0.3),
    dep: {
      welcomeScreen: { ...WELCOME },
      setupAssistantOptions: [],
      enableZeroTouchEnrollment: false,
    },
    ades: { macos: ade(), ios: ade() },
  };
}

const DEVICES_START_MS = EPOCH_MS - 2 * 365 * DAY_MS;
const DEVICE_STEP_MS = 300_000;

const MAC_MODELS = [
  {
    modelName: 'MacBook Pro',
    modelNumber: 'MRX33LL/A',
    marketing: 'MacBook Pro (14-inch, M3 Pro, Nov 2023)',
    silicon: true,
  },
  {
    modelName: 'MacBook Air',
    modelNumber: 'MLY33LL/A',
    marketing: 'MacBook Air (M2, 2022)',
    silicon: true,
  },
  { modelName: 'iMac', modelNumber: 'MQRJ3LL/A', marketing: 'iMac (24-inch, 2023)', silicon: true },
  {
    modelName: 'MacBook Pro',
    modelNumber: 'MVVJ2LL/A',
    marketing: 'MacBook Pro (16-inch, 2019)',
    silicon: false,
  },
];

function makeAppleDevice(
  ctx: OrgContext,
  d: number,
  mdmId: string,
  sharedMac: JcSystem | null,
): AppleMdmDevice {
  const rng = new Rng(hash32(ctx.orgSeed, 'appleMdmDevice', d));
  const createdMs = DEVICES_START_MS + d * DEVICE_STEP_MS + rng.int(DEVICE_STEP_MS - 1000);
  const id = makeId(ctx, CollectionCode.appleMdmDevice, createdMs, d);
  const family: 'Mac' | 'iPhone' | 'iPad' = sharedMac
    ? 'Mac'
    : rng.weighted<'Mac' | 'iPhone' | 'iPad'>([
        ['Mac', 40],
        ['iPhone', 40],
        ['iPad', 20],
      ]);
  const mac = family === 'Mac';
  const model = mac ? rng.pick(MAC_MODELS) : null;
  const serialNumber = sharedMac
    ? sharedMac.serialNumber
    : `${mac ? 'C02' : 'F'}${rng.chars(SERIAL_ALPHABET, mac ? 9 : 11)}`;
  const osVersion = sharedMac
    ? sharedMac.version
    : mac
      ? rng.pick(['14.6.1', '15.3.2', '13.7.4'])
      : rng.pick(['18.3.1', '17.7.2']);
  const capacity = rng.pick([128, 256, 512, 1000]);
  const emptySecurity = d === 1 || rng.chance(0.25);
  const dep = rng.chance(0.5);
  const deviceInformation: AppleMdmDevice['deviceInformation'] = {
    deviceName: sharedMac ? sharedMac.displayName : `${rng.pick(FIRST_NAMES)}'s ${family}`,
    modelName: model ? model.modelName : family,
    isSupervised: rng.chance(0.7),
    deviceCapacity: capacity,
    availableDeviceCapacity: Math.floor(capacity * (0.2 + rng.next() * 0.7)),
    wifiMac: Array.from({ length: 6 }, () => rng.hex(2)).join(':'),
  };
  if (d % 2 === 0) {
    deviceInformation.modelNumber = model
      ? model.modelNumber
      : `MQ${rng.chars(SERIAL_ALPHABET, 3)}LL/A`;
    deviceInformation.modelMarketingName = model
      ? model.marketing
      : family === 'iPhone'
        ? 'iPhone 15'
        : 'iPad Air (5th generation)';
    deviceInformation.osBuildVersion = `${rng.between(21, 24)}${rng.chars('ABCDEFG', 1)}${rng.between(100, 999)}`;
    deviceInformation.osMarketingName = mac ? 'macOS' : family === 'iPhone' ? 'iOS' : 'iPadOS';
    deviceInformation.isAppleSilicon = model ? model.silicon : true;
    deviceInformation.activationLockAllowedWhileSupervised = rng.chance(0.5);
  }
  if (family === 'iPhone') {
    deviceInformation.imei = `35${rng.between(1000000, 9999999)}${rng.between(100000, 999999)}`;
    deviceInformation.iccid = `89014${rng.between(100000000, 999999999)}${rng.between(10000, 99999)}`;
    deviceInformation.subscriberCarrierNetwork = rng.pick(['AT&T', 'Verizon', 'T-Mobile']);
  }
  return {
    id,
    appleMdmId: mdmId,
    serialNumber,
    udid: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`.toUpperCase(),
    osVersion,
    mdmOsFamily: mac ? 'macos' : family === 'iPhone' ? 'ios' : 'ipados',
    modelFamily: family,
    depRegistered: dep,
    enrolled: d === 0 || rng.chance(0.85),
    createdAt: isoDate(createdMs),
    hasActivationLockBypassCodes: rng.chance(0.5),
    securityInfo: emptySecurity
      ? {}
      : {
          enrolledViaDep: dep,
          isUserEnrollment: false,
          userApprovedEnrollment: rng.chance(0.9),
          passcodePresent: rng.chance(0.9),
          passcodeCompliant: rng.chance(0.85),
          filevaultEnabled: mac ? rng.chance(0.8) : false,
          recoveryLockEnabled: mac && rng.chance(0.3),
          isActivationLockManageable: rng.chance(0.6),
        },
    deviceInformation,
  };
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/** Members of a group: a size around `average`, distinct indices in [0, population). */
function sampleMembers(rng: Rng, population: number, average: number, cap: number): number[] {
  if (population === 0) return [];
  const size = clamp(Math.round(average * (0.2 + 1.6 * rng.next())), 1, Math.min(population, cap));
  return rng.sample(population, size);
}

function sudoAttributes(withoutPassword: boolean): GraphAttributes {
  return { sudo: { enabled: true, withoutPassword } };
}

function generateOrg(
  seed: number,
  index: number,
  counts: DirectoryCounts,
  appleMdmMode: AppleMdmMode,
): SimulatedOrg {
  const ctx = orgContext(seed, index);
  const organization = makeOrganization(ctx, counts);
  const U = counts.users;
  const G = counts.groups;
  const A = counts.apps;
  const S = counts.systems;
  const SG = counts.systemGroups;

  const users: SystemUser[] = new Array(U);
  const userIds: string[] = new Array(U);
  for (let i = 0; i < U; i++) {
    users[i] = makeUser(ctx, i, userIds.slice(0, Math.min(i, 50)));
    userIds[i] = users[i].id;
  }
  const userGroups = Array.from({ length: G }, (_, g) => makeUserGroup(ctx, g));
  const applications = Array.from({ length: A }, (_, a) => makeApplication(ctx, a));
  const systemDrafts = Array.from({ length: S }, (_, s) => makeSystem(ctx, s, U, userIds));
  const systems = systemDrafts.map((draft) => draft.record);
  const systemGroups = Array.from({ length: SG }, (_, g) => makeSystemGroup(ctx, g));

  const links: OrgLinks = {
    userGroupMembers: [],
    systemGroupMembers: [],
    applicationUsers: [],
    applicationUserGroups: [],
    userSystems: [],
    userGroupSystems: [],
    userSystemGroups: [],
    userGroupSystemGroups: [],
  };

  // User group members. Group 3 is empty (an edge case worth having).
  const groupMembers: number[][] = [];
  const averageGroupSize = G > 0 ? (1.5 * U) / G : 0;
  for (let g = 0; g < G; g++) {
    const rng = new Rng(hash32(ctx.orgSeed, 'userGroup-members', g));
    const members = g === 3 ? [] : sampleMembers(rng, U, averageGroupSize, MAX_USER_GROUP_SIZE);
    groupMembers.push(members);
    for (const u of members)
      links.userGroupMembers.push({ userGroupId: userGroups[g].id, userId: userIds[u] });
  }

  // System group members. System group 2 is empty when there are more than three.
  const averageSystemGroupSize = SG > 0 ? (1.2 * S) / SG : 0;
  for (let g = 0; g < SG; g++) {
    const rng = new Rng(hash32(ctx.orgSeed, 'systemGroup-members', g));
    const members =
      g === 2 && SG > 3 ? [] : sampleMembers(rng, S, averageSystemGroupSize, MAX_SYSTEM_GROUP_SIZE);
    for (const s of members)
      links.systemGroupMembers.push({ systemGroupId: systemGroups[g].id, systemId: systems[s].id });
  }

  // Applications: direct users and bound user groups. App 0 is always bound to group 0 and one
  // member of group 0 is left out of its direct users (reached only through the group).
  for (let a = 0; a < A; a++) {
    const rng = new Rng(hash32(ctx.orgSeed, 'application-bindings', a));
    const groups =
      a === 0 && G > 0
        ? [0]
        : G > 0
          ? rng.sample(
              G,
              rng.weighted<number>([
                [0, 30],
                [1, 50],
                [2, 20],
              ]),
            )
          : [];
    let direct =
      U > 0
        ? rng.sample(
            U,
            clamp(Math.round(U * (0.05 + 0.25 * rng.next())), 1, Math.min(U, MAX_DIRECT_APP_USERS)),
          )
        : [];
    if (a === 0 && G > 0 && groupMembers[0].length > 0) {
      const onlyViaGroup = groupMembers[0][0];
      direct = direct.filter((u) => u !== onlyViaGroup);
    }
    for (const u of direct)
      links.applicationUsers.push({ applicationId: applications[a].id, userId: userIds[u] });
    for (const g of groups)
      links.applicationUserGroups.push({
        applicationId: applications[a].id,
        userGroupId: userGroups[g].id,
      });
  }

  // Direct user -> system bindings: the primary user (usually) plus 0-2 others.
  for (let s = 0; s < S; s++) {
    if (U === 0) break;
    const rng = new Rng(hash32(ctx.orgSeed, 'system-users', s));
    const bound = new Map<number, GraphAttributes | null>();
    const primary = systemDrafts[s].primaryUser;
    if (primary !== null && (s < 7 || rng.chance(0.9))) {
      bound.set(
        primary,
        s === 0 || rng.chance(0.4) ? sudoAttributes(s === 0 ? false : rng.chance(0.3)) : null,
      );
    }
    const extra =
      s === 0
        ? 1
        : rng.weighted<number>([
            [0, 50],
            [1, 35],
            [2, 15],
          ]);
    for (let k = 0; k < extra; k++) {
      const u = rng.int(U);
      if (!bound.has(u)) bound.set(u, rng.chance(0.1) ? sudoAttributes(rng.chance(0.5)) : null);
    }
    for (const [u, attributes] of Array.from(bound.entries()).sort((x, y) => x[0] - y[0])) {
      links.userSystems.push({ userId: userIds[u], systemId: systems[s].id, attributes });
    }
  }

  // User group -> system bindings.
  if (G > 0 && S > 0) {
    const count = Math.max(1, Math.round(G * 0.6));
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const rng = new Rng(hash32(ctx.orgSeed, 'userGroup-system', k));
      const g = k === 0 ? 0 : rng.int(G);
      const s = k === 0 ? 1 % S : rng.int(S);
      const key = `${g}:${s}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.userGroupSystems.push({
        userGroupId: userGroups[g].id,
        systemId: systems[s].id,
        attributes: null,
      });
    }
  }

  // User -> system group bindings.
  if (U > 0 && SG > 0) {
    const count = Math.max(1, Math.round(U * 0.01));
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const rng = new Rng(hash32(ctx.orgSeed, 'user-systemGroup', k));
      const u = rng.int(U);
      const g = rng.int(SG);
      const key = `${u}:${g}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.userSystemGroups.push({
        userId: userIds[u],
        systemGroupId: systemGroups[g].id,
        attributes: rng.chance(0.2) ? sudoAttributes(false) : null,
      });
    }
  }

  // User group -> system group bindings (each can reach many pairs, so there are few).
  if (G > 0 && SG > 0) {
    const count = clamp(Math.round(Math.min(G, SG) * 0.5), 1, 8);
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const rng = new Rng(hash32(ctx.orgSeed, 'userGroup-systemGroup', k));
      const g = k === 0 ? Math.min(1, G - 1) : rng.int(G);
      const sg = k === 0 ? 0 : rng.int(SG);
      const key = `${g}:${sg}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.userGroupSystemGroups.push({
        userGroupId: userGroups[g].id,
        systemGroupId: systemGroups[sg].id,
        attributes: k === 0 || rng.chance(0.4) ? sudoAttributes(rng.chance(0.3)) : null,
      });
    }
  }

  // Apple MDM and its devices; about half of the devices are Macs also known as systems.
  let appleMdm: AppleMdm | null = null;
  const appleMdmDevices: AppleMdmDevice[] = [];
  if (appleMdmMode !== 'absent') {
    appleMdm = makeAppleMdm(ctx, SG > 0 ? systemGroups[0].id : '');
    const macs = systemDrafts.filter((d) => d.kind === 'mac').map((d) => d.record);
    const rng = new Rng(hash32(ctx.orgSeed, 'appleMdm-shared-serials'));
    const sharedCount = Math.min(macs.length, Math.ceil(counts.appleDevices / 2));
    const shared = rng.sample(macs.length, sharedCount);
    for (let d = 0; d < counts.appleDevices; d++) {
      appleMdmDevices.push(
        makeAppleDevice(ctx, d, appleMdm.id, d < shared.length ? macs[shared[d]] : null),
      );
    }
  }

  const org: Omit<SimulatedOrg, 'graph'> = {
    index,
    id: ctx.id,
    organization,
    users,
    userGroups,
    applications,
    systems,
    systemGroups,
    appleMdm,
    appleMdmDevices,
    links,
  };
  return { ...org, graph: new OrgGraph(org) };
}
