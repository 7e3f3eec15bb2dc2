/** Entry point of `npm run report`; the program lives in scripts/report/. */
import { main } from './report/cli';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
