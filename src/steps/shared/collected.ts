import { getRawData, JobState } from '@jupiterone/integration-sdk-core';

import { Entities, Relationships } from '../constants';

/*
 * What earlier steps collected, read back from the job state into small in-memory records,
 * once per step: never a `findEntity` per relationship (TOOLCHAIN §12), and never `setData`,
 * which the CLI's step cache does not restore.
 */

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
export async function listCollected(jobState: JobState, _type: string): Promise<CollectedObject[]> {
  const objects: CollectedObject[] = [];
  await jobState.iterateEntities({ _type }, (entity) => {
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
export async function loadKnownUsers(jobState: JobState): Promise<Map<string, KnownUser>> {
  const users = new Map<string, KnownUser>();
  await jobState.iterateEntities({ _type: Entities.USER._type }, (user) => {
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
export async function loadKeys(jobState: JobState, _type: string): Promise<Set<string>> {
  const keys = new Set<string>();
  await jobState.iterateEntities({ _type }, (entity) => {
    keys.add(entity._key);
  });
  return keys;
}

/**
 * Collected entities of one type by JumpCloud id, with the organization each belongs to, so a
 * relationship is only made within one organization (multi-tenant keys see several).
 */
export async function indexCollected(
  jobState: JobState,
  _type: string,
): Promise<Map<string, CollectedObject>> {
  const index = new Map<string, CollectedObject>();
  for (const object of await listCollected(jobState, _type)) index.set(object.id, object);
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
 * The local account name JumpCloud gives each collected user on the systems it is bound to:
 * `systemUsername` (the "Local User Account" field) when set, else the username. Read from
 * the property when the user entity has one, else from its raw record. Keyed by user `_key`.
 */
export async function loadLocalAccountNames(jobState: JobState): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await jobState.iterateEntities({ _type: Entities.USER._type }, (user) => {
    const raw = getRawData<{ systemUsername?: unknown }>(user);
    const local =
      textValue(user.systemUsername) ?? textValue(raw?.systemUsername) ?? textValue(user.username);
    if (local) names.set(user._key, local);
  });
  return names;
}

/**
 * Who may log into each system, as the devices step stored it (`jumpcloud_user ASSIGNED
 * jumpcloud_device`, by any route): system `_key` to the `_key`s of its bound users. No
 * request: the bindings were read once, by the devices step.
 */
export async function loadSystemBindings(jobState: JobState): Promise<Map<string, string[]>> {
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
export async function loadKnownDevices(jobState: JobState): Promise<Map<string, KnownDevice>> {
  const devices = new Map<string, KnownDevice>();
  await jobState.iterateEntities({ _type: Entities.DEVICE._type }, (device) => {
    devices.set(device._key, {
      orgId: textValue(device.orgId),
      name: textValue(device.displayName),
      platform: textValue(device.platform),
    });
  });
  return devices;
}

function textValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
