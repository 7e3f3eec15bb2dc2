/**
 * Device policies as graph objects: `jumpcloud_policy` (ControlPolicy), `jumpcloud_policy_group`
 * (Group), and the edges that say which device is held to which policy and with what result.
 *
 * A policy's `values` can hold secrets (Wi-Fi passwords, certificates, scripts, tokens). Only
 * the settings in HARMLESS_SETTINGS become properties (`setting.*`, named by each rule), as a
 * boolean or a number; nothing else of `values` or `configFields` reaches a property or
 * `_rawData`. A result's `stdOut`/`stdErr` (command output) and `detail` are never read.
 */
import { Entity, parseTimePropertyValue, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import {
  JumpCloudPolicy,
  JumpCloudPolicyGroup,
  JumpCloudPolicyResult,
  JumpCloudPolicyTemplate,
  JumpCloudPolicyWithDetails,
} from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { relate } from '../shared/relate';
import { nonBlank } from '../shared/values';

// ---- settings known to be harmless ----------------------------------------------------------

/**
 * Template settings (config field `name`) whose value is ingested, with the only type it may
 * have and why it is safe. Each is an on/off switch or a duration: it cannot carry a password,
 * a key, a certificate, a script or a URL. A value marked `sensitive` (by the value or by its
 * config field) is never ingested, whatever its name. The field names are JumpCloud's, from its
 * PowerShell module tests (TheJumpCloud/support, commit a38baf9f,
 * `PowerShell/JumpCloud Module/Tests/Public/Policies/New-JCPolicy.Tests.ps1`). Documented in
 * docs/policies-data-model.md, with the fields left out and why; add a setting there and here
 * together.
 */
export const HARMLESS_SETTINGS: Record<
  string,
  { type: 'boolean' | 'number'; property: string; why: string }
> = {
  timeout: {
    type: 'number',
    property: 'setting.timeout',
    why: 'lock_screen_darwin: inactivity before the screen locks',
  },
  ALLOWUSEOFBIOMETRICS: {
    type: 'boolean',
    property: 'setting.allowUseOfBiometrics',
    why: 'allow_the_use_of_biometrics_windows: biometric sign-in allowed or not',
  },
  disable_mtp: {
    type: 'boolean',
    property: 'setting.disableMtp',
    why: 'disable_usb_storage_linux: MTP devices disabled or not',
  },
  disable_afc: {
    type: 'boolean',
    property: 'setting.disableAfc',
    why: 'disable_usb_storage_linux: AFC (iOS) access disabled or not',
  },
  disable_mmc: {
    type: 'boolean',
    property: 'setting.disableMmc',
    why: 'disable_usb_storage_linux: MMC/SD cards disabled or not',
  },
};

/**
 * The `setting.*` properties of the harmless settings a policy sets, each under its rule's
 * `property` (JupiterOne property names allow no `_` but a leading one).
 */
export function readHarmlessSettings(
  policy: Pick<JumpCloudPolicyWithDetails, 'values' | 'configFields'>,
): Record<string, boolean | number> {
  const fields = new Map(
    (Array.isArray(policy.configFields) ? policy.configFields : [])
      .filter((field) => field && typeof field.id === 'string')
      .map((field) => [field.id as string, field]),
  );
  const settings: Record<string, boolean | number> = {};
  for (const value of Array.isArray(policy.values) ? policy.values : []) {
    if (!value || typeof value.configFieldID !== 'string' || value.sensitive === true) continue;
    const field = fields.get(value.configFieldID);
    if (!field || field.sensitive === true || typeof field.name !== 'string') continue;
    const rule = Object.prototype.hasOwnProperty.call(HARMLESS_SETTINGS, field.name)
      ? HARMLESS_SETTINGS[field.name]
      : undefined;
    if (!rule || typeof value.value !== rule.type) continue;
    if (rule.type === 'number' && !Number.isFinite(value.value)) continue;
    settings[rule.property] = value.value as boolean | number;
  }
  return settings;
}

// ---- entities ---------------------------------------------------------------------------------

/**
 * Which full-disk encryption a template enforces, from its name or display name: the managed
 * questions look for FileVault on Macs and BitLocker on Windows without knowing template ids.
 */
export function diskEncryptionOf(
  template: JumpCloudPolicyTemplate | undefined,
): 'filevault' | 'bitlocker' | undefined {
  const text = `${template?.name ?? ''} ${template?.displayName ?? ''}`.toLowerCase();
  if (/file ?vault/.test(text)) return 'filevault';
  if (/bit ?locker/.test(text)) return 'bitlocker';
  return undefined;
}

const TEMPLATE_RAW_FIELDS = [
  'id',
  'name',
  'displayName',
  'description',
  'osMetaFamily',
  'activation',
  'behavior',
  'state',
  'deliveryTypes',
] as const;

/** Whether a template embedded in a policy lacks what the entity shows of it. */
export function isTemplateIncomplete(
  template: JumpCloudPolicyTemplate | null | undefined,
): boolean {
  return (
    !template ||
    !nonBlank(template.name) ||
    !nonBlank(template.displayName) ||
    !nonBlank(template.osMetaFamily)
  );
}

/**
 * A policy as a ControlPolicy. `template` is the template embedded in the policy, completed
 * from `/policytemplates` when the embedded one lacks fields.
 */
export function createPolicyEntity(
  policy: JumpCloudPolicy,
  details: Pick<JumpCloudPolicyWithDetails, 'values' | 'configFields'> | undefined,
  template: JumpCloudPolicyTemplate | undefined,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const tmpl: JumpCloudPolicyTemplate | undefined = template ?? policy.template ?? undefined;
  const name = nonBlank(policy.name) ?? nonBlank(tmpl?.displayName) ?? policy.id;
  const deliveryTypes = Array.isArray(tmpl?.deliveryTypes)
    ? tmpl?.deliveryTypes.filter((type): type is string => typeof type === 'string')
    : undefined;
  return createEntity({
    entityData: {
      source: {
        ...allowListed(policy, ['id', 'name']),
        ...(tmpl ? { template: allowListed(tmpl, TEMPLATE_RAW_FIELDS) } : {}),
      },
      assign: {
        _key: policy.id,
        _type: Entities.POLICY._type,
        _class: Entities.POLICY._class,
        id: policy.id,
        orgId,
        name,
        displayName: name,
        category: 'config',
        templateId: nonBlank(tmpl?.id),
        templateName: nonBlank(tmpl?.name),
        templateDisplayName: nonBlank(tmpl?.displayName),
        osMetaFamily: nonBlank(tmpl?.osMetaFamily)?.toLowerCase(),
        activation: nonBlank(tmpl?.activation),
        behavior: nonBlank(tmpl?.behavior),
        templateState: nonBlank(tmpl?.state),
        deliveryTypes,
        diskEncryption: diskEncryptionOf(tmpl),
        ...(details ? readHarmlessSettings(details) : {}),
        webLink: consoleLink(baseUrl, ['policies', policy.id, 'details']),
      },
    },
  });
}

export function createPolicyGroupEntity(
  group: JumpCloudPolicyGroup,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const name = nonBlank(group.name) ?? group.id;
  return createEntity({
    entityData: {
      source: allowListed(group, ['id', 'name', 'type', 'description']),
      assign: {
        _key: group.id,
        _type: Entities.POLICY_GROUP._type,
        _class: Entities.POLICY_GROUP._class,
        id: group.id,
        orgId,
        name,
        displayName: name,
        description: nonBlank(group.description),
        webLink: consoleLink(baseUrl, ['groups', 'policy', group.id, 'details']),
      },
    },
  });
}

// ---- results ----------------------------------------------------------------------------------

export type PolicyStatus = 'success' | 'failed' | 'pending' | 'unknown';

/** The status of a result: `state` when it says, else `success`; no result is `unknown`. */
export function policyResultStatus(result: JumpCloudPolicyResult | undefined): PolicyStatus {
  if (!result) return 'unknown';
  const state = nonBlank(result.state)?.toLowerCase();
  if (state) {
    if (state.includes('pend') || state.includes('progress') || state.includes('queued'))
      return 'pending';
    if (state.includes('fail') || state.includes('error')) return 'failed';
    if (state.includes('success') || state === 'applied') return 'success';
  }
  if (result.success === true) return 'success';
  if (result.success === false) return result.endedAt ? 'failed' : 'pending';
  return 'unknown';
}

/** When a result was last reported (ended, else started), epoch ms. */
export function policyResultTime(result: JumpCloudPolicyResult): number | undefined {
  return (
    parseTimePropertyValue(nonBlank(result.endedAt)) ??
    parseTimePropertyValue(nonBlank(result.startedAt))
  );
}

/**
 * What a device's ASSIGNED edge keeps of a policy result: its status, exit status and time,
 * never its output. Kept instead of the result while a policy's other reads finish: at size L
 * ten policies at a time hold 70,000 results, each with its output (stdOut, stdErr, detail).
 */
export interface PolicyResultOnDevice {
  status: PolicyStatus;
  exitStatus?: number;
  lastResultOn?: number;
}

export function policyResultOnDevice(result: JumpCloudPolicyResult): PolicyResultOnDevice {
  return {
    status: policyResultStatus(result),
    exitStatus:
      typeof result.exitStatus === 'number' && Number.isFinite(result.exitStatus)
        ? result.exitStatus
        : undefined,
    lastResultOn: policyResultTime(result),
  };
}

/** Keeps the latest result per system (JumpCloud sends one; a repeat keeps the newest). */
export function keepLatestResult(
  results: Map<string, PolicyResultOnDevice>,
  result: JumpCloudPolicyResult,
): void {
  if (typeof result.systemID !== 'string' || result.systemID === '') return;
  const known = results.get(result.systemID);
  const read = policyResultOnDevice(result);
  if (!known || (read.lastResultOn ?? 0) >= (known.lastResultOn ?? 0)) {
    results.set(result.systemID, read);
  }
}

// ---- relationships ----------------------------------------------------------------------------

export function createAccountHasPolicyRelationship(accountKey: string, policyKey: string) {
  return relate(Relationships.ACCOUNT_HAS_POLICY, accountKey, policyKey);
}

export function createAccountHasPolicyGroupRelationship(accountKey: string, groupKey: string) {
  return relate(Relationships.ACCOUNT_HAS_POLICY_GROUP, accountKey, groupKey);
}

export function createPolicyGroupHasPolicyRelationship(groupKey: string, policyKey: string) {
  return relate(Relationships.POLICY_GROUP_HAS_POLICY, groupKey, policyKey);
}

export function createDeviceGroupAssignedPolicyRelationship(
  deviceGroupKey: string,
  policyKey: string,
): Relationship {
  return relate(Relationships.DEVICE_GROUP_ASSIGNED_POLICY, deviceGroupKey, policyKey);
}

/** Device ASSIGNED policy, with how it is bound and the latest result. */
export function createDeviceAssignedPolicyRelationship(
  deviceKey: string,
  policyKey: string,
  direct: boolean,
  result: PolicyResultOnDevice | undefined,
): Relationship {
  return relate(Relationships.DEVICE_ASSIGNED_POLICY, deviceKey, policyKey, {
    direct,
    status: result?.status ?? 'unknown',
    exitStatus: result?.exitStatus,
    lastResultOn: result?.lastResultOn,
  });
}
