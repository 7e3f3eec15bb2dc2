/**
 * Sign-in activity and console administrators (issue 25), whole runs against a live
 * simulator: every value equals the one computed from the simulator's own events
 * (simulator/insights/expected.ts), each way Directory Insights can be missing or page
 * dishonestly is warned about or fails the administrators step with its types partial (never
 * the users, applications or devices), and the source turned off reads nothing.
 */
import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { Entities, IngestionSources, Relationships, Steps } from '../src/steps/constants';
import { FoldThread } from '../src/steps/activity/fold-thread';
import { IntegrationRun, runIntegration } from '../scripts/lib/run-integration';
import {
  expectedActivity,
  INSIGHTS_NOW_MS,
  orgAdministrators,
  PROVIDER_ADMINISTRATORS_TEMPLATE,
  startSimulator,
  type ExpectedActivity,
  type InsightsSimulationOptions,
  type SimulatedOrg,
  type SimulatorOptions,
} from '../simulator';

const DAY_MS = 24 * 60 * 60 * 1000;
const SIZES = { seed: 11, users: 30, groups: 3, apps: 4, systems: 12, systemGroups: 2 };
const ADMIN_TYPES = [Entities.ADMINISTRATOR._type, Relationships.ACCOUNT_HAS_ADMINISTRATOR._type];
const ACTIVITY_PROPERTIES = [
  'activityWindowStartOn',
  'lastLoginOn',
  'lastUserPortalLoginOn',
  'lastSsoLoginOn',
  'lastDeviceLoginOn',
  'lastRadiusLoginOn',
  'lastLdapLoginOn',
  'failedLoginAttempts',
];

interface Outcome {
  run: IntegrationRun;
  org: SimulatedOrg;
  truth: ExpectedActivity;
  windowStart: number;
  insightsRequests: number;
  providerRequests: number;
  orgs: SimulatedOrg[];
}

async function runAgainst(
  options: SimulatorOptions,
  run: { disabledSources?: string[]; activityWindowDays?: number } = {},
): Promise<Outcome> {
  const simulator = await startSimulator({ ...SIZES, quiet: true, ...options });
  try {
    const days = run.activityWindowDays ?? 90;
    const result = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      disabledSources: run.disabledSources,
      activityWindowDays: run.activityWindowDays,
    });
    const windowStart = INSIGHTS_NOW_MS - days * DAY_MS;
    const org = simulator.data.orgs[0];
    const byEndpoint = simulator.stats().requests.byEndpoint;
    return {
      run: result,
      org,
      truth: expectedActivity(org, windowStart, INSIGHTS_NOW_MS, options.insights),
      windowStart,
      orgs: simulator.data.orgs,
      providerRequests: byEndpoint[`GET ${PROVIDER_ADMINISTRATORS_TEMPLATE}`] ?? 0,
      insightsRequests: Object.entries(byEndpoint)
        .filter(([endpoint]) => endpoint.startsWith('POST /insights/'))
        .reduce((sum, [, n]) => sum + n, 0),
    };
  } finally {
    await simulator.stop();
  }
}

const ofType = <T extends Entity | Relationship>(objects: T[], _type: string) =>
  objects.filter((o) => o._type === _type);
const status = (run: IntegrationRun, stepId: string) =>
  run.stepResults.find((s) => s.id === stepId)?.status;

/**
 * Every edge of `_type` carries `property` as the simulator's truth has it for its pair
 * (`from|to`), absent where the truth has none; some pairs have it, not all.
 */
function expectEdgeActivity(
  run: IntegrationRun,
  _type: string,
  property: string,
  truth: Map<string, number>,
) {
  const edges = ofType(run.relationships, _type);
  let used = 0;
  for (const edge of edges) {
    const expected = truth.get(`${edge._fromEntityKey}|${edge._toEntityKey}`);
    expect(edge[property]).toBe(expected);
    if (expected !== undefined) used += 1;
  }
  expect(used).toBe(truth.size);
  expect(used).toBeLessThan(edges.length);
}

