import {
  createAuthPolicyEntity,
  createIpListEntity,
  IP_LIST_STAND_INS,
  readPolicyTargets,
  summarizeConditions,
} from './converter';
import { Entities } from '../constants';
import { createEntityExcluding } from '../shared/excluded-properties';
import { entitySchemaErrors } from '../../../test/class-schema';

const ID = '67ca370051ef2f5306409ec0';
const LIST_A = '67ca370051ef2f5306409ec1';
const LIST_B = '67ca370051ef2f5306409ec2';

describe('summarizeConditions', () => {
  test('no conditions', () => {
    expect(summarizeConditions(undefined)).toEqual({
      ipLists: [],
      countries: [],
      locationNegated: false,
      operator: 'none',
    });
  });

  test('IP lists under not, locations, device trust inside all/any', () => {
    const summary = summarizeConditions({
      all: [
        { not: { ipAddressIn: [LIST_A] } },
        { any: [{ ipAddressIn: [LIST_B] }, { locationIn: { countries: ['US', 'CA'] } }] },
        { deviceManaged: true },
        { not: { deviceEncrypted: false } },
      ],
    });
    expect(summary).toEqual({
      ipLists: [
        { id: LIST_A, negated: true },
        { id: LIST_B, negated: false },
      ],
      countries: ['US', 'CA'],
      locationNegated: false,
      deviceManaged: true,
      deviceEncrypted: true,
      operator: 'all',
    });
  });

  test('ignores what is not the condition language', () => {
    expect(summarizeConditions({ ipAddressIn: 'nope', unknown: [1] })).toMatchObject({
      ipLists: [],
      operator: 'single',
    });
    expect(summarizeConditions([1, 2]).operator).toBe('none');
  });
});

describe('createAuthPolicyEntity', () => {
  test('effect, MFA, enforcement and the summarised conditions', () => {
    const entity = createAuthPolicyEntity(
      {
        id: ID,
        name: 'MFA off the network',
        type: 'user_portal',
        disabled: false,
        monitorOnly: true,
        effect: {
          action: 'allow',
          obligations: { mfa: { required: true }, mfaFactors: [{ type: 'PUSH' }] },
        },
        targets: {
          resources: [{ type: 'user_portal' }],
          userGroups: { inclusions: ['g1'], exclusions: ['g2'] },
        },
        conditions: { not: { ipAddressIn: [LIST_A] } },
      },
      'https://console.jumpcloud.com',
      'org',
    );
    expect(entity).toMatchObject({
      _class: ['AccessPolicy'],
      effect: 'allow',
      mfaRequired: true,
      mfaFactors: ['PUSH'],
      disabled: false,
      monitorOnly: true,
      enforced: false,
      adminPortal: false,
      ipListIds: [LIST_A],
      ipListCondition: 'not in',
      userGroupIds: ['g1'],
      excludedUserGroupIds: ['g2'],
      resourceTypes: ['user_portal'],
      conditionOperator: 'not',
    });
  });

  test('a deny never requires MFA', () => {
    const deny = createAuthPolicyEntity(
      {
        id: ID,
        disabled: false,
        monitorOnly: false,
        effect: { action: 'deny', obligations: { mfa: { required: true } } },
      },
      undefined,
      'org',
    );
    expect(deny).toMatchObject({ name: ID, mfaRequired: false, enforced: true, disabled: false });
  });

  test('optional fields missing: no effect, MFA, enforcement, state or targets, never false', () => {
    const bare = createAuthPolicyEntity({ id: ID }, undefined, 'org');
    for (const p of [
      'description',
      'type',
      'effect',
      'mfaRequired',
      'mfaFactors',
      'userVerification',
      'disabled',
      'monitorOnly',
      'enforced',
      'active',
      'adminPortal',
      'allApplications',
      'userGroupIds',
      'ipListIds',
      'locationCountries',
      'deviceManagedRequired',
      'deviceEncryptedRequired',
    ]) {
      expect([p, bare[p]]).toEqual([p, undefined]);
    }
    expect(bare).toMatchGraphObjectSchema({
      _class: Entities.AUTH_POLICY._class,
      schema: Entities.AUTH_POLICY.schema,
    });
    // One flag given settles what it can: disabled means not enforced, whatever else.
    const off = createAuthPolicyEntity({ id: ID, disabled: true }, undefined, 'org');
    expect([off.disabled, off.active, off.enforced, off.monitorOnly]).toEqual([
      true,
      false,
      false,
      undefined,
    ]);
    const on = createAuthPolicyEntity({ id: ID, disabled: false }, undefined, 'org');
    expect([on.active, on.enforced]).toEqual([true, undefined]);
  });

  test('the Admin Portal flag has its own name; `admin` (grants privilege) is never written', () => {
    const portal = createAuthPolicyEntity({ id: ID, type: 'admin_portal' }, undefined, 'org');
    expect([portal.adminPortal, portal.admin]).toEqual([true, undefined]);
    const bare = createAuthPolicyEntity({ id: ID }, undefined, 'org');
    expect([bare.adminPortal, bare.admin, bare.type]).toEqual([undefined, undefined, undefined]);
  });
});

