/**
 * Traffic knobs: latency, a token bucket per API key, a cap on requests in flight, and fault
 * injection. All off by default.
 *
 * Fault decisions are repeatable whatever the order or concurrency of requests: whether the
 * n-th occurrence of `METHOD path?query` fails, and how, is a hash of (failSeed, that string,
 * n). A retry of the same URL is occurrence n+1 and gets a fresh decision; two runs with the
 * same seed fail the same requests.
 */
import { hash32 } from '../shared/random';

export const FAULT_KINDS = [
  '500',
  '502',
  '503',
  'reset',
  'truncated',
  'malformed',
  /** Full Content-Length announced, half the body sent, then the connection closed. */
  'cut-short',
  /** 429 with `Retry-After: retryAfterSeconds` (1 when unset). */
  '429',
  /** Never answers: the connection stays open until the client gives up. */
  'hang',
  /** Headers at once, then one body byte a second, never finishing. */
  'trickle',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Kinds chosen when `failKinds` is not set: the quick ones a client retries through. */
export const DEFAULT_FAULT_KINDS: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  'reset',
  'truncated',
  'malformed',
];

export interface TrafficOptions {
  /** Fixed delay before every answer (timer based, never blocks the event loop). */
  latencyMs?: number;
  /** Extra delay, uniform in [0, latencyJitterMs], decided by the same kind of hash. */
  latencyJitterMs?: number;
  /** Token bucket per API key: this many requests per second, burst of the same size. */
  rateLimitPerSecond?: number;
  /** Requests beyond this many being served at once get 429. */
  maxInFlight?: number;
  /** When set, every 429 carries `Retry-After: <seconds>`. */
  retryAfterSeconds?: number;
  /** Probability (0..1) that a request fails. */
  failRate?: number;
  /** Fault kinds to choose from (default: all). */
  failKinds?: FaultKind[];
  /** Regular expression (source) tested against the URL path; only matching paths fail. */
  failPathPattern?: string;
  failSeed?: number;
  /** The first N requests (any path, any key) get 429, with Retry-After when set. */
  throttleFirstRequests?: number;
  /** Lists on paths matching this ignore `skip`: every page is page 1 again. */
  ignoreSkipPathPattern?: string;
  /** Lists on paths matching this report half their total (`totalCount`, `x-total-count`). */
  lowTotalPathPattern?: string;
  /**
   * Lists on paths matching this repeat records: a page after the first starts one record
   * early (the last record of the page before again), and a short page ends with its first
   * record once more.
   */
  duplicatePathPattern?: string;
  /**
   * Lists on paths matching this list every fourth record twice (the 1st, 5th, 9th, ...), and
   * their totals count the copies: 30 records are 38 served, with a total of 38.
   */
  countedCopiesPathPattern?: string;
  /** Lists on paths matching `pageCapPathPattern` serve at most this many records a page. */
  pageCap?: number;
  pageCapPathPattern?: string;
  /**
   * Paths matching this answer 429 without Retry-After for `stormSeconds` (fractions allowed)
   * from the first request to any of them.
   */
  stormPathPattern?: string;
  stormSeconds?: number;
  /**
   * Paths matching this answer 403, as to an administrator whose role may not read them (the
   * other paths answer as usual): one body of data refused where no feature mode covers it.
   */
  forbiddenPathPattern?: string;
  /**
   * The paging faults above (ignoreSkip, lowTotal, duplicate, countedCopies, pageCap) answer
   * at most this many requests per path (default 200), then 400: a client whose paging guard
   * is broken fails instead of looping forever.
   */
  pagingFaultRequestCap?: number;
  /** Error bodies echo the API key, as some proxies and gateways do. */
  echoApiKey?: boolean;
}

export type Admission = { ok: true } | { ok: false; reason: 'rateLimit' | 'maxInFlight' };

class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.tokens = ratePerSecond;
    this.last = now;
  }

  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.ratePerSecond, this.tokens + elapsed * this.ratePerSecond);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

function checkNumber(name: string, value: number | undefined, min: number, max = Infinity): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new Error(`${name} must be a number in [${min}, ${max}], got ${value}`);
  }
}

export class TrafficControl {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly occurrences = new Map<string, number>();
  private readonly failPattern: RegExp | null;
  private readonly kinds: readonly FaultKind[];
  private readonly failSeed: number;
  private admitted = 0;

