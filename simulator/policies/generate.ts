/**
 * Device policies of a simulated organization: policy templates, policies (instances of a
 * template with values), policy groups, the bindings that make a policy reach a system, and
 * the latest result of each policy on each system. Template names and config fields are
 * JumpCloud's own (cited at TEMPLATE_SPECS).
 *
 * Shapes follow the 2026 v2 specification: `Policy` `{id, name, template}`,
 * `PolicyWithDetails` (+ `values`, `configFields`, `notes`), `PolicyTemplate`,
 * `PolicyGroup`, `PolicyResult` and the graph shapes of traversals and members.
 *
 * Bindings go by every route JumpCloud has: a policy bound to a system, to a system group,
 * or a policy that is a member of a policy group bound to a system or a system group. Results
 * are success, failure (non-zero exit status), pending (started, not ended) or none, plus
 * results for systems that no longer exist (JumpCloud keeps them) and for systems the policy
 * no longer reaches.
 *
 * Pure and deterministic: a function of the org and the counts, with its OWN seeded
 * randomness (`hash32(org.id, 'policy...')`), so the core data and every existing recording
 * stay byte-identical. The first policies are fixed edge cases: a FileVault and a BitLocker
 * policy reaching only part of the fleet, a policy bound to nothing, a policy whose value is
 * registry data (where a secret may hide) and one whose value is free text.
 */
import type { SimulatedOrg } from '../directory/generate';
import { DAY_MS, EPOCH_MS, Rng, hash32, isoDate, objectId } from '../shared/random';

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

export type OsMetaFamily = 'darwin' | 'windows' | 'linux';

export interface PolicyTemplate {
  id: string;
  name: string;
  displayName: string;
  description: string;
  osMetaFamily: OsMetaFamily;
  activation: string;
  behavior: string;
  state: string;
  deliveryTypes: Array<'agent' | 'mdm'>;
  alert: string | null;
  reference: string | null;
}

/** Display types of the fields served (Get-JCPolicyTemplateConfigField.ps1 maps these). */
export type DisplayType = 'checkbox' | 'number' | 'select' | 'text' | 'singlelistbox' | 'table';

export interface PolicyConfigField {
  id: string;
  name: string;
  label: string;
  displayType: DisplayType;
  defaultValue: PolicyValue['value'] | null;
  position: number;
  readOnly: boolean;
  required: boolean;
  sensitive: boolean;
}

export interface PolicyValue {
  configFieldID: string;
  /** The specification's `oneOf`: string, number, boolean or array (list and table fields). */
  value: string | number | boolean | string[] | Array<Record<string, string>>;
  sensitive: boolean;
}

/** `GET /policies` */
export interface Policy {
  id: string;
  name: string;
  template: PolicyTemplate;
}

/** `GET /policies/{id}` */
export interface PolicyWithDetails extends Policy {
  notes: string;
  values: PolicyValue[];
  configFields: PolicyConfigField[];
}

export interface PolicyGroup {
  id: string;
  name: string;
  type: 'policy_group';
  description: string;
  email: string;
  attributes: null;
  organizationObjectId: string;
}

export interface PolicyResult {
  id: string;
  policyID: string;
  systemID: string;
  success: boolean;
  exitStatus: number;
  state: 'success' | 'failed' | 'pending';
  startedAt: string;
  endedAt?: string;
  detail: string;
  stdOut: string;
  stdErr: string;
}

/** One stored binding (the `/associations` of a policy or a policy group). */
export interface PolicyBindings {
  /** policy -> system */
  policySystems: Array<{ policyId: string; systemId: string }>;
  /** policy -> system group */
  policySystemGroups: Array<{ policyId: string; systemGroupId: string }>;
  /** policy group member: policy group -> policy */
  policyGroupMembers: Array<{ policyGroupId: string; policyId: string }>;
  /** policy group -> system */
  policyGroupSystems: Array<{ policyGroupId: string; systemId: string }>;
  /** policy group -> system group */
  policyGroupSystemGroups: Array<{ policyGroupId: string; systemGroupId: string }>;
}

