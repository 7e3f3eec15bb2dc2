/** Entry point of `npm run report`; the program lives in scripts/report/. */
import { runProgram } from './lib/command-line';
import { main, USAGE } from './report/cli';

runProgram('report', USAGE, () => main(process.argv.slice(2)));
