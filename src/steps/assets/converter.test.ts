import { getRawData } from '@jupiterone/integration-sdk-core';

import { JumpCloudAsset } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import {
  createAccountHasAssetRelationship,
  createAssetAccessoryEntity,
  createAssetDeviceEntity,
  createDeviceIsAssetDeviceRelationship,
  createLocationContainsLocationRelationship,
  createLocationEntity,
  createLocationHasAssetRelationship,
  createUserOwnsAssetRelationship,
  readAssetLinks,
} from './converter';
import { readAssetFields } from './fields';

const BASE_URL = 'https://console.jumpcloud.com';
const ORG_ID = '5f1b2c3d4e5f60718293a4b5';

function field(value: unknown, editable = true) {
  return { editable, value };
}

/** The 2026 specification's `stringsAndReferences` example of GET /assets/devices/{id}. */
const FINANCE_LAPTOP: JumpCloudAsset = {
  id: '507f1f77bcf86cd799439011',
  jcSystemId: '605c3f99bcf86cd7994390cc',
  fields: {
    Name: field('Finance laptop 12'),
    Model: field('MacBookPro18,3'),
    'Serial Number': field('C02XK0ZLMN8Q'),
    Status: field({ id: '6924631f16a853000117a678', name: 'In stock', type: 'select' }),
    Owner: field({ id: '605a1f77bcf86cd7994390aa', name: 'Jane Smith', type: 'user' }),
    Location: field({ id: '605b2f88bcf86cd7994390bb', name: 'London HQ', type: 'location' }),
  },
};

/** The `datesDatetimePriceBoolean` example: calendar date, date-time, price, boolean. */
const STAGING_MACBOOK: JumpCloudAsset = {
  id: '507f1f77bcf86cd799439012',
  jcSystemId: '605c3f99bcf86cd7994390cc',
  fields: {
    Name: field('Staging MacBook'),
    'Purchase Date': field('2024-11-01'),
    'Warranty Expiry Date': field('2027-11-01'),
    'Date Deployed': field('2024-11-05T16:45:00'),
    'Purchase Cost': field({ amount: 1799, currency: 'USD' }),
    'Disk Encrypted': field(true),
  },
};

/** The `integers` example. */
const LAB_WORKSTATION: JumpCloudAsset = {
  id: '507f1f77bcf86cd799439013',
  fields: {
    Name: field('Lab workstation'),
    RAM: field(16384),
    'Warranty Period': field(36),
  },
};

