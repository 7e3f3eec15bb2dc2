/** Errors of the J1QL engine: a query it cannot read, or a construct it does not support. */

/** A query that is not valid J1QL, or uses a construct outside the supported subset. */
export class QueryError extends Error {
  constructor(
    readonly reason: string,
    readonly query?: string,
    readonly offset?: number,
  ) {
    super(QueryError.describe(reason, query, offset));
    this.name = 'QueryError';
  }

  private static describe(reason: string, query?: string, offset?: number): string {
    if (query === undefined || offset === undefined) return reason;
    const before = query.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const near = query.slice(offset, offset + 24).split('\n')[0];
    return `${reason} (line ${line}, column ${column}${near ? `, at "${near}"` : ', at the end'})`;
  }
}

/** A J1QL construct this engine deliberately does not support: fails rather than guesses. */
export class UnsupportedError extends QueryError {
  constructor(construct: string, query?: string, offset?: number) {
    super(`not supported by the local J1QL engine: ${construct}`, query, offset);
    this.name = 'UnsupportedError';
  }
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(
        previous[j] + 1,
        previous[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `name` (case-insensitive edit distance, or one name holding the
 * other), when near enough to be a likely typo; undefined otherwise.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    let distance = editDistance(lower, other);
    if (lower.length >= 3 && (other.includes(lower) || lower.includes(other))) {
      distance = Math.min(distance, 1.5);
    }
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))) return best;
  // Else the longest shared beginning of four characters or more (`lastContact`: `lastSeenOn`).
  let prefixBest: string | undefined;
  let prefixLength = 3;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    let length = 0;
    while (length < lower.length && lower[length] === other[length]) length++;
    if (length > prefixLength) {
      prefixBest = candidate;
      prefixLength = length;
    }
  }
  return prefixBest;
}

/** ` (did you mean X?)`, or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const found = nearest(name, candidates);
  return found === undefined ? '' : `; did you mean ${found}?`;
}
