import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { fetchDevices } from '.';
import { fetchAppleMdm } from '../apple-mdm';
import { readAppleMdm } from '../apple-mdm/read';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import { buildStepTestConfigForStep, RECORDING_SIMULATORS } from '../../../test/config';
import {
  featureStepContext,
  SMALL_SYSTEMS_ORG,
  withFeatureSimulator,
} from '../../../test/optional-feature';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { generateDirectory } from '../../../simulator/directory/generate';
import { expectedEncryption, orgPosture } from '../../../simulator/posture/generate';
import { Entities, IngestionSources, Steps } from '../constants';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import {
  IntegrationLogger,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';
import { JumpCloudClient } from '../../jumpcloud';
import { OptionalFeature } from '../shared/optional-data';
import { SystemInsightsBitlockerInfo, SystemInsightsLogicalDrive } from '../../jumpcloud/types';
import {
  devicePostureProperties,
  DevicePostureCollector,
  flag,
  readBitlocker,
  readDevicePosture,
  readDiskEncryption,
  securityCenterState,
} from './posture';

const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];
const posture = orgPosture(org);

/**
 * Machines as osquery reports them (osquery/osquery at a5b14f63: tables/system/darwin/
 * disk_encryption.mm, linux/disk_encryption.cpp, filesystem/linux/mounts.cpp, windows/
 * bitlocker_info.cpp and logical_drives.cpp; JumpCloud's examples in `system-insights-*` of the
 * 2026 v2 specification), and the verdict each must get.
 */
type Rows = {
  fde?: { active?: unknown };
  /** Apple MDM's FileVault status of the enrolled Mac (../apple-mdm/read.ts). */
  mdmFileVault?: boolean;
  disk?: Array<[name: string, status: string, type?: string]>;
  mounts?: Array<[path: string, device: string, alias: string]>;
  bitlocker?: Array<
    [letter: string, protection: unknown, conversion: unknown, percentage: unknown]
  >;
  drives?: Array<[letter: string, boot: unknown]>;
};

function machine(platform: string, rows: Rows) {
  const collector = new DevicePostureCollector();
  const system_id = 'system';
  for (const [name, encryption_status, type] of rows.disk ?? []) {
    collector.diskEncryption({
      system_id,
      name,
      encryption_status,
      encrypted: encryption_status === 'encrypted' ? 1 : 0,
      type: type ?? '',
    });
  }
  for (const [path, device, device_alias] of rows.mounts ?? []) {
    collector.mount({ system_id, path, device, device_alias });
  }
  for (const [
    drive_letter,
    protection_status,
    conversion_status,
    percentage_encrypted,
  ] of rows.bitlocker ?? []) {
    collector.bitlocker({
      system_id,
      drive_letter,
      protection_status,
      conversion_status,
      percentage_encrypted,
    } as SystemInsightsBitlockerInfo);
  }
  for (const [device_id, boot_partition] of rows.drives ?? []) {
    collector.logicalDrive({ system_id, device_id, boot_partition } as SystemInsightsLogicalDrive);
  }
  return devicePostureProperties(collector.bySystem.get(system_id), {
    platform,
    fde: rows.fde,
    mdmFileVault: rows.mdmFileVault,
  });
}

/** Every APFS volume of a Mac reports the same status. */
const APFS = (status: string) => [
  ['/dev/disk3s1', status, status === 'encrypted' ? 'APFS Encryption' : ''] as [
    string,
    string,
    string,
  ],
  ['/dev/disk3s5', status, status === 'encrypted' ? 'APFS Encryption' : ''] as [
    string,
    string,
    string,
  ],
  ['/dev/disk3', 'undefined'] as [string, string],
];

