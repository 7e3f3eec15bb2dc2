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

const entity = (key: string) => ({ _key: key, _type: 't', _class: ['Record'] }) as Entity;
const edge = (key: string) =>
  ({
    _key: key,
    _type: 'r',
    _class: 'HAS',
    _fromEntityKey: 'a',
    _toEntityKey: 'b',
  }) as Relationship;

test('batches of the given size, entities before relationships, each key once', async () => {
  const { jobState, calls } = recordingJobState(['known']);
  const writer = new GraphWriter(jobState, 3);
  expect(await writer.addEntity(entity('e1'))).toBe(true);
  expect(await writer.addRelationship(edge('r1'))).toBe(true);
  // Known to the job state, then earlier in the batch: not added.
  expect(await writer.addRelationship(edge('known'))).toBe(false);
  expect(await writer.addRelationship(edge('r1'))).toBe(false);
  expect(writer.has('r1')).toBe(true);
  expect(calls).toEqual([]);
  // The third object fills the batch.
  expect(await writer.addRelationship(edge('r2'))).toBe(true);
  expect(calls).toEqual([
    { kind: 'entities', keys: ['e1'] },
    { kind: 'relationships', keys: ['r1', 'r2'] },
  ]);
  // Once written, a key is known through the job state.
  expect(await writer.addRelationship(edge('r2'))).toBe(false);
  expect(await writer.addEntity(entity('e2'))).toBe(true);
  await writer.flush();
  await writer.flush();
  expect(calls.slice(2)).toEqual([{ kind: 'entities', keys: ['e2'] }]);
});
