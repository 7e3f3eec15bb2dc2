import {
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { Entities, Relationships, Steps } from '../constants';
import {
  AppleMdmRead,
  CollectedIndex,
  collectedIndex,
  CollectedSource,
  digestOf,
  getCollectedOrganizations,
  loadSystemBindings,
  releasedAfterLastReader,
  rememberAppleMdm,
  rememberCollected,
  rememberedAppleMdm,
  rememberSystemBindings,
  runMemoryHeld,
} from './collected';
import { edgeKey } from './keys';

function user(id: string, extra: Record<string, unknown> = {}): Entity {
  return {
    _key: id,
    _type: Entities.USER._type,
    _class: ['User'],
    id,
    orgId: 'org-1',
    email: `${id}@example.com`,
    sudo: false,
    _rawData: [{ name: 'default', rawData: { secretish: 'not read back' } }],
    ...extra,
  } as Entity;
}

/** A job state that only iterates a fixed list and counts how often it is read. */
function jobStateOf(
  entities: Entity[],
  relationships: Relationship[] = [],
): JobState & { reads: number } {
  const state = {
    reads: 0,
    iterateRelationships: async (
      filter: { _type: string },
      iteratee: (r: Relationship) => void,
    ) => {
      state.reads += 1;
      for (const r of relationships) if (r._type === filter._type) iteratee(r);
    },
    iterateEntities: async (filter: { _type: string }, iteratee: (e: Entity) => void) => {
      state.reads += 1;
      for (const entity of entities) if (entity._type === filter._type) iteratee(entity);
    },
  };
  return state as unknown as JobState & { reads: number };
}

/** The `_key`s of an index, in its order. */
const keysOf = (index: CollectedIndex) => [...index].map((record) => record._key);

/** Each user's local account name, by `_key`, where it has one. */
async function localAccountNames(source: CollectedSource): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const user of await collectedIndex(source, Entities.USER._type))
    if (user.localAccountName !== undefined) names.set(user._key, user.localAccountName);
  return names;
}

