import { getRawData } from '@jupiterone/integration-sdk-core';

import { GraphObjectWithPaths, JumpCloudSystem, JumpCloudSystemInfo } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import {
  createAccountHasDeviceRelationship,
  createDeviceEntity,
  createUserAssignedDeviceRelationship,
  createUserHasDeviceRelationship,
  deviceCategory,
  devicePlatform,
  parseByteCount,
  readSystemInfo,
  readTraversal,
  sanitizeSystem,
  SYSTEM_RAW_DATA_FIELDS,
} from './converter';
import { edgeKey } from '../shared/keys';

const BASE_URL = 'https://console.jumpcloud.com';
const ORG_ID = '5f1b2c3d4e5f60718293a4b5';

function macSystem(overrides: Partial<JumpCloudSystem> = {}): JumpCloudSystem {
  return {
    _id: '64a1b2c3d4e5f60718293a01',
    id: '64a1b2c3d4e5f60718293a01',
    displayName: 'MBP-00001',
    hostname: 'mbp-3fa2c1',
    description: '',
    serialNumber: 'C02XK1ABJG5H',
    organization: ORG_ID,
    created: '2022-03-01T10:00:00.000Z',
    templateName: 'macosx-darwin-arm64',
    hwVendor: 'Apple Inc.',
    os: 'Mac OS X',
    osFamily: 'darwin',
    version: '14.6.1',
    arch: 'arm64',
    osVersionDetail: { osName: 'macOS', version: '14.6.1' },
    fileSystem: 'apfs',
    systemTimezone: -300,
    desktopCapable: true,
    agentVersion: '1.160.0',
    active: true,
    lastContact: '2026-08-20T12:00:00.000Z',
    remoteIP: '203.0.113.7',
    networkInterfaces: [{ name: 'en0', address: '10.1.2.3', family: 'IPv4', internal: false }],
    connectionHistory: [{ ip: '203.0.113.7' }],
    allowSshRootLogin: false,
    allowSshPasswordAuthentication: true,
    allowMultiFactorAuthentication: true,
    allowPublicKeyAuthentication: false,
    sshRootEnabled: false,
    secureLogin: { enabled: true, supported: true },
    fde: { active: true, keyPresent: true },
    mdm: { vendor: 'internal', dep: true, userApproved: true, enrollmentType: 'automated device' },
    isPolicyBound: true,
    primarySystemUser: { id: '64a1b2c3d4e5f60718293b01' },
    ...overrides,
  };
}

function windowsSystem(overrides: Partial<JumpCloudSystem> = {}): JumpCloudSystem {
  return {
    _id: '64a1b2c3d4e5f60718293a02',
    id: '64a1b2c3d4e5f60718293a02',
    displayName: 'WIN-00002',
    hostname: 'win-91ac0e',
    serialNumber: 'PF3KQ9Z1',
    created: '2022-03-01T10:04:00.000Z',
    hwVendor: 'LENOVO',
    os: 'Windows',
    osFamily: 'windows',
    version: '11 Pro',
    osVersionDetail: { osName: 'Microsoft Windows 11 Pro', version: '11 Pro' },
    desktopCapable: true,
    active: false,
    lastContact: '2026-07-01T08:30:00.000Z',
    mdm: { vendor: 'none', dep: false, userApproved: false },
    primarySystemUser: { id: null },
    ...overrides,
  };
}

/** Ubuntu server: never seen, no fde, no mdm, no primary user object, no serial. */
function linuxServer(overrides: Partial<JumpCloudSystem> = {}): JumpCloudSystem {
  return {
    _id: '64a1b2c3d4e5f60718293a03',
    id: '64a1b2c3d4e5f60718293a03',
    displayName: 'SRV-00003',
    hostname: 'srv-0b1c2d',
    serialNumber: '',
    created: '2022-03-01T10:08:00.000Z',
    hwVendor: '',
    os: 'Ubuntu',
    osFamily: 'linux',
    version: '22.04',
    desktopCapable: false,
    lastContact: null,
    allowSshRootLogin: true,
    sshRootEnabled: true,
    sshdParams: [{ name: 'PermitRootLogin', value: 'no' }],
    ...overrides,
  };
}

