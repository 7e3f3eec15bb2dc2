/**
 * Preloaded by scripts/dev/start-run.sh (`node -r`): prints on stderr the CPU time the process
 * spent before its first HTTP request (what starting costs) and the modules it had loaded, and at exit its CPU time and when
 * (seconds since the process started) its first request went out and its last answer ended:
 * start, network span and tail of a run.
 *
 * REQUEST_LOG=FILE also writes, one JSON line each, every request's path and when it went out
 * and its answer ended, in microseconds of the monotonic clock a `--cpu-prof` profile's
 * timestamps use: to see what the process did between an answer and the next request.
 */
'use strict';

const http = require('http');

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return ((user + system) / 1e6).toFixed(3);
};
let seen = false;
let firstAt = 0;
let lastAnswerAt = 0;
const log = process.env.REQUEST_LOG ? [] : undefined;
const micros = () => Number(process.hrtime.bigint() / 1000n);
const request = http.request;
http.request = function firstRequest(...args) {
  if (!seen) {
    seen = true;
    firstAt = process.uptime();
    // Modules loaded so far: a count that load on the machine does not change.
    const modules = Object.keys(require.cache).length;
    process.stderr.write(
      `FIRST-REQUEST cpu=${cpuSeconds()} uptime=${firstAt.toFixed(3)} modules=${modules}\n`,
    );
  }
  const sent = request.apply(this, args);
  const entry = log && { path: sent.path, start: micros() };
  if (entry) log.push(entry);
  sent.on('response', (response) =>
    response.on('end', () => {
      lastAnswerAt = process.uptime();
      if (entry) entry.end = micros();
    }),
  );
  return sent;
};
process.on('exit', () => {
  if (log) {
    const lines = log.map((entry) => JSON.stringify(entry)).join('\n');
    require('fs').writeFileSync(process.env.REQUEST_LOG, `${lines}\n`);
  }
  process.stderr.write(
    `EXIT cpu=${cpuSeconds()} uptime=${process.uptime().toFixed(3)} ` +
      `first=${firstAt.toFixed(3)} lastAnswer=${lastAnswerAt.toFixed(3)}\n`,
  );
});
