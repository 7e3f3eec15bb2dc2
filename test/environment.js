/**
 * The test environment of every suite: Node's, plus one thing. Tests that make a step fail on
 * purpose (the resilience and optional-feature tests) make the JupiterOne SDK log `ERROR ...
 * Step "..." failed to complete` with a stack trace, and a run that passed ended in red lines
 * that looked like a failure. Here the SDK's log records written during a test are held back,
 * and printed under the test's name only when that test fails. Everything else (jest's own
 * output, console.log) passes through untouched.
 */
'use strict';

const { TestEnvironment } = require('jest-environment-node');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
/** A bunyan-format record: `05:29:37.831Z ERROR Local: ...` (short) or `[2026-...] ERROR:`. */
const SDK_RECORD =
  /^\s*(?:\d\d:\d\d:\d\d\.\d+Z|\[\d{4}-\d\d-\d\dT[^\]]+\])\s+(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\b/;

class QuietLogEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.held = [];
    this.restore = undefined;
  }

  hold() {
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((stream) => stream.write);
    streams.forEach((stream, index) => {
      const original = originals[index];
      stream.write = (chunk, ...rest) => {
        if (SDK_RECORD.test(String(chunk).replace(ANSI, ''))) {
          this.held.push(String(chunk));
          const callback = rest.find((arg) => typeof arg === 'function');
          if (callback) process.nextTick(callback);
          return true;
        }
        return original.call(stream, chunk, ...rest);
      };
    });
    this.restore = () => streams.forEach((stream, index) => (stream.write = originals[index]));
  }

  release(test) {
    if (this.restore) this.restore();
    this.restore = undefined;
    const held = this.held;
    this.held = [];
    if (test && test.errors.length > 0 && held.length > 0) {
      process.stderr.write(`\nSDK log of the failed test "${test.name}":\n${held.join('')}\n`);
    }
  }

  async handleTestEvent(event) {
    if (event.name === 'test_start') this.hold();
    else if (event.name === 'test_done' || event.name === 'test_skip') this.release(event.test);
  }
}

module.exports = QuietLogEnvironment;
