import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { OptionalFeature } from './optional-data';
import { runMemory } from './collected';

/*
 * System Insights is one feature read by several steps (hardware and posture in the devices
 * step, local accounts and SSH keys, installed software). An organization without it (404) or
 * a key that may not read it (403) gets ONE warning in the run: the first step to find out
 * warns and records it in the run's memory (./collected.ts); the later steps skip that
 * organization silently (a 403 still reports their types partial). A step run alone from the
 * CLI's step cache simply finds out again, and warns again: nothing is lost.
 */

export const SYSTEM_INSIGHTS_HOW_TO_GET_IT =
  'Give the administrator a role that can read System Insights, or turn System Insights on.';

/** The System Insights feature of one step, primed with what earlier steps of the run found. */
export function systemInsightsFeatureFor(
  logger: IntegrationLogger,
  run: object,
  description: { collects: string; partialTypes: string[] },
): OptionalFeature {
  const feature = new OptionalFeature(logger, {
    name: 'System Insights',
    collects: description.collects,
    howToGetIt: SYSTEM_INSIGHTS_HOW_TO_GET_IT,
    partialTypes: description.partialTypes,
  });
  for (const [orgId, found] of runMemory(run).systemInsightsUnavailable) {
    logger.debug({ orgId, reason: found.reason }, 'System Insights known to be unavailable');
    feature.knownUnavailable(orgId, found);
  }
  return feature;
}

/** Records, for the later steps of the run, where the step found System Insights unavailable. */
export function recordSystemInsightsUnavailable(run: object, feature: OptionalFeature): void {
  const known = runMemory(run).systemInsightsUnavailable;
  for (const [orgId, unavailable] of feature.unavailableOrganizations()) {
    if (!known.has(orgId)) known.set(orgId, unavailable);
  }
}
