import {
  createIntegrationEntity,
  schemaWhitelistedPropertyNames,
} from '@jupiterone/integration-sdk-core';

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
 * `warmEntitySchemas` compiles them only while the run waits on the network (`network`: a
 * request is on the wire and no answer arrived since the last class): one class per turn of
 * the event loop, so an answer that arrives meanwhile waits for at most one class, and a
 * turn in which an answer arrived is left to its reader. When nothing is on the wire it
 * waits for the next request to be written. It compiles every class the integration can
 * write, in the order the steps build them, cached by the SDK for the process: what a run
 * with every feature on compiles anyway (a run with a feature off compiles a class or two it
 * never uses). A class a step needs before its turn came is compiled by the SDK then, as
 * before; warming skips it.
 *
 * Right after the first class (the account's), it builds one valid account with a web link
 * (`warmUriFormat`): validating it runs the data model's `uri` format, a long regular
 * expression that V8 compiles the first time it runs (about 8 ms), else on the run's first
 * entity, the account, while every other step waits for it.
 */
export function warmEntitySchemas(network: NetworkWait): void {
  const classes = Object.values(Entities).map((entity) =>
    Array.isArray(entity._class) ? entity._class : [entity._class],
  );
  const tasks: Array<() => void> = classes.map((_class) => () => {
    schemaWhitelistedPropertyNames(_class);
  });
  tasks.splice(1, 0, warmUriFormat);
  let index = 0;
  let answers = network.answers;
  const next = () => {
    if (index >= tasks.length) return;
    if (network.awaiting === 0) {
      network.onNextSend(later);
      return;
    }
    if (network.answers !== answers) {
      // An answer arrived: its reader goes first (the next turn).
      answers = network.answers;
      later();
      return;
    }
    try {
      tasks[index]();
    } catch {
      // A class without a schema fails where an entity of it is built, with its record named.
    }
    index += 1;
    later();
  };
  // Unreferenced: warming never keeps the process alive.
  const later = () => setImmediate(next).unref();
  later();
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
