import { spawnSync } from 'child_process';
import path from 'path';

/**
 * `collect-command.js` loads the AWS SDK only when something reads from it: `collect`'s
 * start pays nothing for a client it never calls, and a caller that does use it gets it.
 */
test('the collect command starts without loading the AWS SDK, which loads when used', () => {
  const command = path.join(__dirname, 'collect-command.js');
  const probe = `
    process.argv = [process.argv[0], ${JSON.stringify(command)}, '--help'];
    process.exit = (code) => {
      const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]aws-sdk[\\\\/]/.test(f));
      const before = loaded();
      const alpha = require.resolve('@lifeomic/alpha/lib/adapters/lambda-invocation', {
        paths: [${JSON.stringify(process.cwd())}],
      });
      require(alpha);
      const parent = require.cache[alpha];
      const sdk = require('module')._load('aws-sdk', parent, false);
      const lambda = typeof sdk.Lambda;
      console.log(JSON.stringify({ before, lambda, after: loaded() }));
      process.reallyExit(0);
    };
    require(${JSON.stringify(command)});
  `;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  const line = result.stdout.trim().split('\n').pop() as string;
  expect(JSON.parse(line)).toEqual({ before: false, lambda: 'function', after: true });
});
