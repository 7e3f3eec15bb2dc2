import {
  createAuthPolicyEntity,
  createIpListEntity,
  isPrivateAddress,
  readPolicyTargets,
  summarizeConditions,
} from './converter';

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

  test('a deny never requires MFA; a bare record does not crash', () => {
    const deny = createAuthPolicyEntity(
      { id: ID, effect: { action: 'deny', obligations: { mfa: { required: true } } } },
      undefined,
      'org',
    );
    expect(deny).toMatchObject({ name: ID, mfaRequired: false, enforced: true, disabled: false });
    expect(createAuthPolicyEntity({ id: ID }, undefined, 'org')).toMatchObject({
      effect: undefined,
    });
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
  test.each([
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['172.32.0.1', false],
    ['203.0.113.7', false],
    ['fd00::1', true],
    ['2001:db8::1', false],
  ])('%s private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  test('one CIDR is the CIDR; a mixed list is public and not internal', () => {
    expect(
      createIpListEntity({ id: ID, name: 'Internal', ips: ['10.0.0.0/8'] }, undefined, 'o'),
    ).toMatchObject({
      _class: ['Network'],
      CIDR: '10.0.0.0/8',
      public: false,
      internal: true,
      ipCount: 1,
    });
    expect(
      createIpListEntity({ id: ID, ips: ['10.0.0.1', '192.0.2.10-192.0.2.20'] }, undefined, 'o'),
    ).toMatchObject({ CIDR: null, public: true, internal: false, ipCount: 2 });
    expect(createIpListEntity({ id: ID, ips: null }, undefined, 'o')).toMatchObject({
      CIDR: null,
      public: false,
      internal: false,
      ipCount: 0,
    });
  });
});
