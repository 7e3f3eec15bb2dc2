/**
 * The stand-in on its own, to try `npm run sync` by hand without a JupiterOne account:
 *
 *   npx ts-node test/jupiterone-standin/cli.ts
 *
 * prints the JUPITERONE_* settings to use, and on Ctrl-C (or SIGTERM) a summary of every job:
 * status, objects received, keys received more than once, partial datasets, abort reason.
 */
import { startJupiterOneStandIn } from '.';

async function main(): Promise<void> {
  const standIn = await startJupiterOneStandIn();
  console.log(
    [
      `JupiterOne stand-in at ${standIn.url}. Run npm run sync with:`,
      `  JUPITERONE_API_BASE_URL=${standIn.url}`,
      `  JUPITERONE_API_KEY=${standIn.apiKey}`,
      `  JUPITERONE_ACCOUNT=${standIn.account}`,
      '  JUPITERONE_INTEGRATION_INSTANCE_ID=<any UUID>',
      'Ctrl-C prints what it received.',
    ].join('\n'),
  );
  const summarize = async () => {
    for (const job of standIn.jobs) {
      const repeated = (keys: string[]) => keys.length - new Set(keys).size;
      console.log(
        JSON.stringify({
          job: job.id,
          instance: job.integrationInstanceId,
          status: job.status,
          entities: job.entities.length,
          entityKeysRepeated: repeated(job.entities.map((e) => e._key)),
          relationships: job.relationships.length,
          relationshipKeysRepeated: repeated(job.relationships.map((r) => r._key)),
          uploadRequests: standIn.requests.filter(
            (r) => r.path.startsWith(`/persister/synchronization/jobs/${job.id}/`) && r.objects,
          ).length,
          events: job.events.length,
          partialDatasets: job.partialDatasets,
          abortReason: job.abortReason,
        }),
      );
    }
    await standIn.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void summarize());
  process.on('SIGTERM', () => void summarize());
}

void main();
