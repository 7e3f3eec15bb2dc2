import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';

import { IntegrationConfig } from '../../config';
import { createAccountEntity } from '../account/converter';
import { fetchDevices } from '.';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import {
  buildStepTestConfigForStep,
  RECORDING_API_KEY,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { generateDirectory } from '../../../simulator/directory/generate';
import { orgPosture } from '../../../simulator/posture/generate';
import { Entities, IngestionSources, Steps } from '../constants';
import {
  devicePostureProperties,
  DevicePostureCollector,
  readBitlocker,
  readDiskEncryption,
  securityCenterState,
} from './posture';

const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];
const posture = orgPosture(org);

describe('device posture readers', () => {
  test('disk_encryption: the status decides; "undefined" is no verdict', () => {
    const row = { system_id: 's', name: '/dev/disk3s1' };
    expect(readDiskEncryption({ ...row, encryption_status: 'encrypted', encrypted: 1 })).toEqual({
      name: '/dev/disk3s1',
      encrypted: true,
    });
    expect(
      readDiskEncryption({ ...row, encryption_status: 'not encrypted', encrypted: 0 }),
    ).toEqual({ name: '/dev/disk3s1', encrypted: false });
    expect(
      readDiskEncryption({ ...row, encryption_status: 'undefined', encrypted: 0 }),
    ).toBeUndefined();
    expect(readDiskEncryption({ ...row, encryption_status: null, encrypted: 1 })).toMatchObject({
      encrypted: true,
    });
    expect(readDiskEncryption({ system_id: 's', encryption_status: 'encrypted' })).toBeUndefined();
  });

  test('bitlocker_info: fully encrypted AND protected; suspended or converting is not; unknown protection is no verdict', () => {
    const row = { system_id: 's', drive_letter: 'C:' };
    expect(
      readBitlocker({
        ...row,
        protection_status: 1,
        conversion_status: 1,
        percentage_encrypted: 100,
      }),
    ).toEqual({ name: 'C:', encrypted: true });
    expect(
      readBitlocker({
        ...row,
        protection_status: 0,
        conversion_status: 1,
        percentage_encrypted: 100,
      }),
    ).toEqual({ name: 'C:', encrypted: false });
    expect(
      readBitlocker({
        ...row,
        protection_status: 0,
        conversion_status: 2,
        percentage_encrypted: 40,
      }),
    ).toEqual({ name: 'C:', encrypted: false });
    expect(readBitlocker({ ...row, protection_status: 2, conversion_status: 1 })).toBeUndefined();
  });

  test('Windows Security Center states and firewalls; no row gives no value', () => {
    expect(securityCenterState('Good')).toBe(true);
    expect(securityCenterState('Poor')).toBe(false);
    expect(securityCenterState('Snoozed')).toBe(false);
    expect(securityCenterState('Not Monitored')).toBeUndefined();
    const collector = new DevicePostureCollector();
    collector.alf({ system_id: 'mac', global_state: 0, stealth_enabled: 0 });
    collector.alf({ system_id: 'mac2', global_state: 2, stealth_enabled: 1 });
    collector.windowsSecurityCenter({
      system_id: 'win',
      firewall: 'Good',
      antivirus: 'Not Monitored',
    });
    collector.sipConfig({ system_id: 'mac', config_flag: 'allow_untrusted_kexts', enabled: 0 });
    collector.sipConfig({ system_id: 'mac', config_flag: 'sip', enabled: 1 });
    collector.tpmInfo({ system_id: 'win', enabled: 1, activated: 1, spec_version: '2.0, 0, 1.59' });
    expect(devicePostureProperties(collector.bySystem.get('mac'))).toEqual({
      firewallEnabled: false,
      firewallStealthMode: false,
      systemIntegrityProtectionEnabled: true,
    });
    expect(devicePostureProperties(collector.bySystem.get('mac2'))).toMatchObject({
      firewallEnabled: true,
    });
    expect(devicePostureProperties(collector.bySystem.get('win'))).toEqual({
      firewallEnabled: true,
      antivirusStatus: 'Not Monitored',
      tpmEnabled: true,
      tpmActivated: true,
      tpmVersion: '2.0',
    });
    expect(devicePostureProperties(undefined)).toEqual({});
  });
});

