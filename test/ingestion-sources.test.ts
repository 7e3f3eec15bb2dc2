/**
 * Ingestion sources: a JupiterOne user can turn each optional body of data off in the
 * instance settings (`instance.disabledSources`). A source that is off is not read at all,
 * and nothing is reported partial for it; a source that is on but unreadable (403) is.
 * Whole runs against a live simulator, compared with the simulator's own data.
 */
import { invocationConfig } from '../src';
import { APPLE_MDM_TYPES } from '../src/steps/apple-mdm';
import { ASSET_TYPES } from '../src/steps/assets';
import { IngestionSources, Steps } from '../src/steps/constants';
import { runIntegration, IntegrationRun } from '../scripts/lib/run-integration';
import { orgSystemInfo, startSimulator, type SimulatorOptions } from '../simulator';

const SIZES = { users: 12, groups: 3, apps: 2, systems: 10, systemGroups: 2, appleDevices: 4 };
const ALL_OFF = [
  IngestionSources.APPLE_MDM,
  IngestionSources.ASSET_MANAGEMENT,
  IngestionSources.SYSTEM_INSIGHTS_HARDWARE,
  IngestionSources.ENDPOINT_POSTURE,
  IngestionSources.INSTALLED_SOFTWARE,
];
/** The steps the sources above turn off. */
const OPTIONAL_STEPS: string[] = [
  Steps.APPLE_MDM.id,
  Steps.ASSETS.id,
  Steps.LOCAL_ACCOUNTS.id,
  Steps.INSTALLED_SOFTWARE.id,
];

/** Every entity and relationship `_type` a step declares. */
function typesOf(stepId: string): string[] {
  const step = invocationConfig.integrationSteps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return [...step.entities, ...step.relationships].map((t) => t._type);
}
const POSTURE_STEP_TYPES = [
  ...typesOf(Steps.LOCAL_ACCOUNTS.id),
  ...typesOf(Steps.INSTALLED_SOFTWARE.id),
];
const OPTIONAL_ROUTES = /^GET \/api\/v2\/(applemdms|assets|systeminsights)/;

async function runAgainst(
  options: SimulatorOptions,
  disabledSources: string[],
): Promise<{ run: IntegrationRun; endpoints: string[]; systemsWithHardware: string[] }> {
  const simulator = await startSimulator({ seed: 8, ...SIZES, quiet: true, ...options });
  try {
    const run = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      disabledSources,
    });
    const org = simulator.data.orgs[0];
    const systemsWithHardware = orgSystemInfo(org)
      .filter((row) => (row.hardware_model ?? '').trim() !== '')
      .map((row) => row.system_id)
      .sort();
    return {
      run,
      endpoints: Object.keys(simulator.stats().requests.byEndpoint),
      systemsWithHardware,
    };
  } finally {
    await simulator.stop();
  }
}

function statuses(run: IntegrationRun): Record<string, string> {
  return Object.fromEntries(run.stepResults.map((step) => [step.id, step.status]));
}

const devicesWithHardware = (run: IntegrationRun) =>
  run.entities
    .filter((e) => e._type === 'jumpcloud_device' && e.hardwareModel !== undefined)
    .map((e) => e._key)
    .sort();

describe('ingestion sources', () => {
  test('every source a step names is declared, and every declared source is used', () => {
    const declared = Object.keys(invocationConfig.ingestionConfig ?? {}).sort();
    const named = invocationConfig.integrationSteps
      .map((step) => step.ingestionSourceId)
      .filter((id): id is string => id !== undefined);
    expect(declared.filter((id) => !named.includes(id))).toEqual([
      // Merged into the devices step's own entities (isIngestionSourceEnabled), not a step.
      IngestionSources.SYSTEM_INSIGHTS_HARDWARE,
    ]);
    expect(named.filter((id) => !declared.includes(id))).toEqual([]);
    for (const source of Object.values(invocationConfig.ingestionConfig ?? {})) {
      expect(source.title.length).toBeGreaterThan(0);
      expect(source.defaultsToDisabled).toBe(false);
    }
  });

  test('on and forbidden (403): the optional steps fail and their types are partial', async () => {
    const { run, endpoints } = await runAgainst(
      { appleMdm: 'forbidden', assetManagement: 'forbidden', systemInsights: 'forbidden' },
      [],
    );
    const status = statuses(run);
    expect(status[Steps.APPLE_MDM.id]).toBe('failure');
    expect(status[Steps.ASSETS.id]).toBe('failure');
    expect(status[Steps.DEVICES.id]).toBe('success');
    expect(status[Steps.LOCAL_ACCOUNTS.id]).toBe('failure');
    expect(status[Steps.INSTALLED_SOFTWARE.id]).toBe('failure');
    expect([...new Set(run.partialTypes)].sort()).toEqual(
      [...new Set([...APPLE_MDM_TYPES, ...ASSET_TYPES, ...POSTURE_STEP_TYPES])].sort(),
    );
    expect(endpoints.filter((e) => OPTIONAL_ROUTES.test(e)).length).toBeGreaterThan(0);
  });

  test('off: not read at all, the steps are disabled, nothing is partial', async () => {
    const { run, endpoints } = await runAgainst(
      { appleMdm: 'forbidden', assetManagement: 'forbidden', systemInsights: 'forbidden' },
      ALL_OFF,
    );
    const status = statuses(run);
    for (const [id, value] of Object.entries(status)) {
      expect([id, value]).toEqual([id, OPTIONAL_STEPS.includes(id) ? 'disabled' : 'success']);
    }
    expect(run.partialTypes).toEqual([]);
    expect(endpoints.filter((e) => OPTIONAL_ROUTES.test(e))).toEqual([]);
    const optionalTypes = new Set([...APPLE_MDM_TYPES, ...ASSET_TYPES, ...POSTURE_STEP_TYPES]);
    expect(
      [...run.entities, ...run.relationships].filter((o) => optionalTypes.has(o._type)),
    ).toEqual([]);
    expect(run.entities.filter((e) => e._type === 'jumpcloud_device')).toHaveLength(SIZES.systems);
  });

  test('System Insights hardware on: merged into exactly the systems that report it; off: none', async () => {
    const on = await runAgainst({}, []);
    expect(on.systemsWithHardware.length).toBeGreaterThan(0);
    expect(devicesWithHardware(on.run)).toEqual(on.systemsWithHardware);
    expect(on.run.entities.some((e) => APPLE_MDM_TYPES.includes(e._type))).toBe(true);
    expect(on.run.entities.some((e) => ASSET_TYPES.includes(e._type))).toBe(true);

    const off = await runAgainst({}, [IngestionSources.SYSTEM_INSIGHTS_HARDWARE]);
    expect(statuses(off.run)[Steps.DEVICES.id]).toBe('success');
    expect(devicesWithHardware(off.run)).toEqual([]);
    expect(
      off.endpoints.filter((e) => e.startsWith('GET /api/v2/systeminsights/system_info')),
    ).toEqual([]);
    expect(off.run.entities.filter((e) => e._type === 'jumpcloud_device')).toHaveLength(
      SIZES.systems,
    );
    expect(off.run.partialTypes).toEqual([]);
  });
});
