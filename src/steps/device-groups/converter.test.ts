import { JumpCloudGroup } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import {
  createAccountHasDeviceGroupRelationship,
  createDeviceGroupEntity,
  createDeviceGroupHasDeviceRelationship,
  createGroupAssignedDeviceGroupRelationship,
} from './converter';

const BASE_URL = 'https://console.eu.jumpcloud.com';
const ORG_ID = '5f1b2c3d4e5f60718293a4b5';
const GROUP_ID = '64b1c2d3e4f5061728394a01';

function systemGroup(overrides: Partial<JumpCloudGroup> = {}): JumpCloudGroup {
  return {
    id: GROUP_ID,
    name: 'Engineering Laptops',
    type: 'system_group',
    description: 'Laptops managed by IT',
    email: '',
    attributes: { patchWindow: 'saturday' },
    membershipMethod: 'STATIC',
    memberQueryExemptions: [],
    memberQueryErrorFlags: [],
    organizationObjectId: ORG_ID,
    ...overrides,
  };
}

describe('createDeviceGroupEntity', () => {
  test('properties of a system group', () => {
    const entity = createDeviceGroupEntity(systemGroup(), BASE_URL, ORG_ID);
    expect(entity).toMatchObject({
      _key: GROUP_ID,
      _type: 'jumpcloud_device_group',
      _class: ['Group'],
      id: GROUP_ID,
      orgId: ORG_ID,
      name: 'Engineering Laptops',
      displayName: 'Engineering Laptops',
      description: 'Laptops managed by IT',
      attributes: '{"patchWindow":"saturday"}',
      membershipMethod: 'STATIC',
      webLink: `${BASE_URL}/#/groups/device/${GROUP_ID}/details`,
    });
    expect(entity.email).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DEVICE_GROUP._class });
  });

  test('null attributes, blank description and a missing name', () => {
    const entity = createDeviceGroupEntity(
      systemGroup({ attributes: null, description: '', name: undefined, membershipMethod: null }),
      BASE_URL,
      ORG_ID,
    );
    expect(entity.attributes).toBeUndefined();
    expect(entity.description).toBeUndefined();
    expect(entity.membershipMethod).toBeUndefined();
    expect(entity.name).toBe(GROUP_ID);
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.DEVICE_GROUP._class });
  });
});

describe('device group relationships', () => {
  test('types and directions', () => {
    expect(createAccountHasDeviceGroupRelationship(ORG_ID, GROUP_ID)).toMatchObject({
      _type: Relationships.ACCOUNT_HAS_DEVICE_GROUP._type,
      _fromEntityKey: ORG_ID,
      _toEntityKey: GROUP_ID,
    });
    expect(
      createDeviceGroupHasDeviceRelationship(GROUP_ID, '64a1b2c3d4e5f60718293a01'),
    ).toMatchObject({
      _type: Relationships.DEVICE_GROUP_HAS_DEVICE._type,
      _class: 'HAS',
      _fromEntityKey: GROUP_ID,
      _toEntityKey: '64a1b2c3d4e5f60718293a01',
    });
    expect(
      createGroupAssignedDeviceGroupRelationship('64c1d2e3f405162738495a01', GROUP_ID),
    ).toMatchObject({
      _type: Relationships.GROUP_ASSIGNED_DEVICE_GROUP._type,
      _class: 'ASSIGNED',
      _fromEntityKey: '64c1d2e3f405162738495a01',
      _toEntityKey: GROUP_ID,
    });
  });
});
