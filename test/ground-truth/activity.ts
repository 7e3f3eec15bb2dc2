/**
 * Ground truth of the activity questions (issue 25), from the simulator's own events
 * (simulator/insights/expected.ts computes the last successful sign-ins straight from the
 * stored events) and directory: active = state ACTIVATED, an application assignment = any
 * route, a binding = any route of user-system access. The integration reads the 90 days
 * before `now` (its default window; the whole runs here read as of the simulated date).
 */
import {
  orgAdministrators,
  providerIdOf,
  expectedActivity,
  expectedUserApplicationAccess,
  expectedUserSystemAccess,
  SimulatedOrg,
} from '../../simulator';
import type { GroundTruthTable } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
const WINDOW_DAYS = 90;
const PREFIX = 'integration-question-jumpcloud-';

type PerOrg = (org: SimulatedOrg, now: number) => string[];

const truthOf = (org: SimulatedOrg, now: number) =>
  expectedActivity(org, now - WINDOW_DAYS * DAY_MS, now);

const PER_ORG: Record<string, PerOrg> = {
  'active-users-no-sign-in-30-days': (org, now) => {
    const truth = truthOf(org, now);
    return org.users
      .filter((u) => u.state === 'ACTIVATED')
      .filter((u) => {
        const last = truth.users.get(u.id)?.lastLoginOn;
        return last === undefined || last < now - 30 * DAY_MS;
      })
      .map((u) => u.id);
  },
  'application-assignments-unused-30-days': (org, now) => {
    const truth = truthOf(org, now);
    const active = new Set(org.users.filter((u) => u.state === 'ACTIVATED').map((u) => u.id));
    return expectedUserApplicationAccess(org)
      .filter((a) => active.has(a.userId))
      .filter((a) => {
        const last = truth.applications.get(`${a.userId}|${a.applicationId}`);
        return last === undefined || last < now - 30 * DAY_MS;
      })
      .map((a) => a.userId);
  },
  'devices-with-bound-users-never-logging-in': (org, now) => {
    const truth = truthOf(org, now);
    return expectedUserSystemAccess(org)
      .filter((a) => !truth.devices.has(`${a.userId}|${a.systemId}`))
      .map((a) => a.systemId);
  },
  'password-policy-weaker-than-baseline': (org) => {
    const p = org.organization.settings.passwordPolicy;
    const weak =
      !(p.minLength >= 14) ||
      !p.needsLowercase ||
      !p.needsUppercase ||
      !p.needsNumeric ||
      !p.needsSymbolic ||
      !p.enableMaxLoginAttempts;
    return weak ? [`jumpcloud_password_policy:${org.id}`] : [];
  },
};

/**
 * Administrators who signed in without MFA, and, when the key is the simulated provider's
 * (the organization records name it), those the provider lists with `enableMultiFactor`
 * false in each organization they administer: each simulated administrator administers the
 * one organization it was generated for (`organizationAccessTotal` 1), which the provider
 * list alone tells when the provider has one organization, and a sign-in to it otherwise.
 */
const administratorsWithoutMfa: GroundTruthTable[string] = ({ directory, now }) => {
  const provider = providerIdOf(directory);
  const providerOrgs = directory.orgs.filter((org) => org.organization.provider === provider);
  const keys: string[] = [];
  for (const org of directory.orgs) {
    const key = (id: string) => `jumpcloud_administrator:${org.id}:${id}`;
    const signedIn = truthOf(org, now).administrators;
    for (const a of signedIn.values()) if (a.loggedInWithoutMfa) keys.push(key(a.administratorId));
    if (org.organization.provider !== provider) continue;
    for (const admin of orgAdministrators(org)) {
      if (admin.enableMultiFactor) continue;
      if (providerOrgs.length === 1 || signedIn.has(admin.id)) keys.push(key(admin.id));
    }
  }
  return [...new Set(keys)].sort();
};

export const ACTIVITY_GROUND_TRUTH: GroundTruthTable = {
  ...Object.fromEntries(
    Object.entries(PER_ORG).map(([name, perOrg]) => [
      `${PREFIX}${name}`,
      ({ directory, now }: Parameters<GroundTruthTable[string]>[0]) =>
        [...new Set(directory.orgs.flatMap((org) => perOrg(org, now)))].sort(),
    ]),
  ),
  [`${PREFIX}administrators-without-mfa`]: administratorsWithoutMfa,
};
