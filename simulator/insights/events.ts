/**
 * Directory Insights events of a simulated organization: who signed in to what, and when,
 * consistent with the org's directory (users sign in to the applications they can reach and
 * log in to the devices bound to them; suspended users have old activity only; some users and
 * some assignments have none; administrators sign in to the console with or without MFA).
 *
 * Stored compactly (typed arrays, one slot per event, sorted by time then position) and
 * rendered to JSON only when a page is served, so that a million events cost about 20 MB.
 *
 * Event shapes, field by field, follow JumpCloud's Directory Insights guide (the
 * `info.description` of directory-insights.json: "Schemas" and "Event Types") and, where the
 * guide's tables are silent, real payloads published by integrators (cited per kind below).
 */
import type { SimulatedOrg } from '../directory/generate';
import { AS_OF_MS, DAY_MS, Rng, hash32 } from '../shared/random';
import { expectedUserApplicationAccess, expectedUserSystemAccess } from '../directory/expected';
import { orgAdministrators, type Administrator } from '../admin/administrators';

/** JumpCloud keeps events for 90 days (the guide's "Data Retention"). */
export const RETENTION_DAYS = 90;

/** "Today" of a simulated organization's events: the simulator's one date (`AS_OF_MS`). */
export const INSIGHTS_NOW_MS = AS_OF_MS;

/** The event kinds served, in storage order (the `kind` code is the index). */
export const EVENT_KINDS = [
  // Guide, "Directory - User and Admin Events": user portal authentication.
  { eventType: 'user_login_attempt', service: 'directory' },
  // Guide, "SSO Events"; fields from the SSO attributes table and real samples (below).
  { eventType: 'sso_auth', service: 'sso' },
  // Guide, "Systems Events": "User authenticates to a system".
  { eventType: 'login_attempt', service: 'systems' },
  // The guide's event table says `radius_auth`; real payloads say `radius_auth_attempt`
  // (SEKOIA-IO/documentation, _shared_content/operations_center/integrations/generated/
  // a1dbed03-cd69-4a51-8ae5-aa67d2f29fcb_sample.md, "radius_auth_success").
  { eventType: 'radius_auth_attempt', service: 'radius' },
  // Guide, "LDAP Events".
  { eventType: 'ldap_bind', service: 'ldap' },
  // Guide, "Example Admin Login Attempt Response" and "Directory - User and Admin Events".
  { eventType: 'admin_login_attempt', service: 'directory' },
  // Noise an activity reader must not count: an administrator changing a user.
  { eventType: 'user_update', service: 'directory' },
] as const;

export type EventType = (typeof EVENT_KINDS)[number]['eventType'];
export const KIND = {
  userPortal: 0,
  sso: 1,
  system: 2,
  radius: 3,
  ldap: 4,
  admin: 5,
  userUpdate: 6,
} as const;

const SUCCESS = 1;
const MFA = 2;

export interface InsightsOptions {
  /** "Today": events fall in the retention window before it (default INSIGHTS_NOW_MS). */
  nowMs?: number;
  /**
   * Successful sign-ins per active (user, target) pair per week, on average (default 1.5).
   * The bench raises it to reach an events volume per size.
   */
  perPairPerWeek?: number;
}

/** Every event of one org, oldest first. Index `i` is the event's position. */
export interface OrgEvents {
  orgId: string;
  nowMs: number;
  count: number;
  timestamp: Float64Array;
  kind: Uint8Array;
  /** User index (or administrator index for admin logins). */
  actor: Int32Array;
  /** Application or system index; -1 when the kind has no target. */
  target: Int32Array;
  flags: Uint8Array;
  administrators: Administrator[];
  /** The 8 hex characters every event id of the org starts with. */
  idPrefix: string;
}

/**
 * Events as generated, before they are sorted by time: one slot per event in growing typed
 * arrays (7.7 million events at the bench's size L; as objects they took twice the CPU to make
 * and sort).
 */
class Drafts {
  count = 0;
  t = new Float64Array(1024);
  kind = new Uint8Array(1024);
  actor = new Int32Array(1024);
  target = new Int32Array(1024);
  flags = new Uint8Array(1024);

  push(t: number, kind: number, actor: number, target: number, flags: number): void {
    if (this.count === this.t.length) this.grow();
    const i = this.count++;
    this.t[i] = t;
    this.kind[i] = kind;
    this.actor[i] = actor;
    this.target[i] = target;
    this.flags[i] = flags;
  }