/** A LUKS machine's block devices: only the mapping is encrypted (osquery). */
const LUKS_DISKS: Rows['disk'] = [
  ['/dev/sda', 'not encrypted'],
  ['/dev/sda1', 'not encrypted'],
  ['/dev/sda2', 'not encrypted'],
  ['/dev/sda3', 'not encrypted'],
  ['/dev/dm-0', 'encrypted', 'LUKS2-aes-xts-plain64'],
];
const LUKS_MOUNTS: Rows['mounts'] = [
  ['/', '/dev/mapper/luks-6f1c', '/dev/dm-0'],
  ['/boot', '/dev/sda2', '/dev/sda2'],
  ['/boot/efi', '/dev/sda1', '/dev/sda1'],
  ['/proc', 'proc', 'proc'],
  ['/run', 'tmpfs', 'tmpfs'],
];

describe('encryption verdict, macOS: FileVault as the agent reports it', () => {
  test('Mac, FileVault on, APFS encrypted: encrypted, its data volumes too', () => {
    expect(machine('darwin', { fde: { active: true }, disk: APFS('encrypted') })).toEqual({
      encrypted: true,
      encryptionSource: 'fde',
      dataVolumesEncrypted: true,
    });
  });

  test('Mac, FileVault off, Apple silicon (every APFS volume "encrypted"): not encrypted, and nothing claims its volumes are', () => {
    const properties = machine('darwin', { fde: { active: false }, disk: APFS('encrypted') });
    expect(properties).toEqual({ encrypted: false, encryptionSource: 'fde' });
    expect(Object.values(properties)).not.toContain(true);
  });

  test('Mac, FileVault off, Intel without T2: not encrypted, its plain APFS volumes listed', () => {
    expect(machine('darwin', { fde: { active: false }, disk: APFS('not encrypted') })).toEqual({
      encrypted: false,
      encryptionSource: 'fde',
      dataVolumesEncrypted: false,
      unencryptedDataVolumes: ['/dev/disk3s1', '/dev/disk3s5'],
    });
  });

  test('Mac whose agent reports no FileVault state, APFS "encrypted": no verdict at all', () => {
    expect(machine('darwin', { disk: APFS('encrypted') })).toEqual({});
  });

  test('Mac, FileVault on, a plain external HFS+ drive: encrypted, the drive listed', () => {
    expect(
      machine('darwin', {
        fde: { active: true },
        disk: [
          ...APFS('encrypted'),
          ['/dev/disk5s1', 'not encrypted'],
          ['/dev/disk8', 'undefined'],
        ],
      }),
    ).toEqual({
      encrypted: true,
      encryptionSource: 'fde',
      dataVolumesEncrypted: false,
      unencryptedDataVolumes: ['/dev/disk5s1'],
    });
  });
});

describe('encryption verdict, macOS: Apple MDM when the agent is silent', () => {
  test('Mac enrolled in MDM, agent silent, MDM FileVault on: encrypted, source apple-mdm', () => {
    expect(machine('darwin', { mdmFileVault: true, disk: APFS('encrypted') })).toEqual({
      encrypted: true,
      encryptionSource: 'apple-mdm',
      dataVolumesEncrypted: true,
    });
  });

  test('Mac enrolled in MDM, agent silent, MDM FileVault off, Apple silicon APFS "encrypted": not encrypted, nothing claims its volumes are', () => {
    const properties = machine('darwin', { mdmFileVault: false, disk: APFS('encrypted') });
    expect(properties).toEqual({ encrypted: false, encryptionSource: 'apple-mdm' });
    expect(Object.values(properties)).not.toContain(true);
  });

  test('Mac enrolled in MDM, no System Insights, agent silent, MDM FileVault off: not encrypted, source apple-mdm', () => {
    expect(machine('darwin', { mdmFileVault: false })).toEqual({
      encrypted: false,
      encryptionSource: 'apple-mdm',
    });
  });

  test('Mac whose agent says FileVault on while MDM says off: the agent decides', () => {
    expect(machine('darwin', { fde: { active: true }, mdmFileVault: false })).toEqual({
      encrypted: true,
      encryptionSource: 'fde',
    });
    expect(machine('darwin', { fde: { active: false }, mdmFileVault: true })).toEqual({
      encrypted: false,
      encryptionSource: 'fde',
    });
  });

  test('Windows and Linux machines are never decided by a FileVault status', () => {
    expect(machine('windows', { mdmFileVault: true })).toEqual({});
    expect(machine('linux', { mdmFileVault: true })).toEqual({});
  });
});