function expectNoActivity(run: IntegrationRun) {
  for (const user of ofType(run.entities, Entities.USER._type)) {
    for (const name of ACTIVITY_PROPERTIES) expect(user[name]).toBeUndefined();
  }
  for (const edge of run.relationships) {
    expect(edge.lastUsedOn).toBeUndefined();
    expect(edge.lastLoginOn).toBeUndefined();
  }
}

// A window of one page is folded in the main thread; one of several pages in the fold worker
// (src/steps/activity/read-events.ts): both against the simulator's own events.
describe.each([
  ['one page, folded in the main thread', {}, 0],
  ['several pages, folded in the fold worker', { perPairPerWeek: 16 }, 1],
] as Array<[string, InsightsSimulationOptions, number]>)(
  'activity from Directory Insights: %s',
  (_name, insights, workerOrganizations) => {
    let outcome: Outcome;
    let organizationsInWorker = 0;
    beforeAll(async () => {
      const organization = jest.spyOn(FoldThread.prototype, 'organization');
      try {
        outcome = await runAgainst({ insights });
        organizationsInWorker = organization.mock.calls.length;
      } finally {
        organization.mockRestore();
      }
    }, 180_000);

    test('the run succeeds with nothing partial, the events folded where the pages say', () => {
      expect(outcome.run.partialTypes).toEqual([]);
      expect(status(outcome.run, Steps.ACTIVITY.id)).toBe('success');
      expect(status(outcome.run, Steps.ADMINISTRATORS.id)).toBe('success');
      expect(organizationsInWorker).toBe(workerOrganizations);
      if (workerOrganizations > 0) expect(outcome.truth.authEvents).toBeGreaterThan(10_000);
      else expect(outcome.truth.authEvents).toBeLessThan(10_000);
    });

    test('every user: last sign-in overall and per service, failed attempts, the window start', () => {
      const { run, truth, windowStart } = outcome;
      const users = ofType(run.entities, Entities.USER._type);
      expect(users.length).toBe(SIZES.users);
      let active = 0;
      for (const user of users) {
        const expected = truth.users.get(String(user.id));
        expect(user.activityWindowStartOn).toBe(windowStart);
        expect(user.failedLoginAttempts).toBe(expected?.failedAttempts ?? 0);
        expect(user.lastLoginOn).toBe(expected?.lastLoginOn);
        expect(user.lastUserPortalLoginOn).toBe(expected?.lastByService.userPortal);
        expect(user.lastSsoLoginOn).toBe(expected?.lastByService.sso);
        expect(user.lastDeviceLoginOn).toBe(expected?.lastByService.device);
        expect(user.lastRadiusLoginOn).toBe(expected?.lastByService.radius);
        expect(user.lastLdapLoginOn).toBe(expected?.lastByService.ldap);
        if (expected?.lastLoginOn !== undefined) active += 1;
      }
      // The directory has both: users who signed in and users who never did.
      expect(active).toBeGreaterThan(0);
      expect(active).toBeLessThan(users.length);
    });

    test('user ASSIGNED application: lastUsedOn is the last SSO sign-in, absent when unused', () => {
      expectEdgeActivity(
        outcome.run,
        Relationships.USER_ASSIGNED_APPLICATION._type,
        'lastUsedOn',
        outcome.truth.applications,
      );
    });

    test('user ASSIGNED device: lastLoginOn is the last login, absent when never', () => {
      expectEdgeActivity(
        outcome.run,
        Relationships.USER_ASSIGNED_DEVICE._type,
        'lastLoginOn',
        outcome.truth.devices,
      );
    });

    test('administrators seen signing in, with and without MFA, each HAS-ed by the account', () => {
      const admins = ofType(outcome.run.entities, Entities.ADMINISTRATOR._type);
      expect(admins.map((a) => a.id).sort()).toEqual(
        [...outcome.truth.administrators.keys()].sort(),
      );
      for (const admin of admins) {
        const expected = outcome.truth.administrators.get(String(admin.id))!;
        expect(admin.admin).toBe(true);
        expect(admin.email).toBe(expected.email);
        expect(admin.lastLoginOn).toBe(expected.lastLoginOn);
        expect(admin.loggedInWithoutMfa).toBe(expected.loggedInWithoutMfa);
        expect(admin.mfaEnabled).toBeUndefined();
      }
      expect(admins.some((a) => a.loggedInWithoutMfa === true)).toBe(true);
      expect(admins.some((a) => a.loggedInWithoutMfa === false)).toBe(true);
      const has = ofType(outcome.run.relationships, Relationships.ACCOUNT_HAS_ADMINISTRATOR._type);
      expect(has.map((r) => r._toEntityKey).sort()).toEqual(admins.map((a) => a._key).sort());
    });

    test('no IP, user agent, location or raw event anywhere in the graph', () => {
      const text = JSON.stringify([...outcome.run.entities, ...outcome.run.relationships]);
      for (const banned of ['client_ip', 'useragent', 'geoip', 'sso_token_success', 'event_type'])
        expect(text).not.toContain(banned);
    });

    test('requests: one count and floor(events / 10,000) + 1 pages, or more in slices', () => {
      const pages = Math.floor(outcome.truth.authEvents / 10_000) + 1;
      if (pages === 1) expect(outcome.insightsRequests).toBe(1 + 1);
      // Read in slices, each ending on a page that is not full.
      else expect(outcome.insightsRequests).toBeGreaterThanOrEqual(1 + pages);
    });
  },
);

