import { schemaWhitelistedPropertyNames } from '@jupiterone/integration-sdk-core';

import { Entities } from '../constants';

/**
 * The SDK compiles the data model's JSON schema of an entity class (with ajv) the first time
 * an entity of that class is built (`createIntegrationEntity` reads the class's properties
 * from it; schema validation then reuses it): about a tenth of a CPU-second for this
 * integration's classes, spent in the middle of the run right after an answer arrived, while
 * the next requests wait. `warmEntitySchemas` compiles them while the run's first requests
 * are in flight instead: one class per turn of the event loop, so an answer that arrives
 * meanwhile waits for at most one class. It compiles every class the integration can write,
 * in the order the steps build them, cached by the SDK for the process: what a run with every
 * feature on compiles anyway (a run with a feature off compiles a class or two it never uses).
 */
export function warmEntitySchemas(): void {
  const classes = Object.values(Entities).map((entity) =>
    Array.isArray(entity._class) ? entity._class : [entity._class],
  );
  const next = (index: number) => {
    if (index >= classes.length) return;
    try {
      schemaWhitelistedPropertyNames(classes[index]);
    } catch {
      // A class without a schema fails where an entity of it is built, with its record named.
    }
    // Unreferenced: warming never keeps the process alive.
    setImmediate(() => next(index + 1)).unref();
  };
  setImmediate(() => next(0)).unref();
}
