import {
  Entity,
  getRawData,
  IntegrationInstance,
  IntegrationInstanceConfig,
  IntegrationStep,
  IntegrationStepExecutionContext,
  JobState,
} from '@jupiterone/integration-sdk-core';

import type { OptionalFeatureUnavailable } from './optional-data';
import type { OrganizationRecord } from '../../jumpcloud/organization-settings';
import type { JumpCloudAppleMdm, JumpCloudAppleMdmDevice } from '../../jumpcloud/types';
import type { ReadList } from './read-list';
import { Entities, Relationships, Steps } from '../constants';
import { isIngestionSourceEnabled } from './ingestion';
import { nonBlank } from './values';

/*
 * What earlier steps collected, read back into small in-memory records, once per step: from
 * the run's memory when the step that wrote them remembered them, else from the job state.
 * Never a `findEntity` per relationship (TOOLCHAIN §12), and never `setData`.
 */

/**
 * The one memory steps share in a run: what a step that succeeded remembers for the steps
 * after it, each part dropped once the last of them is done (`releasedAfterLastReader`).
 * Keyed by the run's instance object, the same one in every step's context, and dropped with
 * it. The CLI's step cache (`collect --step`) restores none of it (nor
 * `setData`): a step run alone then reads the job state, or finds out again.
 */
interface RunMemory {
  /**
   * What later steps read of every entity of a `_type`, by the step that wrote the whole type:
   * one index per type for every reader, so its views by key and by id are built once in the
   * run, not once per step (seven steps read the devices).
   */
  digests: Map<string, CollectedIndex>;
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
   * Reads of organization records that `validateInvocation` started as soon as it knew the
   * organizations (src/config.ts), for the account step to take: the record goes out while
   * the SDK prepares the steps instead of after.
   */
  organizationRecordReads: Map<string, Promise<OrganizationRecord>>;
  /**
   * Apple MDM of each organization as `read-apple-mdm` read it (src/steps/apple-mdm/read.ts):
   * the MDMs and each one's devices, for the devices step (FileVault) and the Apple MDM step,
   * which writes them. Absent when Apple MDM was not read.
   */
  appleMdm?: AppleMdmRead;
  /** Steps of the run whose handler returned or threw (`releasedAfterLastReader`). */
  finished: Set<string>;
  /** What was dropped after its last reader: digests by `_type`, and `bindings`, `appleMdm`. */
  released: Set<string>;
  /**
   * Reads of something already dropped (answered from the job state, or read again): a step
   * that reads what a step it does not depend on wrote. Zero in a whole run (tested).
   */
  readsAfterRelease: number;
}

/** Apple MDM of each organization as `read-apple-mdm` read it: its MDMs and their devices. */
export type AppleMdmRead = Map<
  string,
  { mdms: ReadList<JumpCloudAppleMdm>; devices: Map<string, ReadList<JumpCloudAppleMdmDevice>> }
>;

const memoryByRun = new WeakMap<object, RunMemory>();

/** The run's memory, made on first use. */
export function runMemory(run: object): RunMemory {
  let memory = memoryByRun.get(run);
  if (!memory) {
    memory = {
      digests: new Map(),
      systemInsightsUnavailable: new Map(),
      organizationRecords: new Map(),
      organizationRecordReads: new Map(),
      finished: new Set(),
      released: new Set(),
      readsAfterRelease: 0,
    };
    memoryByRun.set(run, memory);
  }
  return memory;
}

/**
 * What later steps read back of a collected entity: the one record shape of the index. A step
 * that wrote a type whole (`collectFromEveryOrganization`, the devices step) remembers these
 * in the run's memory once it has succeeded, so the steps after it read them from memory
 * instead of parsing every flushed entity again (five steps read the users back, seven the
 * devices).
 */
export interface Collected {
  _key: string;
  /** The JumpCloud id (the `_key` when the entity has no string `id`). */
  id: string;
  orgId?: string;
  /**
   * Of a user: its email, global sudo, manager's id, and the local account name JumpCloud
   * gives it on its systems (`systemUsername`, else the username).
   */
  email?: string;
  sudo?: boolean;
  manager?: string;
  localAccountName?: string;
  /** Of a device: its name, platform and serial number. */
  displayName?: string;
  platform?: string;
  serial?: string;
}

const TEXT_FIELDS = ['orgId', 'email', 'manager', 'displayName', 'platform', 'serial'] as const;

