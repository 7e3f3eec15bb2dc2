/**
 * What an integration should derive from an org's Directory Insights events in a window
 * [start, end): computed here straight from the stored events (not through the HTTP routes),
 * so tests compare the integration with the simulator's truth.
 *
 * Only successful authentications count as activity: `success: true`, and for `sso_auth`
 * `sso_token_success: true`. Failed attempts are counted per user.
 */
import type { SimulatedOrg } from '../directory/generate';
import { KIND, orgEvents, succeeded, usedMfa, type InsightsOptions } from './events';

export type ActivityService = 'userPortal' | 'sso' | 'device' | 'radius' | 'ldap';

const SERVICE_OF: Record<number, ActivityService | undefined> = {
  [KIND.userPortal]: 'userPortal',
  [KIND.sso]: 'sso',
  [KIND.system]: 'device',
  [KIND.radius]: 'radius',
  [KIND.ldap]: 'ldap',
};

export interface ExpectedUserActivity {
  userId: string;
  /** Last successful authentication, any service (ms). */
  lastLoginOn?: number;
  lastByService: Partial<Record<ActivityService, number>>;
  failedAttempts: number;
}

export interface ExpectedAdministratorActivity {
  administratorId: string;
  email: string;
  lastLoginOn?: number;
  /** Whether any successful console sign-in in the window was without MFA. */
  loggedInWithoutMfa: boolean;
  successfulLogins: number;
}

export interface ExpectedActivity {
  users: Map<string, ExpectedUserActivity>;
  /** `${userId}|${applicationId}` -> last successful SSO sign-in. */
  applications: Map<string, number>;
  /** `${userId}|${systemId}` -> last successful device login. */
  devices: Map<string, number>;
  administrators: Map<string, ExpectedAdministratorActivity>;
  /** Events in the window, every kind. */
  eventsInWindow: number;
  /** Authentication events in the window (every kind but the administrators' user_update). */
  authEvents: number;
}

export function expectedActivity(
  org: SimulatedOrg,
  start: number,
  end: number,
  options: InsightsOptions = {},
): ExpectedActivity {
  const events = orgEvents(org, options);
  const users = new Map<string, ExpectedUserActivity>();
  const applications = new Map<string, number>();
  const devices = new Map<string, number>();
  const administrators = new Map<string, ExpectedAdministratorActivity>();
  let eventsInWindow = 0;
  let authEvents = 0;
  const later = (a: number | undefined, b: number) => (a === undefined || b > a ? b : a);

  for (let i = 0; i < events.count; i++) {
    const t = events.timestamp[i];
    if (t < start || t >= end) continue;
    eventsInWindow += 1;
    const kind = events.kind[i];
    if (kind !== KIND.userUpdate) authEvents += 1;
    const ok = succeeded(events, i);
    if (kind === KIND.admin) {
      const admin = events.administrators[events.actor[i]];
      const entry = administrators.get(admin.id) ?? {
        administratorId: admin.id,
        email: admin.email,
        loggedInWithoutMfa: false,
        successfulLogins: 0,
      };
      if (ok) {
        entry.lastLoginOn = later(entry.lastLoginOn, t);
        entry.successfulLogins += 1;
        if (!usedMfa(events, i)) entry.loggedInWithoutMfa = true;
      }
      administrators.set(admin.id, entry);
      continue;
    }
    const service = SERVICE_OF[kind];
    if (!service) continue;
    const user = org.users[events.actor[i]];
    const entry = users.get(user.id) ?? { userId: user.id, lastByService: {}, failedAttempts: 0 };
    users.set(user.id, entry);
    if (!ok) {
      entry.failedAttempts += 1;
      continue;
    }
    entry.lastLoginOn = later(entry.lastLoginOn, t);
    entry.lastByService[service] = later(entry.lastByService[service], t);
    if (kind === KIND.sso) {
      const key = `${user.id}|${org.applications[events.target[i]].id}`;
      applications.set(key, later(applications.get(key), t));
    }
    if (kind === KIND.system) {
      const key = `${user.id}|${org.systems[events.target[i]].id}`;
      devices.set(key, later(devices.get(key), t));
    }
  }
  return { users, applications, devices, administrators, eventsInWindow, authEvents };
}