describe('encryption verdict, Windows: BitLocker on the drive Windows booted from', () => {
  const BOOT_C: Rows['drives'] = [
    ['C:', 1],
    ['D:', 0],
  ];

  test('Windows, BitLocker protecting C:, fully converted: encrypted', () => {
    expect(
      machine('windows', {
        bitlocker: [['C:', 1, 1, 100]],
        drives: BOOT_C,
        fde: { active: false },
      }),
    ).toEqual({ encrypted: true, encryptionSource: 'bitlocker_info', dataVolumesEncrypted: true });
  });

  test('Windows, BitLocker suspended on C: while the agent says encrypted: not encrypted', () => {
    expect(
      machine('windows', { bitlocker: [['C:', 0, 1, 100]], drives: BOOT_C, fde: { active: true } }),
    ).toEqual({
      encrypted: false,
      encryptionSource: 'bitlocker_info',
      dataVolumesEncrypted: false,
      unencryptedDataVolumes: ['C:'],
    });
  });

  test('Windows, C: still converting (40 %): not encrypted', () => {
    expect(machine('windows', { bitlocker: [['C:', 0, 2, 40]], drives: BOOT_C })).toMatchObject({
      encrypted: false,
      encryptionSource: 'bitlocker_info',
    });
  });

  test('Windows, BitLocker off, the agent silent: not encrypted', () => {
    expect(machine('windows', { bitlocker: [['C:', 0, 0, 0]], drives: BOOT_C })).toMatchObject({
      encrypted: false,
      encryptionSource: 'bitlocker_info',
    });
  });

  test('Windows, C: protected, D: plain, recovery partition without a letter: encrypted, D: listed', () => {
    expect(
      machine('windows', {
        bitlocker: [
          ['C:', 1, 1, 100],
          ['D:', 0, 0, 0],
          ['', 0, 0, 0],
        ],
        drives: BOOT_C,
      }),
    ).toEqual({
      encrypted: true,
      encryptionSource: 'bitlocker_info',
      dataVolumesEncrypted: false,
      unencryptedDataVolumes: ['D:'],
    });
  });

  test('Windows booted from D:: D: decides, not C:', () => {
    expect(
      machine('windows', {
        bitlocker: [
          ['C:', 1, 1, 100],
          ['D:', 0, 0, 0],
        ],
        drives: [
          ['C:', 0],
          ['D:', 1],
        ],
      }),
    ).toMatchObject({ encrypted: false, encryptionSource: 'bitlocker_info' });
  });

  test('Windows, C: locked (protection unknown) or no logical_drives row: the agent decides', () => {
    expect(
      machine('windows', { bitlocker: [['C:', 2, 1, 100]], drives: BOOT_C, fde: { active: true } }),
    ).toEqual({ encrypted: true, encryptionSource: 'fde' });
    expect(machine('windows', { bitlocker: [['C:', 1, 1, 100]], fde: { active: false } })).toEqual({
      encrypted: false,
      encryptionSource: 'fde',
      dataVolumesEncrypted: true,
    });
    expect(machine('windows', { bitlocker: [['C:', 1, 1, 100]] })).toEqual({
      dataVolumesEncrypted: true,
    });
  });

  test('Windows, osquery\'s string columns ("1", "100"): read like numbers', () => {
    expect(
      machine('windows', { bitlocker: [['C:', '1', '1', '100']], drives: [['C:', '1']] }),
    ).toMatchObject({ encrypted: true, encryptionSource: 'bitlocker_info' });
    expect(
      machine('windows', { bitlocker: [['C:', '0', '1', '100']], drives: [['C:', '1']] }),
    ).toMatchObject({ encrypted: false, encryptionSource: 'bitlocker_info' });
  });
});

