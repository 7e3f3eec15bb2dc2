import { schemaWhitelists } from '@jupiterone/integration-sdk-core';

import { NetworkWait } from '../../jumpcloud/network-wait';
import { Entities } from '../constants';
import { dataModelLoadTasks, realClock, warmEntitySchemas, warmUriFormat } from './schema-warmup';

/** A clock the test turns: each `look()` runs the look warming asked for, if any. */
function manualClock(idle = true) {
  let pending: (() => void) | undefined;
  const clock = {
    idle,
    later: (look: () => void) => {
      pending = look;
    },
    wasIdle: () => clock.idle,
    ran: () => undefined,
    /** Runs the pending look; false when warming asked for none (it waits for a send). */
    look: () => {
      const run = pending;
      pending = undefined;
      run?.();
      return run !== undefined;
    },
    looks: (n: number) => {
      for (let i = 0; i < n; i++) clock.look();
    },
  };
  return clock;
}

// One task per entity class, and the web link's format.
const taskCount = Object.keys(Entities).length + 1;
const classCount = () =>
  new Set(Object.values(Entities).map((e) => [e._class].flat().join(','))).size;

beforeEach(() => schemaWhitelists.clear());

test('every entity class is compiled while a request is on the wire and the process idle, one per look', () => {
  const wanted = new Set(Object.values(Entities).map((e) => [e._class].flat().join(',')));
  const network = new NetworkWait();
  network.started();
  network.sent();
  const clock = manualClock();
  warmEntitySchemas(network, clock);
  expect(schemaWhitelists.size).toBe(0);
  const sizes: number[] = [];
  for (let i = 0; i < taskCount + 2; i++) {
    clock.look();
    sizes.push(schemaWhitelists.size);
  }
  // Never more than one class in one look: an answer that arrives waits for one at most.
  for (let i = 1; i < sizes.length; i++) expect(sizes[i] - sizes[i - 1]).toBeLessThanOrEqual(1);
  expect(new Set(schemaWhitelists.keys())).toEqual(wanted);
  // Done: it asks for no further look.
  expect(clock.look()).toBe(false);
});

test('nothing is compiled while no request is on the wire; the next request sent resumes it', () => {
  const network = new NetworkWait();
  const clock = manualClock();
  warmEntitySchemas(network, clock);
  clock.looks(5);
  expect(schemaWhitelists.size).toBe(0);
  // Waiting for a send, it asks for no look.
  expect(clock.look()).toBe(false);

  network.started();
  network.sent();
  clock.looks(3);
  const whileSent = schemaWhitelists.size;
  expect(whileSent).toBeGreaterThan(0);

  network.settled();
  clock.looks(5);
  // The answer's look is left to its reader, and with nothing on the wire warming stops.
  expect(schemaWhitelists.size).toBe(whileSent);
  expect(clock.look()).toBe(false);

  network.started();
  network.sent();
  clock.looks(taskCount + 2);
  expect(schemaWhitelists.size).toBe(classCount());
});

test('nothing is compiled while a request is about to be written, nor while the process is busy', () => {
  const network = new NetworkWait();
  network.started();
  network.sent();
  const clock = manualClock(false);
  warmEntitySchemas(network, clock);
  // Busy: it keeps looking, compiles nothing.
  clock.looks(5);
  expect(schemaWhitelists.size).toBe(0);
  clock.idle = true;
  clock.looks(2);
  const idle = schemaWhitelists.size;
  expect(idle).toBeGreaterThan(0);
  // A request made, its socket connecting: it waits for that request to be written.
  network.started();
  clock.looks(3);
  expect(schemaWhitelists.size).toBe(idle);
  expect(clock.look()).toBe(false);
  network.sent();
  clock.looks(2);
  expect(schemaWhitelists.size).toBeGreaterThan(idle);
});

test('a look in which an answer arrived compiles nothing', () => {
  const network = new NetworkWait();
  for (let i = 0; i < 2; i++) {
    network.started();
    network.sent();
  }
  const clock = manualClock();
  warmEntitySchemas(network, clock);
  clock.looks(2);
  const before = schemaWhitelists.size;
  network.settled(); // one answer in; the other request is still on the wire
  clock.look();
  expect(schemaWhitelists.size).toBe(before);
  clock.looks(2);
  expect(schemaWhitelists.size).toBeGreaterThan(before);
});

test('the real clock looks with a referenced timer: it wakes a process that only waits for I/O', async () => {
  // Node's event loop blocks in its poll for I/O unless a referenced timer or immediate is
  // due: with unreferenced ones, warming ran only after the next answer.
  const network = new NetworkWait();
  network.started();
  network.sent();
  warmEntitySchemas(network);
  expect(process.getActiveResourcesInfo()).toContain('Timeout');
  // Idle meanwhile (the test only waits): classes are compiled.
  for (let i = 0; i < 200 && schemaWhitelists.size === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(schemaWhitelists.size).toBeGreaterThan(0);
  // Nothing on the wire: it stops.
  network.settled();
  await new Promise((resolve) => setTimeout(resolve, 5));
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

test("the real clock does not count warming's own task as the process busy", () => {
  // The event loop's time, turned by the test: `busy` ms running, `idle` ms in its poll.
  const loop = { t: 0, idleTime: 0, now: () => loop.t, idle: () => loop.idleTime };
  const busy = (ms: number) => (loop.t += ms);
  const idle = (ms: number) => {
    loop.t += ms;
    loop.idleTime += ms;
  };
  const clock = realClock(loop);
  clock.wasIdle();
  // A task of 30 ms, then 10 ms idle: told, the clock sees only the idle part.
  busy(30);
  clock.ran();
  idle(10);
  expect(clock.wasIdle()).toBe(true);
  // Not told: the same 30 ms are other work of the process.
  busy(30);
  idle(10);
  expect(clock.wasIdle()).toBe(false);
});
