/**
 * Values the command-line programs (report, query) read from their flags, with one message
 * for each kind of bad value. Each program passes its own usage-error class.
 */
type UsageErrorClass = new (message: string) => Error;

/** `--now 2026-01-11T00:00:00Z` -> epoch ms. */
export function isoDateValue(flag: string, text: string, UsageError: UsageErrorClass): number {
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new UsageError(`${flag}: not an ISO date: ${text}`);
  return parsed;
}

/** `--max-rows 20` -> 20. */
export function nonNegativeIntegerValue(
  flag: string,
  text: string,
  UsageError: UsageErrorClass,
): number {
  const parsed = Number(text);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new UsageError(`${flag}: not a non-negative integer: ${text}`);
  }
  return parsed;
}