describe('createDeviceEntity', () => {
  test('a Mac with FDE, an owner and bound users has every Device property', () => {
    const entity = createDeviceEntity(macSystem(), BASE_URL, ORG_ID, {
      ownerEmail: 'ada@example.com',
      userEmails: ['grace@example.com', 'ada@example.com', 'ada@example.com', 'not-an-email'],
    });

    expect(entity).toMatchObject({
      _key: '64a1b2c3d4e5f60718293a01',
      _type: 'jumpcloud_device',
      _class: ['Device'],
      id: '64a1b2c3d4e5f60718293a01',
      orgId: ORG_ID,
      name: 'MBP-00001',
      displayName: 'MBP-00001',
      hostname: 'mbp-3fa2c1',
      createdOn: Date.parse('2022-03-01T10:00:00.000Z'),
      webLink: `${BASE_URL}/#/devices/64a1b2c3d4e5f60718293a01/details`,
      active: true,
      lastSeenOn: Date.parse('2026-08-20T12:00:00.000Z'),
      category: 'endpoint',
      make: 'Apple Inc.',
      model: null,
      serial: 'C02XK1ABJG5H',
      deviceId: '64a1b2c3d4e5f60718293a01',
      platform: 'darwin',
      osName: 'macOS',
      osVersion: '14.6.1',
      osDetails: 'macOS 14.6.1',
      systemTimezone: -300,
      templateName: 'macosx-darwin-arm64',
      agentVersion: '1.160.0',
      fileSystem: 'apfs',
      encrypted: true,
      isEncryptionKeyPresent: true,
      isSshPasswordAuthenticationEnabled: true,
      isSshRootLoginEnabled: false,
      isSshRootEnabled: false,
      isMultiFactorAuthenticationEnabled: true,
      isPublicKeyAuthenticationEnabled: false,
      isDesktopCapable: true,
      isPolicyBound: true,
      isSecureLoginEnabled: true,
      isSecureLoginSupported: true,
      mdmEnrolled: true,
      mdmVendor: 'internal',
      mdmDep: true,
      mdmEnrollmentType: 'automated device',
      primaryUserId: '64a1b2c3d4e5f60718293b01',
      email: 'ada@example.com',
      owner: 'ada@example.com',
      userEmails: ['ada@example.com', 'grace@example.com'],
    });
    // The system's OS version must not land in the Device schema's hardware `version`.
    expect(entity.version).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DEVICE._class });
  });

  test('a Windows laptop without fde, with { id: null } primary user and no owner', () => {
    const entity = createDeviceEntity(windowsSystem(), BASE_URL, ORG_ID);

    expect(entity).toMatchObject({
      category: 'endpoint',
      make: 'LENOVO',
      platform: 'windows',
      osName: 'Microsoft Windows 11 Pro',
      osVersion: '11 Pro',
      mdmEnrolled: false,
      mdmVendor: 'none',
      active: false,
    });
    expect(entity.email).toBeUndefined();
    expect(entity.owner).toBeUndefined();
    expect(entity.userEmails).toBeUndefined();
    expect(entity.primaryUserId).toBeUndefined();
    // No fde: nothing said of encryption (System Insights may still decide it; see posture).
    expect([entity.encrypted, entity.encryptionSource, entity.isEncryptionKeyPresent]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    // Flags the record leaves out are absent, never false.
    expect([entity.isSshRootLoginEnabled, entity.isSecureLoginSupported]).toEqual([
      undefined,
      undefined,
    ]);
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DEVICE._class });
  });

  test('a Linux server never seen, without fde, mdm, serial, vendor or primary user', () => {
    const entity = createDeviceEntity(linuxServer(), BASE_URL, ORG_ID);

    expect(entity).toMatchObject({
      category: 'server',
      make: 'Unknown',
      model: null,
      serial: null,
      deviceId: '64a1b2c3d4e5f60718293a03',
      platform: 'linux',
      osName: 'Ubuntu',
      osVersion: '22.04',
      lastSeenOn: null,
      isSshRootLoginEnabled: true,
      isSshRootEnabled: true,
    });
    expect(entity.mdmVendor).toBeUndefined();
    expect(entity.email).toBeUndefined();
    expect([entity.encrypted, entity.isEncryptionKeyPresent]).toEqual([undefined, undefined]);
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DEVICE._class });
  });

  test("the agent's fde decides alone for macOS and Windows, never for Linux", () => {
    const on = { fde: { active: true, keyPresent: false } };
    expect(createDeviceEntity(macSystem(on), BASE_URL, ORG_ID)).toMatchObject({
      encrypted: true,
      encryptionSource: 'fde',
      isEncryptionKeyPresent: false,
    });
    expect(
      createDeviceEntity(windowsSystem({ fde: { active: false } }), BASE_URL, ORG_ID),
    ).toMatchObject({ encrypted: false, encryptionSource: 'fde' });
    const linux = createDeviceEntity(linuxServer(on), BASE_URL, ORG_ID);
    expect([linux.encrypted, linux.encryptionSource]).toEqual([undefined, undefined]);
  });

  test('a Mac without hwVendor is made by Apple; a name falls back to hostname, then id', () => {
    expect(createDeviceEntity(macSystem({ hwVendor: null }), BASE_URL, ORG_ID).make).toBe('Apple');
    expect(createDeviceEntity(macSystem({ displayName: ' ' }), BASE_URL, ORG_ID).name).toBe(
      'mbp-3fa2c1',
    );
    expect(
      createDeviceEntity(macSystem({ displayName: null, hostname: null }), BASE_URL, ORG_ID).name,
    ).toBe('64a1b2c3d4e5f60718293a01');
  });

  test('the 2023 secureLoginEnabled flag is read when secureLogin is absent', () => {
    const entity = createDeviceEntity(
      macSystem({ secureLogin: undefined, secureLoginEnabled: true }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.isSecureLoginEnabled).toBe(true);
  });

  test('_rawData keeps no network addresses and no secret-named strings', () => {
    const system = macSystem({
      fde: { active: true, keyPresent: true, key: 'RECOVERY-KEY-1234' } as JumpCloudSystem['fde'],
      recoveryKey: 'ABCD-EFGH',
      sshdParams: [{ name: 'PermitRootLogin', value: 'no' }],
      serviceAccountState: { hasSecureToken: true, passwordAPFSValid: true },
      extra: { nested: { privateKey: '-----BEGIN PRIVATE KEY-----' } },
    });
    const entity = createDeviceEntity(system, BASE_URL, ORG_ID);
    const raw = getRawData(entity) as Record<string, unknown>;
    const serialized = JSON.stringify(entity);

    expect(raw.remoteIP).toBeUndefined();
    expect(raw.networkInterfaces).toBeUndefined();
    expect(raw.connectionHistory).toBeUndefined();
    expect(raw.fde).toEqual({ active: true, keyPresent: true });
    expect(raw.recoveryKey).toBeUndefined();
    expect(serialized).not.toContain('RECOVERY-KEY-1234');
    expect(serialized).not.toContain('ABCD-EFGH');
    expect(serialized).not.toContain('BEGIN PRIVATE KEY');
    expect(serialized).not.toContain('203.0.113.7');
    // By allow-list: sshd configuration values and fields not named in it stay out.
    expect(raw.sshdParams).toBeUndefined();
    expect(raw.serviceAccountState).toBeUndefined();
    expect(
      Object.keys(raw).every(
        (field) =>
          field === 'fde' ||
          field === 'primarySystemUser' ||
          (SYSTEM_RAW_DATA_FIELDS as readonly string[]).includes(field),
      ),
    ).toBe(true);
  });

  test('sanitizeSystem does not change the record it is given', () => {
    const system = macSystem();
    sanitizeSystem(system);
    expect(system.remoteIP).toBe('203.0.113.7');
  });
});