describe('createAssetDeviceEntity', () => {
  test('strings and references: name, model, serial, status, owner and location', () => {
    const entity = createAssetDeviceEntity(FINANCE_LAPTOP, BASE_URL, ORG_ID, {
      ownerEmail: 'jane.smith@example.com',
    });
    expect(entity).toMatchObject({
      _key: FINANCE_LAPTOP.id,
      _type: Entities.ASSET_DEVICE._type,
      _class: ['Device'],
      id: FINANCE_LAPTOP.id,
      orgId: ORG_ID,
      name: 'Finance laptop 12',
      displayName: 'Finance laptop 12',
      webLink: `${BASE_URL}/#/assets/devices/${FINANCE_LAPTOP.id}`,
      model: 'MacBookPro18,3',
      hardwareModel: 'MacBookPro18,3',
      serial: 'C02XK0ZLMN8Q',
      hardwareSerial: 'C02XK0ZLMN8Q',
      make: null,
      deviceId: FINANCE_LAPTOP.jcSystemId,
      systemId: FINANCE_LAPTOP.jcSystemId,
      managed: true,
      status: 'ready',
      assetStatus: 'In stock',
      assetStatusId: '6924631f16a853000117a678',
      ownerId: '605a1f77bcf86cd7994390aa',
      ownerName: 'Jane Smith',
      ownerType: 'user',
      owner: 'jane.smith@example.com',
      locationId: '605b2f88bcf86cd7994390bb',
      location: 'London HQ',
      category: 'other',
    });
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.ASSET_DEVICE._class });
  });

  test('dates, a date-time, a price and a boolean', () => {
    const entity = createAssetDeviceEntity(STAGING_MACBOOK, BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      purchasedOn: Date.UTC(2024, 10, 1),
      warrantyExpiresOn: Date.UTC(2027, 10, 1),
      deployedOn: Date.UTC(2024, 10, 5, 16, 45),
      cost: 1799,
      costCurrency: 'USD',
      'field.diskEncrypted': true,
    });
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.ASSET_DEVICE._class });
  });

  test('integers: a known one by meaning, an unknown one as a custom field', () => {
    const entity = createAssetDeviceEntity(LAB_WORKSTATION, BASE_URL, ORG_ID);
    expect(entity).toMatchObject({ warrantyPeriod: 36, 'field.ram': 16384 });
    // Unmanaged: no system, so no device id.
    expect(entity).toMatchObject({ managed: false, deviceId: null });
    expect(entity.systemId).toBeUndefined();
  });

  test('custom labels become field.<camelCase> properties of every value kind', () => {
    const entity = createAssetDeviceEntity(
      {
        id: '507f1f77bcf86cd799439014',
        fields: {
          Name: field('Design iMac'),
          'Cost Center': field(' CC-1234 '),
          'Refresh Cycle (months)': field(48),
          Insured: field(false),
          'Support Tier': field({ id: '6924631f16a853000117a6a0', name: 'Gold', type: 'select' }),
          'Assigned Team': field({
            id: '605a1f77bcf86cd7994390ee',
            name: 'Design',
            type: 'user_group',
          }),
          'Secondary Users': field([
            { id: '605a1f77bcf86cd7994390a1', name: 'Ana', type: 'user' },
            { id: '605a1f77bcf86cd7994390a2', name: 'Bo', type: 'user' },
          ]),
          'Insurance Premium': field({ amount: 99.5, currency: 'EUR' }),
          'Lease End': field('2027-01-31'),
          Blank: field('   '),
          Empty: field(null),
          Broken: null,
          Nested: field({ some: { deep: 'object' } }),
        },
      },
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({
      'field.costCenter': 'CC-1234',
      'field.refreshCycleMonths': 48,
      'field.insured': false,
      'field.supportTier': 'Gold',
      'field.supportTierId': '6924631f16a853000117a6a0',
      'field.assignedTeam': 'Design',
      'field.assignedTeamId': '605a1f77bcf86cd7994390ee',
      'field.secondaryUsers': ['Ana', 'Bo'],
      'field.insurancePremium': 99.5,
      'field.insurancePremiumCurrency': 'EUR',
      'field.leaseEnd': '2027-01-31',
    });
    for (const property of ['field.blank', 'field.empty', 'field.broken', 'field.nested']) {
      expect([property, entity[property]]).toEqual([property, undefined]);
    }
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.ASSET_DEVICE._class });
  });

  test('known labels are recognised in any case and spacing; the first one wins', () => {
    const { known, custom } = readAssetFields(
      {
        id: 'x',
        fields: {
          'serial  NUMBER': field('S1'),
          'Warranty Expiration Date': field('2026-05-01'),
          Manufacturer: field('Dell Inc.'),
          'Asset Tag': field('AT-77'),
          Serial: field('S2'),
        },
      },
      'device',
    );
    expect(known).toEqual({
      serial: 'S1',
      warrantyExpiry: '2026-05-01',
      make: 'Dell Inc.',
      assetTag: 'AT-77',
    });
    expect(custom).toEqual({});
  });

  test('missing fields: only a name; no name at all', () => {
    const onlyName = createAssetDeviceEntity(
      { id: '507f1f77bcf86cd799439015', fields: { Name: field('Spare laptop 1') } },
      BASE_URL,
      ORG_ID,
    );
    expect(onlyName).toMatchObject({
      name: 'Spare laptop 1',
      make: null,
      model: null,
      serial: null,
      deviceId: null,
      category: 'other',
    });
    for (const property of [
      'status',
      'ownerId',
      'owner',
      'location',
      'cost',
      'warrantyExpiresOn',
    ]) {
      expect([property, onlyName[property]]).toEqual([property, undefined]);
    }
    expect(onlyName).toMatchGraphObjectSchema({ _class: Entities.ASSET_DEVICE._class });

    const nameless = createAssetDeviceEntity(
      { id: '507f1f77bcf86cd799439016', fields: { Model: field('OptiPlex 7010') } },
      BASE_URL,
      ORG_ID,
    );
    expect(nameless.name).toBe('OptiPlex 7010');
    const bare = createAssetDeviceEntity({ id: '507f1f77bcf86cd799439017' }, BASE_URL, ORG_ID);
    expect(bare.name).toBe('507f1f77bcf86cd799439017');
    expect(bare).toMatchGraphObjectSchema({ _class: Entities.ASSET_DEVICE._class });
  });

  test('ownership type sets BYOD; type sets the category', () => {
    const entity = createAssetDeviceEntity(
      {
        id: '507f1f77bcf86cd799439018',
        fields: {
          Name: field("Sam's phone"),
          Type: field({ id: '6924631f16a853000117a6b0', name: 'Phone', type: 'select' }),
          'Ownership Type': field({ id: '6924631f16a853000117a6b1', name: 'BYOD', type: 'select' }),
        },
      },
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({
      category: 'mobile',
      assetType: 'Phone',
      ownershipType: 'BYOD',
      BYOD: true,
    });
  });

  test('a secret custom field reaches neither a property nor _rawData', () => {
    const entity = createAssetDeviceEntity(
      {
        ...FINANCE_LAPTOP,
        fields: {
          ...FINANCE_LAPTOP.fields,
          'Firmware Password': field('fw-0123456789ab'),
          'Recovery Key': field('ABCD-EFGH-IJKL'),
        },
      },
      BASE_URL,
      ORG_ID,
    );
    const serialized = JSON.stringify(entity);
    expect(serialized).not.toContain('fw-0123456789ab');
    expect(serialized).not.toContain('ABCD-EFGH-IJKL');
    expect(serialized).not.toContain('Firmware Password');
    const raw = getRawData(entity) as { fields: Record<string, unknown> };
    expect(Object.keys(raw.fields).sort()).toEqual(Object.keys(FINANCE_LAPTOP.fields!).sort());
  });

  test('an owner that is not a user is described but gets no owner edge', () => {
    const asset: JumpCloudAsset = {
      id: '507f1f77bcf86cd799439019',
      fields: {
        Name: field('Kiosk'),
        Owner: field({ id: '605a1f77bcf86cd7994390ee', name: 'Front desk', type: 'user_group' }),
        Location: field('Lobby'),
      },
    };
    const entity = createAssetDeviceEntity(asset, BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      ownerId: '605a1f77bcf86cd7994390ee',
      ownerName: 'Front desk',
      ownerType: 'user_group',
      location: 'Lobby',
    });
    expect(entity.owner).toBeUndefined();
    expect(readAssetLinks(asset, 'device')).toEqual({
      ownerUserId: undefined,
      locationId: undefined,
    });
    expect(readAssetLinks(FINANCE_LAPTOP, 'device')).toEqual({
      ownerUserId: '605a1f77bcf86cd7994390aa',
      locationId: '605b2f88bcf86cd7994390bb',
    });
  });
});

