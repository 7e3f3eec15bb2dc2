import { Entity, getRawData, JobState } from '@jupiterone/integration-sdk-core';

import type { OptionalFeatureUnavailable } from './optional-data';
import type { OrganizationRecord } from '../../jumpcloud/organization-settings';
import type { JumpCloudAppleMdm, JumpCloudAppleMdmDevice } from '../../jumpcloud/types';
import type { ReadList } from './read-list';
import { Entities, Relationships } from '../constants';
import { nonBlank } from './values';

/*
 * What earlier steps collected, read back into small in-memory records, once per step: from
 * the run's memory when the step that wrote them remembered them, else from the job state.
 * Never a `findEntity` per relationship (TOOLCHAIN §12), and never `setData`.
 */

/**
 * The one memory steps share in a run: what a step that succeeded remembers for the steps
 * after it. Keyed by the run's instance object, the same one in every step's context, and
 * dropped with it. The CLI's step cache (`collect --step`) restores none of it (nor
 * `setData`): a step run alone then reads the job state, or finds out again.
 */
interface RunMemory {
  /** Digests of every entity of a `_type`, by the step that wrote the whole type. */
  digests: Map<string, readonly CollectedDigest[]>;
  /** Users bound to each system, by the devices step. */
  bindings?: SystemBindings;
  /** Organizations where System Insights could not be read (./system-insights.ts). */
  systemInsightsUnavailable: Map<string, OptionalFeatureUnavailable>;
  /**
   * Each organization's own record (`GET /api/organizations/{id}`) as the account step read
   * it: its security settings and its provider (MSP), for the steps after it, which would
   * otherwise read it again.
   */
  organizationRecords: Map<string, OrganizationRecord>;
  /**
   * Apple MDM of each organization as `read-apple-mdm` read it (src/steps/apple-mdm/read.ts):
   * the MDMs and each one's devices, for the devices step (FileVault) and the Apple MDM step,
   * which writes them. Absent when Apple MDM was not read.
   */
  appleMdm?: Map<
    string,
    { mdms: ReadList<JumpCloudAppleMdm>; devices: Map<string, ReadList<JumpCloudAppleMdmDevice>> }
  >;
}

const memoryByRun = new WeakMap<object, RunMemory>();

/** The run's memory, made on first use. */
export function runMemory(run: object): RunMemory {
  let memory = memoryByRun.get(run);
  if (!memory) {
    memory = {
      digests: new Map(),
      systemInsightsUnavailable: new Map(),
      organizationRecords: new Map(),
    };
    memoryByRun.set(run, memory);
  }
  return memory;
}

/**
 * The fields later steps read back of a collected entity. A step that wrote a type whole
 * (`collectFromEveryOrganization`, the devices step) remembers these in the run's memory once
 * it has succeeded, so the steps after it read them from memory instead of parsing every
 * flushed entity again (five steps read the users back, seven the devices).
 */
const DIGEST_FIELDS = [
  'id',
  'orgId',
  'email',
  'sudo',
  'manager',
  'displayName',
  'platform',
  'serial',
] as const;

export type CollectedDigest = Pick<Entity, '_key'> &
  Partial<Record<(typeof DIGEST_FIELDS)[number], Entity[string]>> & {
    /** Of a user: the local account name JumpCloud gives it on its systems. */
    localAccountName?: string;
  };

/** The fields of an entity later steps read back. */
export function digestOf(entity: Entity): CollectedDigest {
  const digest: CollectedDigest = { _key: entity._key };
  for (const field of DIGEST_FIELDS) {
    if (entity[field] !== undefined) digest[field] = entity[field];
  }
  if (entity._type === Entities.USER._type) {
    const local = localAccountNameOf(entity);
    if (local !== undefined) digest.localAccountName = local;
  }
  return digest;
}

/**
 * The local account name JumpCloud gives a user on the systems it is bound to:
 * `systemUsername` (the "Local User Account" field) when set, else the username. Read from the
 * property when the user entity has one, else from its raw record.
 */
function localAccountNameOf(user: Entity): string | undefined {
  const raw = getRawData<{ systemUsername?: unknown }>(user);
  return nonBlank(user.systemUsername) ?? nonBlank(raw?.systemUsername) ?? nonBlank(user.username);
}

/**
 * Remembers, for the rest of the run, every entity of `_type` a step collected. Only a step
 * that wrote the whole type, and only once it succeeded: a reader then sees exactly what is on
 * disk. Without it (a step run alone from the CLI's step cache) readers read the job state.
 */
export function rememberCollected(
  run: object,
  _type: string,
  digests: readonly CollectedDigest[],
): void {
  runMemory(run).digests.set(_type, digests);
}

/** Where collected entities are read back from: the step's context (or its job state alone). */
export type CollectedSource = JobState | { jobState: JobState; instance: object };

/**
 * The digest of every collected entity of a type, from memory when the run remembers it, else
 * read from disk: readers see the same fields either way.
 */
export async function iterateCollected(
  source: CollectedSource,
  _type: string,
  iteratee: (entity: CollectedDigest) => void,
): Promise<void> {
  const jobState = 'jobState' in source ? source.jobState : source;
  const remembered =
    'jobState' in source ? memoryByRun.get(source.instance)?.digests.get(_type) : undefined;
  if (remembered) {
    for (const digest of remembered) iteratee(digest);
    return;
  }
  await jobState.iterateEntities({ _type }, (entity) => iteratee(digestOf(entity)));
}

