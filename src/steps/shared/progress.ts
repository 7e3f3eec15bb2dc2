import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

/**
 * Counts what a step has done and logs it now and then, so a person waiting on a large
 * tenant sees the run move. `tick()` once per object; `done()` logs the final count.
 */
export function createProgress(
  logger: IntegrationLogger,
  what: string,
  options: { everyMs?: number; now?: () => number } = {},
): { tick(count?: number): void; readonly count: number; done(fields?: object): void } {
  const everyMs = options.everyMs ?? 10_000;
  const now = options.now ?? Date.now;
  const startedAt = now();
  let lastLogAt = startedAt;
  let count = 0;
  return {
    tick(increment = 1) {
      count += increment;
      const at = now();
      if (at - lastLogAt >= everyMs) {
        lastLogAt = at;
        logger.info(
          { [what]: count, elapsedMs: at - startedAt },
          `Still working: ${count} ${what} so far`,
        );
      }
    },
    get count() {
      return count;
    },
    done(fields = {}) {
      logger.info(
        { [what]: count, elapsedMs: now() - startedAt, ...fields },
        `Done: ${count} ${what}`,
      );
    },
  };
}
