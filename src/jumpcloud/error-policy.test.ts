import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';

import {
  AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  isCertificateError,
  isNotFoundError,
  isNotLicensedError,
  isRetryable,
  isUnreachableError,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  toIntegrationError,
} from './error-policy';

const status = (code: number, retryAfter?: string): AttemptOutcome => ({
  kind: 'status',
  status: code,
  retryAfter,
});
const transport: AttemptOutcome = { kind: 'transport', error: new Error('socket hang up') };

describe('isRetryable', () => {
  test.each([429, 500, 502, 503, 504])('retries %i', (code) => {
    expect(isRetryable(status(code))).toBe(true);
  });

  test.each([400, 401, 403, 404, 409])('does not retry %i', (code) => {
    expect(isRetryable(status(code))).toBe(false);
  });

  test('retries transport failures (resets, timeouts, broken bodies)', () => {
    expect(isRetryable(transport)).toBe(true);
  });

  test.each([
    ['name mismatch', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['unknown CA', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
    ['self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', 'CERT_HAS_EXPIRED'],
  ])('does not retry a certificate failure (%s) and says how to trust a proxy', (_what, code) => {
    const outcome: AttemptOutcome = {
      kind: 'transport',
      error: Object.assign(new Error('certificate problem'), { code }),
    };
    expect(isRetryable(outcome)).toBe(false);
    const error = toIntegrationError({ endpoint: 'GET /api/organizations', outcome, attempts: 1 });
    expect(error.message).toContain(code);
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(isCertificateError(error)).toBe(true);
    expect(isUnreachableError(error)).toBe(false);
  });

  test('a refused connection is unreachable, not a certificate failure', () => {
    const outcome: AttemptOutcome = {
      kind: 'transport',
      error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    };
    const error = toIntegrationError({ endpoint: 'GET /api/organizations', outcome, attempts: 1 });
    expect(isUnreachableError(error)).toBe(true);
    expect(isCertificateError(error)).toBe(false);
    expect(error.message).not.toContain('NODE_EXTRA_CA_CERTS');
  });
});

describe('parseRetryAfterMs', () => {
  test('reads delta-seconds', () => {
    expect(parseRetryAfterMs('3')).toBe(3000);
    expect(parseRetryAfterMs(' 1.5 ')).toBe(1500);
  });

  test('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  test('ignores absent or unreadable values', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('')).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

  test('grows exponentially with jitter between half and the full step', () => {
    expect(retryDelayMs(1, status(500), policy, () => 0)).toBe(50);
    expect(retryDelayMs(1, status(500), policy, () => 1)).toBe(100);
    expect(retryDelayMs(3, status(500), policy, () => 0)).toBe(200);
    expect(retryDelayMs(3, status(500), policy, () => 1)).toBe(400);
  });

  test('is capped by maxDelayMs', () => {
    expect(retryDelayMs(20, status(503), policy, () => 1)).toBe(1000);
  });

  test('honours a Retry-After longer than the backoff', () => {
    expect(retryDelayMs(1, status(429, '5'), policy, () => 0)).toBe(5000);
  });

  test('keeps the backoff when Retry-After is shorter', () => {
    expect(retryDelayMs(3, status(429, '0'), policy, () => 1)).toBe(400);
  });
});

describe('shouldRetry', () => {
  const policy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxPauseMs: 1000 };

  test('stops after maxAttempts failures', () => {
    expect(shouldRetry(2, status(500), 10, 1000, policy)).toEqual({ retry: true });
    expect(shouldRetry(3, status(500), 10, 1000, policy)).toEqual({
      retry: false,
      reason: 'attempts',
    });
  });

  test('a 429 is bounded by the deadline, not by attempts', () => {
    expect(shouldRetry(3, status(429, '2'), 2000, 5000, policy)).toEqual({ retry: true });
    expect(shouldRetry(3, status(429), 20, 5000, policy)).toEqual({ retry: true });
    expect(shouldRetry(3, status(429), 20, 10, policy)).toEqual({
      retry: false,
      reason: 'deadline',
    });
  });

  test('never waits beyond the deadline: an absurd Retry-After fails at once', () => {
    expect(shouldRetry(1, status(429, '100000'), 100_000_000, 100_000, policy)).toEqual({
      retry: false,
      reason: 'deadline',
    });
    expect(shouldRetry(1, status(503), 60, 50, policy)).toEqual({
      retry: false,
      reason: 'deadline',
    });
  });

  test('a refused connection is not retried until the host has answered once', () => {
    const refused: AttemptOutcome = {
      kind: 'transport',
      error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    };
    expect(shouldRetry(1, refused, 10, 1000, policy, false)).toEqual({
      retry: false,
      reason: 'unreachable',
    });
    expect(shouldRetry(1, refused, 10, 1000, policy, true)).toEqual({ retry: true });
    expect(shouldRetry(1, transport, 10, 1000, policy, false)).toEqual({ retry: true });
  });

  test('never retries a 401', () => {
    expect(shouldRetry(1, status(401), 0, 1000, policy)).toEqual({
      retry: false,
      reason: 'not-retryable',
    });
  });
});

describe('toIntegrationError', () => {
  const endpoint = 'GET /api/systemusers?limit=100&skip=0&sort=_id';

  test('401 is an authentication error with advice', () => {
    const error = toIntegrationError({
      endpoint,
      outcome: status(401),
      providerMessage: 'Unauthorized: api key user not found',
      attempts: 1,
    });
    expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(error.message).toContain(endpoint);
    expect(error.message).toContain('api key user not found');
    expect(error.message).toContain('API key');
  });

  test('403 is an authorization error naming the endpoint', () => {
    const error = toIntegrationError({
      endpoint: 'GET /api/v2/applemdms',
      outcome: status(403),
      attempts: 1,
    });
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.message).toContain('GET /api/v2/applemdms');
    expect(error.message).toContain('403');
  });

  test('other statuses are provider API errors with status and attempts', () => {
    const error = toIntegrationError({ endpoint, outcome: status(503), attempts: 7 });
    expect(error).toBeInstanceOf(IntegrationProviderAPIError);
    expect(error).not.toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect((error as IntegrationProviderAPIError).status).toBe(503);
    expect(error.message).toContain('Service Unavailable');
    expect(error.message).toContain('after 7 attempts');
  });

  test('transport failures keep their cause', () => {
    const error = toIntegrationError({ endpoint, outcome: transport, attempts: 2 });
    expect((error as IntegrationProviderAPIError).status).toBe('NETWORK_ERROR');
    expect(error.message).toContain('socket hang up');
  });

  test('isNotFoundError recognises a 404', () => {
    expect(
      isNotFoundError(toIntegrationError({ endpoint, outcome: status(404), attempts: 1 })),
    ).toBe(true);
    expect(
      isNotFoundError(toIntegrationError({ endpoint, outcome: status(500), attempts: 1 })),
    ).toBe(false);
    expect(isNotFoundError(new Error('404'))).toBe(false);
  });

  test('isNotLicensedError recognises a 402, named Payment Required', () => {
    const error = toIntegrationError({ endpoint, outcome: status(402), attempts: 1 });
    expect(isNotLicensedError(error)).toBe(true);
    expect(error.message).toContain('Payment Required');
    expect(
      isNotLicensedError(toIntegrationError({ endpoint, outcome: status(404), attempts: 1 })),
    ).toBe(false);
    expect(isNotFoundError(error)).toBe(false);
  });
});
