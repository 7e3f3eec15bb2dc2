import type { IntegrationInstance } from '@jupiterone/integration-sdk-core';

/**
 * Whether the JupiterOne user left an ingestion source on for this instance. The runtime
 * skips a step whose own `ingestionSourceId` is off; a step that merges an optional body of
 * data into entities it writes itself (System Insights onto devices, say) asks here instead.
 */
export function isIngestionSourceEnabled(
  instance: Pick<IntegrationInstance, 'disabledSources'>,
  sourceId: string,
): boolean {
  return !(instance.disabledSources ?? []).some((source) => source.ingestionSourceId === sourceId);
}