describe('hardware from System Insights', () => {
  /** The row the 2026 specification shows as its example, trailing spaces included. */
  const row: JumpCloudSystemInfo = {
    collection_time: '2019-06-03 19:41:30',
    computer_name: "Johnny's MacBook Pro (2)",
    cpu_brand: 'Intel(R) Core(TM) i7-7820HQ CPU @ 2.90GHz',
    cpu_logical_cores: 8,
    cpu_microcode: '',
    cpu_physical_cores: 4,
    cpu_subtype: 'Intel x86-64h Haswell',
    cpu_type: 'x86_64h',
    hardware_model: 'MacBookPro14,3 ',
    hardware_serial: '111111FFFFFF',
    hardware_vendor: 'Apple Inc. ',
    hardware_version: '1.0 ',
    hostname: 'johnnys-macbook-pro-2.local',
    local_hostname: 'Jonnys-MacBook-Pro-2',
    physical_memory: '17179869184',
    system_id: '5c9e51a13c5146f89bae12d9',
    uuid: '11111111-FFFF-1111-FFFF-111111111111',
  };

  test('a row is read trimmed, memory as a number of bytes', () => {
    expect(readSystemInfo(row)).toEqual({
      vendor: 'Apple Inc.',
      model: 'MacBookPro14,3',
      version: '1.0',
      serial: '111111FFFFFF',
      cpuBrand: 'Intel(R) Core(TM) i7-7820HQ CPU @ 2.90GHz',
      cpuCores: 4,
      cpuLogicalCores: 8,
      physicalMemoryBytes: 17179869184,
    });
  });

  test('null, blank and malformed fields are left out; an empty row is no hardware', () => {
    expect(
      readSystemInfo({
        system_id: row.system_id,
        hardware_vendor: 'LENOVO ',
        hardware_model: '',
        hardware_version: null,
        cpu_brand: '   ',
        cpu_physical_cores: null,
        cpu_logical_cores: 0,
        physical_memory: 'lots',
      }),
    ).toEqual({ vendor: 'LENOVO' });
    expect(readSystemInfo({ system_id: row.system_id, hardware_model: ' ' })).toBeUndefined();
  });

  test('parseByteCount takes digit strings and integers only', () => {
    expect(parseByteCount('34359738368')).toBe(34359738368);
    expect(parseByteCount(8589934592)).toBe(8589934592);
    expect(parseByteCount(' 1024 ')).toBe(1024);
    for (const bad of ['16 GB', '-1', '1.5', '', null, undefined, 0, '99999999999999999999']) {
      expect(parseByteCount(bad)).toBeUndefined();
    }
  });

  test('hardware lands on the device: make, model, version, CPU and memory', () => {
    const entity = createDeviceEntity(
      macSystem({ hwVendor: 'Apple Inc.' }),
      BASE_URL,
      ORG_ID,
      {},
      readSystemInfo(row),
    );
    expect(entity).toMatchObject({
      make: 'Apple Inc.',
      hardwareVendor: 'Apple Inc.',
      model: 'MacBookPro14,3',
      hardwareModel: 'MacBookPro14,3',
      hardwareVersion: '1.0',
      version: '1.0',
      cpuBrand: 'Intel(R) Core(TM) i7-7820HQ CPU @ 2.90GHz',
      cpuCores: 4,
      cpuLogicalCores: 8,
      physicalMemoryBytes: 17179869184,
      // The agent's serial wins; the OS version stays in osVersion.
      serial: 'C02XK1ABJG5H',
      osVersion: '14.6.1',
    });
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DEVICE._class });
  });

  test('without insights the device keeps what /api/systems tells', () => {
    const entity = createDeviceEntity(windowsSystem({ hwVendor: 'Dell Inc.' }), BASE_URL, ORG_ID);
    expect(entity).toMatchObject({ make: 'Dell Inc.', hardwareVendor: 'Dell Inc.', model: null });
    for (const property of [
      'hardwareModel',
      'hardwareVersion',
      'version',
      'cpuBrand',
      'cpuCores',
      'physicalMemoryBytes',
    ]) {
      expect([property, entity[property]]).toEqual([property, undefined]);
    }
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DEVICE._class });
  });

  test('a system without a serial number takes the one System Insights reports', () => {
    const entity = createDeviceEntity(
      macSystem({ serialNumber: '' }),
      BASE_URL,
      ORG_ID,
      {},
      {
        serial: 'C02SERIAL',
      },
    );
    expect(entity.serial).toBe('C02SERIAL');
  });
});

