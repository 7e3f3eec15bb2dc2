#!/usr/bin/env node
/**
 * Byte-for-byte comparison of the simulator before and after a change (issue 28): record the
 * requests of one whole run, then replay them one after another against each build and compare
 * a SHA-256 of every response (status, headers but date and connection, body).
 *
 *   node scripts/dev/simulator-replay.js record <dist> <requests.jsonl> [S|M]
 *   node scripts/dev/simulator-replay.js replay <dist> <requests.jsonl> [S|M] <hashes.txt>
 *
 * <dist> is a compiled tree (`npx tsc -b tsconfig.build.json` makes ./dist; an older commit's in
 * a scratch worktree: `git worktree add ../base <commit>`, a node_modules symlink, then build
 * there). `record` runs the integration of <dist> through a logging proxy against the
 * simulator of <dist> (the bench's organization of that size, seed 1, no latency); `replay`
 * starts a fresh simulator and sends the recorded requests in their order, so counters such as
 * X-Request-Id agree (REPLAY_PREPARE=1 starts it with `prepare`, as the bench does). Lines may be appended to the requests file by hand (JSON: method, url,
 * headers, body). Compare two hash files with `cmp`.
 */
'use strict';

const { Buffer } = require('buffer');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const [mode, distArg, file, size = 'M', out] = process.argv.slice(2);
if (!['record', 'replay'].includes(mode) || !distArg || !file || (mode === 'replay' && !out)) {
  console.error(
    'usage: simulator-replay.js record|replay <dist> <requests.jsonl> [S|M] [hashes.txt]',
  );
  process.exit(2);
}
const dist = path.resolve(distArg);
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
const { startSimulator } = require(path.join(dist, 'simulator'));
const { SIZES } = require(path.join(dist, 'scripts', 'bench'));
const KEY = 'bench-key-00000000000000000000000000000000';
const UNSTABLE_HEADERS = ['connection', 'keep-alive', 'date', 'transfer-encoding'];

function send(port, request) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent: false,
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (request.body) outgoing.write(request.body);
    outgoing.end();
  });
}

function stableHeaders(headers) {
  const kept = { ...headers };
  for (const name of UNSTABLE_HEADERS) delete kept[name];
  return kept;
}

async function record(simulator) {
  const log = fs.createWriteStream(file);
  const proxy = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const headers = {};
      for (const name of ['x-api-key', 'x-org-id', 'content-type', 'accept']) {
        if (req.headers[name] !== undefined) headers[name] = req.headers[name];
      }
      const body = Buffer.concat(chunks).toString('utf8') || undefined;
      const request = { method: req.method, url: req.url, headers, body };
      log.write(`${JSON.stringify(request)}\n`);
      const reply = await send(simulator.port, request);
      res.writeHead(reply.status, stableHeaders(reply.headers));
      res.end(reply.body);
    });
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { runIntegration } = require(path.join(dist, 'scripts', 'lib', 'run-integration'));
  const { FileSystemGraphObjectStore } = require('@jupiterone/integration-sdk-runtime');
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'simulator-replay-'));
  try {
    const run = await runIntegration({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${proxy.address().port}`,
      concurrency: 10,
      graphObjectStore: new FileSystemGraphObjectStore(),
      storageDirectory: storage,
    });
    const failed = run.stepResults.filter((s) => s.status !== 'success').map((s) => s.id);
    console.log(`recorded; failed steps: ${failed.join(', ') || 'none'}`);
  } finally {
    fs.rmSync(storage, { recursive: true, force: true });
    await new Promise((resolve) => log.end(resolve));
    proxy.close();
  }
}

async function replay(simulator) {
  const requests = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const lines = [];
  let bytes = 0;
  for (const request of requests) {
    const reply = await send(simulator.port, request);
    const headers = stableHeaders(reply.headers);
    const hash = crypto
      .createHash('sha256')
      .update(String(reply.status))
      .update(
        JSON.stringify(
          Object.keys(headers)
            .sort()
            .map((name) => [name, headers[name]]),
        ),
      )
      .update(reply.body)
      .digest('hex');
    bytes += reply.body.length;
    lines.push(`${hash} ${reply.status} ${reply.body.length} ${request.method} ${request.url}`);
  }
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`replayed ${requests.length} requests, ${bytes} body bytes`);
}

async function main() {
  const counts = SIZES[size];
  if (!counts) throw new Error(`unknown size ${size}`);
  const { policies, policyGroups, ...directory } = counts;
  const simulator = await startSimulator({
    port: 0,
    apiKey: KEY,
    seed: 1,
    ...directory,
    policies: { policies, policyGroups },
    latencyMs: 0,
    quiet: true,
    // REPLAY_PREPARE=1: every body of data generated before listening (the bench's --prepare).
    prepare: process.env.REPLAY_PREPARE === '1',
  });
  try {
    await (mode === 'record' ? record(simulator) : replay(simulator));
  } finally {
    await simulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