/** The fields of an entity later steps read back. */
export function digestOf(entity: Entity): Collected {
  const digest: Collected = {
    _key: entity._key,
    id: typeof entity.id === 'string' ? entity.id : entity._key,
  };
  for (const field of TEXT_FIELDS) {
    const value = entity[field];
    if (typeof value === 'string') digest[field] = value;
  }
  if (typeof entity.sudo === 'boolean') digest.sudo = entity.sudo;
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
 * Remembers, until its last reader is done (`releasedAfterLastReader`), every entity of
 * `_type` a step collected. Only a step
 * that wrote the whole type, and only once it succeeded: a reader then sees exactly what is on
 * disk. Without it (a step run alone from the CLI's step cache) readers read the job state.
 */
export function rememberCollected(run: object, _type: string, digests: readonly Collected[]): void {
  runMemory(run).digests.set(_type, new CollectedIndex(digests));
}

/** Where collected entities are read back from: the step's context (or its job state alone). */
export type CollectedSource = JobState | { jobState: JobState; instance: object };

/**
 * Every collected entity of one `_type`, and the views steps read it through. Its records are
 * the run's memory (or, for a type nobody remembered, read from the job state once); the views
 * by key and by id are built on first use and live as long as the step holds the index, never
 * a `findEntity` per edge.
 */
export class CollectedIndex implements Iterable<Collected> {
  private keyed?: Map<string, Collected>;
  private identified?: Map<string, Collected>;

  constructor(readonly records: readonly Collected[]) {}

  [Symbol.iterator](): Iterator<Collected> {
    return this.records[Symbol.iterator]();
  }

  get size(): number {
    return this.records.length;
  }

  /** The entity with this `_key` (the last one, as a map built from the list keeps). */
  get(key: string): Collected | undefined {
    this.keyed ??= new Map(this.records.map((record) => [record._key, record]));
    return this.keyed.get(key);
  }

  /** Whether an entity of this type has this `_key`: an edge only to what was collected. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The entity with this JumpCloud id. */
  byId(id: string): Collected | undefined {
    // Most types are keyed by their id (users, devices): then one map answers both.
    this.identified ??= this.records.every((record) => record._key === record.id)
      ? (this.keyed ??= new Map(this.records.map((record) => [record._key, record])))
      : new Map(this.records.map((record) => [record.id, record]));
    return this.identified.get(id);
  }

  /**
   * The entity with this id in this organization, if any: a relationship is only made within
   * one organization (multi-tenant keys see several).
   */
  inOrganization(id: string | null | undefined, orgId: string): Collected | undefined {
    if (typeof id !== 'string') return undefined;
    const record = this.byId(id);
    return record && record.orgId === orgId ? record : undefined;
  }
}

/**
 * The index of every collected entity of a type, from memory when the run remembers it, else
 * read from disk: readers see the same fields either way.
 */
export async function collectedIndex(
  source: CollectedSource,
  _type: string,
): Promise<CollectedIndex> {
  const jobState = 'jobState' in source ? source.jobState : source;
  const memory = 'jobState' in source ? memoryByRun.get(source.instance) : undefined;
  const remembered = memory?.digests.get(_type);
  if (remembered) return remembered;
  if (memory?.released.has(_type)) memory.readsAfterRelease += 1;
  const records: Collected[] = [];
  await jobState.iterateEntities({ _type }, (entity) => {
    records.push(digestOf(entity));
  });
  return new CollectedIndex(records);
}

export interface CollectedOrganization {
  /** The JumpCloud organization id, sent as `x-org-id`. */
  orgId: string;
  /** `_key` of its `jumpcloud_account` entity. */
  accountKey: string;
}

/**
 * The organizations the account step collected (a view of the accounts' index: the run's
 * memory, which the account step fills, else the job state, as for a step run from the CLI's
 * step cache, which restores no memory), by id. Every step reads them as it starts: from the
 * job state, that was a walk of the graph files per step, while the steps that follow the
 * account step waited to send their first requests.
 */
export async function getCollectedOrganizations(
  source: CollectedSource,
): Promise<CollectedOrganization[]> {
  const accounts = await collectedIndex(source, Entities.ACCOUNT._type);
  return accounts.records
    .map(({ id, _key }) => ({ orgId: id, accountKey: _key }))
    .sort((a, b) => a.orgId.localeCompare(b.orgId));
}

/** Users bound to each system: system `_key` to the `_key`s of its bound users. */
export type SystemBindings = ReadonlyMap<string, readonly string[]>;

/**
 * Remembers, until its last reader is done, the users bound to each system: only the devices step,
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
  const memory = 'jobState' in source ? memoryByRun.get(source.instance) : undefined;
  if (memory?.bindings) return memory.bindings;
  if (memory?.released.has('bindings')) memory.readsAfterRelease += 1;
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

/** Remembers what `read-apple-mdm` read, for the devices step and the Apple MDM step. */
export function rememberAppleMdm(run: object, read: AppleMdmRead): void {
  runMemory(run).appleMdm = read;
}

/** What `read-apple-mdm` read, or undefined when it did not run (or its readers are done). */
export function rememberedAppleMdm(run: object): AppleMdmRead | undefined {
  const memory = runMemory(run);
  if (!memory.appleMdm && memory.released.has('appleMdm')) memory.readsAfterRelease += 1;
  return memory.appleMdm;
}

/**
 * The steps that write the memory's slots other than the digests (a digest's writer is the
 * step that declares its `_type` in `entities`).
 */
const SLOT_WRITERS: Record<'bindings' | 'appleMdm', string> = {
  bindings: Steps.DEVICES.id,
  appleMdm: Steps.READ_APPLE_MDM.id,
};

/**
 * The steps, each of whose handlers, when it returns or throws, lets the run's memory drop what
 * no step still to run reads. A step reads what an earlier step remembered only once that step
 * is done, which the runtime guarantees for nothing but `dependsOn`: so the readers of what a
 * step remembers are the steps that name it in `dependsOn` (the step metadata), and once each
 * of them has finished, or will not run (its ingestion source, or one of a step it depends on,
 * is off), that step's digests, bindings or Apple MDM lists are dropped. The heap then shrinks
 * as the run goes (at size L the users' digests alone are 100,000 records) instead of holding
 * everything to the run's end. A step that read without depending on the writer would find
 * nothing, read the job state, and be counted in `readsAfterRelease`.
 */
export function releasedAfterLastReader<TConfig extends IntegrationInstanceConfig>(
  steps: IntegrationStep<TConfig>[],
): IntegrationStep<TConfig>[] {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const readers = new Map<string, string[]>();
  for (const step of steps) {
    for (const writer of step.dependsOn ?? []) {
      readers.set(writer, [...(readers.get(writer) ?? []), step.id]);
    }
  }
  const willRun = (instance: object, stepId: string) => stepWillRun(steps, instance, stepId);
  const release = (memory: RunMemory, writer: string) => {
    for (const { _type } of byId.get(writer)?.entities ?? []) {
      if (memory.digests.delete(_type)) memory.released.add(_type);
    }
    if (SLOT_WRITERS.bindings === writer && memory.bindings) {
      memory.bindings = undefined;
      memory.released.add('bindings');
    }
    if (SLOT_WRITERS.appleMdm === writer && memory.appleMdm) {
      memory.appleMdm = undefined;
      memory.released.add('appleMdm');
    }
  };
  const finished = (instance: object, stepId: string) => {
    const memory = runMemory(instance);
    memory.finished.add(stepId);
    for (const writer of [stepId, ...(byId.get(stepId)?.dependsOn ?? [])]) {
      if (!memory.finished.has(writer)) continue;
      const pending = (readers.get(writer) ?? []).filter(
        (reader) => !memory.finished.has(reader) && willRun(instance, reader),
      );
      if (pending.length === 0) release(memory, writer);
    }
  };
  return steps.map((step) => ({
    ...step,
    executionHandler: async (context: IntegrationStepExecutionContext<TConfig>) => {
      try {
        await step.executionHandler(context);
      } finally {
        finished(context.instance, step.id);
      }
    },
  }));
}

/**
 * Whether a step runs in this instance: its ingestion source, and that of every step it
 * depends on, is on (the runtime skips a step whose source is off, and the steps after it).
 */
export function stepWillRun<TConfig extends IntegrationInstanceConfig>(
  steps: IntegrationStep<TConfig>[],
  instance: object,
  stepId: string,
  seen = new Set<string>(),
): boolean {
  const step = steps.find((candidate) => candidate.id === stepId);
  if (!step || seen.has(stepId)) return true;
  seen.add(stepId);
  const source = step.ingestionSourceId;
  if (
    source !== undefined &&
    !isIngestionSourceEnabled(instance as Pick<IntegrationInstance, 'disabledSources'>, source)
  )
    return false;
  return (step.dependsOn ?? []).every((id) => stepWillRun(steps, instance, id, seen));
}

/** What the run's memory holds and has dropped, for tests and measurements. */
export function runMemoryHeld(run: object): {
  held: string[];
  released: string[];
  readsAfterRelease: number;
} {
  const memory = runMemory(run);
  const held = [...memory.digests.keys()];
  if (memory.bindings) held.push('bindings');
  if (memory.appleMdm) held.push('appleMdm');
  return {
    held: held.sort(),
    released: [...memory.released].sort(),
    readsAfterRelease: memory.readsAfterRelease,
  };
}
