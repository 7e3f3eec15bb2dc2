import {
  createIntegrationEntity,
  schemaWhitelistedPropertyNames,
} from '@jupiterone/integration-sdk-core';
import { readdirSync } from 'fs';
import { createRequire } from 'module';
import { dirname, join } from 'path';

import type { NetworkWait } from '../../jumpcloud/network-wait';
import { Entities } from '../constants';

/**
 * The SDK compiles the data model's JSON schema of an entity class (with ajv) the first time
 * an entity of that class is built (`createIntegrationEntity` reads the class's properties
 * from it; schema validation then reuses it), and loads the data model itself (its schemas
 * checked by ajv) on the first: together about a quarter of a CPU-second for this
 * integration's classes, which a run spends anyway. Spent where the first entity of a class
 * is built, it sits right after an answer while the next requests wait; spent as soon as the
 * first request has gone out, it kept that request in the process (its socket not yet
 * written) and then its answer unread.
 *
 * `warmEntitySchemas` compiles them only while the run waits on the network and on nothing
 * else: a request is on the wire, none is about to be written (its socket connecting: it
 * would wait for the class), no answer arrived since the last look, and the process sat idle
 * in its poll for I/O for most of the last tick (`realClock`): with eight requests always in
 * flight, the process may be converting a step's records or waiting for the runtime's files,
 * and a class compiled then delayed that (the steps after the account started 40 ms late).
 * It looks after a millisecond, later while the process keeps busy (a referenced timer: an
 * unreferenced one, or an unreferenced immediate, does not wake a process blocked in its
 * poll, so warming ran only after the next answer), one class per look; with nothing on the
 * wire it waits for the next request to be written. It compiles every class the integration
 * can write, in the order the steps build them, cached by the SDK for the process (a run with
 * a feature off compiles a class or two it never uses). A class a step needs before its turn
 * came is compiled by the SDK then, as before; warming skips it.
 *
 * Right after the first class (the account's), it builds one valid account with a web link
 * (`warmUriFormat`): validating it runs the data model's `uri` format, a long regular
 * expression that V8 compiles the first time it runs (about 8 ms), else on the run's first
 * entity, the account, while every other step waits for it. When the model loads in pieces
 * (below), the format has run among them already (`runUriFormat`): after the account's class
 * it came too late.
 *
 * When the data model is not loaded yet (`npm start` loads it when first used:
 * scripts/lib/collect-command.js), loading it comes first, in pieces (`dataModelLoadTasks`):
 * in one piece (ajv, its formats, a hundred JSON schemas, ajv checking each) it took longer
 * than the first request's round trip, so the organizations' list was read late and the
 * organization's record, which every step waits for, went out late. The modules it needs
 * load while the list is on the wire; the model itself, the longest piece, waits for a
 * request sent after the first answer (the record's), and loads while that one is (and the
 * first pages read ahead: src/jumpcloud/first-pages-ahead.ts).
 */
export function warmEntitySchemas(network: NetworkWait, clock: WarmClock = realClock()): void {
  const classes = Object.values(Entities).map((entity) =>
    Array.isArray(entity._class) ? entity._class : [entity._class],
  );
  const tasks: Task[] = classes.map((_class) => () => {
    schemaWhitelistedPropertyNames(_class);
  });
  tasks.splice(1, 0, warmUriFormat);
  const load = dataModelLoadTasks();
  if (load) tasks.unshift(...load.before, afterFirstAnswer(load.model));
  let index = 0;
  let answers = network.answers;
  const next = () => {
    if (index >= tasks.length) return;
    if (
      network.awaiting === 0 ||
      network.writing > 0 ||
      (tasks[index].afterFirstAnswer && network.answers === 0)
    ) {
      // A request sent: look again soon.
      network.onNextSend(() => clock.later(next, true));
      return;
    }
    const wasIdle = clock.wasIdle();
    if (network.answers !== answers || !wasIdle) {
      // An answer arrived, or the process had other work: that goes first.
      answers = network.answers;
      later();
      return;
    }
    try {
      tasks[index]();
    } catch {
      // A class without a schema fails where an entity of it is built, with its record named.
    }
    clock.ran();
    index += 1;
    later();
  };
  const later = () => clock.later(next);
  later();
}

/** When warming looks again, and whether the process was idle since it last looked. */
export interface WarmClock {
  /** `soon`: a request was just sent (the process may be about to wait for it). */
  later(look: () => void, soon?: boolean): void;
  wasIdle(): boolean;
  /** A look ran a task: the time it took is warming's own, not other work of the process. */
  ran(): void;
}

/** How soon warming looks, at first and while the process is idle. */
const WARM_TICK_MS = 1;
/** How late it looks at most, while the process keeps busy (a long run that never idles). */
const WARM_TICK_MAX_MS = 64;

/** Milliseconds since the process started, and those of them spent idle in the poll for I/O. */
export interface EventLoopTime {
  now(): number;
  idle(): number;
}

const PROCESS_EVENT_LOOP: EventLoopTime = {
  now: () => performance.now(),
  idle: () => performance.eventLoopUtilization().idle,
};

