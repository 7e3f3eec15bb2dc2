/**
 * Preloaded by scripts/dev/start-run.sh (`node -r`): prints on stderr the CPU time the process
 * spent before its first HTTP request (what starting costs), and its CPU time at exit.
 */
'use strict';

const http = require('http');

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return ((user + system) / 1e6).toFixed(3);
};
let seen = false;
const request = http.request;
http.request = function firstRequest(...args) {
  if (!seen) {
    seen = true;
    process.stderr.write(
      `FIRST-REQUEST cpu=${cpuSeconds()} uptime=${process.uptime().toFixed(3)}\n`,
    );
  }
  return request.apply(this, args);
};
process.on('exit', () => {
  process.stderr.write(`EXIT cpu=${cpuSeconds()} uptime=${process.uptime().toFixed(3)}\n`);
});
