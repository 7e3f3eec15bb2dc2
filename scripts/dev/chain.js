/**
 * Prints the longest chain of requests a running simulator served since its stats were reset
 * (`GET /__simulator/chain`): one line per request, with when it started and ended and the time
 * between the answer before it and its start. Used by start-run.sh (CHAIN=1); needs the build.
 *
 *   node scripts/dev/chain.js http://127.0.0.1:PORT
 */
'use strict';

const { fetchSimulatorChain, formatChain } = require('../../dist/scripts/lib/simulator');

fetchSimulatorChain(process.argv[2]).then(
  (links) => console.log(formatChain(links)),
  (error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
