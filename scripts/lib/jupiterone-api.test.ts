import http from 'http';
import { AddressInfo } from 'net';

import { JupiterOneApiClient, JupiterOneApiError } from './jupiterone-api';

/** A server that answers each request with the next scripted reply (the last one repeats). */
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

let server: http.Server;
let seen: Array<{ path: string; headers: http.IncomingHttpHeaders }>;

async function serve(
  replies: Array<Reply | ((req: http.IncomingMessage) => Reply)>,
): Promise<string> {
  seen = [];
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      const next = replies[Math.min(seen.length, replies.length) - 1];
      const reply = typeof next === 'function' ? next(req) : next;
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

const KEY = 'j1-secret-key-abcdef';
const client = (baseUrl: string, maxAttempts = 3) =>
  new JupiterOneApiClient({ baseUrl, account: 'acct', apiKey: KEY, maxAttempts, baseDelayMs: 1 });

test("sends the SDK's headers and returns the JSON body", async () => {
  const api = client(await serve([{ status: 200, body: { job: { id: 'j' } } }]));
  const response = await api.post(
    '/persister/synchronization/jobs',
    { source: 'api' },
    {
      headers: { 'JupiterOne-Correlation-Id': 'c-1' },
    },
  );
  expect(response.data).toEqual({ job: { id: 'j' } });
  expect(seen[0].headers).toMatchObject({
    authorization: `Bearer ${KEY}`,
    'lifeomic-account': 'acct',
    'content-type': 'application/json',
    'jupiterone-correlation-id': 'c-1',
  });
});

test('5xx and 429 are retried, Retry-After honoured, until an answer comes', async () => {
  const api = client(
    await serve([
      { status: 503, body: { error: { message: 'busy' } } },
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 200, body: {} },
    ]),
  );
  await api.get('/x');
  expect(seen).toHaveLength(3);
  expect(api.retries).toBe(2);
});

test('retries end at maxAttempts, saying how many were made', async () => {
  const api = client(await serve([{ status: 502 }]), 3);
  await expect(api.get('/x')).rejects.toThrow(
    /^GET \/x answered 502 Bad Gateway \(after 3 attempts\)$/,
  );
  expect(seen).toHaveLength(3);
});

test("429s do not count toward maxAttempts (the integration's error policy): the deadline bounds them", async () => {
  const api = client(
    await serve([
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 502 },
      { status: 200, body: { ok: true } },
    ]),
    2,
  );
  expect((await api.get('/x')).data).toEqual({ ok: true });
  expect(seen).toHaveLength(5);
});

test('a 401 fails at once, and every later call fails without a request', async () => {
  const api = client(await serve([{ status: 401, body: { message: 'Unauthorized' } }]));
  const error = await api.get('/jobs').catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(JupiterOneApiError);
  expect(error).toMatchObject({ status: 401, keyRejected: true });
  await expect(api.post('/other', {})).rejects.toBe(error);
  expect(seen).toHaveLength(1);
});

test("another 4xx fails at once with JupiterOne's code and message", async () => {
  const api = client(
    await serve([
      { status: 400, body: { error: { code: 'JOB_NOT_AWAITING_UPLOADS', message: 'job ended' } } },
    ]),
  );
  await expect(api.post('/jobs/1/entities', { entities: [] })).rejects.toMatchObject({
    status: 400,
    code: 'JOB_NOT_AWAITING_UPLOADS',
    keyRejected: false,
    message: 'POST /jobs/1/entities answered 400 Bad Request JOB_NOT_AWAITING_UPLOADS: job ended',
  });
  expect(seen).toHaveLength(1);
});

test('the API key never appears in a message, even when the server echoes it', async () => {
  const api = client(
    await serve([
      (req) => ({ status: 400, body: { error: { message: `bad ${req.headers.authorization}` } } }),
    ]),
  );
  const error = (await api.get('/x').catch((caught: unknown) => caught)) as Error;
  expect(error.message).toContain('bad Bearer [REDACTED]');
  expect(error.message).not.toContain(KEY);
});

test('a refused connection before any answer: unreachable, at once', async () => {
  const api = client('http://127.0.0.1:9');
  await expect(api.get('/x')).rejects.toMatchObject({
    unreachable: true,
    message: expect.stringMatching(
      /^Cannot reach JupiterOne at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/,
    ),
  });
  expect(api.requests).toBe(1);
});