  constructor(
    private readonly options: TrafficOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    checkNumber('latencyMs', options.latencyMs, 0);
    checkNumber('latencyJitterMs', options.latencyJitterMs, 0);
    checkNumber('rateLimitPerSecond', options.rateLimitPerSecond, Number.MIN_VALUE);
    checkNumber('maxInFlight', options.maxInFlight, 1);
    checkNumber('retryAfterSeconds', options.retryAfterSeconds, 0);
    checkNumber('failRate', options.failRate, 0, 1);
    this.failPattern = options.failPathPattern ? new RegExp(options.failPathPattern) : null;
    const kinds = options.failKinds ?? [...DEFAULT_FAULT_KINDS];
    for (const kind of kinds)
      if (!FAULT_KINDS.includes(kind)) throw new Error(`unknown fault kind ${kind}`);
    if (kinds.length === 0) throw new Error('failKinds must not be empty');
    this.kinds = kinds;
    this.failSeed = options.failSeed ?? 0;
    checkNumber('throttleFirstRequests', options.throttleFirstRequests, 0);
    this.ignoreSkip = options.ignoreSkipPathPattern
      ? new RegExp(options.ignoreSkipPathPattern)
      : null;
    this.lowTotal = options.lowTotalPathPattern ? new RegExp(options.lowTotalPathPattern) : null;
    this.duplicate = options.duplicatePathPattern ? new RegExp(options.duplicatePathPattern) : null;
    this.countedCopies = options.countedCopiesPathPattern
      ? new RegExp(options.countedCopiesPathPattern)
      : null;
    checkNumber('pageCap', options.pageCap, 1);
    this.pageCapPattern = options.pageCapPathPattern
      ? new RegExp(options.pageCapPathPattern)
      : null;
    checkNumber('stormSeconds', options.stormSeconds, 0);
    this.storm = options.stormPathPattern ? new RegExp(options.stormPathPattern) : null;
    this.forbidden = options.forbiddenPathPattern ? new RegExp(options.forbiddenPathPattern) : null;
    checkNumber('pagingFaultRequestCap', options.pagingFaultRequestCap, 1);
  }

  readonly ignoreSkip: RegExp | null;
  readonly lowTotal: RegExp | null;
  readonly duplicate: RegExp | null;
  readonly countedCopies: RegExp | null;
  private readonly pageCapPattern: RegExp | null;
  private readonly storm: RegExp | null;
  private readonly forbidden: RegExp | null;
  private stormStartedAt: number | undefined;
  private readonly pagingFaultRequests = new Map<string, number>();

  /** The `limit` a list on this path really serves. */
  pageLimit(path: string, limit: number): number {
    const cap = this.options.pageCap;
    if (cap === undefined || !this.pageCapPattern?.test(path)) return limit;
    return Math.min(limit, cap);
  }

  /** Whether this path is refused (`forbiddenPathPattern`). */
  isForbidden(path: string): boolean {
    return this.forbidden?.test(path) ?? false;
  }

  /** Whether this request falls into the 429 storm (the first one on a storm path starts it). */
  inStorm(path: string): boolean {
    if (!this.storm?.test(path)) return false;
    const now = this.now();
    this.stormStartedAt ??= now;
    return now - this.stormStartedAt < (this.options.stormSeconds ?? 0) * 1000;
  }

  /**
   * Counts a request on a path a paging fault applies to; false once the path had its cap,
   * so a client that pages forever gets a 400 instead of another page.
   */
  pagingFaultAllows(path: string): boolean {
    const faulty = [this.ignoreSkip, this.lowTotal, this.duplicate, this.countedCopies];
    if (!faulty.some((pattern) => pattern?.test(path)) && !this.pageCapPattern?.test(path)) {
      return true;
    }
    const seen = (this.pagingFaultRequests.get(path) ?? 0) + 1;
    this.pagingFaultRequests.set(path, seen);
    return seen <= (this.options.pagingFaultRequestCap ?? 200);
  }
  private throttled = 0;

  /** Whether this request is one of the first `throttleFirstRequests` (counts it). */
  throttleAtStart(): boolean {
    const first = this.options.throttleFirstRequests ?? 0;
    if (this.throttled >= first) return false;
    this.throttled += 1;
    return true;
  }

  get echoApiKey(): boolean {
    return this.options.echoApiKey === true;
  }

