/**
 * How many users each organization's list reported on its first page, for `read-systems`
 * (src/steps/devices/read.ts), which reads the systems' access while the activity is read,
 * before any user is written: whether access is read per system or per user depends on which
 * side is smaller (../devices/access.ts), and the users' list tells its total with its first
 * page, which the users step requests as it starts (it reads its list ahead).
 *
 * The runtime starts every step whose dependencies are done in one pass, so the users step and
 * `read-systems` (both on the account step alone) start in the same turn. A `read-systems` that
 * saw no users step start (a step test, `collect --step`) is told nothing: the devices step
 * then reads the access itself, after the users, as it did before.
 */

interface Pending {
  promise: Promise<number | undefined>;
  resolve: (total: number | undefined) => void;
}

interface RunTotals {
  byOrg: Map<string, Pending>;
  /** The users step is done: what it did not tell, it will not. */
  ended: boolean;
}

const byRun = new WeakMap<object, RunTotals>();

function pendingOf(totals: RunTotals, orgId: string): Pending {
  let pending = totals.byOrg.get(orgId);
  if (!pending) {
    let resolve!: (total: number | undefined) => void;
    const promise = new Promise<number | undefined>((done) => (resolve = done));
    pending = { promise, resolve };
    totals.byOrg.set(orgId, pending);
    if (totals.ended) resolve(undefined);
  }
  return pending;
}

/** Called first thing by the users step: it will tell each organization's total. */
export function beginUsersTotals(run: object): void {
  if (!byRun.has(run)) byRun.set(run, { byOrg: new Map(), ended: false });
}

/** The total of an organization's users' list; the first word counts (later ones are ignored). */
export function announceUsersTotal(run: object, orgId: string, total: number | undefined): void {
  const totals = byRun.get(run);
  if (totals) pendingOf(totals, orgId).resolve(total);
}

/**
 * Called when the users step ends, however it ends: an organization whose total was not told
 * (its list failed before its first page) is told undefined, so nobody waits for it forever.
 */
export function endUsersTotals(run: object): void {
  const totals = byRun.get(run);
  if (!totals) return;
  totals.ended = true;
  for (const pending of totals.byOrg.values()) pending.resolve(undefined);
}

/**
 * The total the users' list of the organization reported, once its first page is read;
 * undefined when it reported none, failed first, or no users step started with the caller.
 */
export async function usersTotalWhenListed(
  run: object,
  orgId: string,
): Promise<number | undefined> {
  // Steps started in the same pass have all started by the next turn of the event loop.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const totals = byRun.get(run);
  return totals ? pendingOf(totals, orgId).promise : undefined;
}