/**
 * Looks after a millisecond (referenced: the timer wakes a process blocked in its poll, and
 * keeps it alive no longer than the last class, while a request is on the wire anyway); twice
 * as late after each look that found the process busy, up to 64 ms (a run that never idles,
 * at L, would otherwise look 500,000 times), and after a millisecond again once a look found
 * it idle or a request was sent. Idle: the event loop spent at least 80% of the time since
 * the last look waiting for I/O, the tasks warming ran itself not counted (`ran`): counted,
 * every look after a task found the process busy with that task and waited for the next, so
 * the pieces that load the data model (`dataModelLoadTasks`), ready to run one after another
 * while the organizations' list is on the wire, took twice as many looks, ran into the next
 * round trip and pushed the model itself past the organization's record, the answer every
 * step waits for: in 20-user runs the record was read 30 ms after it arrived, or the account
 * step loaded the model itself once the record was in. Not counted, the pieces end before
 * the list's answer and the model loads during the record's round trip.
 */
export function realClock(loop: EventLoopTime = PROCESS_EVENT_LOOP): WarmClock {
  let idleBefore = loop.idle();
  let before = loop.now();
  let delay = WARM_TICK_MS;
  return {
    ran: () => {
      idleBefore = loop.idle();
      before = loop.now();
    },
    later: (look, soon) => {
      if (soon) delay = WARM_TICK_MS;
      setTimeout(look, delay);
    },
    wasIdle: () => {
      const idleNow = loop.idle();
      const now = loop.now();
      const wasIdle = idleNow - idleBefore >= (now - before) * 0.8;
      idleBefore = idleNow;
      before = now;
      delay = wasIdle ? WARM_TICK_MS : Math.min(delay * 2, WARM_TICK_MAX_MS);
      return wasIdle;
    },
  };
}

type Task = (() => void) & { afterFirstAnswer?: boolean };

function afterFirstAnswer(task: () => void): Task {
  return Object.assign(task, { afterFirstAnswer: true });
}

/**
 * About 2 ms of reading and parsing a piece: each piece costs a look (a millisecond or two),
 * and the pieces are meant to end while the organizations' list is on the wire. Ten a piece
 * (0.7 ms each), the last ones ran after its answer, and the model after them.
 */
const SCHEMA_FILES_PER_PIECE = 25;

/**
 * Loading the data model the SDK uses, in pieces of a few milliseconds, and the model itself
 * (`model`: ajv checking a hundred schemas, the longest piece): its modules (`ajv`,
 * `ajv-formats`) and its JSON schemas, 25 files a piece, enter the module cache, where the
 * model finds them when it loads. Undefined when the model is loaded already (a runtime that
 * loads it at start) or cannot be found from the SDK (then the SDK loads it where first
 * used, as before).
 */
export function dataModelLoadTasks(): { before: Task[]; model: Task } | undefined {
  let main: string;
  let fromCore: NodeRequire;
  try {
    fromCore = createRequire(require.resolve('@jupiterone/integration-sdk-core'));
    main = fromCore.resolve('@jupiterone/data-model');
  } catch {
    return undefined;
  }
  if (require.cache[main]) return undefined;
  const fromModel = createRequire(main);
  const before: Task[] = [
    () => fromModel('ajv'),
    () => fromModel('ajv-formats'),
    () => runUriFormat(fromModel),
  ];
  const schemas = join(dirname(main), 'schemas');
  let files: string[] = [];
  try {
    files = readdirSync(schemas)
      .filter((name) => name.endsWith('.json'))
      .map((name) => join(schemas, name));
  } catch {
    // Laid out otherwise: the model reads its schemas itself.
  }
  for (let i = 0; i < files.length; i += SCHEMA_FILES_PER_PIECE) {
    const piece = files.slice(i, i + SCHEMA_FILES_PER_PIECE);
    before.push(() => piece.forEach((file) => fromModel(file)));
  }
  // A property read: a launcher that stands in for the model until first used
  // (scripts/lib/collect-command.js) loads it then.
  return { before, model: () => void fromCore('@jupiterone/data-model').IntegrationSchema };
}

/**
 * Runs the data model's `uri` format once, as validating a web link does: V8 compiles its
 * long regular expression where it first runs (3-9 ms). Run among the pieces, while the
 * organizations' list is on the wire; `warmUriFormat`, after the account's class, came
 * only after the organization's record had arrived, so the account step compiled it. The
 * model's own `ajv-formats` (a copy of its own under it), so the same function and the same
 * expression as the model's.
 */
function runUriFormat(fromModel: NodeRequire): void {
  const formats = fromModel('ajv-formats/dist/formats') as {
    fullFormats?: { uri?: (value: string) => boolean };
  };
  formats.fullFormats?.uri?.('https://console.jumpcloud.com/#/settings');
}

/**
 * Builds (and, with schema validation on, validates) an account that is thrown away: a valid
 * one, so that validation reaches its `webLink` and runs the `uri` format once.
 */
export function warmUriFormat(): void {
  createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _class: Entities.ACCOUNT._class,
        _type: Entities.ACCOUNT._type,
        _key: 'schema-warm-up-account',
        name: 'warm-up',
        displayName: 'warm-up',
        webLink: 'https://console.jumpcloud.com/#/settings',
      },
    },
  });
}
