import { Entity, JobState, Relationship } from '@jupiterone/integration-sdk-core';

import { GraphWriter } from './graph-writer';

/** A job state that records each call and knows the keys it was given. */
function recordingJobState(known: string[] = []) {
  const keys = new Set(known);
  const calls: Array<{ kind: 'entities' | 'relationships'; keys: string[] }> = [];
  const add = (kind: 'entities' | 'relationships') => async (objects: Array<{ _key: string }>) => {
    for (const { _key } of objects) {
      if (keys.has(_key)) throw new Error(`duplicate ${_key}`);
      keys.add(_key);
    }
    calls.push({ kind, keys: objects.map((o) => o._key) });
  };
  const jobState = {
    hasKey: (key: string) => keys.has(key),
    addEntities: add('entities'),
    addRelationships: add('relationships'),
  } as unknown as JobState;
  return { jobState, calls };
}

const entity = (key: string, _type = 't') => ({ _key: key, _type, _class: ['Record'] }) as Entity;
const edge = (key: string, _type = 'r') =>
  ({
    _key: key,
    _type,
    _class: 'HAS',
    _fromEntityKey: 'a',
    _toEntityKey: 'b',
  }) as Relationship;

test('batches of the given size of one _type, each key once; flush hands over the rest, entities first', async () => {
  const { jobState, calls } = recordingJobState(['known']);
  const writer = new GraphWriter(jobState, 3);
  expect(await writer.addEntity(entity('e1'))).toBe(true);
  expect(await writer.addRelationship(edge('r1'))).toBe(true);
  // Known to the job state, then earlier in the batch: not added.
  expect(await writer.addRelationship(edge('known'))).toBe(false);
  expect(await writer.addRelationship(edge('r1'))).toBe(false);
  expect(writer.has('r1')).toBe(true);
  expect(await writer.addRelationship(edge('r2'))).toBe(true);
  // Another kind of edge: a batch of its own.
  expect(await writer.addRelationship(edge('s1', 's'))).toBe(true);
  expect(calls).toEqual([]);
  // The third edge of type r fills its batch; the entity and the edge of type s wait.
  expect(await writer.addRelationship(edge('r3'))).toBe(true);
  expect(calls).toEqual([{ kind: 'relationships', keys: ['r1', 'r2', 'r3'] }]);
  // Once written, a key is known through the job state.
  expect(await writer.addRelationship(edge('r2'))).toBe(false);
  expect(await writer.addEntity(entity('e2'))).toBe(true);
  expect(await writer.addEntity(entity('u1', 'u'))).toBe(true);
  await writer.flush();
  await writer.flush();
  expect(calls.slice(1)).toEqual([
    { kind: 'entities', keys: ['e1', 'e2', 'u1'] },
    { kind: 'relationships', keys: ['s1'] },
  ]);
});

/** A job state whose writes finish only when the test says so. */
function slowJobState() {
  const keys = new Set<string>();
  const pending: Array<{ keys: string[]; finish: (error?: Error) => void }> = [];
  const add = async (objects: Array<{ _key: string }>) => {
    for (const { _key } of objects) keys.add(_key);
    await new Promise<void>((resolve, reject) =>
      pending.push({
        keys: objects.map((o) => o._key),
        finish: (error) => (error ? reject(error) : resolve()),
      }),
    );
  };
  const jobState = {
    hasKey: (key: string) => keys.has(key),
    addEntities: add,
    addRelationships: add,
  } as unknown as JobState;
  return { jobState, pending };
}