  /**
   * Positions in time order, events of the same time in the order they were generated (what
   * a stable sort of the drafts by time gives).
   */
  timeOrder(): Uint32Array {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    const t = this.t;
    return order.sort((a, b) => t[a] - t[b] || a - b);
  }

  private grow(): void {
    const size = this.t.length * 2;
    const grown = <A extends Float64Array | Uint8Array | Int32Array>(from: A, to: A): A => {
      to.set(from);
      return to;
    };
    this.t = grown(this.t, new Float64Array(size));
    this.kind = grown(this.kind, new Uint8Array(size));
    this.actor = grown(this.actor, new Int32Array(size));
    this.target = grown(this.target, new Int32Array(size));
    this.flags = grown(this.flags, new Uint8Array(size));
  }
}

const cache = new WeakMap<SimulatedOrg, Map<string, OrgEvents>>();

/** The org's events for these options, generated once per (org, options). */
export function orgEvents(org: SimulatedOrg, options: InsightsOptions = {}): OrgEvents {
  const key = `${options.nowMs ?? INSIGHTS_NOW_MS}|${options.perPairPerWeek ?? 1.5}`;
  let byOptions = cache.get(org);
  if (!byOptions) {
    byOptions = new Map();
    cache.set(org, byOptions);
  }
  let events = byOptions.get(key);
  if (!events) {
    events = generateOrgEvents(org, options);
    byOptions.set(key, events);
  }
  return events;
}

/**
 * Which users never sign in at all in the retention window: a fixed share of the active
 * users, chosen by hash so tests can name them.
 */
export function userNeverSignsIn(org: SimulatedOrg, userIndex: number): boolean {
  const user = org.users[userIndex];
  if (user.suspended || user.state !== 'ACTIVATED') return user.state === 'STAGED';
  return hash32(org.id, 'idle-user', userIndex) % 7 === 0;
}

/** Whether an (active) user never uses one assignment (application or device). */
function pairUnused(org: SimulatedOrg, kind: string, userIndex: number, target: number): boolean {
  return hash32(org.id, 'unused', kind, userIndex, target) % 4 === 0;
}