describe('createAssetAccessoryEntity', () => {
  test('the specification example accessory', () => {
    const accessory: JumpCloudAsset = {
      id: '507f1f77bcf86cd799439021',
      fields: {
        Name: field('USB-C Travel Hub'),
        Tag: field('ACC-10442'),
        Model: field('Anker 341'),
        Type: field({ id: '6924631f16a853000117a601', name: 'Dock', type: 'select' }),
        Status: field({ id: '6924631f16a853000117a678', name: 'In stock', type: 'select' }),
        Location: field({ id: '605b2f88bcf86cd7994390bb', name: 'London HQ', type: 'location' }),
        Owner: field({ id: '605a1f77bcf86cd7994390aa', name: 'Jane Smith', type: 'user' }),
      },
    };
    const entity = createAssetAccessoryEntity(accessory, BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      _type: Entities.ASSET_ACCESSORY._type,
      name: 'USB-C Travel Hub',
      category: 'accessory',
      assetType: 'Dock',
      assetTag: 'ACC-10442',
      model: 'Anker 341',
      status: 'ready',
      ownerId: '605a1f77bcf86cd7994390aa',
      location: 'London HQ',
      deviceId: null,
      webLink: `${BASE_URL}/#/assets/accessories/${accessory.id}`,
    });
    expect(entity.managed).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.ASSET_ACCESSORY._class });
  });
});