describe('devicePlatform and deviceCategory', () => {
  test.each([
    [{ osFamily: 'darwin', os: 'Mac OS X' }, 'darwin'],
    [{ osFamily: 'windows', os: 'Windows' }, 'windows'],
    [{ osFamily: 'linux', os: 'Rocky Linux' }, 'linux'],
    [{ osFamily: undefined, os: 'Mac OS X' }, 'darwin'],
    [{ osFamily: undefined, os: 'Windows' }, 'windows'],
    [{ osFamily: undefined, os: 'Amazon Linux' }, 'linux'],
    [{ osFamily: undefined, os: 'CentOS Linux' }, 'linux'],
    [{ osFamily: 'ios', os: 'iOS' }, 'other'],
    [{ osFamily: 'android', os: 'Android' }, 'other'],
    [{ osFamily: undefined, os: undefined }, 'other'],
  ])('%j is %s', (system, platform) => {
    expect(devicePlatform(system)).toBe(platform);
  });

  test('phones and tablets are mobile; desktop-capable systems endpoints; others servers', () => {
    expect(
      deviceCategory(macSystem({ osFamily: 'ios', os: 'iPadOS', desktopCapable: false })),
    ).toBe('mobile');
    expect(deviceCategory(linuxServer({ osFamily: 'android', os: 'Android' }))).toBe('mobile');
    expect(deviceCategory(macSystem())).toBe('endpoint');
    expect(deviceCategory(linuxServer())).toBe('server');
    expect(deviceCategory(linuxServer({ desktopCapable: undefined }))).toBe('server');
  });

  test.each([
    ['Windows', '10 Pro', 'endpoint'],
    ['Windows', '11 Enterprise', 'endpoint'],
    ['Windows', 'Server 2022 Datacenter', 'server'],
    ['Mac OS X', '14.5', 'endpoint'],
    ['Ubuntu', '22.04', 'server'],
  ])('an old agent without desktopCapable: %s %s is an %s', (os, version, category) => {
    const system = linuxServer({
      os,
      version,
      osFamily: os === 'Mac OS X' ? 'darwin' : os === 'Windows' ? 'windows' : 'linux',
      desktopCapable: undefined,
    });
    expect(deviceCategory(system)).toBe(category);
    expect(createDeviceEntity(system, undefined, ORG_ID, {}).isDesktopCapable).toBe(
      category === 'endpoint',
    );
  });

  test('encryption and an escrowed key are two facts, read apart', () => {
    const on = createDeviceEntity(
      macSystem({ fde: { active: true, keyPresent: false } }),
      undefined,
      ORG_ID,
      {},
    );
    expect([on.encrypted, on.isEncryptionKeyPresent]).toEqual([true, false]);
    const off = createDeviceEntity(
      macSystem({ fde: { active: false, keyPresent: true } }),
      undefined,
      ORG_ID,
      {},
    );
    expect([off.encrypted, off.isEncryptionKeyPresent]).toEqual([false, true]);
  });

  test('desktopCapable, when the agent reports it, decides', () => {
    expect(
      deviceCategory(linuxServer({ os: 'Windows', osFamily: 'windows', desktopCapable: false })),
    ).toBe('server');
  });
});

