/**
 * `npm start`: a real collection, `j1-integration collect` as is (schema validation on),
 * configured from the environment or `.env` (API_KEY, ORG_ID, BASE_URL, CONCURRENCY). It
 * shows the run's progress, and when the run fails, ends with one line saying what is wrong
 * and what to do instead of a stack trace.
 */
import path from 'path';

import { explainCollectFailure, PROJECT_ROOT, runCollectCli } from './lib/collect';
import { failedSteps, readCollectionSummary } from './lib/summary';

async function main(): Promise<number> {
  const verbose = process.argv.includes('--verbose');
  const run = await runCollectCli({
    output: 'progress',
    stackTraces: verbose,
    logLevel: process.env.LOG_LEVEL,
  });
  const where = path.relative(process.cwd(), run.storageDir) || run.storageDir;

  if (run.exitCode !== 0) {
    const explanation = explainCollectFailure(run.tail) ?? run.tail.slice(-5).join('\n');
    console.error(`\nFAILED: ${explanation}`);
    return 1;
  }
  const summary = await readCollectionSummary(run.storageDir);
  const failed = failedSteps(summary);
  if (failed.length > 0) {
    console.error(
      `\nFAILED: ${failed.length} step(s) did not complete: ${failed.map((s) => s.id).join(', ')}. ` +
        `Their errors are above; what the other steps collected is in ${where}.`,
    );
    return 1;
  }
  console.log(
    `\nOK: collected into ${where}/graph in ${(run.durationMs / 1000).toFixed(1)} s. ` +
      'Next: `npm run graph` to explore it, `npm run report` for the managed questions.',
  );
  return 0;
}

if (require.main === module) {
  process.chdir(PROJECT_ROOT);
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
