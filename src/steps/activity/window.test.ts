import { ActivityFold } from './fold';
import {
  activityOf,
  activityWhenRead,
  applicationLastUsedOn,
  beginActivityRead,
  deviceLastLoginOn,
  releaseActivity,
  rememberActivity,
  RunActivity,
  userActivityProperties,
  usersWentOnWithoutActivity,
} from './window';

const ORG = '5e0f9c4d179677013e3c83b8';
const USER = '5f0000000000000000000001';
const APP = '6b0000000000000000000001';
const SYSTEM = '700000000000000000000001';
const T = Date.parse('2025-12-01T10:00:00.000Z');

/** A run whose fold holds one of everything: a user, a username, a pair of each, an admin. */
function runWithActivity(): { run: object; activity: RunActivity } {
  const fold = new ActivityFold();
  const at = new Date(T).toISOString();
  fold.add(ORG, {
    event_type: 'sso_auth',
    timestamp: at,
    sso_token_success: true,
    initiated_by: { id: USER, type: 'user', username: 'ada' },
    application: { id: APP },
  });
  fold.add(ORG, {
    event_type: 'login_attempt',
    timestamp: at,
    success: true,
    initiated_by: { id: USER, type: 'systemuser', username: 'ada' },
    system: { id: SYSTEM },
  });
  fold.add(ORG, { event_type: 'ldap_bind', timestamp: at, success: true, username: 'bob' });
  fold.add(ORG, {
    event_type: 'admin_login_attempt',
    timestamp: at,
    success: true,
    mfa: true,
    initiated_by: { id: 'admin-1', type: 'admin', email: 'a@example.com' },
  });
  const activity: RunActivity = {
    window: { start: '', end: '', startMs: 0, endMs: T + 1, days: 90 },
    folds: new Map([[ORG, fold]]),
    unread: new Map(),
  };
  const run = {};
  rememberActivity(run, activity);
  return { run, activity };
}

describe('releaseActivity', () => {
  it('releases only the part its one reader read, and the administrators never', () => {
    const { run } = runWithActivity();
    const activity = activityOf(run);
    const fold = activity!.folds.get(ORG)!;
    expect(userActivityProperties(activity, ORG, USER, 'ada')?.lastLoginOn).toBe(T);
    expect(fold.usernames.size).toBe(1);

    releaseActivity(run, 'users');
    expect(fold.users.size).toBe(0);
    expect(fold.usernames.size).toBe(0);
    expect(applicationLastUsedOn(activity, ORG, USER, APP)).toBe(T);
    expect(deviceLastLoginOn(activity, ORG, USER, SYSTEM)).toBe(T);

    releaseActivity(run, 'applications');
    expect(applicationLastUsedOn(activity, ORG, USER, APP)).toBeUndefined();
    expect(deviceLastLoginOn(activity, ORG, USER, SYSTEM)).toBe(T);

    releaseActivity(run, 'devices');
    expect(deviceLastLoginOn(activity, ORG, USER, SYSTEM)).toBeUndefined();
    expect(fold.administrators.get('admin-1')?.lastLoginOn).toBe(T);
  });

  it('does nothing for a run that read no activity', () => {
    expect(() => releaseActivity({}, 'devices')).not.toThrow();
  });
});

describe('activityWhenRead: the users step waits for the activity step in memory', () => {
  it('waits for an activity step that started in the same run, then gives its activity', async () => {
    const { run, activity } = runWithActivity();
    const done = beginActivityRead(run);
    let given: RunActivity | undefined | 'pending' = 'pending';
    const waiting = activityWhenRead(run).then((a) => (given = a));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(given).toBe('pending');
    done();
    await waiting;
    expect(given).toBe(activity);
    expect(usersWentOnWithoutActivity(run)).toBe(false);
  });

  it('goes on without waiting when no activity step started in the run, and says so', async () => {
    const run = {};
    expect(await activityWhenRead(run)).toBeUndefined();
    expect(usersWentOnWithoutActivity(run)).toBe(true);
  });

  it('waits for an activity step that starts in the same turn, after the users step', async () => {
    const { run, activity } = runWithActivity();
    const waiting = activityWhenRead(run);
    const done = beginActivityRead(run);
    done();
    expect(await waiting).toBe(activity);
  });
});
