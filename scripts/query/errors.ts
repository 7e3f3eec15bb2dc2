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
