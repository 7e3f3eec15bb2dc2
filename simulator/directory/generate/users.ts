/** Users (`/systemusers`). Users 0..7 are fixed edge cases. */
import {
  DAY_MS,
  EPOCH_MS,
  CollectionCode,
  Rng,
  fakeBase64,
  hash32,
  isoDate,
} from '../../shared/random';
import type { MfaEnrollmentStatus, SshKey, SystemUser, UserState } from '../../shared/types';
import { type OrgContext, makeId, slug } from './context';
import {
  CREATION_SOURCES,
  DEPARTMENTS,
  EMPLOYEE_TYPES,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  LOCATIONS,
} from './names';

const USERS_START_MS = EPOCH_MS - 4 * 365 * DAY_MS;
const USER_STEP_MS = 120_000;

function fakeSshPublicKey(rng: Rng, comment: string): string {
  if (rng.chance(0.6))
    return `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fakeBase64(rng, 43)} ${comment}`;
  return `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${fakeBase64(rng, 340)} ${comment}`;
}

type MfaShape = 'absent' | 'configured' | 'unconfigured' | 'excludedUntil' | 'excludedIndefinitely';

export function makeUser(ctx: OrgContext, i: number, earlierIds: readonly string[]): SystemUser {
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
    // No recording shows a null name: a user without one has an empty string.
    firstname: nullNames ? '' : first,
    middlename: '',
    lastname: nullLastname ? '' : last,
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
