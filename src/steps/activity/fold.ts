/**
 * Directory Insights authentication events folded as they arrive into what the graph keeps:
 * per user, the last successful authentication overall and per service and the failed
 * attempts; per (user, application) and (user, device) the last successful sign-in; per
 * console administrator, the last sign-in and whether one was without MFA. Memory grows with
 * the distinct users, pairs and administrators, never with the events: an event is read,
 * folded and dropped. Nothing of an event but ids, a time and two booleans is kept (no IP,
 * user agent, location or raw event).
 */
import { eventTime, type InsightsAuthEvent } from '../../jumpcloud/insights';

export const ACTIVITY_SERVICES = ['userPortal', 'sso', 'device', 'radius', 'ldap'] as const;
export type ActivityService = (typeof ACTIVITY_SERVICES)[number];

/**
 * The service each event type is an authentication to (the Directory Insights guide, "Event
 * Types"): the User Portal, an SSO application, a device, RADIUS, LDAP.
 */
const SERVICE_OF_EVENT: Record<string, ActivityService | undefined> = {
  user_login_attempt: 'userPortal',
  sso_auth: 'sso',
  login_attempt: 'device',
  radius_auth: 'radius',
  radius_auth_attempt: 'radius',
  ldap_bind: 'ldap',
};

export interface UserActivity {
  lastLoginOn?: number;
  lastByService: Partial<Record<ActivityService, number>>;
  failedAttempts: number;
}

export interface AdministratorActivity {
  id: string;
  email?: string;
  lastLoginOn?: number;
  /** A successful sign-in in the window with `mfa: false`. */
  loggedInWithoutMfa: boolean;
  /** A successful sign-in in the window with `mfa: true`. */
  loggedInWithMfa: boolean;
}

/**
 * Whether an authentication event succeeded: `success`, and for `sso_auth`
 * `sso_token_success` (real sso_auth payloads carry that, not `success`). Neither given: not
 * a success, and not counted as a failure either.
 */
export function outcomeOf(event: InsightsAuthEvent): boolean | undefined {
  if (event.event_type === 'sso_auth' && typeof event.sso_token_success === 'boolean')
    return event.sso_token_success;
  return typeof event.success === 'boolean' ? event.success : undefined;
}

const later = (a: number | undefined, b: number) => (a === undefined || b > a ? b : a);

/**
 * The latest time of each (user, target) pair: a small map of targets per user, so that an
 * event costs two lookups of ids it carries, not a `user|target` string made and hashed in a
 * map of every pair (a million events a run).
 */
export class LatestByPair {
  private readonly byUser = new Map<string, Map<string, number>>();
  private pairs = 0;

  /** Pairs held. */
  get size(): number {
    return this.pairs;
  }

  get(userId: string, targetId: string): number | undefined {
    return this.byUser.get(userId)?.get(targetId);
  }

  /** Keeps `time` when it is the pair's latest. */
  add(userId: string, targetId: string, time: number): void {
    let targets = this.byUser.get(userId);
    if (!targets) this.byUser.set(userId, (targets = new Map()));
    const last = targets.get(targetId);
    if (last === undefined) this.pairs += 1;
    if (last === undefined || time > last) targets.set(targetId, time);
  }

  clear(): void {
    this.byUser.clear();
    this.pairs = 0;
  }

  /** The pairs as plain data (for a structured clone from the fold worker). */
  toData(): LatestByPairData {
    return { byUser: this.byUser, pairs: this.pairs };
  }

  static fromData(data: LatestByPairData): LatestByPair {
    const pairs = new LatestByPair();
    for (const [userId, targets] of data.byUser) pairs.byUser.set(userId, targets);
    pairs.pairs = data.pairs;
    return pairs;
  }
}

export interface LatestByPairData {
  byUser: Map<string, Map<string, number>>;
  pairs: number;
}

/** An `ActivityFold` as plain data: what a structured clone carries between threads. */
export interface ActivityFoldData {
  users: Map<string, UserActivity>;
  usernames: Map<string, UserActivity>;
  applications: LatestByPairData;
  devices: LatestByPairData;
  administrators: Map<string, AdministratorActivity>;
  unattributed: number;
  events: number;
}

