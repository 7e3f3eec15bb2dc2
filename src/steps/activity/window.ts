/**
 * The activity window and the folded activity of a run.
 *
 * JupiterOne cannot change an edge or entity once a step wrote it, so activity is read by a
 * step that runs before the users, applications and devices steps (it depends on the account
 * step only); they read the folded activity from memory here, keyed by the run's instance
 * object (the same in every step's context), and add it to what they write.
 */
import type { IntegrationConfig } from '../../instance-config';
import { ActivityFold, UserActivity } from './fold';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Directory Insights keeps 90 days of events (its guide, "Data Retention"). */
export const MAX_ACTIVITY_WINDOW_DAYS = 90;
/**
 * Default window: the whole retention. The common access-review question is "unused for 90
 * days"; a shorter window would make that unanswerable, and the cost is linear in the window
 * (README, "Speed and scale": pages = ceil(events / 10,000)).
 */
export const DEFAULT_ACTIVITY_WINDOW_DAYS = 90;

export interface ActivityWindow {
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  days: number;
}

/** Window length from the instance's `activityWindowDays` (1 to 90; default 90). */
export function activityWindowDays(config: Pick<IntegrationConfig, 'activityWindowDays'>): number {
  const raw = config.activityWindowDays;
  if (raw === undefined || raw === '') return DEFAULT_ACTIVITY_WINDOW_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > MAX_ACTIVITY_WINDOW_DAYS)
    throw new Error(
      `ACTIVITY_WINDOW_DAYS must be a whole number of days from 1 to ${MAX_ACTIVITY_WINDOW_DAYS} ` +
        `(Directory Insights keeps 90 days), got ${String(raw)}`,
    );
  return days;
}

/**
 * The window read: `days` back from its end. The end is now, or `activityAsOf` (config, or
 * the ACTIVITY_AS_OF environment variable): the demo reads a simulated organization as of its
 * own date. Fixed for the whole run, so the count asked first and the rows read agree.
 */
export function activityWindow(
  config: Pick<IntegrationConfig, 'activityWindowDays' | 'activityAsOf'>,
  now = Date.now(),
): ActivityWindow {
  const asOf = config.activityAsOf ?? process.env.ACTIVITY_AS_OF;
  const endMs = asOf ? Date.parse(asOf) : now;
  if (Number.isNaN(endMs)) throw new Error(`ACTIVITY_AS_OF is not a date: ${String(asOf)}`);
  const days = activityWindowDays(config);
  const startMs = endMs - days * DAY_MS;
  return {
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    days,
  };
}

export interface RunActivity {
  window: ActivityWindow;
  /** Organizations whose events were read whole, with their folds. */
  folds: Map<string, ActivityFold>;
  /**
   * Organizations whose events could not be read, and why; `absent` when the organization has
   * no Directory Insights to read (404, 402: nothing to keep).
   */
  unread: Map<string, { reason: string; absent: boolean }>;
}

const byRun = new WeakMap<object, RunActivity>();

/**
 * The users step does not wait for the activity step to start (its list needs only the
 * organizations, ../shared/read-ahead.ts), only to write: the activity step announces here,
 * as its handler starts, that it reads for this run, and the users step waits for that read
 * before converting a user. The runtime starts every step whose dependencies are done in one
 * pass, so both start in the same turn once the account step is done; a users step that saw
 * no activity step start (a step test, `collect --step` with the activity step cached) goes
 * on without activity, as it did when the activity was not in this process.
 */
const reading = new WeakMap<object, { read: Promise<void>; done: boolean }>();
const wentOnWithout = new WeakSet<object>();

/** Called first thing by the activity step; the returned function when it is done, always. */
export function beginActivityRead(run: object): () => void {
  let resolve!: () => void;
  const state = { read: new Promise<void>((r) => (resolve = r)), done: false };
  reading.set(run, state);
  return () => {
    state.done = true;
    resolve();
  };
}

/** Whether the users step of this run already went on without waiting for activity. */
export function usersWentOnWithoutActivity(run: object): boolean {
  return wentOnWithout.has(run);
}

/**
 * The run's activity once the activity step that reads it in this process is done; undefined
 * when no activity step started with the users step (see `reading`). `onWait` is called when
 * there is a wait: the activity is still being read.
 */
export async function activityWhenRead(
  run: object,
  onWait?: () => void,
): Promise<RunActivity | undefined> {
  // Steps started in the same pass have all started by the next turn of the event loop.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const pending = reading.get(run);
  if (!pending) {
    wentOnWithout.add(run);
    return activityOf(run);
  }
  if (!pending.done) onWait?.();
  await pending.read;
  return activityOf(run);
}

/**
 * Resolves once the activity step started with the caller is done, at once when none started;
 * unlike `activityWhenRead`, a caller that does not need the activity marks nothing.
 */
export async function activityReadDone(run: object): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  await reading.get(run)?.read;
}

export function rememberActivity(run: object, activity: RunActivity): void {
  byRun.set(run, activity);
}

/** The run's activity, when the activity step ran in this process and read anything. */
export function activityOf(run: object): RunActivity | undefined {
  return byRun.get(run);
}

/**
 * Each part of a fold has one reader: the users step (users and usernames), the application
 * assignments (application pairs), the devices step (device pairs). A reader releases its
 * part once it has run, so the run does not hold it to its end: about 70 MB at the bench's
 * size L (437,000 users and pairs), which V8 lets the heap outgrow several times over before
 * it collects (docs/performance.md). Administrators stay: their step reads the folds whole.
 */
export function releaseActivity(run: object, part: 'users' | 'applications' | 'devices'): void {
  for (const fold of byRun.get(run)?.folds.values() ?? []) {
    if (part === 'users') {
      fold.users.clear();
      fold.usernames.clear();
    } else fold[part].clear();
  }
}

/** Entity and edge properties; absent when the organization's activity was not read. */
export function userActivityProperties(
  activity: RunActivity | undefined,
  orgId: string,
  userId: string,
  username: string | undefined,
): Record<string, number> | undefined {
  const fold = activity?.folds.get(orgId);
  if (!activity || !fold) return undefined;
  const user: UserActivity | undefined = fold.user(orgId, userId, username);
  const properties: Record<string, number> = {
    activityWindowStartOn: activity.window.startMs,
    failedLoginAttempts: user?.failedAttempts ?? 0,
  };
  if (user?.lastLoginOn !== undefined) properties.lastLoginOn = user.lastLoginOn;
  const names = {
    userPortal: 'lastUserPortalLoginOn',
    sso: 'lastSsoLoginOn',
    device: 'lastDeviceLoginOn',
    radius: 'lastRadiusLoginOn',
    ldap: 'lastLdapLoginOn',
  } as const;
  for (const [service, name] of Object.entries(names)) {
    const t = user?.lastByService[service as keyof typeof names];
    if (t !== undefined) properties[name] = t;
  }
  return properties;
}

/** `lastUsedOn` of a user ASSIGNED application edge, when known. */
export function applicationLastUsedOn(
  activity: RunActivity | undefined,
  orgId: string,
  userId: string,
  applicationId: string,
): number | undefined {
  return activity?.folds.get(orgId)?.applications.get(userId, applicationId);
}

/** `lastLoginOn` of a user ASSIGNED device edge, when known. */
export function deviceLastLoginOn(
  activity: RunActivity | undefined,
  orgId: string,
  userId: string,
  systemId: string,
): number | undefined {
  return activity?.folds.get(orgId)?.devices.get(userId, systemId);
}