  get retryAfterSeconds(): number | undefined {
    return this.options.retryAfterSeconds;
  }

  /** Requests admitted and not finished yet. */
  get inFlight(): number {
    return this.admitted;
  }

  /**
   * Admits a request or says why it gets a 429. An admitted request counts as in flight until
   * `release()` is called (once) when its response is finished or its connection closed.
   */
  admit(apiKey: string): Admission {
    const max = this.options.maxInFlight;
    if (max !== undefined && this.admitted >= max) return { ok: false, reason: 'maxInFlight' };
    const rate = this.options.rateLimitPerSecond;
    if (rate !== undefined) {
      let bucket = this.buckets.get(apiKey);
      if (!bucket) {
        bucket = new TokenBucket(rate, this.now());
        this.buckets.set(apiKey, bucket);
      }
      if (!bucket.take(this.now())) return { ok: false, reason: 'rateLimit' };
    }
    this.admitted++;
    return { ok: true };
  }

  release(): void {
    this.admitted--;
  }

  /** The occurrence number (0-based) of this exact request; call once per request. */
  nextOccurrence(requestKey: string): number {
    const n = this.occurrences.get(requestKey) ?? 0;
    this.occurrences.set(requestKey, n + 1);
    return n;
  }

  latencyFor(requestKey: string, occurrence: number): number {
    const fixed = this.options.latencyMs ?? 0;
    const jitter = this.options.latencyJitterMs ?? 0;
    if (jitter === 0) return fixed;
    return (
      fixed +
      Math.floor(
        (hash32(this.failSeed, 'latency', requestKey, occurrence) / 0x100000000) * (jitter + 1),
      )
    );
  }

  /** The fault for this occurrence of the request, or null. */
  faultFor(requestKey: string, path: string, occurrence: number): FaultKind | null {
    const rate = this.options.failRate ?? 0;
    if (rate <= 0) return null;
    if (this.failPattern && !this.failPattern.test(path)) return null;
    const roll = hash32(this.failSeed, 'fail', requestKey, occurrence) / 0x100000000;
    if (roll >= rate) return null;
    return this.kinds[hash32(this.failSeed, 'kind', requestKey, occurrence) % this.kinds.length];
  }
}

/** Bodies of injected 5xx answers, as proxies in front of JumpCloud send them. */
export const FAULT_RESPONSES: Record<'500' | '502' | '503', { contentType: string; body: string }> =
  {
    '500': {
      contentType: 'application/json; charset=utf-8',
      body: '{"message":"Internal Server Error"}',
    },
    '502': {
      contentType: 'text/html',
      body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
    },
    '503': {
      contentType: 'text/plain',
      body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    },
  };

/** First half of the body: what a client gets when a proxy cuts the stream short. */
export function truncateBody(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}

/** A complete but invalid JSON document (an error page spliced into the JSON). */
export function malformBody(body: string): string {
  const cut = Math.max(1, Math.floor((body.length * 2) / 3));
  return `${body.slice(0, cut)}<!-- upstream error: response interrupted -->`;
}

// ---- every fourth record twice, totals counting the copies ------------------------------
// Stored records 0, 4, 8, ... are served twice: stored 4g..4g+3 are served at 5g..5g+4.

/** The stored index of the record served at position `served`. */
export function storedIndexOfServed(served: number): number {
  return 4 * Math.floor(served / 5) + Math.max(0, (served % 5) - 1);
}

/** How many records `stored` records are served as. */
export function servedCount(stored: number): number {
  return stored + Math.ceil(stored / 4);
}

/**
 * The page served from `servedSkip` on, `limit` long, given the stored records from
 * `storedIndexOfServed(servedSkip)` on (at least `limit` of them, or all that remain).
 */
export function pageWithCopies<T>(stored: T[], servedSkip: number, limit: number): T[] {
  const first = storedIndexOfServed(servedSkip);
  const page: T[] = [];
  for (let k = 0; k < stored.length && page.length < limit; k += 1) {
    const index = first + k;
    const position = 5 * Math.floor(index / 4) + (index % 4 === 0 ? 0 : (index % 4) + 1);
    const copies = index % 4 === 0 ? [position, position + 1] : [position];
    for (const at of copies) if (at >= servedSkip && page.length < limit) page.push(stored[k]);
  }
  return page;
}
