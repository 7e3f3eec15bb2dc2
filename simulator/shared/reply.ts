/**
 * What a route answers, and what every body of data's routes are made of. The server's router
 * (../server/router.ts) gives each route the same authentication, tenancy, stats and traffic
 * knobs.
 */
import type { SimulatedOrg } from '../directory/generate';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Thrown by a handler to answer with an error body; the router turns it into a Reply. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export interface FeatureRouteContext {
  org: SimulatedOrg;
  params: string[];
  query: URLSearchParams;
}

export interface FeatureRoute {
  template: string;
  handler: (context: FeatureRouteContext) => Reply;
  /** A list paged by `limit`/`skip`: its largest `limit` (absent: a single object or unpaged). */
  maxLimit?: number;
}