describe('createLocationEntity', () => {
  const london: JumpCloudAsset = {
    id: '507f1f77bcf86cd799439031',
    fields: {
      Name: field('London HQ'),
      Address: field('221B Baker Street'),
      City: field('London'),
      'Postal Code': field('NW1 6XE'),
      Phone: field('+44 20 7946 0958'),
      Country: field('GB'),
      Parent: field({ id: '605b2f88bcf86cd7994390cc', name: 'UK Region', type: 'location' }),
      Manager: field({ id: '605a1f77bcf86cd7994390dd', name: 'Alex Lee', type: 'user' }),
      'Badge Access': field(true),
    },
  };

  test('a Site with its place, parent and manager; contact details stay out of properties', () => {
    const entity = createLocationEntity(london, BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      _type: Entities.LOCATION._type,
      _class: ['Site'],
      name: 'London HQ',
      city: 'London',
      country: 'GB',
      location: 'London, GB',
      parentId: '605b2f88bcf86cd7994390cc',
      parentName: 'UK Region',
      managerId: '605a1f77bcf86cd7994390dd',
      managerName: 'Alex Lee',
      'field.badgeAccess': true,
      webLink: `${BASE_URL}/#/assets/locations/${london.id}`,
    });
    const properties = JSON.stringify({ ...entity, _rawData: undefined });
    expect(properties).not.toContain('Baker Street');
    expect(properties).not.toContain('NW1 6XE');
    expect(properties).not.toContain('7946');
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.LOCATION._class });
    expect(readAssetLinks(london, 'location')).toEqual({ locationId: '605b2f88bcf86cd7994390cc' });
  });

  test('a location with only a name', () => {
    const entity = createLocationEntity(
      { id: '507f1f77bcf86cd799439032', fields: { Name: field('EMEA') } },
      BASE_URL,
      ORG_ID,
    );
    expect(entity).toMatchObject({ name: 'EMEA' });
    expect(entity.location).toBeUndefined();
    expect(entity.parentId).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.LOCATION._class });
  });
});

describe('asset relationships', () => {
  test('types follow the step metadata', () => {
    const device = { _key: 'asset-device-1', _type: Entities.ASSET_DEVICE._type };
    const accessory = { _key: 'asset-accessory-1', _type: Entities.ASSET_ACCESSORY._type };
    const location = { _key: 'location-1', _type: Entities.LOCATION._type };
    expect(createAccountHasAssetRelationship('account-1', device)._type).toBe(
      Relationships.ACCOUNT_HAS_ASSET_DEVICE._type,
    );
    expect(createAccountHasAssetRelationship('account-1', accessory)._type).toBe(
      Relationships.ACCOUNT_HAS_ASSET_ACCESSORY._type,
    );
    expect(createAccountHasAssetRelationship('account-1', location)._type).toBe(
      Relationships.ACCOUNT_HAS_LOCATION._type,
    );
    expect(createDeviceIsAssetDeviceRelationship('system-1', device._key)).toMatchObject({
      _type: Relationships.DEVICE_IS_ASSET_DEVICE._type,
      _class: 'IS',
      _fromEntityKey: 'system-1',
      _toEntityKey: device._key,
    });
    expect(createUserOwnsAssetRelationship('user-1', device)._type).toBe(
      Relationships.USER_OWNS_ASSET_DEVICE._type,
    );
    expect(createUserOwnsAssetRelationship('user-1', accessory)._type).toBe(
      Relationships.USER_OWNS_ASSET_ACCESSORY._type,
    );
    expect(createLocationHasAssetRelationship(location._key, device)._type).toBe(
      Relationships.LOCATION_HAS_ASSET_DEVICE._type,
    );
    expect(createLocationHasAssetRelationship(location._key, accessory)._type).toBe(
      Relationships.LOCATION_HAS_ASSET_ACCESSORY._type,
    );
    expect(createLocationContainsLocationRelationship('parent-1', 'child-1')).toMatchObject({
      _type: Relationships.LOCATION_CONTAINS_LOCATION._type,
      _class: 'CONTAINS',
      _fromEntityKey: 'parent-1',
      _toEntityKey: 'child-1',
    });
  });
});
