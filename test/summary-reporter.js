/**
 * Ends every jest run with one plain line, `jest: N passed, N failed, N skipped`, for a person
 * (or a script) to read at the very end, where jest's own summary is several coloured lines.
 * CI (`.ci/run`) does not read it: it goes by jest's exit code, which is not 0 when a test
 * failed (a test file without a test fails too).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line =
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ` +
      `${results.numPendingTests + results.numTodoTests} skipped`;
    process.stdout.write(`\n${line}\n`);
  }
}

module.exports = SummaryReporter;
