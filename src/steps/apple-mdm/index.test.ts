import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import {
  buildStepTestConfigForStep,
  RECORDING_API_KEY,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { edgePairs } from '../../../test/graph-helpers';
import { recordingPerTest } from '../../../test/recording';
import { runIntegration } from '../../../scripts/lib/run-integration';
import { generateDirectory, AppleMdmMode } from '../../../simulator/directory/generate';
import { Entities, Relationships, Steps } from '../constants';
import { APPLE_MDM_TYPES } from '.';

/** What the simulator behind the recording holds: the ground truth, computed, not recorded. */
const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

describe(Steps.APPLE_MDM.id, () => {
  const record = recordingPerTest(__dirname, { recordsAppleMdm: true });

  test('the MDM, its devices, and the systems they are', async () => {
    record('fetch-apple-mdm');
    const stepConfig = buildStepTestConfigForStep(Steps.APPLE_MDM.id);
    const result = await executeStepWithDependencies(stepConfig);
    const mdm = org.appleMdm!;

    // /applemdms defaults to limit=1; the client asks for pages of 100 and the MDM is there.
    const mdms = result.collectedEntities.filter((e) => e._type === Entities.APPLE_MDM._type);
    expect(mdms.map((e) => e._key)).toEqual([mdm.id]);
    expect(mdms[0]).toMatchObject({
      orgId: org.id,
      depServerTokenState: mdm.depServerTokenState,
      apnsCertExpiry: mdm.apnsCertExpiry,
      apnsCertExpiresOn: Date.parse(mdm.apnsCertExpiry),
      appleCertSerialNumber: mdm.appleCertSerialNumber,
      allowMobileUserEnrollment: mdm.allowMobileUserEnrollment,
    });
    expect(
      edgePairs(result.collectedRelationships, Relationships.ACCOUNT_HAS_APPLE_MDM._type),
    ).toEqual([`${org.id}>${mdm.id}`]);

    const devices = result.collectedEntities.filter((e) => e._type === Entities.APPLE_DEVICE._type);
    expect(devices.map((d) => d._key).sort()).toEqual(org.appleMdmDevices.map((d) => d.id).sort());
    expect(
      edgePairs(result.collectedRelationships, Relationships.APPLE_DEVICE_HAS_APPLE_MDM._type),
    ).toEqual(org.appleMdmDevices.map((d) => `${d.id}>${mdm.id}`).sort());
    for (const source of org.appleMdmDevices) {
      const entity = devices.find((d) => d._key === source.id)!;
      expect(entity).toMatchObject({
        make: 'Apple',
        serial: source.serialNumber,
        deviceId: source.udid,
        category: source.modelFamily === 'Mac' ? 'endpoint' : 'mobile',
      });
      if (source.modelFamily === 'Mac' && source.securityInfo.filevaultEnabled !== undefined) {
        expect(entity.encrypted).toBe(source.securityInfo.filevaultEnabled);
      }
    }

    // device IS apple device exactly where the serial numbers match.
    const expectedIs = org.appleMdmDevices.flatMap((d) =>
      org.systems.filter((s) => s.serialNumber === d.serialNumber).map((s) => `${s.id}>${d.id}`),
    );
    expect(expectedIs.length).toBeGreaterThan(0);
    expect(
      edgePairs(result.collectedRelationships, Relationships.DEVICE_IS_APPLE_DEVICE._type),
    ).toEqual(expectedIs.sort());

    // Twice: read-apple-mdm reads it (a dependency), and executeStepWithDependencies runs this
    // step on a fresh instance, without that run memory, so it reads it again itself. In a run
    // it is read once (posture.test.ts: the steps on one instance; the demo's request count).
    expect(getCurrentClient()!.stats.byEndpoint['GET /api/v2/applemdms']).toBe(2);
    expect(result).toMatchStepMetadata(stepConfig);
  });
});

/**
 * An organization without Apple MDM, and a key that may not read it: simulators started
 * here (the recording simulators cannot change mode per test), no recording.
 */
describe(`${Steps.APPLE_MDM.id} without access to Apple MDM`, () => {
  const sizes = { users: 4, groups: 2, apps: 1, systems: 4, systemGroups: 1, appleDevices: 3 };

  async function withSimulator<T>(
    appleMdm: AppleMdmMode,
    run: (simulator: { url: string; apiKey: string; orgId: string }) => Promise<T>,
  ): Promise<T> {
    const { startSimulator } = await import('../../../simulator');
    const simulator = await startSimulator({
      seed: 3,
      ...sizes,
      appleMdm,
      apiKey: RECORDING_API_KEY,
      quiet: true,
    });
    try {
      resetClient();
      return await run({
        url: simulator.url,
        apiKey: simulator.apiKey,
        orgId: simulator.orgIds[0],
      });
    } finally {
      resetClient();
      await simulator.stop();
    }
  }

  test('a whole run with a 403 on Apple MDM: the rest is collected, MDM types are partial', async () => {
    await withSimulator('forbidden', async (simulator) => {
      const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
      const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
      expect(status[Steps.APPLE_MDM.id]).toBe('failure');
      for (const [id, value] of Object.entries(status)) {
        if (id !== Steps.APPLE_MDM.id) expect([id, value]).toEqual([id, 'success']);
      }
      expect([...run.partialTypes].sort()).toEqual([...APPLE_MDM_TYPES].sort());
      expect(run.entities.filter((e) => e._type === Entities.DEVICE._type)).toHaveLength(
        sizes.systems,
      );
      expect(run.entities.some((e) => e._type === Entities.APPLE_MDM._type)).toBe(false);
    });
  });

  test('a whole run without Apple MDM: every step succeeds and nothing is partial', async () => {
    await withSimulator('absent', async (simulator) => {
      const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
      expect(run.stepResults.every((s) => s.status === 'success')).toBe(true);
      expect(run.partialTypes).toEqual([]);
      expect(run.entities.filter((e) => e._type === Entities.DEVICE._type)).toHaveLength(
        sizes.systems,
      );
    });
  });
});
