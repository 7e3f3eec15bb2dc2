/**
 * Preloaded by scripts/dev/start-run.sh (`node -r`): prints on stderr the CPU time the process
 * spent before its first HTTP request (what starting costs) and the modules it had loaded, and at exit its CPU time and when
 * (seconds since the process started) its first request went out and its last answer ended:
 * start, network span and tail of a run.
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
  sent.on('response', (response) =>
    response.on('end', () => {
      lastAnswerAt = process.uptime();
    }),
  );
  return sent;
};
process.on('exit', () => {
  process.stderr.write(
    `EXIT cpu=${cpuSeconds()} uptime=${process.uptime().toFixed(3)} ` +
      `first=${firstAt.toFixed(3)} lastAnswer=${lastAnswerAt.toFixed(3)}\n`,
  );
});