export interface CollectedOrganization {
  /** The JumpCloud organization id, sent as `x-org-id`. */
  orgId: string;
  /** `_key` of its `jumpcloud_account` entity. */
  accountKey: string;
}

/**
 * The organizations the account step collected, read back from the job state (not from
 * `setData`, which the CLI's step cache does not restore).
 */
export async function getCollectedOrganizations(
  jobState: JobState,
): Promise<CollectedOrganization[]> {
  const organizations: CollectedOrganization[] = [];
  await jobState.iterateEntities({ _type: Entities.ACCOUNT._type }, (account) => {
    organizations.push({ orgId: String(account.id), accountKey: account._key });
  });
  return organizations.sort((a, b) => a.orgId.localeCompare(b.orgId));
}

/** What a sub-call needs of a collected object: its key, its id and the org to ask. */
export interface CollectedObject {
  key: string;
  id: string;
  orgId: string;
}

/** Reads the collected entities of one type back as small in-memory records. */
export async function listCollected(
  source: CollectedSource,
  _type: string,
): Promise<CollectedObject[]> {
  const objects: CollectedObject[] = [];
  await iterateCollected(source, _type, (entity) => {
    objects.push({ key: entity._key, id: String(entity.id), orgId: String(entity.orgId) });
  });
  return objects;
}

/** What device and asset steps need of a collected user. */
export interface KnownUser {
  key: string;
  orgId?: string;
  email?: string;
  /** Global sudo: admin on every system the user can log into. */
  sudo: boolean;
}

/**
 * One map of every collected user, read once per step (never a `findEntity` per edge).
 * Keyed by JumpCloud user id.
 */
export async function loadKnownUsers(source: CollectedSource): Promise<Map<string, KnownUser>> {
  const users = new Map<string, KnownUser>();
  await iterateCollected(source, Entities.USER._type, (user) => {
    const id = typeof user.id === 'string' ? user.id : user._key;
    users.set(id, {
      key: user._key,
      orgId: typeof user.orgId === 'string' ? user.orgId : undefined,
      email: typeof user.email === 'string' ? user.email : undefined,
      sudo: user.sudo === true,
    });
  });
  return users;
}

/** Keys of every collected entity of a type (an in-memory set, never a lookup per edge). */
export async function loadKeys(source: CollectedSource, _type: string): Promise<Set<string>> {
  const keys = new Set<string>();
  await iterateCollected(source, _type, (entity) => {
    keys.add(entity._key);
  });
  return keys;
}

/**
 * Collected entities of one type by JumpCloud id, with the organization each belongs to, so a
 * relationship is only made within one organization (multi-tenant keys see several).
 */
export async function indexCollected(
  source: CollectedSource,
  _type: string,
): Promise<Map<string, CollectedObject>> {
  const index = new Map<string, CollectedObject>();
  for (const object of await listCollected(source, _type)) index.set(object.id, object);
  return index;
}

/** The collected object with this id in this organization, if any. */
export function collectedInOrganization(
  index: Map<string, CollectedObject>,
  id: string | null | undefined,
  orgId: string,
): CollectedObject | undefined {
  if (typeof id !== 'string') return undefined;
  const object = index.get(id);
  return object && object.orgId === orgId ? object : undefined;
}

/**
 * The local account name of each collected user on the systems it is bound to (see
 * `digestOf`), keyed by user `_key`.
 */
export async function loadLocalAccountNames(source: CollectedSource): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await iterateCollected(source, Entities.USER._type, (user) => {
    if (user.localAccountName !== undefined) names.set(user._key, user.localAccountName);
  });
  return names;
}

/** Users bound to each system: system `_key` to the `_key`s of its bound users. */
export type SystemBindings = ReadonlyMap<string, readonly string[]>;

/**
 * Remembers, for the rest of the run, the users bound to each system: only the devices step,
 * once it has written every `jumpcloud_user ASSIGNED jumpcloud_device` edge.
 */
export function rememberSystemBindings(run: object, bindings: SystemBindings): void {
  runMemory(run).bindings = bindings;
}

/**
 * Who may log into each system, as the devices step stored it (`jumpcloud_user ASSIGNED
 * jumpcloud_device`, by any route). No request: the bindings were read once, by the devices
 * step; from memory when it remembered them, else from its flushed edges.
 */
export async function loadSystemBindings(source: CollectedSource): Promise<SystemBindings> {
  const remembered = 'jobState' in source ? memoryByRun.get(source.instance)?.bindings : undefined;
  if (remembered) return remembered;
  const jobState = 'jobState' in source ? source.jobState : source;
  const bindings = new Map<string, string[]>();
  await jobState.iterateRelationships(
    { _type: Relationships.USER_ASSIGNED_DEVICE._type },
    (relationship) => {
      const systemKey = String(relationship._toEntityKey);
      const userKey = String(relationship._fromEntityKey);
      const users = bindings.get(systemKey);
      if (users) users.push(userKey);
      else bindings.set(systemKey, [userKey]);
    },
  );
  return bindings;
}

/** What posture steps need of a collected device. */
export interface KnownDevice {
  orgId?: string;
  name?: string;
  platform?: string;
}

/** Every collected device, by `_key` (its system id). */
export async function loadKnownDevices(source: CollectedSource): Promise<Map<string, KnownDevice>> {
  const devices = new Map<string, KnownDevice>();
  await iterateCollected(source, Entities.DEVICE._type, (device) => {
    devices.set(device._key, {
      orgId: nonBlank(device.orgId),
      name: nonBlank(device.displayName),
      platform: nonBlank(device.platform),
    });
  });
  return devices;
}
