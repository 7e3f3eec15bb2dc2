import { spawnSync } from 'child_process';
import path from 'path';

/**
 * `collect-command.js` loads the runtime's JupiterOne API client (`@lifeomic/alpha`), the
 * AWS SDK and the data model's schemas only when they are used: `collect`'s start pays nothing
 * for clients it never calls, and a caller that does use them gets the real ones.
 */
test('the collect command starts without alpha, the AWS SDK or the schemas, which load when used', () => {
  const command = path.join(__dirname, 'collect-command.js');
  const probe = `
    process.argv = [process.argv[0], ${JSON.stringify(command)}, '--help'];
    process.exit = (code) => {
      const loaded = (pattern) => Object.keys(require.cache).some((f) => pattern.test(f));
      const ALPHA = /[\\\\/]@lifeomic[\\\\/]alpha[\\\\/]/;
      const AWS = /[\\\\/]aws-sdk[\\\\/]/;
      const MODEL = /[\\\\/]data-model[\\\\/]dist[\\\\/]IntegrationSchema/;
      const before = { alpha: loaded(ALPHA), aws: loaded(AWS), model: loaded(MODEL) };
      // The data model: its relationship classes without the schemas, the schemas when used.
      const core = require(require.resolve('@jupiterone/integration-sdk-core', {
        paths: [${JSON.stringify(process.cwd())}],
      }));
      const model = { has: core.RelationshipClass.HAS, loaded: loaded(MODEL) };
      model.userProperties = core.schemaWhitelistedPropertyNames(['User']).includes('username');
      model.after = loaded(MODEL);
      // What the runtime's api/index.js holds: constructing it gives a real client.
      const runtimeApi = require.resolve('@jupiterone/integration-sdk-runtime/dist/src/api', {
        paths: [${JSON.stringify(process.cwd())}],
      });
      const standIn = require('module')._load('@lifeomic/alpha', require.cache[runtimeApi], false);
      const client = new standIn({ baseURL: 'https://example.invalid' });
      const realAlpha = require(require.resolve('@lifeomic/alpha', { paths: [runtimeApi] }));
      const alpha = { isReal: client instanceof realAlpha, loaded: loaded(ALPHA) };
      const adapter = require.resolve('@lifeomic/alpha/lib/adapters/lambda-invocation', {
        paths: [${JSON.stringify(process.cwd())}],
      });
      require(adapter);
      const sdk = require('module')._load('aws-sdk', require.cache[adapter], false);
      const aws = { awsBeforeUse: loaded(AWS), lambda: typeof sdk.Lambda, after: loaded(AWS) };
      console.log(JSON.stringify({ before, model, alpha, aws }));
      process.reallyExit(0);
    };
    require(${JSON.stringify(command)});
  `;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  const line = result.stdout.trim().split('\n').pop() as string;
  expect(JSON.parse(line)).toEqual({
    before: { alpha: false, aws: false, model: false },
    model: { has: 'HAS', loaded: false, userProperties: true, after: true },
    alpha: { isReal: true, loaded: true },
    aws: { awsBeforeUse: false, lambda: 'function', after: true },
  });
});

/**
 * Modules some runs use load when first used (`rimraf`, `get-folder-size`, `fs-extra`, `mv`,
 * `source-map-support`),
 * the SDK's single lodash functions are the whole lodash's, and the CLI's one globby call
 * (does the source directory hold TypeScript?) is answered without globby, as globby answers
 * it.
 */
test('the collect command loads rimraf, fs-extra, mv, source-map-support, globby and lodash pieces only when used', () => {
  const command = path.join(__dirname, 'collect-command.js');
  const cwd = JSON.stringify(process.cwd());
  const probe = `
    process.argv = [process.argv[0], ${JSON.stringify(command)}, '--help'];
    let probed = false;
    process.exit = async (code) => {
      // Commander goes on after an exit that returns: probe once.
      if (probed) return;
      probed = true;
      const Module = require('module');
      const loaded = (pattern) => Object.keys(require.cache).some((f) => pattern.test(f));
      const PIECES = /[\\/](rimraf|get-folder-size|fs-extra|mv|globby|fast-glob|source-map-support|source-map)[\\/]|[\\/]lodash[\\/](groupBy|camelCase)[.]js$/;
      const before = loaded(PIECES);
      const from = (file) => require.cache[require.resolve(file, { paths: [${cwd}] })];
      // Before the CLI's config.js runs: for a TypeScript project it registers ts-node, which
      // sends every later 'source-map-support' to its own copy.
      const runtime = '@jupiterone/integration-sdk-runtime/dist/src/';
      const bunyan = require.resolve('bunyan', { paths: [from(runtime + 'logger/index.js').filename] });
      const mapSupportFile = require.resolve('source-map-support', { paths: [bunyan] });
      const mapSupport = Module._load('source-map-support', require.cache[bunyan], false);
      const mapSupportBefore = mapSupportFile in require.cache;
      const wrapCallSite = typeof mapSupport.wrapCallSite;
      const mapSupportAfter = mapSupportFile in require.cache;
      const cli = '@jupiterone/integration-sdk-cli/dist/src/';
      require(cli + 'config.js');
      const glob = Module._load('globby', from(cli + 'config.js'), false);
      const realGlob = require(require.resolve('globby', { paths: [from(cli + 'config.js').filename] }));
      const patterns = ['**/*.ts', '!**/*.d.ts'];
      const [standIn, real] = await Promise.all([glob(patterns, { cwd: 'src' }), realGlob(patterns, { cwd: 'src' })]);
      const types = await glob(patterns, { cwd: 'src/jumpcloud/__fixtures__' });
      const realTypes = await realGlob(patterns, { cwd: 'src/jumpcloud/__fixtures__' });
      const lodash = require(require.resolve('lodash', { paths: [${cwd}] }));
      const groupBy = Module._load('lodash/groupBy', from(runtime + 'storage/FileSystemGraphObjectStore/flushDataToDisk.js'), false);
      const rimraf = Module._load('rimraf', from(runtime + 'fileSystem.js'), false);
      const rimrafBefore = loaded(/[\\/]node_modules[\\/]rimraf[\\/]/);
      const sync = typeof rimraf.sync;
      console.log(JSON.stringify({
        before,
        sameFiles: standIn.length > 100 && JSON.stringify(standIn.sort()) === JSON.stringify(real.sort()),
        sameOther: JSON.stringify(types.sort()) === JSON.stringify(realTypes.sort()),
        groupBy: groupBy === lodash.groupBy,
        rimraf: { rimrafBefore, sync, after: loaded(/[\\/]node_modules[\\/]rimraf[\\/]/) },
        sourceMapSupport: { mapSupportBefore, wrapCallSite, after: mapSupportAfter },
      }));
      process.reallyExit(0);
    };
    require(${JSON.stringify(command)});
  `;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  const line = result.stdout.trim().split('\n').pop() as string;
  expect(JSON.parse(line)).toEqual({
    before: false,
    sameFiles: true,
    sameOther: true,
    groupBy: true,
    rimraf: { rimrafBefore: false, sync: 'function', after: true },
    sourceMapSupport: { mapSupportBefore: false, wrapCallSite: 'function', after: true },
  });
});
