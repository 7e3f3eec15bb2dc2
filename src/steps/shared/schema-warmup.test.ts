import { schemaWhitelists } from '@jupiterone/integration-sdk-core';

import { NetworkWait } from '../../jumpcloud/network-wait';
import { Entities } from '../constants';
import { dataModelLoadTasks, warmEntitySchemas, warmUriFormat } from './schema-warmup';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await turn();
};
// One task per entity class, and the web link's format.
const taskCount = Object.keys(Entities).length + 1;

beforeEach(() => schemaWhitelists.clear());

test('every entity class is compiled while a request is on the wire, one class per turn', async () => {
  const wanted = new Set(Object.values(Entities).map((e) => [e._class].flat().join(',')));
  const network = new NetworkWait();
  network.sent();
  warmEntitySchemas(network);
  expect(schemaWhitelists.size).toBe(0);
  const sizes: number[] = [];
  for (let i = 0; i < taskCount + 2; i++) {
    await turn();
    sizes.push(schemaWhitelists.size);
  }
  // Never more than one class in one turn: an answer that arrives waits for one at most.
  for (let i = 1; i < sizes.length; i++) expect(sizes[i] - sizes[i - 1]).toBeLessThanOrEqual(1);
  expect(new Set(schemaWhitelists.keys())).toEqual(wanted);
});

test('nothing is compiled while no request is on the wire; the next request sent resumes it', async () => {
  const network = new NetworkWait();
  warmEntitySchemas(network);
  await turns(5);
  expect(schemaWhitelists.size).toBe(0);

  network.sent();
  await turns(3);
  const whileSent = schemaWhitelists.size;
  expect(whileSent).toBeGreaterThan(0);

  network.settled();
  await turns(5);
  // The answer's turn is left to its reader, and with nothing on the wire warming stops.
  expect(schemaWhitelists.size).toBeLessThanOrEqual(whileSent + 1);
  const stopped = schemaWhitelists.size;
  await turns(5);
  expect(schemaWhitelists.size).toBe(stopped);

  network.sent();
  await turns(taskCount + 2);
  expect(schemaWhitelists.size).toBe(
    new Set(Object.values(Entities).map((e) => [e._class].flat().join(','))).size,
  );
});

test('a warming turn keeps the event loop turning while the run only waits on the network', () => {
  // Node's event loop blocks in its poll for I/O unless a referenced immediate is due: with an
  // unreferenced one, warming ran only after the next answer, never while a request waited.
  const network = new NetworkWait();
  network.sent();
  warmEntitySchemas(network);
  expect(process.getActiveResourcesInfo()).toContain('Immediate');
  // Nothing on the wire: it stops (and leaves the next test's classes alone).
  network.settled();
  return turns(3);
});

test('a turn in which an answer arrived compiles nothing', async () => {
  const network = new NetworkWait();
  network.sent();
  network.sent();
  warmEntitySchemas(network);
  await turns(2);
  const before = schemaWhitelists.size;
  network.settled(); // one answer in; the other request is still on the wire
  await turn();
  expect(schemaWhitelists.size).toBe(before);
  await turns(2);
  expect(schemaWhitelists.size).toBeGreaterThan(before);
});

test('the account built to warm the uri format is valid, so its validation reaches the web link', () => {
  const before = process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION;
  process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = 'true';
  try {
    expect(() => warmUriFormat()).not.toThrow();
  } finally {
    if (before === undefined) delete process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION;
    else process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = before;
  }
});

test('a data model loaded already (as the SDK loads it in tests and in runtimes that load it at start) leaves nothing to load', () => {
  expect(require.cache[require.resolve('@jupiterone/data-model')]).toBeDefined();
  expect(dataModelLoadTasks()).toBeUndefined();
});
