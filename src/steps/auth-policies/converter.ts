import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { JumpCloudAuthnPolicy, JumpCloudIpList } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { createEntityExcluding } from '../shared/excluded-properties';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { relate } from '../shared/relate';
import { nonBlank, optionalBoolean } from '../shared/values';

// ---- conditions -------------------------------------------------------------------------

/** What a policy's conditions ask for, summarised as flat properties. */
export interface ConditionSummary {
  /** IP lists named by `ipAddressIn`, each with whether it sits under a `not`. */
  ipLists: Array<{ id: string; negated: boolean }>;
  /** ISO 3166 country codes of `locationIn`. */
  countries: string[];
  locationNegated: boolean;
  /** `deviceManaged` / `deviceEncrypted` as required (true), refused (false) or not asked. */
  deviceManaged?: boolean;
  deviceEncrypted?: boolean;
  /** The outermost operator: `all`, `any`, `not`, a single condition, or none. */
  operator: 'all' | 'any' | 'not' | 'single' | 'none';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Walks the condition language of the specification (`ipAddressIn`, `locationIn`,
 * `deviceManaged`, `deviceEncrypted`, `not`, `all`, `any`); anything else is ignored.
 */
export function summarizeConditions(conditions: unknown): ConditionSummary {
  const summary: ConditionSummary = {
    ipLists: [],
    countries: [],
    locationNegated: false,
    operator: 'none',
  };
  if (isObject(conditions) && Object.keys(conditions).length > 0) {
    summary.operator =
      'all' in conditions
        ? 'all'
        : 'any' in conditions
          ? 'any'
          : 'not' in conditions
            ? 'not'
            : 'single';
  }
  const walk = (node: unknown, negated: boolean, depth: number) => {
    if (!isObject(node) || depth > 20) return;
    if (Array.isArray(node.ipAddressIn)) {
      for (const id of node.ipAddressIn) {
        if (typeof id === 'string') summary.ipLists.push({ id, negated });
      }
    }
    const location = node.locationIn;
    if (isObject(location) && Array.isArray(location.countries)) {
      for (const country of location.countries) {
        if (typeof country === 'string') summary.countries.push(country);
      }
      summary.locationNegated = summary.locationNegated || negated;
    }
    if (typeof node.deviceManaged === 'boolean') {
      summary.deviceManaged = negated ? !node.deviceManaged : node.deviceManaged;
    }
    if (typeof node.deviceEncrypted === 'boolean') {
      summary.deviceEncrypted = negated ? !node.deviceEncrypted : node.deviceEncrypted;
    }
    if (node.not !== undefined) walk(node.not, !negated, depth + 1);
    for (const list of [node.all, node.any]) {
      if (Array.isArray(list)) for (const child of list) walk(child, negated, depth + 1);
    }
  };
  walk(conditions, false, 0);
  return summary;
}

// ---- targets ----------------------------------------------------------------------------

export interface PolicyTargets {
  /** Applications named by id. */
  applicationIds: string[];
  /** `{type: application}` without an id: every application but `excludedApplicationIds`. */
  allApplications: boolean;
  excludedApplicationIds: string[];
  userGroupIds: string[];
  excludedUserGroupIds: string[];
  userIds: string[];
  resourceTypes: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function readPolicyTargets(policy: JumpCloudAuthnPolicy): PolicyTargets {
  const targets = policy.targets ?? {};
  const resources = (targets.resources ?? []).filter(isObject) as Array<{
    type?: unknown;
    id?: unknown;
  }>;
  const applications = resources.filter((resource) => resource.type === 'application');
  return {
    applicationIds: applications
      .map((resource) => resource.id)
      .filter((id): id is string => typeof id === 'string' && id !== ''),
    allApplications: applications.some(
      (resource) => typeof resource.id !== 'string' || resource.id === '',
    ),
    excludedApplicationIds: strings(targets.excludedApplications),
    userGroupIds: strings(targets.userGroups?.inclusions),
    excludedUserGroupIds: strings(targets.userGroups?.exclusions),
    userIds: strings(targets.users?.inclusions),
    resourceTypes: [
      ...new Set(resources.map((r) => r.type).filter((t): t is string => typeof t === 'string')),
    ].sort(),
  };
}

/** An allow effect that obliges MFA. */
export function policyRequiresMfa(policy: JumpCloudAuthnPolicy): boolean {
  return policy.effect?.action === 'allow' && policy.effect?.obligations?.mfa?.required === true;
}

// ---- entities ---------------------------------------------------------------------------

/** Raw data: the policy's own fields; the conditions and targets hold ids, codes and flags only. */
const POLICY_RAW_FIELDS = [
  'id',
  'name',
  'description',
  'disabled',
  'monitorOnly',
  'type',
  'effect',
  'targets',
  'conditions',
] as const;

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

export function createAuthPolicyEntity(
  policy: JumpCloudAuthnPolicy,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const name = nonBlank(policy.name) ?? policy.id;
  // As the record gives them (the specification requires neither); absent, never false.
  const disabled = optionalBoolean(policy.disabled);
  const type = nonBlank(policy.type);
  const monitorOnly = optionalBoolean(policy.monitorOnly);
  const action = nonBlank(policy.effect?.action);
  const conditions = summarizeConditions(policy.conditions);
  const targets = readPolicyTargets(policy);
  const ipListCondition = [
    ...new Set(conditions.ipLists.map((l) => (l.negated ? 'not in' : 'in'))),
  ];
  const factors = (policy.effect?.obligations?.mfaFactors ?? [])
    .map((factor) => factor?.type)
    .filter((type): type is string => typeof type === 'string');
  return createEntity({
    entityData: {
      source: allowListed(policy, POLICY_RAW_FIELDS),
      assign: {
        _key: policy.id,
        _type: Entities.AUTH_POLICY._type,
        _class: Entities.AUTH_POLICY._class,
        id: policy.id,
        orgId,
        name,
        displayName: name,
        description: nonBlank(policy.description),
        type,
        effect: action,
        // Only for an effect the record gives: allow with an MFA obligation, else not.
        mfaRequired: action === undefined ? undefined : policyRequiresMfa(policy),
        mfaFactors: nonEmpty(factors),
        userVerification: nonBlank(policy.effect?.obligations?.userVerification?.requirement),
        disabled,
        monitorOnly,
        // Enforced: on and not only monitoring; not when either says so; else unknown.
        enforced:
          disabled === true || monitorOnly === true
            ? false
            : disabled === false && monitorOnly === false
              ? true
              : undefined,
        active: disabled === undefined ? undefined : !disabled,
        // Whether the policy governs logins to the Admin Portal; not `admin`, which the
        // AccessPolicy class defines as granting administrative privilege.
        adminPortal: type === undefined ? undefined : type === 'admin_portal',
        resourceTypes: nonEmpty(targets.resourceTypes),
        // A reading of the targeted resources: none without them.
        allApplications: Array.isArray(policy.targets?.resources)
          ? targets.allApplications
          : undefined,
        excludedApplicationIds: nonEmpty(targets.excludedApplicationIds),
        userGroupIds: nonEmpty(targets.userGroupIds),
        excludedUserGroupIds: nonEmpty(targets.excludedUserGroupIds),
        userIds: nonEmpty(targets.userIds),
        conditionOperator: conditions.operator,
        ipListIds: nonEmpty([...new Set(conditions.ipLists.map((l) => l.id))]),
        ipListCondition:
          ipListCondition.length === 1
            ? ipListCondition[0]
            : ipListCondition.length > 1
              ? 'mixed'
              : undefined,
        locationCountries: nonEmpty(conditions.countries),
        locationCondition:
          conditions.countries.length > 0
            ? conditions.locationNegated
              ? 'not in'
              : 'in'
            : undefined,
        deviceManagedRequired: conditions.deviceManaged,
        deviceEncryptedRequired: conditions.deviceEncrypted,
        deviceTrustRequired:
          conditions.deviceManaged === true || conditions.deviceEncrypted === true,
        webLink: consoleLink(baseUrl, ['authn', 'policies', policy.id, 'details']),
      },
    },
  });
}

// ---- IP lists -----------------------------------------------------------------------------

const IP_LIST_RAW_FIELDS = ['id', 'name', 'description', 'ips'] as const;

/** Only for SDK 8.41's validation of the `Network` class; removed before the entity is written. */
export const IP_LIST_STAND_INS = { CIDR: null, public: false, internal: false };

/**
 * An IP list as a `Network`: a named set of addresses, ranges and CIDR blocks. `IpAddress`
 * would need exactly one `ipAddress`, which a list does not have. `Network` requires `CIDR`,
 * `public` and `internal`, which JumpCloud does not give for a list; they are excluded
 * (`schema` of the type's metadata), not derived from the entries: a range of documentation
 * addresses is not a public network. Only what the list gives is written.
 */
export function createIpListEntity(
  list: JumpCloudIpList,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const name = nonBlank(list.name) ?? list.id;
  const ips = Array.isArray(list.ips)
    ? strings(list.ips)
        .map((ip) => ip.trim())
        .filter((ip) => ip !== '')
    : undefined;
  return createEntityExcluding(
    Entities.IP_LIST,
    {
      entityData: {
        source: allowListed(list, IP_LIST_RAW_FIELDS),
        assign: {
          _key: list.id,
          _type: Entities.IP_LIST._type,
          _class: Entities.IP_LIST._class,
          id: list.id,
          orgId,
          name,
          displayName: name,
          description: nonBlank(list.description),
          ips,
          ipCount: ips?.length,
          webLink: consoleLink(baseUrl, 'authn/iplists'),
        },
      },
    },
    IP_LIST_STAND_INS,
  );
}

// ---- relationships --------------------------------------------------------------------

export function createAccountHasAuthPolicyRelationship(accountKey: string, policyKey: string) {
  return relate(Relationships.ACCOUNT_HAS_AUTH_POLICY, accountKey, policyKey);
}

export function createAccountHasIpListRelationship(accountKey: string, ipListKey: string) {
  return relate(Relationships.ACCOUNT_HAS_IP_LIST, accountKey, ipListKey);
}

export function createAuthPolicyAssignedGroupRelationship(
  policyKey: string,
  groupKey: string,
): Relationship {
  return relate(Relationships.AUTH_POLICY_ASSIGNED_GROUP, policyKey, groupKey);
}

export function createAuthPolicyAssignedApplicationRelationship(
  policyKey: string,
  applicationKey: string,
  allApplications: boolean,
): Relationship {
  return relate(Relationships.AUTH_POLICY_ASSIGNED_APPLICATION, policyKey, applicationKey, {
    allApplications,
  });
}

export function createAuthPolicyUsesIpListRelationship(
  policyKey: string,
  ipListKey: string,
  negated: boolean,
): Relationship {
  return relate(Relationships.AUTH_POLICY_USES_IP_LIST, policyKey, ipListKey, { negated });
}