/** Lets every settled promise's continuation run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

test('full batches are handed over without waiting, up to the batches in flight; then the oldest is waited for', async () => {
  const { jobState, pending } = slowJobState();
  const writer = new GraphWriter(jobState, 2, 2);
  await writer.addEntity(entity('e1'));
  // Fills the batch: handed over, and add resolves while the job state is still writing.
  expect(await writer.addEntity(entity('e2'))).toBe(true);
  expect(pending.map((p) => p.keys)).toEqual([['e1', 'e2']]);
  // Still being written: its keys count as known.
  expect(await writer.addEntity(entity('e1'))).toBe(false);
  // A second full batch goes too, the first still being written.
  await writer.addEntity(entity('e3'));
  expect(await writer.addEntity(entity('e4'))).toBe(true);
  expect(pending.map((p) => p.keys)).toEqual([
    ['e1', 'e2'],
    ['e3', 'e4'],
  ]);
  // A third full batch: this add waits until the oldest has arrived.
  await writer.addEntity(entity('e5'));
  let added = false;
  const adding = writer.addEntity(entity('e6')).then(() => (added = true));
  await turn();
  expect(added).toBe(false);
  expect(pending).toHaveLength(2);
  pending[0].finish();
  await adding;
  expect(pending.map((p) => p.keys)).toEqual([
    ['e1', 'e2'],
    ['e3', 'e4'],
    ['e5', 'e6'],
  ]);
  // flush waits for every batch in flight.
  let flushed = false;
  const flushing = writer.flush().then(() => (flushed = true));
  await turn();
  expect(flushed).toBe(false);
  pending[2].finish();
  await turn();
  expect(flushed).toBe(false);
  pending[1].finish();
  await flushing;
});

test('with one batch in flight, the next full batch waits for it', async () => {
  const { jobState, pending } = slowJobState();
  const writer = new GraphWriter(jobState, 2, 1);
  await writer.addEntity(entity('e1'));
  await writer.addEntity(entity('e2'));
  await writer.addEntity(entity('e3'));
  let added = false;
  const adding = writer.addEntity(entity('e4')).then(() => (added = true));
  await turn();
  expect(added).toBe(false);
  pending[0].finish();
  await adding;
  pending[1].finish();
  await writer.flush();
});

test('a failed batch among several in flight is thrown by flush, once, after all arrived', async () => {
  const { jobState, pending } = slowJobState();
  const writer = new GraphWriter(jobState, 1, 3);
  await writer.addEntity(entity('e1'));
  await writer.addEntity(entity('e2'));
  await writer.addEntity(entity('e3'));
  expect(pending).toHaveLength(3);
  pending[1].finish(new Error('disk full'));
  let settled = false;
  const flushing = writer.flush().then(
    () => (settled = true),
    (error: Error) => {
      settled = true;
      throw error;
    },
  );
  pending[0].finish();
  await turn();
  // The third batch has not arrived yet: flush still waits for it.
  expect(settled).toBe(false);
  pending[2].finish();
  await expect(flushing).rejects.toThrow('disk full');
  await expect(writer.flush()).resolves.toBeUndefined();
});

test('a failed hand-over is thrown by flush, which still writes the rest', async () => {
  const { jobState, pending } = slowJobState();
  const writer = new GraphWriter(jobState, 2);
  await writer.addEntity(entity('e1'));
  await writer.addEntity(entity('e2'));
  pending[0].finish(new Error('disk full'));
  await turn();
  await writer.addEntity(entity('e3'));
  const flushing = writer.flush();
  await turn();
  expect(pending.map((p) => p.keys)).toEqual([['e1', 'e2'], ['e3']]);
  pending[1].finish();
  await expect(flushing).rejects.toThrow('disk full');
  // Thrown once: a second flush has nothing left to report.
  await expect(writer.flush()).resolves.toBeUndefined();
});

test('concurrent writers that let the event loop turn lose no object across hand-overs', async () => {
  // A clock far past the last turn that runs 1 ms a look: the writer lets the event loop turn
  // now and then, while the other callers fill and hand over batches.
  let now = 1e9;
  jest.spyOn(performance, 'now').mockImplementation(() => (now += 1));
  try {
    const { jobState, calls } = recordingJobState();
    const writer = new GraphWriter(jobState, 7, 2);
    const written = await Promise.all(
      Array.from({ length: 16 }, async (_, caller) => {
        for (let i = 0; i < 100; i++) {
          await writer.addRelationship(edge(`r${caller}-${i}`));
          await writer.addEntity(entity(`e${caller}-${i}`));
        }
      }),
    );
    expect(written).toHaveLength(16);
    await writer.flush();
    const handed = calls.flatMap((call) => call.keys);
    expect(handed).toHaveLength(16 * 200);
    expect(new Set(handed).size).toBe(16 * 200);
  } finally {
    jest.restoreAllMocks();
  }
});
