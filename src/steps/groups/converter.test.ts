import { JumpCloudGroup } from '../../jumpcloud/types';
import { Entities } from '../constants';
import {
  createAccountHasGroupRelationship,
  createGroupEntity,
  createGroupHasUserRelationship,
} from './converter';
import { serializeGroupAttributes } from '../shared/group-entity';
import { edgeKey } from '../shared/keys';

const BASE_URL = 'https://console.jumpcloud.com';
const ORG_ID = '5f0c8d1e2a3b4c5d6e7f8091';
const GROUP_ID = '6026da081f24755306c2ee0d';
const USER_ID = '6026bec6b8207255280d5981';

function buildGroup(overrides: Partial<JumpCloudGroup> = {}): JumpCloudGroup {
  return {
    id: GROUP_ID,
    name: 'Engineering',
    type: 'user_group',
    description: 'Everyone who ships code',
    email: 'engineering@example.com',
    attributes: {
      sudo: { enabled: true, withoutPassword: false },
      ldapGroups: [{ name: 'engineering' }],
    },
    membershipMethod: 'STATIC',
    ...overrides,
  };
}

describe('createGroupEntity', () => {
  test('maps a complete group', () => {
    const entity = createGroupEntity(buildGroup(), BASE_URL, ORG_ID);

    expect(entity).toMatchObject({
      _key: GROUP_ID,
      _type: Entities.GROUP._type,
      _class: ['Group'],
      id: GROUP_ID,
      orgId: ORG_ID,
      name: 'Engineering',
      displayName: 'Engineering',
      description: 'Everyone who ships code',
      email: 'engineering@example.com',
      membershipMethod: 'STATIC',
      webLink: `${BASE_URL}/#/groups/user/${GROUP_ID}/details`,
    });
    expect(typeof entity.attributes).toBe('string');
    expect(JSON.parse(entity.attributes as string)).toEqual({
      sudo: { enabled: true, withoutPassword: false },
      ldapGroups: [{ name: 'engineering' }],
    });
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.GROUP._class });
  });

  test('a group as recorded in 2021: attributes null, empty email and description', () => {
    const entity = createGroupEntity(
      {
        id: GROUP_ID,
        name: 'All Users',
        type: 'user_group',
        attributes: null,
        email: '',
        description: '',
      },
      BASE_URL,
      ORG_ID,
    );
    expect(entity.attributes).toBeUndefined();
    expect(entity.email).toBeUndefined();
    expect(entity.description).toBeUndefined();
    expect(entity.membershipMethod).toBeUndefined();
    expect(entity.createdOn).toBeUndefined();
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.GROUP._class });
  });

  test('a group without a name is named by its id', () => {
    const entity = createGroupEntity(buildGroup({ name: undefined }), BASE_URL, ORG_ID);
    expect(entity.name).toBe(GROUP_ID);
    expect(entity.displayName).toBe(GROUP_ID);
  });

  test('keeps the record in _rawData', () => {
    const entity = createGroupEntity(buildGroup(), BASE_URL, ORG_ID);
    expect(entity._rawData?.[0]).toMatchObject({ name: 'default', rawData: { id: GROUP_ID } });
  });
});

describe('serializeGroupAttributes', () => {
  test.each([
    [null, undefined],
    [undefined, undefined],
    [{}, '{}'],
    [{ sambaEnabled: true }, '{"sambaEnabled":true}'],
  ])('%j -> %j', (attributes, expected) => {
    expect(serializeGroupAttributes(attributes)).toBe(expected);
  });
});

describe('group relationships', () => {
  test('account HAS group', () => {
    expect(createAccountHasGroupRelationship(ORG_ID, GROUP_ID)).toMatchObject({
      _key: edgeKey(ORG_ID, 'has', GROUP_ID),
      _type: 'jumpcloud_account_has_group',
      _class: 'HAS',
      _fromEntityKey: ORG_ID,
      _toEntityKey: GROUP_ID,
    });
  });

  test('group HAS user', () => {
    expect(createGroupHasUserRelationship(GROUP_ID, USER_ID)).toMatchObject({
      _key: edgeKey(GROUP_ID, 'has', USER_ID),
      _type: 'jumpcloud_group_has_user',
      _class: 'HAS',
      _fromEntityKey: GROUP_ID,
      _toEntityKey: USER_ID,
    });
  });
});