describe('security settings (GET /api/organizations/{id})', () => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await runAgainst({});
  }, 120_000);

  test('the account: MFA required for administrators, the User Portal session', () => {
    const settings = outcome.org.organization.settings;
    const [account] = ofType(outcome.run.entities, Entities.ACCOUNT._type);
    expect(account.requireAdminMfa).toBe(settings.requireAdminMFA);
    expect(account.userPortalCookieExpirationType).toBe(settings.userPortal.cookieExpirationType);
    expect(account.userPortalIdleSessionDurationMinutes).toBe(
      settings.userPortal.idleSessionDurationMinutes,
    );
    expect(account.passwordCompliance).toBe(settings.passwordCompliance);
  });

  test('the password policy, as the API gives it, HAS-ed by the account; nothing else of settings', () => {
    const policy = settings();
    const [entity] = ofType(outcome.run.entities, Entities.PASSWORD_POLICY._type);
    expect(entity).toMatchObject({
      minLength: policy.minLength,
      requireLowercase: policy.needsLowercase,
      requireUppercase: policy.needsUppercase,
      requireNumbers: policy.needsNumeric,
      requireSymbols: policy.needsSymbolic,
      maxAgeDays: policy.passwordExpirationInDays,
      maxLoginAttempts: policy.maxLoginAttempts,
      enableMaxLoginAttempts: policy.enableMaxLoginAttempts,
    });
    // The simulator's policy has no history setting: none is invented.
    expect(entity.historyCount).toBeUndefined();
    const [has] = ofType(
      outcome.run.relationships,
      Relationships.ACCOUNT_HAS_PASSWORD_POLICY._type,
    );
    expect(has._toEntityKey).toBe(entity._key);
    const text = JSON.stringify([...outcome.run.entities, ...outcome.run.relationships]);
    const org = outcome.org.organization.settings;
    // Nothing of settings outside the allow-list: not the contact address, for one.
    expect(text).not.toContain(org.contactEmail);
  });

  function settings() {
    return outcome.org.organization.settings.passwordPolicy;
  }
});

describe('activity: a shorter window', () => {
  test('30 days: only what happened in the last 30 days', async () => {
    const { run, truth, windowStart } = await runAgainst({}, { activityWindowDays: 30 });
    for (const user of ofType(run.entities, Entities.USER._type)) {
      expect(user.activityWindowStartOn).toBe(windowStart);
      expect(user.lastLoginOn).toBe(truth.users.get(String(user.id))?.lastLoginOn);
      if (user.lastLoginOn !== undefined)
        expect(user.lastLoginOn).toBeGreaterThanOrEqual(windowStart);
    }
  }, 120_000);
});