export class ActivityFold {
  /** By user id. */
  readonly users: Map<string, UserActivity>;
  /** Users named only by username (RADIUS and LDAP events carry no user id), by org. */
  readonly usernames: Map<string, UserActivity>;
  /** (user id, application id) -> last successful SSO sign-in. */
  readonly applications: LatestByPair;
  /** (user id, system id) -> last successful device login. */
  readonly devices: LatestByPair;
  /** By administrator id (or email when the event gives no id). */
  readonly administrators: Map<string, AdministratorActivity>;
  /** Events that named nobody the fold could attribute them to. */
  unattributed = 0;
  events = 0;

  /** Empty, or the fold `data` describes (`toData` of a fold folded in another thread). */
  constructor(data?: ActivityFoldData) {
    this.users = data?.users ?? new Map();
    this.usernames = data?.usernames ?? new Map();
    this.applications = data ? LatestByPair.fromData(data.applications) : new LatestByPair();
    this.devices = data ? LatestByPair.fromData(data.devices) : new LatestByPair();
    this.administrators = data?.administrators ?? new Map();
    this.unattributed = data?.unattributed ?? 0;
    this.events = data?.events ?? 0;
  }

  toData(): ActivityFoldData {
    return {
      users: this.users,
      usernames: this.usernames,
      applications: this.applications.toData(),
      devices: this.devices.toData(),
      administrators: this.administrators,
      unattributed: this.unattributed,
      events: this.events,
    };
  }

  add(orgId: string, event: InsightsAuthEvent): void {
    this.events += 1;
    const time = eventTime(event);
    if (Number.isNaN(time)) {
      this.unattributed += 1;
      return;
    }
    const ok = outcomeOf(event);
    if (event.event_type === 'admin_login_attempt') {
      const who = event.initiated_by?.type === 'admin' ? event.initiated_by : event.resource;
      const key = who?.id ?? who?.email;
      if (!key) {
        this.unattributed += 1;
        return;
      }
      const admin = this.administrators.get(key) ?? {
        id: key,
        email: who?.email,
        loggedInWithoutMfa: false,
        loggedInWithMfa: false,
      };
      this.administrators.set(key, admin);
      if (ok === true) {
        admin.lastLoginOn = later(admin.lastLoginOn, time);
        if (event.mfa === false) admin.loggedInWithoutMfa = true;
        if (event.mfa === true) admin.loggedInWithMfa = true;
      }
      return;
    }
    const service = event.event_type ? SERVICE_OF_EVENT[event.event_type] : undefined;
    if (!service) return;
    const userId = event.initiated_by?.id;
    const username = event.initiated_by?.username ?? event.username;
    let activity: UserActivity | undefined;
    if (userId) activity = this.entry(this.users, userId);
    else if (username) activity = this.entry(this.usernames, `${orgId}|${username.toLowerCase()}`);
    if (!activity) {
      this.unattributed += 1;
      return;
    }
    if (ok === false) {
      activity.failedAttempts += 1;
      return;
    }
    if (ok !== true) return;
    activity.lastLoginOn = later(activity.lastLoginOn, time);
    activity.lastByService[service] = later(activity.lastByService[service], time);
    if (userId && service === 'sso' && event.application?.id) {
      this.applications.add(userId, event.application.id, time);
    }
    if (userId && service === 'device' && event.system?.id) {
      this.devices.add(userId, event.system.id, time);
    }
  }

  private entry(map: Map<string, UserActivity>, key: string): UserActivity {
    let activity = map.get(key);
    if (!activity) map.set(key, (activity = { lastByService: {}, failedAttempts: 0 }));
    return activity;
  }

  /** A user's activity: by id, merged with what events naming only its username gave. */
  user(orgId: string, userId: string, username: string | undefined): UserActivity | undefined {
    const byId = this.users.get(userId);
    const byName = username ? this.usernames.get(`${orgId}|${username.toLowerCase()}`) : undefined;
    if (!byName) return byId;
    if (!byId) return byName;
    const merged: UserActivity = {
      lastByService: { ...byId.lastByService },
      failedAttempts: byId.failedAttempts + byName.failedAttempts,
      lastLoginOn: byId.lastLoginOn,
    };
    if (byName.lastLoginOn !== undefined)
      merged.lastLoginOn = later(merged.lastLoginOn, byName.lastLoginOn);
    for (const service of ACTIVITY_SERVICES) {
      const t = byName.lastByService[service];
      if (t !== undefined) merged.lastByService[service] = later(merged.lastByService[service], t);
    }
    return merged;
  }
}