export interface OrgPolicies {
  templates: PolicyTemplate[];
  /** Sorted by id. */
  policies: PolicyWithDetails[];
  /** Sorted by id. */
  policyGroups: PolicyGroup[];
  bindings: PolicyBindings;
  /** Latest result per (policy, system), including systems that were deleted. */
  results: PolicyResult[];
}

/**
 * `enabled`: policies served. `absent`: every policy route answers 404 (an org where the
 * feature is missing). `forbidden`: every policy route answers 403 (a key that may not read
 * policies).
 */
export type PolicyMode = 'enabled' | 'absent' | 'forbidden';

export interface PolicySimulationOptions {
  mode?: PolicyMode;
  /**
   * The policy group routes alone, when policies are served: an organization whose key may
   * read policies but not policy groups, or where policy groups are missing (default
   * `enabled`; a `mode` other than `enabled` applies to every route first).
   */
  groupMode?: PolicyMode;
  /** Policies per organization (default DEFAULT_POLICY_COUNT). */
  policies?: number;
  /** Policy groups per organization (default DEFAULT_POLICY_GROUP_COUNT). */
  policyGroups?: number;
}

export const DEFAULT_POLICY_COUNT = 12;
export const DEFAULT_POLICY_GROUP_COUNT = 3;

// ---------------------------------------------------------------------------------------------
// Templates (global in JumpCloud: the same ids in every org)
// ---------------------------------------------------------------------------------------------

interface FieldSpec {
  name: string;
  label: string;
  displayType: DisplayType;
  defaultValue: PolicyValue['value'] | null;
  /** A value for a policy made from the template. */
  value: (rng: Rng) => PolicyValue['value'];
}

interface TemplateSpec {
  name: string;
  displayName: string;
  osMetaFamily: OsMetaFamily;
  activation: string;
  behavior: string;
  deliveryTypes?: Array<'agent' | 'mdm'>;
  fields: FieldSpec[];
}

/**
 * The template names tests and questions look for. Neither name is shown by JumpCloud's
 * public code (see FILEVAULT_AND_BITLOCKER below): the integration and the managed questions
 * never match on them, only on the display name ("FileVault", "BitLocker").
 */
export const PolicyTemplateNames = {
  FILEVAULT: 'filevault_darwin',
  BITLOCKER: 'bitlocker_windows',
} as const;

/**
 * Evidence for template names and config fields: JumpCloud's own PowerShell module tests, which
 * create policies from `GET /policytemplates` by template `name` and set each config field by
 * its `name` (a dynamic parameter of New-JCPolicy / Set-JCPolicy), in TheJumpCloud/support at
 * commit a38baf9f, `PowerShell/JumpCloud Module/Tests/Public/Policies/`:
 * `New-JCPolicy.Tests.ps1` (NEW) and `Set-JCPolicy.Tests.ps1` (SET). Display types are those
 * of the specification's enum that `PowerShell/JumpCloud Module/Private/Policies/
 * Get-JCPolicyTemplateConfigField.ps1` maps to the value types the tests set (checkbox,
 * number, text, select, singlelistbox, table). Display names, labels, activation and
 * behaviour texts are not shown there: they are plain descriptions, read by no verdict,
 * except the FileVault and BitLocker display names, which are JumpCloud's (support articles).
 * No template or field is marked `sensitive`: no public source shows which real fields are.
 */