describe('activity: Directory Insights missing or paging dishonestly', () => {
  test.each([
    ['absent', 404],
    ['unlicensed', 402],
  ] as const)(
    '%s (%i): a warning, no activity, nothing partial',
    async (mode, _status) => {
      const { run } = await runAgainst({ insights: { mode } });
      expect(run.partialTypes).toEqual([]);
      expect(ofType(run.entities, Entities.ADMINISTRATOR._type)).toEqual([]);
      expectNoActivity(run);
    },
    120_000,
  );

  test.each([
    ['forbidden (403)', { mode: 'forbidden' as const }],
    ['search_after ignored', { fault: 'repeat-search-after' as const, perPairPerWeek: 16 }],
    [
      'a full page without X-Search_after',
      { fault: 'no-search-after-header' as const, perPairPerWeek: 16 },
    ],
  ] as Array<[string, InsightsSimulationOptions]>)(
    '%s: no activity, administrators partial, the rest whole',
    async (_name, insights) => {
      const { run, truth } = await runAgainst({ insights });
      if (insights.perPairPerWeek) expect(truth.authEvents).toBeGreaterThan(10_000);
      expect(status(run, Steps.ADMINISTRATORS.id)).toBe('failure');
      expect(run.partialTypes.sort()).toEqual([...ADMIN_TYPES].sort());
      expect(status(run, Steps.USERS.id)).toBe('success');
      expect(ofType(run.entities, Entities.USER._type).length).toBe(SIZES.users);
      expectNoActivity(run);
    },
    180_000,
  );

  test('the source turned off: no Directory Insights request, no activity', async () => {
    const { run, insightsRequests } = await runAgainst(
      {},
      { disabledSources: [IngestionSources.DIRECTORY_INSIGHTS] },
    );
    expect(insightsRequests).toBe(0);
    expect(status(run, Steps.ADMINISTRATORS.id)).toBe('disabled');
    expect(run.partialTypes).toEqual([]);
    expectNoActivity(run);
  }, 120_000);
});