describe('encryption verdict, Linux: the root filesystem on a dm-crypt/LUKS mapping', () => {
  test('Linux, root on LUKS, /boot and EFI plain: encrypted, no unencrypted data volume', () => {
    expect(machine('linux', { disk: LUKS_DISKS, mounts: LUKS_MOUNTS })).toEqual({
      encrypted: true,
      encryptionSource: 'disk_encryption',
      dataVolumesEncrypted: true,
    });
  });

  test("Linux, LVM on LUKS (the root volume inherits its parent mapping's status): encrypted", () => {
    expect(
      machine('linux', {
        disk: [...LUKS_DISKS, ['/dev/dm-1', 'encrypted', 'LUKS2-aes-xts-plain64']],
        mounts: [['/', '/dev/mapper/vg-root', '/dev/dm-1'], ...LUKS_MOUNTS.slice(1)],
      }),
    ).toMatchObject({ encrypted: true, encryptionSource: 'disk_encryption' });
  });

  test('Linux, root plain: not encrypted, / listed', () => {
    expect(
      machine('linux', {
        disk: [
          ['/dev/nvme0n1', 'not encrypted'],
          ['/dev/nvme0n1p1', 'not encrypted'],
          ['/dev/nvme0n1p2', 'not encrypted'],
        ],
        mounts: [
          ['/', '/dev/nvme0n1p2', '/dev/nvme0n1p2'],
          ['/boot/efi', '/dev/nvme0n1p1', '/dev/nvme0n1p1'],
        ],
        fde: { active: true },
      }),
    ).toEqual({
      encrypted: false,
      encryptionSource: 'disk_encryption',
      dataVolumesEncrypted: false,
      unencryptedDataVolumes: ['/'],
    });
  });

  test('Linux, root on LUKS, /data plain, snaps on loop devices: encrypted, /data listed', () => {
    expect(
      machine('linux', {
        disk: [...LUKS_DISKS, ['/dev/sdb', 'not encrypted'], ['/dev/loop0', 'not encrypted']],
        mounts: [
          ...LUKS_MOUNTS,
          ['/data', '/dev/sdb', '/dev/sdb'],
          ['/snap/core22/1380', '/dev/loop0', '/dev/loop0'],
        ],
      }),
    ).toEqual({
      encrypted: true,
      encryptionSource: 'disk_encryption',
      dataVolumesEncrypted: false,
      unencryptedDataVolumes: ['/data'],
    });
  });

  test('Linux without mounts, or whose root device has no row: no verdict, whatever the agent says', () => {
    expect(machine('linux', { disk: LUKS_DISKS, fde: { active: true } })).toEqual({});
    expect(
      machine('linux', {
        disk: LUKS_DISKS.slice(0, 4),
        mounts: LUKS_MOUNTS,
        fde: { active: false },
      }),
    ).toEqual({});
  });

  test('a phone or an unknown platform: no verdict from the agent', () => {
    expect(machine('other', { fde: { active: true } })).toEqual({});
  });
});

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
    expect(
      readDiskEncryption({ ...row, encryption_status: null, encrypted: '0' } as never),
    ).toMatchObject({ encrypted: false });
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

  test('flags as the specification types them (1/0) and as osquery produces them ("1"/"0")', () => {
    for (const [value, expected] of [
      [1, true],
      ['1', true],
      [0, false],
      ['0', false],
      [2, undefined],
      [null, undefined],
      ['yes', undefined],
      [true, undefined],
    ] as const) {
      expect([value, flag(value)]).toEqual([value, expected]);
    }
    const collector = new DevicePostureCollector();
    collector.alf({ system_id: 'a', global_state: '2', stealth_enabled: '1' } as never);
    collector.alf({ system_id: 'b', global_state: '0', stealth_enabled: '0' } as never);
    collector.secureBoot({ system_id: 'c', secure_boot: '1' } as never);
    collector.tpmInfo({ system_id: 'c', enabled: '0', activated: '1' } as never);
    collector.sipConfig({ system_id: 'd', config_flag: 'sip', enabled: '0' } as never);
    expect(devicePostureProperties(collector.bySystem.get('a'))).toEqual({
      firewallEnabled: true,
      firewallStealthMode: true,
    });
    expect(devicePostureProperties(collector.bySystem.get('b'))).toEqual({
      firewallEnabled: false,
      firewallStealthMode: false,
    });
    expect(devicePostureProperties(collector.bySystem.get('c'))).toEqual({
      secureBootEnabled: true,
      tpmEnabled: false,
      tpmActivated: true,
    });
    expect(devicePostureProperties(collector.bySystem.get('d'))).toEqual({
      systemIntegrityProtectionEnabled: false,
    });
  });

  test('System Integrity Protection: only the `sip` row decides, whatever rows follow it', () => {
    const collector = new DevicePostureCollector();
    // SIP off as a whole; per-protection rows after it say "enabled".
    collector.sipConfig({ system_id: 'off', config_flag: 'sip', enabled: 0 });
    for (const config_flag of ['allow_untrusted_kexts', 'allow_unrestricted_fs']) {
      collector.sipConfig({ system_id: 'off', config_flag, enabled: 1 });
    }
    collector.sipConfig({ system_id: 'on', config_flag: 'allow_task_for_pid', enabled: 0 });
    collector.sipConfig({ system_id: 'on', config_flag: 'sip', enabled: 1 });
    collector.sipConfig({ system_id: 'on', config_flag: 'allow_unrestricted_fs', enabled: 0 });
    // Per-protection rows alone say nothing of SIP as a whole.
    collector.sipConfig({ system_id: 'none', config_flag: 'allow_untrusted_kexts', enabled: 1 });
    expect(devicePostureProperties(collector.bySystem.get('off'))).toEqual({
      systemIntegrityProtectionEnabled: false,
    });
    expect(devicePostureProperties(collector.bySystem.get('on'))).toEqual({
      systemIntegrityProtectionEnabled: true,
    });
    expect(devicePostureProperties(collector.bySystem.get('none'))).toEqual({});
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
    collector.tpmInfo({ system_id: 'win', enabled: 1, activated: 1, spec_version: '2.0, 0, 1.59' });
    expect(devicePostureProperties(collector.bySystem.get('mac'))).toEqual({
      firewallEnabled: false,
      firewallStealthMode: false,
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

function systemInsightsFeature(logger: IntegrationLogger): OptionalFeature {
  return new OptionalFeature(logger, {
    name: 'System Insights',
    collects: 'posture',
    howToGetIt: 'a role',
    partialTypes: [],
  });
}

describe('readDevicePosture: one table refused after the others returned rows', () => {
  test("nothing of the organization's posture is kept, and it is reported once", async () => {
    const logger = createMockIntegrationLogger();
    const warnings = jest.spyOn(logger, 'publishWarnEvent');
    const tables: string[] = [];
    const row =
      (table: string, rows: Array<Record<string, unknown>>) =>
      async (_orgId: string, iteratee: (row: unknown) => void) => {
        tables.push(table);
        for (const r of rows) iteratee({ system_id: 'mac', ...r });
        return { count: rows.length };
      };
    const client = {
      iterateDiskEncryption: row('disk_encryption', [
        { name: '/dev/disk3s1', encryption_status: 'not encrypted', encrypted: 0 },
      ]),
      iterateBitlockerInfo: row('bitlocker_info', []),
      iterateMounts: row('mounts', []),
      iterateLogicalDrives: row('logical_drives', []),
      iterateAlf: row('alf', [{ global_state: 0 }]),
      iterateWindowsSecurityCenter: row('windows_security_center', []),
      iterateSipConfig: row('sip_config', [{ config_flag: 'sip', enabled: 1 }]),
      iterateSecureBoot: row('secureboot', []),
      iterateTpmInfo: async () => {
        // After every other table delivered its rows.
        await new Promise((resolve) => setImmediate(resolve));
        throw new IntegrationProviderAuthorizationError({
          endpoint: '/api/v2/systeminsights/tpm_info',
          status: 403,
          statusText: 'Forbidden',
        });
      },
    } as unknown as JumpCloudClient;
    const feature = systemInsightsFeature(logger);

    const posture = await readDevicePosture(client, feature, 'org');

    expect(tables).toHaveLength(8);
    expect(posture.size).toBe(0);
    expect(devicePostureProperties(posture.get('mac'), { platform: 'darwin' })).toEqual({});
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(feature.unavailable('org')?.reason).toBe('forbidden');
  });
});

describe('readDevicePosture: one table refused while another is still being read', () => {
  test('returns only after every table settled, so no row lands after it returned', async () => {
    const logger = createMockIntegrationLogger();
    let tpmSettled = false;
    const none = async () => ({ count: 0 });
    const client = {
      iterateDiskEncryption: async () => {
        throw new IntegrationProviderAuthorizationError({
          endpoint: '/api/v2/systeminsights/disk_encryption',
          status: 403,
          statusText: 'Forbidden',
        });
      },
      iterateBitlockerInfo: none,
      iterateMounts: none,
      iterateLogicalDrives: none,
      iterateAlf: none,
      iterateWindowsSecurityCenter: none,
      iterateSipConfig: none,
      iterateSecureBoot: none,
      iterateTpmInfo: async (_orgId: string, iteratee: (row: unknown) => void) => {
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
        iteratee({ system_id: 'win', enabled: 1, activated: 1, spec_version: '2.0, 0, 1.59' });
        tpmSettled = true;
        return { count: 1 };
      },
    } as unknown as JumpCloudClient;
    const feature = systemInsightsFeature(logger);

    const posture = await readDevicePosture(client, feature, 'org');

    expect(tpmSettled).toBe(true);
    expect(posture.size).toBe(0);
    expect(feature.unavailable('org')?.reason).toBe('forbidden');
  });
});

describe(`${Steps.DEVICES.id}: verified encryption and protection`, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('the encryption verdict, every volume verdict, firewall and protection of every device; no value where nothing was reported', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-devices-posture' });
    const result = await executeStepWithDependencies(buildStepTestConfigForStep(Steps.DEVICES.id));
    const requests = getCurrentClient()!.stats.byEndpoint;
    for (const table of [
      'disk_encryption',
      'bitlocker_info',
      'mounts',
      'logical_drives',
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
    // executeStepWithDependencies runs the step on a fresh instance, without the run memory
    // read-apple-mdm filled (and Apple MDM is answered 404 here): no MDM verdicts. The test
    // below runs the steps on one instance, as a run does.
    const verdicts = expectedEncryption(org, true, false);
    for (const device of devices) {
      const expected = verdicts.get(device._key)!;
      expect([
        device._key,
        device.encrypted,
        device.encryptionSource,
        device.dataVolumesEncrypted,
        device.unencryptedDataVolumes,
      ]).toEqual([
        device._key,
        expected.encrypted,
        expected.encryptionSource,
        expected.dataVolumesEncrypted,
        expected.unencryptedDataVolumes,
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
    // The machines the issue names are in the recording, each with its verdict.
    const byMachine = (machine: string) =>
      posture.disks
        .filter((disk) => disk.machine === machine)
        .map((disk) => devices.find((d) => d._key === disk.systemId)!);
    const fileVaultOff = byMachine('Mac, FileVault off, hardware-encrypted APFS');
    expect(fileVaultOff.length).toBeGreaterThan(0);
    for (const device of fileVaultOff) {
      expect([device.encrypted, device.dataVolumesEncrypted]).toEqual([false, undefined]);
    }
    const luks = byMachine('Linux, root on LUKS, /boot and EFI plain');
    expect(luks.length).toBeGreaterThan(0);
    for (const device of luks) expect(device.encrypted).toBe(true);
    const suspended = byMachine('Windows, BitLocker suspended on C:');
    expect(suspended.length).toBeGreaterThan(0);
    for (const device of suspended) {
      expect([device.encrypted, device.encryptionSource]).toEqual([false, 'bitlocker_info']);
    }
    // Machines without System Insights have no posture value at all.
    const silent = org.systems.filter((s) => s.systemInsights.state !== 'enabled');
    expect(silent.length).toBeGreaterThan(0);
    for (const system of silent) {
      const device = devices.find((d) => d._key === system.id)!;
      expect([
        device.dataVolumesEncrypted,
        device.firewallEnabled,
        device.secureBootEnabled,
      ]).toEqual([undefined, undefined, undefined]);
    }
  });
});

describe(`${Steps.DEVICES.id} with the endpoint posture source turned off`, () => {
  test('no posture table is read and no device gets a posture property', async () => {
    await withFeatureSimulator({ ...SMALL_SYSTEMS_ORG, systems: 8 }, async (simulator) => {
      const simulated = simulator.data.orgs[0];
      const { context } = featureStepContext(simulator);
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
        expect([device.dataVolumesEncrypted, device.firewallEnabled]).toEqual([
          undefined,
          undefined,
        ]);
        // Only the agent's word remains: macOS and Windows from `fde`, no verdict elsewhere.
        const system = simulated.systems.find((s) => s.id === device._key)!;
        const agent =
          system.osFamily === 'darwin' || system.osFamily === 'windows'
            ? system.fde?.active
            : undefined;
        expect([device._key, device.encrypted]).toEqual([device._key, agent]);
      }
    });
  });
});

describe(`${Steps.DEVICES.id}: Apple MDM's FileVault status, steps on one instance as in a run`, () => {
  test('Macs the agent does not report get MDM’s verdict; Apple MDM is requested once', async () => {
    await withFeatureSimulator(
      { ...SMALL_SYSTEMS_ORG, systems: 24, appleDevices: 12 },
      async (simulator) => {
        const simulated = simulator.data.orgs[0];
        const { context } = featureStepContext(simulator);
        await readAppleMdm(context);
        await fetchDevices(context);
        await fetchAppleMdm(context);

        const devices = context.jobState.collectedEntities.filter(
          (e) => e._type === Entities.DEVICE._type,
        );
        const verdicts = expectedEncryption(simulated);
        expect(
          Object.fromEntries(devices.map((d) => [d._key, [d.encrypted, d.encryptionSource]])),
        ).toEqual(
          Object.fromEntries(
            simulated.systems.map((s) => [
              s.id,
              [verdicts.get(s.id)?.encrypted, verdicts.get(s.id)?.encryptionSource],
            ]),
          ),
        );
        // The machine the generator makes for it: a Mac without `fde`, enrolled, FileVault
        // status given; its verdict is the status MDM serves for its serial.
        const byMdm = devices.filter((d) => d.encryptionSource === 'apple-mdm');
        expect(byMdm.length).toBeGreaterThan(0);
        for (const device of byMdm) {
          const system = simulated.systems.find((s) => s.id === device._key)!;
          const mdm = simulated.appleMdmDevices.find(
            (d) => d.serialNumber === system.serialNumber,
          )!;
          expect([device._key, system.fde, mdm.enrolled, device.encrypted]).toEqual([
            device._key,
            undefined,
            true,
            mdm.securityInfo.filevaultEnabled,
          ]);
        }
        // The Apple MDM step wrote what read-apple-mdm read, without requesting it again.
        const requests = simulator.stats().requests.byEndpoint;
        expect(requests['GET /api/v2/applemdms']).toBe(1);
        expect(requests['GET /api/v2/applemdms/{id}/devices']).toBe(1);
        expect(
          context.jobState.collectedEntities.filter((e) => e._type === Entities.APPLE_DEVICE._type),
        ).toHaveLength(simulated.appleMdmDevices.length);
      },
    );
  });
});