const TEMPLATE_SPECS: TemplateSpec[] = [
  // FILEVAULT_AND_BITLOCKER: JumpCloud documents a "FileVault 2" Mac policy ("Policies > Add
  // Mac Policy > FileVault 2", https://support.jumpcloud.com/customer/en/portal/articles/2956581-filevault-2-system-policy)
  // and a "BitLocker" Windows policy (https://jumpcloud.com/support/bitlocker-policy). Their
  // template `name` and config field names appear in no public JumpCloud code: the names below
  // are unverified placeholders and the templates serve no config fields. Looked for on
  // 2026-12-04, not found: TheJumpCloud/support at a38baf9f (every `*_darwin`/`*_windows` name
  // under PowerShell/: custom_oma_uri_mdm_windows, lock_screen_darwin, ... none for FileVault or
  // BitLocker), TheJumpCloud/jc-cli at f522b116 (its tests' mocks name templates "FileVault" and
  // "FileVault 2" with made-up ids; its baseline bundles set no FileVault or BitLocker policy),
  // TheJumpCloud/jcapi-powershell at 82c20c19 (no match), the v2 specification of 2026-08-21
  // (no template names), and the code search index ("filevault_", "bitlocker_").
  {
    name: PolicyTemplateNames.FILEVAULT,
    displayName: 'FileVault 2',
    osMetaFamily: 'darwin',
    activation: 'The user must log out and in again before FileVault is turned on.',
    behavior: 'Turns on FileVault 2 full-disk encryption and escrows the recovery key.',
    deliveryTypes: ['agent', 'mdm'],
    fields: [],
  },
  {
    name: PolicyTemplateNames.BITLOCKER,
    displayName: 'BitLocker',
    osMetaFamily: 'windows',
    activation: 'Encryption starts after the next restart.',
    behavior: 'Encrypts the system drive with BitLocker and escrows the recovery key.',
    fields: [],
  },
  // NEW line 17: `-timeout 45`, read back from the value
  // whose configFieldName is `timeout`.
  {
    name: 'lock_screen_darwin',
    displayName: 'Lock Screen',
    osMetaFamily: 'darwin',
    activation: 'Applies immediately.',
    behavior: 'Locks the screen after a period of inactivity.',
    fields: [
      {
        name: 'timeout',
        label: 'Timeout',
        displayType: 'number',
        defaultValue: null,
        value: (rng) => rng.pick([45, 60, 300, 600, 900]),
      },
    ],
  },
  // SET line 12: `-AUTO_INSTALL_SCHEDULE
  // ScheduledInstallFirstWeek`, then `ScheduledInstallSecondWeek`; an integer is refused.
  {
    name: 'system_updates_windows',
    displayName: 'Windows Updates',
    osMetaFamily: 'windows',
    activation: 'Applies at the next update scan.',
    behavior: 'Sets when Windows installs updates automatically.',
    fields: [
      {
        name: 'AUTO_INSTALL_SCHEDULE',
        label: 'Automatic install schedule',
        displayType: 'select',
        defaultValue: null,
        value: (rng) => rng.pick(['ScheduledInstallFirstWeek', 'ScheduledInstallSecondWeek']),
      },
    ],
  },
  // NEW line 26: `-ALLOWUSEOFBIOMETRICS $true`.
  {
    name: 'allow_the_use_of_biometrics_windows',
    displayName: 'Allow the Use of Biometrics',
    osMetaFamily: 'windows',
    activation: 'Applies at next login.',
    behavior: 'Allows or denies Windows Hello biometrics.',
    fields: [
      {
        name: 'ALLOWUSEOFBIOMETRICS',
        label: 'Allow the use of biometrics',
        displayType: 'checkbox',
        defaultValue: false,
        value: (rng) => rng.chance(0.5),
      },
    ],
  },
  // NEW line 10: `-ADMINISTRATORSTRING "Test String"`.
  {
    name: 'rename_local_administrator_account_windows',
    displayName: 'Rename Local Administrator Account',
    osMetaFamily: 'windows',
    activation: 'Applies at next restart.',
    behavior: 'Renames the built-in local Administrator account.',
    fields: [
      {
        name: 'ADMINISTRATORSTRING',
        label: 'Administrator account name',
        displayType: 'text',
        defaultValue: null,
        value: (rng) => `it-admin-${rng.hex(6)}`,
      },
    ],
  },
  // NEW line 33: `-customRegTable` rows of
  // `customLocation`, `customValueName`, `customRegType`, `customData` (arbitrary registry
  // data: the values a policy may hide secrets in).
  {
    name: 'custom_registry_keys_policy_windows',
    displayName: 'Advanced: Custom Registry Keys',
    osMetaFamily: 'windows',
    activation: 'Applies immediately.',
    behavior: 'Writes the registry values listed in the policy.',
    fields: [
      {
        name: 'customRegTable',
        label: 'Registry keys',
        displayType: 'table',
        defaultValue: null,
        value: (rng) => [
          {
            customLocation: 'SOFTWARE\\Example\\Agent',
            customValueName: 'Token',
            customRegType: 'String',
            customData: `sk-${rng.hex(16)}`,
          },
        ],
      },
    ],
  },
  // NEW line 466: `-disable_mtp $true -disable_afc $false
  // -disable_mmc $false`.
  {
    name: 'disable_usb_storage_linux',
    displayName: 'Disable USB Storage',
    osMetaFamily: 'linux',
    activation: 'Applies immediately.',
    behavior: 'Disables USB mass storage and the listed device classes.',
    fields: ['disable_mtp', 'disable_afc', 'disable_mmc'].map((name) => ({
      name,
      label: name,
      displayType: 'checkbox' as const,
      defaultValue: false,
      value: (rng: Rng) => rng.chance(0.5),
    })),
  },
  // SET line 153: `-LoginwindowText "Pester Test"`.
  {
    name: 'login_window_text_darwin',
    displayName: 'Login Window Text',
    osMetaFamily: 'darwin',
    activation: 'Applies at the next login window.',
    behavior: 'Shows a message on the login window.',
    deliveryTypes: ['mdm'],
    fields: [
      {
        name: 'LoginwindowText',
        label: 'Login window text',
        displayType: 'text',
        defaultValue: null,
        value: (rng) => `Property of Example Corp (${rng.hex(4)})`,
      },
    ],
  },
  // SET line 570: a policy "with no payload", created with no field values.
  {
    name: 'activation_lock_darwin',
    displayName: 'Allow Activation Lock',
    osMetaFamily: 'darwin',
    activation: 'Applies immediately on supervised devices.',
    behavior: 'Allows Activation Lock when the user turns on Find My.',
    deliveryTypes: ['mdm'],
    fields: [],
  },
  // NEW line 49: `-ServerAddresses`,
  // `-SupplementalMatchDomains` (lists) and `-ServerURL` (a string).
  {
    name: 'encrypted_dns_https_darwin',
    displayName: 'Encrypted DNS over HTTPS',
    osMetaFamily: 'darwin',
    activation: 'Applies immediately.',
    behavior: 'Sends DNS queries to the listed DNS-over-HTTPS server.',
    deliveryTypes: ['mdm'],
    fields: [
      {
        name: 'ServerAddresses',
        label: 'Server addresses',
        displayType: 'singlelistbox',
        defaultValue: null,
        value: (rng) => [`192.0.2.${rng.between(1, 254)}`],
      },
      {
        name: 'ServerURL',
        label: 'Server URL',
        displayType: 'text',
        defaultValue: null,
        value: (rng) => `https://dns-${rng.hex(4)}.example.com/dns-query`,
      },
      {
        name: 'SupplementalMatchDomains',
        label: 'Supplemental match domains',
        displayType: 'singlelistbox',
        defaultValue: null,
        value: (rng) => [`corp-${rng.hex(4)}.example.com`],
      },
    ],
  },
];