describe(`${Steps.DEVICES.id}: verified encryption and protection`, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('every volume verdict, firewall and protection of every device; no value where nothing was reported', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-devices-posture' });
    const result = await executeStepWithDependencies(buildStepTestConfigForStep(Steps.DEVICES.id));
    const requests = getCurrentClient()!.stats.byEndpoint;
    for (const table of [
      'disk_encryption',
      'bitlocker_info',
      'alf',
      'windows_security_center',
      'sip_config',
      'secureboot',
      'tpm_info',
    ]) {
      expect([table, requests[`GET /api/v2/systeminsights/${table}`]]).toEqual([table, 1]);
    }

    const devices = result.collectedEntities.filter((e) => e._type === Entities.DEVICE._type);
    expect(devices).toHaveLength(org.systems.length);
    for (const device of devices) {
      const volumes = posture.volumes.filter(
        (v) => v.systemId === device._key && v.encrypted !== null,
      );
      const unencrypted = volumes
        .filter((v) => !v.encrypted)
        .map((v) => v.name)
        .sort();
      expect([device._key, device.allVolumesEncrypted, device.unencryptedVolumes]).toEqual([
        device._key,
        volumes.length > 0 ? unencrypted.length === 0 : undefined,
        unencrypted.length > 0 ? unencrypted : undefined,
      ]);
      expect([device._key, device.firewallEnabled]).toEqual([
        device._key,
        posture.firewall.get(device._key),
      ]);
      const sip = posture.sipConfig.find(
        (r) => r.system_id === device._key && r.config_flag === 'sip',
      );
      expect([device._key, device.systemIntegrityProtectionEnabled]).toEqual([
        device._key,
        sip ? sip.enabled === 1 : undefined,
      ]);
      const boot = posture.secureboot.find((r) => r.system_id === device._key);
      expect([device._key, device.secureBootEnabled]).toEqual([
        device._key,
        boot ? boot.secure_boot === 1 : undefined,
      ]);
      const wsc = posture.windowsSecurityCenter.find((r) => r.system_id === device._key);
      expect([device._key, device.antivirusStatus]).toEqual([
        device._key,
        wsc?.antivirus ?? undefined,
      ]);
      const tpm = posture.tpmInfo.find((r) => r.system_id === device._key);
      expect([device._key, device.tpmEnabled]).toEqual([
        device._key,
        tpm ? tpm.enabled === 1 : undefined,
      ]);
    }
    // The agent summary claims encryption while a volume is not encrypted.
    expect(devices.some((d) => d.encrypted === true && d.allVolumesEncrypted === false)).toBe(true);
    // Machines without System Insights have no posture value at all.
    const silent = org.systems.filter((s) => s.systemInsights.state !== 'enabled');
    expect(silent.length).toBeGreaterThan(0);
    for (const system of silent) {
      const device = devices.find((d) => d._key === system.id)!;
      expect([
        device.allVolumesEncrypted,
        device.firewallEnabled,
        device.secureBootEnabled,
      ]).toEqual([undefined, undefined, undefined]);
    }
  });
});

describe(`${Steps.DEVICES.id} with the endpoint posture source turned off`, () => {
  test('no posture table is read and no device gets a posture property', async () => {
    const { startSimulator } = await import('../../../simulator');
    const simulator = await startSimulator({
      seed: 5,
      users: 4,
      groups: 1,
      apps: 1,
      systems: 8,
      systemGroups: 1,
      appleDevices: 0,
      apiKey: RECORDING_API_KEY,
      quiet: true,
    });
    try {
      resetClient();
      const simulated = simulator.data.orgs[0];
      const context = createMockStepExecutionContext<IntegrationConfig>({
        instanceConfig: { apiKey: simulator.apiKey, baseUrl: simulator.url, concurrency: 2 },
        entities: [createAccountEntity({ _id: simulated.id, id: simulated.id }, simulator.url)],
      });
      context.instance.disabledSources = [{ ingestionSourceId: IngestionSources.ENDPOINT_POSTURE }];
      await fetchDevices(context);
      const endpoints = Object.keys(simulator.stats().requests.byEndpoint);
      expect(endpoints.filter((e) => e.includes('/systeminsights/'))).toEqual([
        'GET /api/v2/systeminsights/system_info',
      ]);
      const devices = context.jobState.collectedEntities.filter(
        (e) => e._type === Entities.DEVICE._type,
      );
      expect(devices).toHaveLength(simulated.systems.length);
      for (const device of devices) {
        expect([device.allVolumesEncrypted, device.firewallEnabled]).toEqual([
          undefined,
          undefined,
        ]);
      }
    } finally {
      resetClient();
      await simulator.stop();
    }
  });
});