describe('collected entities read back', () => {
  const onDisk = [user('u1', { sudo: true }), user('u2', { manager: 'u1' })];

  test('without a remembered type, readers read the job state', async () => {
    const jobState = jobStateOf(onDisk);
    const instance = {};
    expect(keysOf(await collectedIndex({ jobState, instance }, Entities.USER._type))).toEqual([
      'u1',
      'u2',
    ]);
    expect(jobState.reads).toBe(1);
  });

  test('a remembered type is read from memory, with the same fields readers use', async () => {
    const jobState = jobStateOf(onDisk);
    const instance = {};
    rememberCollected(instance, Entities.USER._type, onDisk.map(digestOf));
    const fromMemory = await collectedIndex({ jobState, instance }, Entities.USER._type);
    expect(jobState.reads).toBe(0);
    expect(fromMemory.records).toEqual(
      (await collectedIndex(jobStateOf(onDisk), Entities.USER._type)).records,
    );
    expect(digestOf(onDisk[1])).toEqual({
      _key: 'u2',
      id: 'u2',
      orgId: 'org-1',
      email: 'u2@example.com',
      sudo: false,
      manager: 'u1',
    });
  });

  test('every reader of a remembered type shares one index: its views are built once', async () => {
    const instance = {};
    rememberCollected(instance, Entities.USER._type, onDisk.map(digestOf));
    const first = await collectedIndex({ jobState: jobStateOf([]), instance }, Entities.USER._type);
    const second = await collectedIndex(
      { jobState: jobStateOf([]), instance },
      Entities.USER._type,
    );
    expect(second).toBe(first);
    expect(first.byId('u2')).toBe(first.get('u2'));
  });

  test('what one run remembers is not seen by another run', async () => {
    const jobState = jobStateOf(onDisk);
    rememberCollected({}, Entities.USER._type, []);
    expect((await collectedIndex({ jobState, instance: {} }, Entities.USER._type)).size).toBe(2);
    expect(jobState.reads).toBe(1);
  });

  test('local account names and devices read from memory equal what is on disk', async () => {
    const users = [
      user('u1', { username: 'ada' }),
      user('u2', {
        username: 'grace',
        _rawData: [{ name: 'default', rawData: { systemUsername: 'ghopper' } }],
      }),
      user('u3', { username: '  ' }),
    ];
    const devices = [
      { _key: 's1', _type: Entities.DEVICE._type, _class: ['Device'], orgId: 'org-1' },
      {
        _key: 's2',
        _type: Entities.DEVICE._type,
        _class: ['Device'],
        orgId: 'org-1',
        displayName: 'mac-1',
        platform: 'darwin',
        serial: 'C02X',
      },
    ] as Entity[];
    const onDiskState = jobStateOf([...users, ...devices]);
    const fromDisk = {
      names: await localAccountNames(onDiskState),
      devices: await collectedIndex(onDiskState, Entities.DEVICE._type),
    };
    expect(fromDisk.names).toEqual(
      new Map([
        ['u1', 'ada'],
        ['u2', 'ghopper'],
      ]),
    );
    expect(fromDisk.devices.get('s2')).toEqual({
      _key: 's2',
      id: 's2',
      orgId: 'org-1',
      displayName: 'mac-1',
      platform: 'darwin',
      serial: 'C02X',
    });

    const jobState = jobStateOf([]);
    const instance = {};
    rememberCollected(instance, Entities.USER._type, users.map(digestOf));
    rememberCollected(instance, Entities.DEVICE._type, devices.map(digestOf));
    expect(await localAccountNames({ jobState, instance })).toEqual(fromDisk.names);
    expect((await collectedIndex({ jobState, instance }, Entities.DEVICE._type)).records).toEqual(
      fromDisk.devices.records,
    );
    expect(jobState.reads).toBe(0);
  });

  test('system bindings: from the devices step memory, else from its edges on disk', async () => {
    const edge = (user: string, system: string) =>
      ({
        _key: edgeKey(user, 'assigned', system),
        _type: Relationships.USER_ASSIGNED_DEVICE._type,
        _class: 'ASSIGNED',
        _fromEntityKey: user,
        _toEntityKey: system,
      }) as Relationship;
    const onDisk = jobStateOf([], [edge('u1', 's1'), edge('u2', 's1'), edge('u2', 's2')]);
    const fromDisk = await loadSystemBindings(onDisk);
    expect(fromDisk).toEqual(
      new Map([
        ['s1', ['u1', 'u2']],
        ['s2', ['u2']],
      ]),
    );
    const jobState = jobStateOf([]);
    const instance = {};
    expect(await loadSystemBindings({ jobState, instance })).toEqual(new Map());
    expect(jobState.reads).toBe(1);
    rememberSystemBindings(instance, fromDisk);
    expect(await loadSystemBindings({ jobState, instance })).toBe(fromDisk);
    expect(jobState.reads).toBe(1);
  });

  test('the views: by key, by id, within one organization', () => {
    const index = new CollectedIndex(
      [
        user('u1'),
        user('u2', { orgId: 'org-2' }),
        { ...user('x'), _key: 'k3', id: 'id-3' } as Entity,
      ].map(digestOf),
    );
    expect(index.has('u1')).toBe(true);
    expect(index.has('id-3')).toBe(false);
    expect(index.get('k3')?.id).toBe('id-3');
    expect(index.byId('id-3')?._key).toBe('k3');
    expect(index.byId('k3')).toBeUndefined();
    expect(index.inOrganization('u2', 'org-2')?._key).toBe('u2');
    expect(index.inOrganization('u2', 'org-1')).toBeUndefined();
    expect(index.inOrganization(undefined, 'org-1')).toBeUndefined();
    expect(index.inOrganization(null, 'org-1')).toBeUndefined();
  });

  test('organizations: a view of the accounts on disk, by id', async () => {
    const account = (id: string) =>
      ({ _key: `account:${id}`, _type: Entities.ACCOUNT._type, _class: ['Account'], id }) as Entity;
    expect(await getCollectedOrganizations(jobStateOf([account('b2'), account('a1')]))).toEqual([
      { orgId: 'a1', accountKey: 'account:a1' },
      { orgId: 'b2', accountKey: 'account:b2' },
    ]);
  });
});

