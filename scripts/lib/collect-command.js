/**
 * `j1-integration collect`, alone: the SDK CLI's own `collect` command, run without loading
 * the CLI's twelve other commands (neo4j, sync, visualize, ...), which costs a third of a
 * second of CPU at every start. Same options, same output, same exit codes.
 *
 *   node scripts/lib/collect-command.js --project-path DIR [--disable-schema-validation]
 */
'use strict';

const Module = require('module');

/*
 * The runtime's JupiterOne API client loads `@lifeomic/alpha`, whose Lambda adapter loads the
 * whole AWS SDK v2 at once: a quarter of a second of CPU at every start, for a client a
 * local collection never calls (`collect` uploads nothing). That one `require('aws-sdk')`
 * gets a stand-in that loads the real SDK the first time anything is read from it, so a
 * run that does use it behaves as before.
 */
const load = Module._load;
Module._load = function loadAwsSdkLazily(request, parent, isMain) {
  if (request !== 'aws-sdk' || !/[\\/]@lifeomic[\\/]alpha[\\/]/.test(parent?.filename ?? '')) {
    return load.call(this, request, parent, isMain);
  }
  let sdk;
  const real = () => (sdk ??= load.call(this, request, parent, isMain));
  return new Proxy(
    {},
    {
      get: (_, name) => real()[name],
      has: (_, name) => name in real(),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, name) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), name);
        // A proxy may not report a property as non-configurable that its target lacks.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
};

const { collect } = require('@jupiterone/integration-sdk-cli/dist/src/commands/collect');

collect()
  .parseAsync(process.argv)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