export function generateOrgEvents(org: SimulatedOrg, options: InsightsOptions = {}): OrgEvents {
  const nowMs = options.nowMs ?? INSIGHTS_NOW_MS;
  const perWeek = options.perPairPerWeek ?? 1.5;
  const windowStart = nowMs - RETENTION_DAYS * DAY_MS;
  const drafts = new Drafts();
  const userIndex = new Map(org.users.map((u, i) => [u.id, i]));
  const appIndex = new Map(org.applications.map((a, i) => [a.id, i]));
  const systemIndex = new Map(org.systems.map((s, i) => [s.id, i]));

  const appsOf = new Map<number, number[]>();
  for (const access of expectedUserApplicationAccess(org)) {
    const u = userIndex.get(access.userId);
    const a = appIndex.get(access.applicationId);
    if (u === undefined || a === undefined) continue;
    const list = appsOf.get(u) ?? [];
    list.push(a);
    appsOf.set(u, list);
  }
  const systemsOf = new Map<number, number[]>();
  for (const access of expectedUserSystemAccess(org)) {
    const u = userIndex.get(access.userId);
    const s = systemIndex.get(access.systemId);
    if (u === undefined || s === undefined) continue;
    const list = systemsOf.get(u) ?? [];
    list.push(s);
    systemsOf.set(u, list);
  }

  /** Sign-ins of one pair: successes spread over [from, to), a failure now and then. */
  const pair = (
    rng: Rng,
    kind: number,
    actor: number,
    target: number,
    from: number,
    to: number,
    mfa: boolean,
  ) => {
    const weeks = (to - from) / (7 * DAY_MS);
    const n = Math.max(1, Math.round(perWeek * weeks * (0.5 + rng.next())));
    for (let k = 0; k < n; k++) {
      const t = Math.floor(from + rng.next() * (to - from));
      const failed = rng.chance(0.08);
      drafts.push(t, kind, actor, target, (failed ? 0 : SUCCESS) | (mfa ? MFA : 0));
    }
  };

  for (let u = 0; u < org.users.length; u++) {
    const user = org.users[u];
    const rng = new Rng(hash32(org.id, 'insights', u));
    const mfa = user.mfa?.configured === true;
    if (userNeverSignsIn(org, u)) {
      // Never signed in, but a wrong password now and then is still logged.
      if (user.state === 'ACTIVATED' && rng.chance(0.5)) {
        const t = Math.floor(windowStart + rng.next() * (nowMs - windowStart));
        drafts.push(t, KIND.userPortal, u, -1, 0);
      }
      continue;
    }
    // Suspended users: activity only long ago (60 to 89 days before today).
    const from = user.suspended ? nowMs - 89 * DAY_MS : windowStart;
    const to = user.suspended ? nowMs - 60 * DAY_MS : nowMs;
    pair(rng, KIND.userPortal, u, -1, from, to, mfa);
    for (const a of appsOf.get(u) ?? []) {
      if (pairUnused(org, 'app', u, a)) continue;
      pair(rng, KIND.sso, u, a, from, to, mfa);
    }
    for (const s of systemsOf.get(u) ?? []) {
      if (pairUnused(org, 'system', u, s)) continue;
      pair(rng, KIND.system, u, s, from, to, false);
    }
    if (u % 5 === 1) pair(rng, KIND.radius, u, -1, from, to, mfa);
    if (u % 6 === 2) pair(rng, KIND.ldap, u, -1, from, to, false);
  }

  const administrators = orgAdministrators(org);
  administrators.forEach((admin, i) => {
    const rng = new Rng(hash32(org.id, 'admin-insights', i));
    if (admin.neverSignsIn) return;
    pair(rng, KIND.admin, i, -1, windowStart, nowMs, admin.enableMultiFactor);
    if (org.users.length > 0) {
      const target = rng.int(org.users.length);
      const t = Math.floor(windowStart + rng.next() * (nowMs - windowStart));
      drafts.push(t, KIND.userUpdate, i, target, SUCCESS);
    }
  });

  const order = drafts.timeOrder();
  const count = drafts.count;
  const events: OrgEvents = {
    orgId: org.id,
    nowMs,
    count,
    timestamp: new Float64Array(count),
    kind: new Uint8Array(count),
    actor: new Int32Array(count),
    target: new Int32Array(count),
    flags: new Uint8Array(count),
    administrators,
    idPrefix: hash32(org.id, 'event-ids').toString(16).padStart(8, '0'),
  };
  order.forEach((d, i) => {
    events.timestamp[i] = drafts.t[d];
    events.kind[i] = drafts.kind[d];
    events.actor[i] = drafts.actor[d];
    events.target[i] = drafts.target[d];
    events.flags[i] = drafts.flags[d];
  });
  return events;
}

/** The event's id: 24 hex characters, ordered like its position. */
export function eventId(events: OrgEvents, i: number): string {
  return events.idPrefix + i.toString(16).padStart(16, '0');
}

/** The position an event id names, or undefined. */
export function eventPosition(events: OrgEvents, id: string): number | undefined {
  if (id.length !== 24 || !id.startsWith(events.idPrefix)) return undefined;
  const n = parseInt(id.slice(8), 16);
  return Number.isInteger(n) && n >= 0 && n < events.count ? n : undefined;
}

export function succeeded(events: OrgEvents, i: number): boolean {
  return (events.flags[i] & SUCCESS) !== 0;
}

export function usedMfa(events: OrgEvents, i: number): boolean {
  return (events.flags[i] & MFA) !== 0;
}

const dayPrefixes = new Map<number, string>();
const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, with the date part made once per day: the event pages of the
 * bench's size L hold 7.7 million timestamps, and a Date each cost twice the time.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 'YYYY-MM-DDT'.length);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  rest -= seconds * 1000;
  const millis = rest < 10 ? `00${rest}` : rest < 100 ? `0${rest}` : `${rest}`;
  return `${prefix}${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${millis}Z`;
}