const Code = { template: 0x61, configField: 0x62, policy: 0x63, policyGroup: 0x64, result: 0x65 };
/** Templates were published before any org existed; one fixed tag for all of them. */
const TEMPLATE_TAG = 0x7e3a11;
const TEMPLATES_CREATED_MS = EPOCH_MS - 3 * 365 * DAY_MS;

function buildTemplates(): Array<{ template: PolicyTemplate; configFields: PolicyConfigField[] }> {
  let fieldCounter = 0;
  return TEMPLATE_SPECS.map((spec, t) => ({
    template: {
      id: objectId(TEMPLATES_CREATED_MS + t * 1000, TEMPLATE_TAG, Code.template, t),
      name: spec.name,
      displayName: spec.displayName,
      description: spec.behavior,
      osMetaFamily: spec.osMetaFamily,
      activation: spec.activation,
      behavior: spec.behavior,
      state: '',
      deliveryTypes: spec.deliveryTypes ?? ['agent'],
      alert: null,
      reference: null,
    },
    configFields: spec.fields.map((field, position) => ({
      id: objectId(TEMPLATES_CREATED_MS, TEMPLATE_TAG, Code.configField, (fieldCounter += 1)),
      name: field.name,
      label: field.label,
      displayType: field.displayType,
      defaultValue: field.defaultValue,
      position,
      readOnly: false,
      required: false,
      sensitive: false,
    })),
  }));
}

