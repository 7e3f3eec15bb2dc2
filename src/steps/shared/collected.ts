import { JobState } from '@jupiterone/integration-sdk-core';

import { Entities } from '../constants';

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
