/**
 * The optional-data policy, for every step that reads an optional body of data, in one table:
 * an organization without it (404) gets one warning, nothing is collected and the step
 * succeeds (there is no data to keep); a key that may not read it (403) gets one warning per
 * organization, the other organizations are still read, and the step then fails naming its
 * types as partial, so JupiterOne keeps the data of earlier runs. Two organizations each, so
 * "one warning per organization" and "one request per organization" can fail.
 */
import {
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import type { IntegrationConfig } from '../src/config';
import { getCurrentClient } from '../src/jumpcloud';
import { APPLE_MDM_TYPES, fetchAppleMdm } from '../src/steps/apple-mdm';
import { ASSET_TYPES, fetchAssets } from '../src/steps/assets';
import { AUTH_POLICY_TYPES, fetchAuthPolicies } from '../src/steps/auth-policies';
import { COMMAND_TYPES, fetchCommands } from '../src/steps/commands';
import { DIRECTORY_TYPES, fetchDirectories } from '../src/steps/directories';
import { fetchLocalAccounts, LOCAL_ACCOUNT_TYPES } from '../src/steps/local-accounts';
import { fetchPolicies, POLICY_TYPES } from '../src/steps/policies';
import { fetchRadiusServers, RADIUS_SERVER_TYPES } from '../src/steps/radius-servers';
import { fetchSecuritySettings } from '../src/steps/security-settings';
import { Entities, Relationships } from '../src/steps/constants';
import { fetchInstalledSoftware, SOFTWARE_TYPES } from '../src/steps/software';
import type { SimulatorOptions } from '../simulator';
import {
  expectPartialFailure,
  featureStepContext,
  outcomeOf,
  withFeatureSimulator,
} from './optional-feature';

type Handler = (context: IntegrationStepExecutionContext<IntegrationConfig>) => Promise<void>;

interface OptionalStep {
  handler: Handler;
  /** The simulator without the feature (404) and with it forbidden (403). */
  absent: SimulatorOptions;
  forbidden: SimulatorOptions;
  partialTypes: string[];
  /** What the 404 warning says of each organization. */
  absentWarning: (orgId: string) => string;
}

const STEPS: Record<string, OptionalStep> = {
  'Apple MDM': {
    handler: fetchAppleMdm,
    absent: { appleMdm: 'absent' },
    forbidden: { appleMdm: 'forbidden' },
    partialTypes: APPLE_MDM_TYPES,
    absentWarning: (orgId) => `Organization ${orgId} has no Apple MDM configured`,
  },
  'Asset Management': {
    handler: fetchAssets,
    absent: { assetManagement: 'off' },
    forbidden: { assetManagement: 'forbidden' },
    partialTypes: ASSET_TYPES,
    absentWarning: (orgId) => `Organization ${orgId} has no Asset Management`,
  },
  'device policies': {
    handler: fetchPolicies,
    absent: { policies: { mode: 'absent' } },
    forbidden: { policies: { mode: 'forbidden' } },
    partialTypes: POLICY_TYPES,
    absentWarning: (orgId) => `Organization ${orgId} has no device policies`,
  },
  commands: {
    handler: fetchCommands,
    absent: { access: { commands: 'absent' } },
    forbidden: { access: { commands: 'forbidden' } },
    partialTypes: COMMAND_TYPES,
    absentWarning: (orgId) => `Organization ${orgId}`,
  },
  'authentication policies': {
    handler: fetchAuthPolicies,
    absent: { access: { authPolicies: 'absent' } },
    forbidden: { access: { authPolicies: 'forbidden' } },
    partialTypes: AUTH_POLICY_TYPES,
    absentWarning: (orgId) => `Organization ${orgId}`,
  },
  directories: {
    handler: fetchDirectories,
    absent: { access: { directories: 'absent' } },
    forbidden: { access: { directories: 'forbidden' } },
    partialTypes: DIRECTORY_TYPES,
    absentWarning: (orgId) => `Organization ${orgId}`,
  },
  'RADIUS servers': {
    handler: fetchRadiusServers,
    absent: { access: { radiusServers: 'absent' } },
    forbidden: { access: { radiusServers: 'forbidden' } },
    partialTypes: RADIUS_SERVER_TYPES,
    absentWarning: (orgId) => `Organization ${orgId}`,
  },
  'System Insights: local accounts': {
    handler: fetchLocalAccounts,
    absent: { systemInsights: 'off' },
    forbidden: { systemInsights: 'forbidden' },
    partialTypes: LOCAL_ACCOUNT_TYPES,
    absentWarning: (orgId) => `Organization ${orgId}`,
  },
  'System Insights: installed software': {
    handler: fetchInstalledSoftware,
    absent: { systemInsights: 'off' },
    forbidden: { systemInsights: 'forbidden' },
    partialTypes: SOFTWARE_TYPES,
    absentWarning: (orgId) => `Organization ${orgId}`,
  },
};

const PASSWORD_POLICY_TYPES = [
  Entities.PASSWORD_POLICY._type,
  Relationships.ACCOUNT_HAS_PASSWORD_POLICY._type,
];

const SIZES = {
  seed: 5,
  orgs: 2,
  users: 5,
  groups: 2,
  apps: 2,
  systems: 4,
  systemGroups: 1,
  appleDevices: 2,
};

describe.each(Object.entries(STEPS))('%s', (_name, step) => {
  test('absent (404): one warning per organization, one request each, nothing collected, no failure', async () => {
    await withFeatureSimulator({ ...SIZES, ...step.absent }, async (simulator) => {
      const { context, warn } = featureStepContext(simulator);
      await expect(step.handler(context)).resolves.toBeUndefined();
      expect(context.jobState.collectedEntities).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(simulator.orgIds.length);
      for (const orgId of simulator.orgIds) {
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({
            name: IntegrationWarnEventName.MissingEntity,
            description: expect.stringContaining(step.absentWarning(orgId)),
          }),
        );
      }
      // The first 404 of an organization stops its reads of the feature.
      expect(getCurrentClient()!.stats.requests).toBe(simulator.orgIds.length);
    });
  });

  test('forbidden (403): one warning per organization, then a failure naming every type as partial', async () => {
    await withFeatureSimulator({ ...SIZES, ...step.forbidden }, async (simulator) => {
      const { context, warn } = featureStepContext(simulator);
      const failure = await outcomeOf(step.handler(context));
      expectPartialFailure(failure);
      const message = (failure as Error).message;
      expect(message).toContain(simulator.orgIds[0]);
      for (const type of step.partialTypes) expect(message).toContain(type);
      expect(warn.mock.calls.map(([event]) => event.name)).toEqual(
        simulator.orgIds.map(() => IntegrationWarnEventName.MissingPermission),
      );
      for (const orgId of simulator.orgIds) {
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({ description: expect.stringContaining(orgId) }),
        );
      }
      expect(context.jobState.collectedEntities).toEqual([]);
    });
  });
});

