import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';

import {
  buildStepTestConfigForStep,
  integrationConfig,
  multiTenantConfig,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { generateDirectory } from '../../../simulator/directory/generate';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { IntegrationConfig } from '../../config';
import { JumpCloudClient, resetClient } from '../../jumpcloud';
import { Entities, Steps } from '../constants';
import { fetchAccounts } from './index';

const ORG_A = '5f0c8d1e2a3b4c5d6e7f8091';
const ORG_B = '5f0c8d1e2a3b4c5d6e7f8092';

describe('fetchAccounts (handler, fake client)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    resetClient();
  });

  function fakeOrganizations() {
    jest.spyOn(JumpCloudClient.prototype, 'listOrganizations').mockResolvedValue([
      { _id: ORG_A, id: ORG_A, displayName: 'Tenant A' },
      { _id: ORG_B, id: ORG_B, displayName: 'Tenant B' },
    ]);
    // GET /api/organizations/{id}: the settings of each (issue 25).
    jest.spyOn(JumpCloudClient.prototype, 'request').mockImplementation(async (path) => ({
      body: { settings: { requireAdminMFA: path.endsWith(ORG_A), userPortal: {} } },
      headers: { get: () => null },
    }));
  }

  test('one account per organization the key sees', async () => {
    fakeOrganizations();
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig: integrationConfig,
    });
    await fetchAccounts(context);
    expect(context.jobState.collectedEntities.map((e) => e._key)).toEqual([ORG_A, ORG_B]);
    expect(context.jobState.collectedEntities.map((e) => e.requireAdminMfa)).toEqual([true, false]);
  });

  test('only the configured orgId, whatever its case', async () => {
    fakeOrganizations();
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig: { ...integrationConfig, orgId: ORG_B.toUpperCase() },
    });
    await fetchAccounts(context);
    expect(context.jobState.collectedEntities.map((e) => e._key)).toEqual([ORG_B]);
  });
});

describe('recorded against the simulator', () => {
  let recording: Recording;

  afterEach(async () => {
    await recording.stop();
    resetClient();
  });

  test(`${Steps.ACCOUNT.id}: a single-tenant key`, async () => {
    recording = setupJumpCloudRecording({
      recordsOrganizationSettings: true,
      directory: __dirname,
      name: Steps.ACCOUNT.id,
    });
    const stepConfig = buildStepTestConfigForStep(Steps.ACCOUNT.id);

    const result = await executeStepWithDependencies(stepConfig);

    expect(result.collectedEntities).toHaveLength(1);
    const [account] = result.collectedEntities;
    expect(account).toMatchObject({
      _type: Entities.ACCOUNT._type,
      _key: account.id,
      webLink: `${stepConfig.instanceConfig.baseUrl}/#/settings`,
    });
    expect(account._key).toMatch(/^[0-9a-f]{24}$/);
    expect(account.name).toEqual(expect.any(String));
    expect(typeof account.createdOn).toBe('number');
    // From GET /api/organizations/{id} (issue 25): the simulator's settings of the org.
    expect(typeof account.requireAdminMfa).toBe('boolean');
    expect(account.userPortalCookieExpirationType).toBe('session');
    expect(account.userPortalIdleSessionDurationMinutes).toBe(60);

    expect({ ...result }).toMatchStepMetadata({ ...stepConfig });
  });

  test(`${Steps.ACCOUNT.id}: a multi-tenant key, all organizations or only orgId`, async () => {
    recording = setupJumpCloudRecording({
      recordsOrganizationSettings: true,
      directory: __dirname,
      name: `${Steps.ACCOUNT.id}-multi-tenant`,
    });
    const allConfig = buildStepTestConfigForStep(Steps.ACCOUNT.id, multiTenantConfig);

    const all = await executeStepWithDependencies(allConfig);

    const orgIds = all.collectedEntities.map((e) => e._key);
    expect(orgIds).toHaveLength(2);
    // The second organization has `displayName: null`, as a recorded one had: its account is
    // named by its id, and says nothing else of a name.
    const simulated = generateDirectory(RECORDING_SIMULATORS.multiTenant).orgs;
    expect(simulated[1].organization.displayName).toBeNull();
    for (const org of simulated) {
      const account = all.collectedEntities.find((e) => e._key === org.id)!;
      expect([account.name, account.displayName]).toEqual(
        org.organization.displayName === null
          ? [org.id, org.id]
          : [org.organization.displayName, org.organization.displayName],
      );
    }
    expect(new Set(orgIds).size).toBe(2);
    expect({ ...all }).toMatchStepMetadata({ ...allConfig });

    const [, secondOrgId] = orgIds;
    const oneConfig = buildStepTestConfigForStep(Steps.ACCOUNT.id, {
      ...multiTenantConfig,
      orgId: secondOrgId,
    });
    const one = await executeStepWithDependencies(oneConfig);
    expect(one.collectedEntities.map((e) => e._key)).toEqual([secondOrgId]);
  });
});
