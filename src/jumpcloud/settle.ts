/**
 * Reads that depend on none of each other, sent together: resolves when every one has
 * settled, and rejects with the first failure in the order given, which is the failure
 * reading them one after another would have met first. Nothing is left running behind a
 * failure (no answer lands in a record after its step moved on). Used by the client
 * (Directory Insights' slices) and by the steps (an object's sub-calls).
 */
export async function allSettledOrFirstError(
  reads: ReadonlyArray<Promise<unknown>>,
): Promise<void> {
  const settled = await Promise.allSettled(reads);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
