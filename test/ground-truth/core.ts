/**
 * Ground truth of the core managed questions (users, devices, applications, groups, Apple MDM,
 * Asset Management), from the API records as the simulator generated them and the data
 * model's definitions (docs/data-model.md): `mfaEnabled` = totp_enabled or an ENROLLED MFA
 * enrolment, `encrypted` = the verdict per operating system (`expectedEncryption`: FileVault,
 * BitLocker on C:, root on LUKS), `isEncryptionKeyPresent` = fde.keyPresent, owner =
 * primarySystemUser, per-system sudo = any binding route granting sudo, an application
 * assignment = any route (direct or through a user group). Never from the collected graph,
 * never through the J1QL engine.
 */
import {
  expectedEncryption,
  expectedUserApplicationAccess,
  expectedUserSystemAccess,
  orgAssets,
  SimulatedOrg,
} from '../../simulator';
import type { GroundTruthTable } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
const PREFIX = 'integration-question-jumpcloud-';

const ids = <T extends { id: string }>(records: T[]): string[] => records.map((r) => r.id);
const time = (iso: string | null | undefined): number | undefined =>
  iso ? Date.parse(iso) : undefined;

/** The reference value of an asset field (Status, Owner, ...), with its id, name and type. */
function referenceOf(
  fields: Record<string, { value: unknown }>,
  label: string,
): { id: string; name: string; type: string } | undefined {
  const value = fields[label]?.value;
  return value && typeof value === 'object' && 'type' in value
    ? (value as { id: string; name: string; type: string })
    : undefined;
}

/** The simulator's Status options that mean lost, stolen, retired or disposed of. */
const OUT_OF_SERVICE_OPTIONS = new Set(['Lost', 'Stolen', 'Retired', 'Disposed']);

type PerOrg = (org: SimulatedOrg, now: number) => string[];

const PER_ORG: Record<string, PerOrg> = {
  'users-without-mfa': (org) =>
    ids(
      org.users.filter(
        (u) =>
          !(u.totp_enabled === true || u.mfaEnrollment?.overallStatus === 'ENROLLED') &&
          u.mfa?.exclusion !== true,
      ),
    ),
  'mfa-exclusions-without-end': (org) =>
    ids(org.users.filter((u) => u.mfa?.exclusion === true && !u.mfa.exclusionUntil)),
  'inactive-users-assigned-applications': (org) => {
    const withApplications = new Set(expectedUserApplicationAccess(org).map((a) => a.userId));
    return ids(
      org.users.filter(
        (u) => (u.state === 'SUSPENDED' || u.state === 'STAGED') && withApplications.has(u.id),
      ),
    );
  },
  'users-with-sudo': (org) => {
    const sudoOnASystem = new Set(
      expectedUserSystemAccess(org)
        .filter((a) => a.sudo)
        .map((a) => a.userId),
    );
    return ids(org.users.filter((u) => u.sudo === true || sudoOnASystem.has(u.id)));
  },
  // The verdict per operating system (docs/posture-data-model.md), not the agent's word.
  'devices-without-encryption': (org) => {
    const verdicts = expectedEncryption(org);
    return ids(org.systems.filter((s) => verdicts.get(s.id)?.encrypted !== true));
  },
  'encrypted-devices-without-recovery-key': (org) => {
    const verdicts = expectedEncryption(org);
    return ids(
      org.systems.filter(
        (s) => verdicts.get(s.id)?.encrypted === true && s.fde?.keyPresent !== true,
      ),
    );
  },
  'devices-not-seen-30-days': (org, now) =>
    ids(
      org.systems.filter((s) => {
        const lastContact = time(s.lastContact);
        const cutoff = now - 30 * DAY_MS;
        return lastContact !== undefined ? lastContact < cutoff : Date.parse(s.created) < cutoff;
      }),
    ),
  'devices-without-owner': (org) => {
    const userIds = new Set(ids(org.users));
    return ids(org.systems.filter((s) => !userIds.has(s.primarySystemUser?.id ?? '')));
  },
  'devices-owned-by-suspended-users': (org) => {
    const suspended = new Set(ids(org.users.filter((u) => u.state === 'SUSPENDED')));
    return ids(org.systems.filter((s) => suspended.has(s.primarySystemUser?.id ?? '')));
  },
  'apple-mdm-certificates': (org, now) =>
    org.appleMdm &&
    (org.appleMdm.depServerTokenState !== 'valid' ||
      Date.parse(org.appleMdm.apnsCertExpiry) < now + 30 * DAY_MS)
      ? [org.appleMdm.id]
      : [],
  'application-idp-certificates-expiring': (org, now) =>
    ids(
      org.applications.filter((a) => {
        const expires = time(a.sso?.idpCertExpirationAt);
        return expires !== undefined && expires < now + 30 * DAY_MS;
      }),
    ),
  'groups-without-members': (org) => {
    const withMembers = new Set(org.links.userGroupMembers.map((m) => m.userGroupId));
    return ids(org.userGroups.filter((g) => !withMembers.has(g.id)));
  },
  'devices-ssh-root-or-password-login': (org) =>
    ids(
      org.systems.filter(
        (s) => s.allowSshRootLogin === true || s.allowSshPasswordAuthentication === true,
      ),
    ),
  'locked-users': (org) => ids(org.users.filter((u) => u.account_locked === true)),
  'lost-or-retired-devices-still-active': (org, now) => {
    const outOfService = new Set(
      orgAssets(org)
        .devices.filter((d) =>
          OUT_OF_SERVICE_OPTIONS.has(referenceOf(d.fields, 'Status')?.name ?? ''),
        )
        .map((d) => d.jcSystemId),
    );
    return ids(
      org.systems.filter(
        (s) =>
          outOfService.has(s.id) && (s.active || (time(s.lastContact) ?? 0) > now - 30 * DAY_MS),
      ),
    );
  },
  'device-warranty-expiring': (org, now) =>
    ids(
      orgAssets(org).devices.filter((d) => {
        const value = d.fields['Warranty Expiry Date']?.value;
        const expires = typeof value === 'string' ? Date.parse(`${value}T00:00:00Z`) : NaN;
        return expires > now && expires < now + 90 * DAY_MS;
      }),
    ),
  'device-asset-owner-differs': (org) => {
    const ownerBySystem = new Map(
      orgAssets(org).devices.flatMap((d) => {
        const owner = referenceOf(d.fields, 'Owner');
        return d.jcSystemId && owner?.type === 'user' ? [[d.jcSystemId, owner.id] as const] : [];
      }),
    );
    return ids(
      org.systems.filter(
        (s) => ownerBySystem.has(s.id) && ownerBySystem.get(s.id) !== s.primarySystemUser?.id,
      ),
    );
  },
};

/** The core questions: every organization of the directory, keys unique and sorted. */
export const CORE_GROUND_TRUTH: GroundTruthTable = Object.fromEntries(
  Object.entries(PER_ORG).map(([name, perOrg]) => [
    `${PREFIX}${name}`,
    ({ directory, now }) => [...new Set(directory.orgs.flatMap((org) => perOrg(org, now)))].sort(),
  ]),
);