describe('readTraversal', () => {
  const user = (paths: GraphObjectWithPaths['paths'], compiledAttributes = null) => ({
    id: '64a1b2c3d4e5f60718293b01',
    type: 'user',
    compiledAttributes,
    paths,
  });

  test('a one-hop route is direct; sudo from the hop', () => {
    expect(
      readTraversal(
        user([
          [
            {
              attributes: { sudo: { enabled: true, withoutPassword: false } },
              to: { id: '64a1b2c3d4e5f60718293b01', type: 'user' },
            },
          ],
        ]),
      ),
    ).toEqual({ direct: true, sudo: true });
  });

  test('a route through a user group only is not direct and carries no sudo', () => {
    expect(
      readTraversal(
        user([
          [
            { attributes: null, to: { id: '64a1b2c3d4e5f60718293c01', type: 'user_group' } },
            { attributes: null, to: { id: '64a1b2c3d4e5f60718293b01', type: 'user' } },
          ],
        ]),
      ),
    ).toEqual({ direct: false, sudo: false });
  });

  test('sudo through a system group binding two hops away', () => {
    expect(
      readTraversal(
        user([
          [
            { attributes: null, to: { id: '64a1b2c3d4e5f60718293d01', type: 'system_group' } },
            {
              attributes: { sudo: { enabled: true, withoutPassword: true } },
              to: { id: '64a1b2c3d4e5f60718293b01', type: 'user' },
            },
          ],
        ]),
      ),
    ).toEqual({ direct: false, sudo: true });
  });

  test('a user group with the sudo attribute on the route grants sudo', () => {
    expect(
      readTraversal(
        user([
          [
            {
              attributes: null,
              to: {
                id: '64a1b2c3d4e5f60718293c01',
                type: 'user_group',
                attributes: { sudo: { enabled: true, withoutPassword: false } },
              },
            },
            { attributes: null, to: { id: '64a1b2c3d4e5f60718293b01', type: 'user' } },
          ],
        ]),
      ),
    ).toEqual({ direct: false, sudo: true });
  });

  test('both a direct and a group route: direct; compiled sudo counts', () => {
    expect(
      readTraversal({
        ...user([
          [{ attributes: null, to: { id: '64a1b2c3d4e5f60718293b01', type: 'user' } }],
          [
            { attributes: null, to: { id: '64a1b2c3d4e5f60718293c01', type: 'user_group' } },
            { attributes: null, to: { id: '64a1b2c3d4e5f60718293d01', type: 'system_group' } },
            { attributes: null, to: { id: '64a1b2c3d4e5f60718293b01', type: 'user' } },
          ],
        ]),
        compiledAttributes: { sudo: { enabled: true, withoutPassword: false } },
      }),
    ).toEqual({ direct: true, sudo: true });
  });

  test('missing paths and attributes read as neither direct nor sudo', () => {
    expect(readTraversal({ id: 'x', type: 'user' })).toEqual({ direct: false, sudo: false });
    expect(readTraversal({ id: 'x', type: 'user', paths: null })).toEqual({
      direct: false,
      sudo: false,
    });
  });
});

describe('device relationships', () => {
  test('types and properties follow the step metadata', () => {
    const device = '64a1b2c3d4e5f60718293a01';
    const user = '64a1b2c3d4e5f60718293b01';
    expect(createAccountHasDeviceRelationship(ORG_ID, device)).toMatchObject({
      _type: Relationships.ACCOUNT_HAS_DEVICE._type,
      _key: edgeKey(ORG_ID, 'has', device),
    });
    expect(createUserHasDeviceRelationship(user, device)._type).toBe(
      Relationships.USER_HAS_DEVICE._type,
    );
    const assigned = createUserAssignedDeviceRelationship(user, device, {
      direct: false,
      sudo: true,
    });
    expect(assigned).toMatchObject({
      _type: 'jumpcloud_user_assigned_device',
      _class: 'ASSIGNED',
      _fromEntityKey: user,
      _toEntityKey: device,
      direct: false,
      sudo: true,
    });
    expect(assigned).toMatchDirectRelationshipSchema({
      schema: Relationships.USER_ASSIGNED_DEVICE.schema,
    });
  });
});
