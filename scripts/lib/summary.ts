/**
 * `summary.json`, written by the runtime at the end of a collection. `j1-integration collect`
 * exits 0 even when a step fails, so callers read the step statuses from here.
 */
import { promises as fs } from 'fs';
import path from 'path';

// Types only: loading the SDK costs a quarter of a second the demo does not need to spend.
import type { IntegrationStepResult, StepResultStatus } from '@jupiterone/integration-sdk-core';

export interface CollectionSummary {
  integrationStepResults: IntegrationStepResult[];
  metadata: {
    partialDatasets: { types: string[] };
  };
}

/** Statuses that mean a step did not collect everything it should have. */
export const FAILED_STEP_STATUSES: ReadonlySet<string> = new Set<`${StepResultStatus}`>([
  'failure',
  'partial_success_due_to_dependency_failure',
]);

/** Reads `<storageDir>/summary.json`; a clear error when the collection never finished. */
export async function readCollectionSummary(storageDir: string): Promise<CollectionSummary> {
  const file = path.join(storageDir, 'summary.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(
      `${file} does not exist: the collection did not finish (validateInvocation failed or ` +
        'the process crashed; see its output above).',
    );
  }
  const summary = JSON.parse(text) as CollectionSummary;
  if (!Array.isArray(summary.integrationStepResults)) {
    throw new Error(`${file} has no integrationStepResults array.`);
  }
  return summary;
}

/** Steps whose status is `failure` or `partial_success_due_to_dependency_failure`. */
export function failedSteps(summary: CollectionSummary): IntegrationStepResult[] {
  return summary.integrationStepResults.filter((step) => FAILED_STEP_STATUSES.has(step.status));
}

/** Step results in the order they appear, with the status names counted. */
export function countStepStatuses(summary: CollectionSummary): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of summary.integrationStepResults) {
    counts[step.status] = (counts[step.status] ?? 0) + 1;
  }
  return counts;
}