describe('console administrators from the provider administrators API', () => {
  const RAW_ALLOWED = new Set([
    'id',
    'email',
    'firstname',
    'lastname',
    'enableMultiFactor',
    'registered',
    'suspended',
    'role',
    'roleName',
    'organizationAccessTotal',
  ]);

  test('a provider key: every administrator with role and mfaEnabled, merged with sign-ins', async () => {
    const { run, org, truth, windowStart, providerRequests } = await runAgainst({
      providerAdministrators: 'provider',
    });
    expect(run.partialTypes).toEqual([]);
    expect(status(run, Steps.ADMINISTRATORS.id)).toBe('success');
    expect(providerRequests).toBe(1); // four administrators: one page of up to 100
    const generated = orgAdministrators(org);
    const admins = ofType(run.entities, Entities.ADMINISTRATOR._type);
    // The one who never signs in is there too: only the provider API lists them.
    expect(admins.map((a) => a.id).sort()).toEqual(generated.map((a) => a.id).sort());
    expect(generated.some((a) => a.neverSignsIn && !truth.administrators.has(a.id))).toBe(true);
    for (const expected of generated) {
      const admin = admins.find((a) => a.id === expected.id)!;
      const signIns = truth.administrators.get(expected.id);
      expect(admin._key).toBe(`jumpcloud_administrator:${org.id}:${expected.id}`);
      expect(admin.email).toBe(expected.email);
      expect(admin.name).toBe(`${expected.firstname} ${expected.lastname}`);
      expect(admin.role).toBe(expected.role);
      expect(admin.roleName).toBe(expected.roleName);
      expect(admin.mfaEnabled).toBe(expected.enableMultiFactor);
      expect(admin.lastLoginOn).toBe(signIns?.lastLoginOn);
      expect(admin.loggedInWithoutMfa).toBe(signIns?.loggedInWithoutMfa ?? false);
      expect(admin.activityWindowStartOn).toBe(windowStart);
      const raw = (admin._rawData ?? []).find((r) => r.name === 'default')?.rawData ?? {};
      expect(Object.keys(raw).filter((k) => !RAW_ALLOWED.has(k))).toEqual([]);
    }
    expect(admins.filter((a) => a.mfaEnabled === false).length).toBe(
      generated.filter((a) => !a.enableMultiFactor).length,
    );
    const has = ofType(run.relationships, Relationships.ACCOUNT_HAS_ADMINISTRATOR._type);
    expect(has.map((r) => r._toEntityKey).sort()).toEqual(admins.map((a) => a._key).sort());
  }, 120_000);

  test('not a provider key (401): sign-in events only, no mfaEnabled, nothing partial', async () => {
    const { run, orgs, providerRequests } = await runAgainst({ orgs: 2, users: 8, systems: 4 });
    // The second simulated organization names a provider: the key is asked, and refused.
    expect(orgs.filter((o) => o.organization.provider !== '').length).toBeGreaterThan(0);
    expect(providerRequests).toBe(1);
    expect(run.partialTypes).toEqual([]);
    expect(status(run, Steps.ADMINISTRATORS.id)).toBe('success');
    const admins = ofType(run.entities, Entities.ADMINISTRATOR._type);
    const truthIds = orgs.flatMap((o) => [
      ...expectedActivity(o, INSIGHTS_NOW_MS - 90 * DAY_MS, INSIGHTS_NOW_MS).administrators.keys(),
    ]);
    expect(admins.map((a) => a.id).sort()).toEqual(truthIds.sort());
    for (const admin of admins) {
      expect(admin.mfaEnabled).toBeUndefined();
      expect(admin.role).toBeUndefined();
    }
  }, 120_000);

  test('a provider key refused (403): the administrators are reported partial', async () => {
    const { run, providerRequests } = await runAgainst({ providerAdministrators: 'forbidden' });
    expect(providerRequests).toBe(1);
    expect(status(run, Steps.ADMINISTRATORS.id)).toBe('failure');
    expect(run.partialTypes.sort()).toEqual([...ADMIN_TYPES].sort());
    expect(status(run, Steps.USERS.id)).toBe('success');
    // What the events show is still written.
    for (const admin of ofType(run.entities, Entities.ADMINISTRATOR._type))
      expect(admin.mfaEnabled).toBeUndefined();
  }, 120_000);

  test('a provider of two organizations: each administrator in the organization it signs in to', async () => {
    const { run, orgs, providerRequests } = await runAgainst({
      orgs: 2,
      users: 8,
      systems: 4,
      providerAdministrators: 'provider',
    });
    expect(providerRequests).toBe(1); // one list per provider, not per organization
    expect(run.partialTypes).toEqual([]);
    const admins = ofType(run.entities, Entities.ADMINISTRATOR._type);
    let unplaced = 0;
    for (const org of orgs) {
      const signedIn = expectedActivity(
        org,
        INSIGHTS_NOW_MS - 90 * DAY_MS,
        INSIGHTS_NOW_MS,
      ).administrators;
      const inOrg = admins.filter((a) => a.orgId === org.id);
      // organizationAccessTotal 1 of 2 organizations: placed only where seen signing in.
      expect(inOrg.map((a) => a.id).sort()).toEqual([...signedIn.keys()].sort());
      for (const generated of orgAdministrators(org)) {
        const admin = inOrg.find((a) => a.id === generated.id);
        if (!admin) {
          unplaced += 1;
          continue;
        }
        expect(admin.mfaEnabled).toBe(generated.enableMultiFactor);
        expect(admin.roleName).toBe(generated.roleName);
      }
    }
    expect(unplaced).toBe(orgs.length); // the one per organization who never signs in
  }, 120_000);
});