// The organization record every organization has (the password policy): a 404 means the
// organization is gone, and says so. Organizations the simulator does not hold answer 404.
describe('password policy (the organization record)', () => {
  test('an organization gone (404): one warning each naming it, one request each, nothing collected, no failure', async () => {
    await withFeatureSimulator(SIZES, async (simulator) => {
      const gone = ['0000000000000000000000a1', '0000000000000000000000a2'];
      expect(simulator.orgIds).not.toContain(gone[0]);
      const { context, warn } = featureStepContext({ ...simulator, orgIds: gone });
      await expect(fetchSecuritySettings(context)).resolves.toBeUndefined();
      expect(context.jobState.collectedEntities).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(gone.length);
      for (const orgId of gone) {
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({
            name: IntegrationWarnEventName.MissingEntity,
            description: expect.stringContaining(`Organization ${orgId} was not found (404`),
          }),
        );
      }
      expect(getCurrentClient()!.stats.requests).toBe(gone.length);
    });
  });

  test('a key whose role may not read the organization record (403): one warning each, then a failure naming the policy types as partial', async () => {
    await withFeatureSimulator(
      { ...SIZES, forbiddenPathPattern: '^/api/organizations/[^/]+$' },
      async (simulator) => {
        const { context, warn } = featureStepContext(simulator);
        const failure = await outcomeOf(fetchSecuritySettings(context));
        expectPartialFailure(failure);
        const message = (failure as Error).message;
        for (const type of PASSWORD_POLICY_TYPES) expect(message).toContain(type);
        expect(warn.mock.calls.map(([event]) => event.name)).toEqual(
          simulator.orgIds.map(() => IntegrationWarnEventName.MissingPermission),
        );
        for (const orgId of simulator.orgIds) {
          expect(warn).toHaveBeenCalledWith(
            expect.objectContaining({ description: expect.stringContaining(orgId) }),
          );
        }
        // Every organization was asked, once: a 403 on one does not stop the others.
        expect(getCurrentClient()!.stats.requests).toBe(simulator.orgIds.length);
        expect(context.jobState.collectedEntities).toEqual([]);
      },
    );
  });
});