const TEMPLATES = buildTemplates();

/** Every template, as `GET /policytemplates` lists them (sorted by id). */
export function policyTemplates(): PolicyTemplate[] {
  return TEMPLATES.map((entry) => entry.template);
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/** Template index by name. */
function templateIndex(name: string): number {
  return TEMPLATE_SPECS.findIndex((spec) => spec.name === name);
}

/**
 * Templates of the first policies (the fixed edge cases), then a weighted mix. Policy 2 (a
 * lock screen) is bound to nothing.
 */
const FIRST_TEMPLATES = [
  PolicyTemplateNames.FILEVAULT,
  PolicyTemplateNames.BITLOCKER,
  'lock_screen_darwin',
  'custom_registry_keys_policy_windows',
  'rename_local_administrator_account_windows',
  'disable_usb_storage_linux',
];
const UNBOUND_POLICY = 2;

function generateOrgPolicies(org: SimulatedOrg, options: PolicySimulationOptions): OrgPolicies {
  const policyCount = options.policies ?? DEFAULT_POLICY_COUNT;
  const groupCount = options.policyGroups ?? DEFAULT_POLICY_GROUP_COUNT;
  const orgTag = parseInt(org.id.slice(8, 14), 16) || hash32(org.id) & 0xffffff;
  const base = (collection: number) =>
    hash32(org.id, 'policy-counter-base', collection) & 0x3fffffff;
  const createdMs = (rng: Rng) => EPOCH_MS - rng.between(30, 700) * DAY_MS;

  const systemsByFamily = new Map<string, string[]>();
  for (const system of org.systems) {
    const list = systemsByFamily.get(system.osFamily) ?? [];
    list.push(system.id);
    systemsByFamily.set(system.osFamily, list);
  }
  const groupIds = org.systemGroups.map((group) => group.id);

  // Policies
  const policies: PolicyWithDetails[] = [];
  for (let p = 0; p < policyCount; p++) {
    const rng = new Rng(hash32(org.id, 'policy', p));
    const t =
      p < FIRST_TEMPLATES.length
        ? templateIndex(FIRST_TEMPLATES[p])
        : rng.int(TEMPLATE_SPECS.length);
    const { template, configFields } = TEMPLATES[t];
    const spec = TEMPLATE_SPECS[t];
    policies.push({
      id: objectId(createdMs(rng), orgTag, Code.policy, base(Code.policy) + p),
      name: p < FIRST_TEMPLATES.length ? template.displayName : `${template.displayName} ${p}`,
      template,
      notes: rng.chance(0.3) ? `Owner: IT (${rng.hex(4)})` : '',
      values: configFields.map((field, f) => ({
        configFieldID: field.id,
        value: spec.fields[f].value(rng),
        sensitive: false,
      })),
      configFields,
    });
  }

  // Policy groups
  const policyGroups: PolicyGroup[] = [];
  for (let g = 0; g < groupCount; g++) {
    const rng = new Rng(hash32(org.id, 'policy-group', g));
    policyGroups.push({
      id: objectId(createdMs(rng), orgTag, Code.policyGroup, base(Code.policyGroup) + g),
      name: rng.pick(['Baseline', 'Laptops', 'Servers', 'Executives', 'Contractors']) + ` ${g + 1}`,
      type: 'policy_group',
      description: g === 0 ? 'Every device gets these' : '',
      email: '',
      attributes: null,
      organizationObjectId: org.id,
    });
  }

  // Bindings: each policy by one or more routes, on systems of its template's OS.
  const bindings: PolicyBindings = {
    policySystems: [],
    policySystemGroups: [],
    policyGroupMembers: [],
    policyGroupSystems: [],
    policyGroupSystemGroups: [],
  };
  for (let g = 0; g < policyGroups.length; g++) {
    const rng = new Rng(hash32(org.id, 'policy-group-bindings', g));
    const id = policyGroups[g].id;
    // Group 1 is bound to nothing (its policies reach systems only by their own bindings).
    if (g === 1) continue;
    // Group 0 always reaches a system group, so every route exists even in a tiny org.
    for (const systemGroupId of rng.sample(groupIds.length, g === 0 ? 1 : rng.between(0, 1))) {
      bindings.policyGroupSystemGroups.push({
        policyGroupId: id,
        systemGroupId: groupIds[systemGroupId],
      });
    }
    for (const s of rng.sample(org.systems.length, rng.between(1, 2))) {
      bindings.policyGroupSystems.push({ policyGroupId: id, systemId: org.systems[s].id });
    }
  }
  for (let p = 0; p < policies.length; p++) {
    if (p === UNBOUND_POLICY) continue;
    const rng = new Rng(hash32(org.id, 'policy-bindings', p));
    const policy = policies[p];
    const family = systemsByFamily.get(policy.template.osMetaFamily) ?? [];
    // FileVault and BitLocker reach about half of their fleet directly, so some Macs and
    // Windows machines have no encryption policy.
    const share = p < 2 ? 0.5 : rng.pick([0.2, 0.4, 0.7]);
    for (const s of rng.sample(
      family.length,
      Math.max(p < 2 ? 1 : 0, Math.round(family.length * share)),
    )) {
      bindings.policySystems.push({ policyId: policy.id, systemId: family[s] });
    }
    if (groupIds.length > 0 && (p === 0 || rng.chance(0.35))) {
      bindings.policySystemGroups.push({ policyId: policy.id, systemGroupId: rng.pick(groupIds) });
    }
    if (policyGroups.length > 0 && (p === 1 || (p >= FIRST_TEMPLATES.length && rng.chance(0.4)))) {
      bindings.policyGroupMembers.push({
        policyGroupId: policyGroups[p === 1 ? 0 : rng.int(policyGroups.length)].id,
        policyId: policy.id,
      });
    }
  }
  const systemsReached = reachedSystems(org, policies, bindings);

  // Results: one per (policy, system reached), some missing; a few for deleted systems and
  // for systems the policy no longer reaches.
  const results: PolicyResult[] = [];
  let resultCounter = 0;
  const result = (
    rng: Rng,
    policyId: string,
    systemId: string,
    outcome: 'success' | 'failed' | 'pending',
  ): PolicyResult => {
    const started = EPOCH_MS - rng.between(60, 14 * 24 * 3600) * 1000;
    const exitStatus = outcome === 'failed' ? rng.pick([1, 2, 126, 127]) : 0;
    const record: PolicyResult = {
      id: objectId(started, orgTag, Code.result, base(Code.result) + (resultCounter += 1)),
      policyID: policyId,
      systemID: systemId,
      success: outcome === 'success',
      exitStatus,
      state: outcome,
      startedAt: isoDate(started),
      detail: outcome === 'failed' ? 'Policy application failed' : '',
      stdOut: outcome === 'pending' ? '' : `applied ${rng.hex(6)}`,
      stdErr: outcome === 'failed' ? `error: token sk-${rng.hex(16)} rejected` : '',
    };
    if (outcome !== 'pending') record.endedAt = isoDate(started + rng.between(1, 120) * 1000);
    return record;
  };
  for (let p = 0; p < policies.length; p++) {
    const rng = new Rng(hash32(org.id, 'policy-results', p));
    const policyId = policies[p].id;
    for (const systemId of [...(systemsReached.get(policyId) ?? [])].sort()) {
      const outcome = rng.weighted<'success' | 'failed' | 'pending' | 'none'>([
        ['success', 70],
        ['failed', 12],
        ['pending', 8],
        ['none', 10],
      ]);
      if (outcome !== 'none') results.push(result(rng, policyId, systemId, outcome));
    }
    if (p === 0 || rng.chance(0.3)) {
      // A system deleted after the policy ran on it.
      const deletedId = objectId(EPOCH_MS - 90 * DAY_MS, orgTag, 0x05, 0x3ffff000 + p);
      results.push(result(rng, policyId, deletedId, rng.chance(0.5) ? 'success' : 'failed'));
    }
    const notReached = org.systems.filter((s) => !systemsReached.get(policyId)?.has(s.id));
    if (notReached.length > 0 && (p === 2 || rng.chance(0.2))) {
      // A system the policy was unbound from after it ran there.
      results.push(result(rng, policyId, rng.pick(notReached).id, 'success'));
    }
  }

  return {
    templates: policyTemplates(),
    policies: policies.sort(byId),
    policyGroups: policyGroups.sort(byId),
    bindings,
    results,
  };
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A route from a policy to a system: the `to` ends of its hops, the system last. */
export type PolicyPath = Array<{ id: string; type: 'policy_group' | 'system_group' | 'system' }>;

/**
 * Every route from each policy to a system (what `/policies/{id}/systems` lists), and from
 * each policy to a system group (`/policies/{id}/systemgroups`).
 */
export function policyRoutes(
  org: SimulatedOrg,
  policies: Pick<PolicyWithDetails, 'id'>[],
  bindings: PolicyBindings,
): {
  systems: Map<string, Map<string, PolicyPath[]>>;
  systemGroups: Map<string, Map<string, PolicyPath[]>>;
} {
  const membersOf = new Map<string, string[]>();
  for (const { systemGroupId, systemId } of org.links.systemGroupMembers) {
    const list = membersOf.get(systemGroupId) ?? [];
    list.push(systemId);
    membersOf.set(systemGroupId, list);
  }
  const systems = new Map<string, Map<string, PolicyPath[]>>();
  const systemGroups = new Map<string, Map<string, PolicyPath[]>>();
  const add = (
    table: Map<string, Map<string, PolicyPath[]>>,
    policyId: string,
    targetId: string,
    path: PolicyPath,
  ) => {
    let targets = table.get(policyId);
    if (!targets) table.set(policyId, (targets = new Map()));
    const paths = targets.get(targetId) ?? [];
    paths.push(path);
    targets.set(targetId, paths);
  };
  const viaSystemGroup = (policyId: string, prefix: PolicyPath, systemGroupId: string) => {
    const hop = { id: systemGroupId, type: 'system_group' as const };
    add(systemGroups, policyId, systemGroupId, [...prefix, hop]);
    for (const systemId of membersOf.get(systemGroupId) ?? []) {
      add(systems, policyId, systemId, [...prefix, hop, { id: systemId, type: 'system' }]);
    }
  };
  const known = new Set(policies.map((p) => p.id));
  for (const { policyId, systemId } of bindings.policySystems) {
    if (known.has(policyId)) add(systems, policyId, systemId, [{ id: systemId, type: 'system' }]);
  }
  for (const { policyId, systemGroupId } of bindings.policySystemGroups) {
    if (known.has(policyId)) viaSystemGroup(policyId, [], systemGroupId);
  }
  for (const { policyGroupId, policyId } of bindings.policyGroupMembers) {
    if (!known.has(policyId)) continue;
    const groupHop = { id: policyGroupId, type: 'policy_group' as const };
    for (const binding of bindings.policyGroupSystems) {
      if (binding.policyGroupId !== policyGroupId) continue;
      add(systems, policyId, binding.systemId, [
        groupHop,
        { id: binding.systemId, type: 'system' },
      ]);
    }
    for (const binding of bindings.policyGroupSystemGroups) {
      if (binding.policyGroupId === policyGroupId)
        viaSystemGroup(policyId, [groupHop], binding.systemGroupId);
    }
  }
  return { systems, systemGroups };
}

function reachedSystems(
  org: SimulatedOrg,
  policies: PolicyWithDetails[],
  bindings: PolicyBindings,
): Map<string, Set<string>> {
  const { systems } = policyRoutes(org, policies, bindings);
  return new Map([...systems].map(([policyId, targets]) => [policyId, new Set(targets.keys())]));
}

// ---------------------------------------------------------------------------------------------
// Memoised per (org, counts)
// ---------------------------------------------------------------------------------------------

const cache = new WeakMap<SimulatedOrg, Map<string, OrgPolicies>>();

/** `generateOrgPolicies`, computed once per org and counts (the routes and tests share it). */
export function orgPolicies(org: SimulatedOrg, options: PolicySimulationOptions = {}): OrgPolicies {
  const key = `${options.policies ?? DEFAULT_POLICY_COUNT}/${options.policyGroups ?? DEFAULT_POLICY_GROUP_COUNT}`;
  let byCounts = cache.get(org);
  if (!byCounts) cache.set(org, (byCounts = new Map()));
  let policies = byCounts.get(key);
  if (!policies) {
    policies = generateOrgPolicies(org, options);
    byCounts.set(key, policies);
  }
  return policies;
}

/** The latest result of each policy on each system: by policy id, then system id. */
export function latestResults(data: OrgPolicies): Map<string, Map<string, PolicyResult>> {
  const table = new Map<string, Map<string, PolicyResult>>();
  for (const result of data.results) {
    let bySystem = table.get(result.policyID);
    if (!bySystem) table.set(result.policyID, (bySystem = new Map()));
    bySystem.set(result.systemID, result);
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// Command line (simulator/cli.ts hands unknown flags here)
// ---------------------------------------------------------------------------------------------

export const POLICY_USAGE = `  --policies N           device policies per organization (default ${DEFAULT_POLICY_COUNT})
  --policy-groups N      policy groups per organization (default ${DEFAULT_POLICY_GROUP_COUNT})
  --policy-mode MODE     enabled | absent (404) | forbidden (403) (default enabled)
`;

/**
 * Reads one policy flag into `options.policies`; false when the flag is not a policy flag.
 * `value()` consumes the flag's value.
 */
export function parsePolicyArg(
  flag: string,
  value: () => string | undefined,
  options: { policies?: PolicySimulationOptions },
): boolean {
  const count = (raw: string | undefined): number => {
    if (raw === undefined || !/^\d+$/.test(raw.trim())) {
      throw new Error(`${flag}: invalid value "${raw}"`);
    }
    return Number(raw);
  };
  switch (flag) {
    case '--policies':
      options.policies = { ...options.policies, policies: count(value()) };
      return true;
    case '--policy-groups':
      options.policies = { ...options.policies, policyGroups: count(value()) };
      return true;
    case '--policy-mode': {
      const mode = value();
      if (mode !== 'enabled' && mode !== 'absent' && mode !== 'forbidden') {
        throw new Error(`--policy-mode: invalid mode "${mode}"`);
      }
      options.policies = { ...options.policies, mode };
      return true;
    }
    default:
      return false;
  }
}