/**
 * One event as Directory Insights returns it. Fields per kind, with their evidence:
 * - every kind: `id`, `event_type`, `service`, `organization`, `timestamp`, `@version`
 *   (guide, every attributes table).
 * - user_login_attempt: `initiated_by {id, type, username}`, `success`, `mfa`, `auth_method`
 *   (guide, Directory Attributes; the initiated_by.username read by TheJumpCloud/
 *   jumpcloud-dashboard, UDElement-directoryinsights_userPortalAuth.ps1 @048eabea).
 * - sso_auth: `initiated_by {id, type: "user", username}`, `application {id, name,
 *   display_label, sso_url}`, `sso_token_success` (not `success`), `mfa`, `idp_initiated`
 *   (guide, SSO Attributes; real samples "ssoauth_success"/"ssoauth_failure" in the Sekoia
 *   file cited above; elastic/integrations packages/jumpcloud fields.yml lists
 *   `sso_token_success`).
 * - login_attempt: `system {id, hostname, displayName}`, `username`, `initiated_by {type:
 *   "systemuser", id, username}`, `success`, `process_name` (guide, Systems Attributes).
 * - radius_auth_attempt: `initiated_by {type: "user", username}` (no id), `username`,
 *   `success`, `mfa` (Sekoia "radius_auth_success").
 * - ldap_bind: `username`, `dn`, `success`, `auth_method` (guide, LDAP Attributes).
 * - admin_login_attempt: `initiated_by {id, type: "admin", email}`, `success`, `mfa`
 *   (Sekoia "admin_login"; elastic/integrations test-events.json). The guide's example names
 *   the admin under `resource` instead; readers should accept either.
 * - user_update: `initiated_by` (admin), `resource {id, type: "user", username}`.
 * No client IP, user agent or geolocation is generated: nothing downstream may keep them, and
 * their absence makes any leak a test failure rather than a judgment call.
 */
export function renderEvent(
  org: SimulatedOrg,
  events: OrgEvents,
  i: number,
): Record<string, unknown> {
  const kind = EVENT_KINDS[events.kind[i]];
  // The kind's fields are assigned after the common ones (the same key order as writing
  // them all in one literal): spreading the common fields into a second object cost about
  // 20 microseconds an event, the largest part of the simulator's CPU at size L.
  const event: Record<string, unknown> = {
    id: eventId(events, i),
    event_type: kind.eventType,
    service: kind.service,
    organization: org.id,
    timestamp: isoTime(events.timestamp[i]),
    '@version': '1',
  };
  const success = succeeded(events, i);
  const mfa = usedMfa(events, i);
  const actor = events.actor[i];
  const target = events.target[i];
  switch (events.kind[i]) {
    case KIND.userPortal: {
      const user = org.users[actor];
      event.initiated_by = { id: user.id, type: 'user', username: user.username };
      event.auth_method = 'session';
      event.success = success;
      event.mfa = mfa;
      return event;
    }
    case KIND.sso: {
      const user = org.users[actor];
      const app = org.applications[target];
      event.initiated_by = { id: user.id, type: 'user', username: user.username };
      event.application = {
        id: app.id,
        name: app.name,
        display_label: app.displayLabel,
        sso_url: app.ssoUrl,
      };
      event.sso_token_success = success;
      event.idp_initiated = actor % 2 === 0;
      event.mfa = mfa;
      return event;
    }
    case KIND.system: {
      const user = org.users[actor];
      const system = org.systems[target];
      event.system = { id: system.id, hostname: system.hostname, displayName: system.displayName };
      event.username = user.username;
      event.initiated_by = { type: 'systemuser', id: user.id, username: user.username };
      event.process_name = 'loginwindow';
      event.success = success;
      return event;
    }
    case KIND.radius: {
      const user = org.users[actor];
      event.initiated_by = { type: 'user', username: user.username };
      event.username = user.username;
      event.success = success;
      event.mfa = mfa;
      return event;
    }
    case KIND.ldap: {
      const user = org.users[actor];
      event.username = user.username;
      event.dn = `uid=${user.username},ou=Users,o=${org.id},dc=jumpcloud,dc=com`;
      event.auth_method = 'simple';
      event.success = success;
      return event;
    }
    case KIND.admin: {
      const admin = events.administrators[actor];
      event.initiated_by = { id: admin.id, type: 'admin', email: admin.email };
      event.success = success;
      event.mfa = mfa;
      return event;
    }
    default: {
      const admin = events.administrators[actor];
      const user = org.users[target];
      event.initiated_by = { id: admin.id, type: 'admin', email: admin.email };
      event.resource = { id: user.id, type: 'user', username: user.username };
      event.success = success;
      return event;
    }
  }
}