describe('the run memory is dropped after the last reader', () => {
  /** Steps with the ids, types and dependencies of the integration's, handlers that record. */
  function stepsOf(
    spec: Array<{ id: string; dependsOn: string[]; writes?: string; source?: string }>,
    handler: (id: string, context: IntegrationStepExecutionContext) => void,
  ): IntegrationStep[] {
    return releasedAfterLastReader(
      spec.map(({ id, dependsOn, writes, source }) => ({
        id,
        name: id,
        entities: writes ? [{ _type: writes, _class: 'User', resourceName: writes }] : [],
        relationships: [],
        dependsOn,
        ingestionSourceId: source,
        executionHandler: (context: IntegrationStepExecutionContext) => handler(id, context),
      })),
    );
  }
  const run = (steps: IntegrationStep[], instance: object, id: string) =>
    steps
      .find((step) => step.id === id)!
      .executionHandler({ instance } as unknown as IntegrationStepExecutionContext);

  test('digests are held until every step that depends on their writer has finished', async () => {
    const instance = {};
    const steps = stepsOf(
      [
        { id: Steps.USERS.id, dependsOn: [], writes: Entities.USER._type },
        { id: Steps.DEVICES.id, dependsOn: [Steps.USERS.id], writes: Entities.DEVICE._type },
        { id: Steps.USER_MANAGERS.id, dependsOn: [Steps.USERS.id] },
        { id: Steps.COMMANDS.id, dependsOn: [Steps.DEVICES.id] },
      ],
      (id) => {
        if (id === Steps.USERS.id) rememberCollected(instance, Entities.USER._type, []);
        if (id === Steps.DEVICES.id) {
          rememberCollected(instance, Entities.DEVICE._type, []);
          rememberSystemBindings(instance, new Map());
        }
        if (id === Steps.COMMANDS.id) throw new Error('a reader that fails is done too');
      },
    );
    await run(steps, instance, Steps.USERS.id);
    expect(runMemoryHeld(instance).held).toEqual([Entities.USER._type]);
    await run(steps, instance, Steps.DEVICES.id);
    expect(runMemoryHeld(instance).held).toEqual([
      'bindings',
      Entities.DEVICE._type,
      Entities.USER._type,
    ]);
    await run(steps, instance, Steps.USER_MANAGERS.id);
    // The users' last reader is done; the devices' is not.
    expect(runMemoryHeld(instance).held).toEqual(['bindings', Entities.DEVICE._type]);
    await expect(run(steps, instance, Steps.COMMANDS.id)).rejects.toThrow('a reader that fails');
    expect(runMemoryHeld(instance)).toEqual({
      held: [],
      released: ['bindings', Entities.DEVICE._type, Entities.USER._type],
      readsAfterRelease: 0,
    });

    // A read after that is answered from the job state, and counted.
    const jobState = jobStateOf([user('u1')]);
    expect((await collectedIndex({ jobState, instance }, Entities.USER._type)).size).toBe(1);
    expect(await loadSystemBindings({ jobState, instance })).toEqual(new Map());
    expect(runMemoryHeld(instance).readsAfterRelease).toBe(2);
  });

  test('a reader that will not run (its source, or a dependency’s, is off) holds nothing', async () => {
    const instance = { disabledSources: [{ ingestionSourceId: 'off' }] };
    const steps = stepsOf(
      [
        { id: Steps.USERS.id, dependsOn: [], writes: Entities.USER._type },
        { id: Steps.ASSETS.id, dependsOn: [Steps.USERS.id], source: 'off' },
        { id: Steps.POLICIES.id, dependsOn: [Steps.ASSETS.id] },
        { id: Steps.LOCAL_ACCOUNTS.id, dependsOn: [Steps.USERS.id, Steps.POLICIES.id] },
        { id: Steps.USER_MANAGERS.id, dependsOn: [Steps.USERS.id] },
      ],
      (id) => {
        if (id === Steps.USERS.id) rememberCollected(instance, Entities.USER._type, []);
      },
    );
    await run(steps, instance, Steps.USERS.id);
    expect(runMemoryHeld(instance).held).toEqual([Entities.USER._type]);
    await run(steps, instance, Steps.USER_MANAGERS.id);
    expect(runMemoryHeld(instance).held).toEqual([]);
  });

  test('Apple MDM lists: held until the devices and the Apple MDM step are done', async () => {
    const instance = {};
    const read: AppleMdmRead = new Map();
    const steps = stepsOf(
      [
        { id: Steps.READ_APPLE_MDM.id, dependsOn: [] },
        { id: Steps.DEVICES.id, dependsOn: [Steps.READ_APPLE_MDM.id] },
        { id: Steps.APPLE_MDM.id, dependsOn: [Steps.READ_APPLE_MDM.id, Steps.DEVICES.id] },
      ],
      (id) => {
        if (id === Steps.READ_APPLE_MDM.id) rememberAppleMdm(instance, read);
        else expect(rememberedAppleMdm(instance)).toBe(read);
      },
    );
    await run(steps, instance, Steps.READ_APPLE_MDM.id);
    await run(steps, instance, Steps.DEVICES.id);
    expect(runMemoryHeld(instance).held).toEqual(['appleMdm']);
    await run(steps, instance, Steps.APPLE_MDM.id);
    expect(runMemoryHeld(instance)).toEqual({
      held: [],
      released: ['appleMdm'],
      readsAfterRelease: 0,
    });
  });
});
