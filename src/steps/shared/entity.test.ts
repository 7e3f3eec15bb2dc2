import { createIntegrationEntity, IntegrationEntityData } from '@jupiterone/integration-sdk-core';

import { createEntity } from './entity';

/** Properties in a fixed order: only the order may differ between the two ways. */
function sortedEntries(object: object): Array<[string, unknown]> {
  return Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const device = {
  _key: 'device-0000000001',
  _type: 'jumpcloud_device',
  _class: ['Device'],
  name: 'mac-01',
  displayName: 'mac-01',
  // Assigned undefined: the SDK writes it undefined even where `source` has a value.
  description: undefined,
  category: 'endpoint',
  make: 'Apple',
  model: null,
  serial: 'C02X',
  deviceId: 'device-0000000001',
  version: undefined,
  active: true,
};

const cases: Array<[string, IntegrationEntityData]> = [
  [
    'a source whose class fields the assignment sets, and fields it does not',
    {
      source: {
        id: 'device-0000000001',
        displayName: 'from source',
        description: 'from source',
        version: '14.2',
        hostname: 'mac-01.local',
        // Class fields the SDK copies from source when not assigned:
        platform: 'darwin',
        osName: 'macOS',
        // Not copied: null, objects, arrays of objects, fields outside the schema.
        serialNumber: null,
        osVersionDetail: { major: 14 },
        ipAddresses: [{ ip: '10.0.0.1' }],
        agentVersion: '1.2.3',
      },
      assign: device,
    },
  ],
  [
    'array values: of strings copied, of objects not',
    {
      source: { email: ['a@example.com'], groups: [{ id: 'g' }], name: 'x' },
      assign: {
        _key: 'user-00000000001',
        _type: 'jumpcloud_user',
        _class: 'User',
        username: 'x',
        active: true,
      },
    },
  ],
  [
    'createdOn from createdAt when not assigned',
    {
      source: { createdAt: '2026-01-02T03:04:05Z', name: 'n' },
      assign: { _key: 'apple-device-0001', _type: 't_apple', _class: ['Device'], name: 'n' },
    },
  ],
  [
    'createdOn from creationTimestamp, the first falsy one skipped',
    {
      source: { createdAt: '', creationTimestamp: '2025-05-05T00:00:00Z' },
      assign: { _key: 'apple-device-0002', _type: 't_apple', _class: ['Device'], name: 'n' },
    },
  ],
  [
    'createdOn assigned undefined and no date in source',
    {
      source: { creationDate: null, name: 'n' },
      assign: {
        _key: 'apple-device-0003',
        _type: 't_apple',
        _class: ['Device'],
        name: 'n',
        createdOn: undefined,
      },
    },
  ],
  [
    'createdOn assigned wins over the source',
    {
      source: { createdAt: '2026-01-02T03:04:05Z' },
      assign: {
        _key: 'apple-device-0004',
        _type: 't_apple',
        _class: ['Device'],
        name: 'n',
        createdOn: 5,
      },
    },
  ],
  [
    'an empty source: no default raw data; raw data assigned is kept',
    {
      source: {},
      assign: {
        _key: 'software-00000001',
        _type: 't_software',
        _class: ['Application'],
        name: 'Chrome',
        _rawData: [{ name: 'other', rawData: { a: 1 } }],
      },
    },
  ],
  [
    'a source and raw data assigned: default first',
    {
      source: { id: 'r' },
      assign: {
        _key: 'software-00000002',
        _type: 't_software',
        _class: ['Application'],
        name: 'Chrome',
        _rawData: [{ name: 'other', rawData: { a: 1 } }],
      },
    },
  ],
  [
    'status (active) goes to the SDK as it is',
    {
      source: { status: 'inactive', name: 'n' },
      assign: { _key: 'user-00000000002', _type: 'jumpcloud_user', _class: 'User', username: 'n' },
    },
  ],
  [
    'tags go to the SDK as it is',
    {
      source: { tags: [{ Key: 'owner', Value: 'Ann' }], name: 'n' },
      assign: { _key: 'user-00000000003', _type: 'jumpcloud_user', _class: 'User', username: 'n' },
      tagProperties: ['owner'],
    },
  ],
  [
    'no displayName: the name; displayName assigned wins',
    {
      source: { displayName: 'source name' },
      assign: { _key: 'group-0000000001', _type: 'jumpcloud_group', _class: ['Group'], name: 'g' },
    },
  ],
];

describe('createEntity is createIntegrationEntity', () => {
  const saved = process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION;
  afterAll(() => {
    if (saved === undefined) delete process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION;
    else process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = saved;
  });

  test.each(cases)('%s', (_name, entityData) => {
    delete process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION;
    const expected = createIntegrationEntity({ entityData });
    const entity = createEntity({ entityData });
    expect(sortedEntries(entity)).toEqual(sortedEntries(expected));
    // `toEqual` passes over properties that are undefined: their names must agree too.
    expect(Object.keys(entity).sort()).toEqual(Object.keys(expected).sort());
    expect(entity._rawData).toEqual(expected._rawData);
  });

  test('validates against the class schema as the SDK does', () => {
    process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = 'true';
    const entityData = {
      // A source field the SDK copies and the schema refuses: `webLink` must be a URI.
      source: { webLink: 'not a uri' },
      assign: { _key: 'device-0000000009', _type: 't_device', _class: ['Device'], name: 'n' },
    };
    expect(() => createIntegrationEntity({ entityData })).toThrow(/webLink/);
    expect(() => createEntity({ entityData })).toThrow(/webLink/);
    expect(() => createEntity({ entityData: cases[0][1] })).not.toThrow();
  });
});
