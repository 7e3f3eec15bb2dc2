/**
 * `j1-integration collect`, alone: the SDK CLI's own `collect` command, run without loading
 * the CLI's twelve other commands (neo4j, sync, visualize, ...), which costs a third of a
 * second of CPU at every start. Same options, same output, same exit codes.
 *
 *   node scripts/lib/collect-command.js --project-path DIR [--disable-schema-validation]
 */
'use strict';

const { collect } = require('@jupiterone/integration-sdk-cli/dist/src/commands/collect');

collect()
  .parseAsync(process.argv)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
