/**
 * The plain-text run summary printed by `npm run demo`: graph objects per `_type`, step
 * results from summary.json, time taken and what the simulator served.
 */
import type { IntegrationStepResult } from '@jupiterone/integration-sdk-core';

import { formatDuration, formatTable } from './format';
import type { TypeCounts } from './graph-files';
import type { SimulatorStats } from './simulator';
import { CollectionSummary, FAILED_STEP_STATUSES } from './summary';

export interface RunReportInput {
  counts: TypeCounts;
  summary: CollectionSummary;
  /** Wall time of the collection (the CLI child, start to exit). */
  collectMs: number;
  /** Wall time of the whole script. */
  totalMs?: number;
  stats?: SimulatorStats;
}

export function formatTypeCounts(counts: TypeCounts): string {
  const entityRows = Object.entries(counts.entities).map(([type, n]) => [type, n]);
  const relationshipRows = Object.entries(counts.relationships).map(([type, n]) => [type, n]);
  return [
    `Entities (${counts.totalEntities})`,
    formatTable(['_type', 'count'], entityRows),
    '',
    `Relationships (${counts.totalRelationships})`,
    formatTable(['_type', 'count'], relationshipRows),
  ].join('\n');
}

export function formatStepResults(steps: IntegrationStepResult[]): string {
  const rows = steps.map((step) => [
    FAILED_STEP_STATUSES.has(step.status) ? `${step.status}  <-- FAILED` : step.status,
    step.id,
    step.name,
  ]);
  return formatTable(['status', 'step', 'name'], rows);
}

/** Total, then the busiest endpoints; 429s, faults and status codes when there were any. */
export function formatSimulatorStats(stats: SimulatorStats, topEndpoints = 6): string {
  const lines = [`Requests served by the simulator: ${stats.requests.total}`];
  const byEndpoint = Object.entries(stats.requests.byEndpoint).sort(
    ([a, x], [b, y]) => y - x || a.localeCompare(b),
  );
  if (byEndpoint.length) {
    const shown = byEndpoint.slice(0, topEndpoints).map(([endpoint, n]) => [endpoint, n]);
    const rest = byEndpoint.slice(topEndpoints);
    if (rest.length) {
      const restTotal = rest.reduce((sum, [, n]) => sum + n, 0);
      shown.push([`(${rest.length} other endpoints)`, restTotal]);
    }
    lines.push(formatTable(['endpoint', 'requests'], shown));
  }
  const statuses = Object.entries(stats.requests.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  if (statuses) lines.push(`  status codes: ${statuses}`);
  if (stats.rateLimited) lines.push(`  rate limited (429): ${stats.rateLimited}`);
  if (stats.faults?.total) lines.push(`  injected faults: ${stats.faults.total}`);
  if (stats.fdekeyRequests) lines.push(`  FDE key requests: ${stats.fdekeyRequests} (must be 0)`);
  // Without simulated latency the simulator answers at once and requests seldom overlap, so
  // a low number here says nothing about the client's concurrency (README, "Reading the
  // demo's summary").
  lines.push(
    `  most requests in flight at once: ${stats.maxInFlightSeen} (the simulator's busiest ` +
      'moment; it answers without delay unless --latency-ms is set, so requests seldom overlap)',
  );
  return lines.join('\n');
}

export function formatRunReport(input: RunReportInput): string {
  const failed = input.summary.integrationStepResults.filter((step) =>
    FAILED_STEP_STATUSES.has(step.status),
  );
  const partial = input.summary.metadata?.partialDatasets?.types ?? [];
  const sections = [
    formatTypeCounts(input.counts),
    '',
    `Steps (${input.summary.integrationStepResults.length}, ${failed.length} failed)`,
    formatStepResults(input.summary.integrationStepResults),
  ];
  if (partial.length) sections.push(`  partial types: ${partial.join(', ')}`);
  sections.push('');
  if (input.stats) sections.push(formatSimulatorStats(input.stats), '');
  const timing = [`collection ${formatDuration(input.collectMs)}`];
  if (input.totalMs !== undefined) timing.push(`total ${formatDuration(input.totalMs)}`);
  sections.push(`Elapsed: ${timing.join(', ')}`);
  return sections.join('\n');
}
