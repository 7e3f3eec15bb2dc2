import { eventTime, insightsOrigin, parseTimestamp } from './insights';
import { ActivityFold, outcomeOf } from '../steps/activity/fold';

describe('insightsOrigin: the Directory Insights host of a console', () => {
  test.each([
    ['https://console.jumpcloud.com', 'https://api.jumpcloud.com'],
    ['https://console.jumpcloud.com/', 'https://api.jumpcloud.com'],
    ['https://console.eu.jumpcloud.com', 'https://api.eu.jumpcloud.com'],
    ['https://CONSOLE.EU.jumpcloud.com', 'https://api.eu.jumpcloud.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://proxy.example.com', 'https://proxy.example.com'],
  ])('%s -> %s', (console, api) => expect(insightsOrigin(console)).toBe(api));
});

describe('eventTime', () => {
  test('is the timestamp in ms, NaN without one, and follows the event asked', () => {
    const a = { timestamp: '2026-01-02T03:04:05.678Z' };
    const b = { timestamp: '2025-12-31T23:59:59Z' };
    expect(eventTime(a)).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect(eventTime(a)).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect(eventTime(b)).toBe(Date.UTC(2025, 11, 31, 23, 59, 59));
    // The same object with another timestamp is read again, not answered from before.
    b.timestamp = '2026-02-01T00:00:00Z';
    expect(eventTime(b)).toBe(Date.UTC(2026, 1, 1));
    expect(eventTime({})).toBeNaN();
    expect(eventTime({ timestamp: 'not a date' })).toBeNaN();
  });
});

describe('parseTimestamp', () => {
  test('gives what Date.parse gives, for the usual form and for anything else', () => {
    const stamps = [
      '2026-01-02T03:04:05.678Z',
      '2026-01-02T23:59:59.999Z',
      '2026-01-03T00:00:00.000Z',
      '2024-02-29T12:00:00.001Z',
      '2025-12-31T23:59:59.999Z',
      '1969-12-31T23:59:59.999Z',
      // Out of range or not digits: Date.parse decides (NaN, or 24:00 as the next day).
      '2026-01-02T24:00:00.000Z',
      '2026-01-02T23:60:00.000Z',
      '2026-01-02T23:00:60.000Z',
      '2026-13-02T03:04:05.678Z',
      '2026-02-30T03:04:05.678Z',
      '2026-01-02T0x:04:05.678Z',
      '2026-01-02T03:04:05.6x8Z',
      '2026-01-0xT03:04:05.678Z',
      'abcdefghijTklmnopqrstuvZ',
      // Other forms.
      '2026-01-02T03:04:05Z',
      '2026-01-02T03:04:05.678901Z',
      '2026-01-02T03:04:05.678+02:00',
      '2026-01-02',
      '',
      'not a date',
    ];
    // Each after a stamp of another day, of the same day, and alone.
    for (const before of ['2026-01-02T00:00:00.000Z', '2020-06-01T00:00:00.000Z']) {
      for (const stamp of stamps) {
        parseTimestamp(before);
        expect([stamp, parseTimestamp(stamp)]).toEqual([stamp, Date.parse(stamp)]);
        expect([stamp, parseTimestamp(stamp)]).toEqual([stamp, Date.parse(stamp)]);
      }
    }
    // A day of stamps, one a second (the date parsed once), against Date.parse.
    const start = Date.UTC(2026, 5, 1);
    for (let ms = start; ms < start + 86_400_000; ms += 997) {
      const stamp = new Date(ms).toISOString();
      if (parseTimestamp(stamp) !== ms) expect([stamp, parseTimestamp(stamp)]).toEqual([stamp, ms]);
    }
  });
});

describe('the fold', () => {
  test('sso_auth succeeds on sso_token_success; other events on success', () => {
    expect(outcomeOf({ event_type: 'sso_auth', sso_token_success: true })).toBe(true);
    expect(outcomeOf({ event_type: 'sso_auth', sso_token_success: false, success: true })).toBe(
      false,
    );
    expect(outcomeOf({ event_type: 'login_attempt', success: false })).toBe(false);
    expect(outcomeOf({ event_type: 'login_attempt' })).toBeUndefined();
  });

  test('keeps the latest success, counts failures, merges username-only events', () => {
    const fold = new ActivityFold();
    const at = (day: number) => `2026-01-0${day}T00:00:00.000Z`;
    const user = { id: 'u1', type: 'user', username: 'Ann' };
    fold.add('o', {
      event_type: 'user_login_attempt',
      timestamp: at(3),
      success: true,
      initiated_by: user,
    });
    fold.add('o', {
      event_type: 'user_login_attempt',
      timestamp: at(1),
      success: true,
      initiated_by: user,
    });
    fold.add('o', {
      event_type: 'user_login_attempt',
      timestamp: at(5),
      success: false,
      initiated_by: user,
    });
    fold.add('o', { event_type: 'ldap_bind', timestamp: at(4), success: true, username: 'ann' });
    fold.add('o', {
      event_type: 'sso_auth',
      timestamp: at(2),
      sso_token_success: true,
      initiated_by: user,
      application: { id: 'a1' },
    });
    fold.add('o', {
      event_type: 'admin_login_attempt',
      timestamp: at(2),
      success: true,
      mfa: false,
      resource: { id: 'ad1', type: 'admin', email: 'x@example.com' },
    });
    const activity = fold.user('o', 'u1', 'ANN');
    expect(activity?.lastLoginOn).toBe(Date.parse(at(4)));
    expect(activity?.lastByService).toEqual({
      userPortal: Date.parse(at(3)),
      ldap: Date.parse(at(4)),
      sso: Date.parse(at(2)),
    });
    expect(activity?.failedAttempts).toBe(1);
    expect(fold.applications.get('u1', 'a1')).toBe(Date.parse(at(2)));
    expect(fold.administrators.get('ad1')).toMatchObject({
      email: 'x@example.com',
      loggedInWithoutMfa: true,
      loggedInWithMfa: false,
    });
  });
});