describe('readPolicyTargets', () => {
  test('an application type without an id covers every application but the excluded', () => {
    expect(
      readPolicyTargets({
        id: ID,
        targets: {
          resources: [{ type: 'application' }, { type: 'application', id: 'a1' }],
          excludedApplications: ['a2'],
        },
      }),
    ).toMatchObject({
      allApplications: true,
      applicationIds: ['a1'],
      excludedApplicationIds: ['a2'],
    });
  });
});

describe('IP lists as Network', () => {
  test('a list of an address, a CIDR block and a range: its entries, no CIDR, public or internal', () => {
    const entity = createIpListEntity(
      {
        id: ID,
        name: 'Offices',
        description: 'VPN egress',
        ips: ['10.0.0.1', '203.0.113.0/24', ' 192.0.2.10-192.0.2.20 '],
      },
      'https://console.jumpcloud.com',
      'o',
    );
    expect(entity).toMatchObject({
      _class: ['Network'],
      name: 'Offices',
      description: 'VPN egress',
      ips: ['10.0.0.1', '203.0.113.0/24', '192.0.2.10-192.0.2.20'],
      ipCount: 3,
    });
    // Network requires them; the list gives none: excluded, as graph-azure's named locations.
    expect(['CIDR', 'public', 'internal'].filter((p) => p in entity)).toEqual([]);
    expect(entitySchemaErrors(entity, Entities.IP_LIST)).toEqual([]);
  });

  test('a list of exactly one CIDR block still gets no CIDR (a list, not a network)', () => {
    const entity = createIpListEntity({ id: ID, ips: ['10.0.0.0/8'] }, undefined, 'o');
    expect([entity.CIDR, entity.public, entity.internal]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(entitySchemaErrors(entity, Entities.IP_LIST)).toEqual([]);
  });

  test('optional fields missing: no description, no entries, no count', () => {
    const entity = createIpListEntity({ id: ID }, undefined, 'o');
    expect(entity).toMatchObject({ name: ID, displayName: ID });
    for (const p of ['description', 'ips', 'ipCount', 'CIDR', 'public', 'internal']) {
      expect([p, entity[p]]).toEqual([p, undefined]);
    }
    expect(entitySchemaErrors(entity, Entities.IP_LIST)).toEqual([]);
    // An empty list is what the API gave: written as empty.
    expect(createIpListEntity({ id: ID, ips: [] }, undefined, 'o')).toMatchObject({
      ips: [],
      ipCount: 0,
    });
  });

  test('the schema check fails a list that writes an excluded property back, or a wrong type', () => {
    const entity = createIpListEntity({ id: ID, ips: ['10.0.0.1'] }, undefined, 'o');
    expect(entitySchemaErrors({ ...entity, public: false }, Entities.IP_LIST)).not.toEqual([]);
    expect(entitySchemaErrors({ ...entity, CIDR: null }, Entities.IP_LIST)).not.toEqual([]);
    expect(entitySchemaErrors({ ...entity, ipCount: '1' }, Entities.IP_LIST)).not.toEqual([]);
    // And the class's own requirements still hold: a Network has a name.
    const { name: _name, ...nameless } = entity;
    expect(entitySchemaErrors(nameless as never, Entities.IP_LIST)).not.toEqual([]);
  });

  test('under the SDK schema validation (collect): accepted, and every other property still checked', () => {
    const before = process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION;
    process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = 'true';
    try {
      const entity = createIpListEntity({ id: ID, ips: ['10.0.0.1'] }, undefined, 'o');
      expect('CIDR' in entity).toBe(false);
      const input = (name: unknown) => ({
        entityData: {
          source: {},
          assign: { _key: ID, _type: 'jumpcloud_ip_list', _class: ['Network'], name } as never,
        },
      });
      expect(() =>
        createEntityExcluding(Entities.IP_LIST, input('x'), IP_LIST_STAND_INS),
      ).not.toThrow();
      expect(() => createEntityExcluding(Entities.IP_LIST, input(5), IP_LIST_STAND_INS)).toThrow(
        /fails to validate as class 'Network'/,
      );
    } finally {
      if (before === undefined) delete process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION;
      else process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = before;
    }
  });

  test('an excluded property assigned by the converter is refused, not written', () => {
    expect(() =>
      createEntityExcluding(
        Entities.IP_LIST,
        {
          entityData: {
            source: {},
            assign: { _key: ID, _type: 'jumpcloud_ip_list', _class: ['Network'], public: true },
          },
        },
        IP_LIST_STAND_INS,
      ),
    ).toThrow(/excluded properties assigned: public/);
  });
});
