import { IntegrationLogger, JobState } from '@jupiterone/integration-sdk-core';

import { OptionalFeature, OptionalFeatureUnavailable } from './optional-data';

/**
 * System Insights is one feature read by several steps (hardware and posture in the devices
 * step, local accounts and SSH keys, installed software). An organization without it (404) or
 * a key that may not read it (403) gets ONE warning in the run: the first step to find out
 * warns and records it here; the later steps skip that organization silently (a 403 still
 * reports their types partial).
 *
 * `setData` is not restored by the CLI's step cache (`collect --step`): then a later step
 * simply finds out again, and warns again. Nothing is lost.
 */
const UNAVAILABLE_KEY = 'system-insights-unavailable';

type UnavailableByOrg = Record<string, OptionalFeatureUnavailable>;

export const SYSTEM_INSIGHTS_HOW_TO_GET_IT =
  'Give the administrator a role that can read System Insights, or turn System Insights on.';

/** The System Insights feature of one step, primed with what earlier steps found. */
export async function systemInsightsFeatureFor(
  logger: IntegrationLogger,
  jobState: JobState,
  description: { collects: string; partialTypes: string[] },
): Promise<OptionalFeature> {
  const feature = new OptionalFeature(logger, {
    name: 'System Insights',
    collects: description.collects,
    howToGetIt: SYSTEM_INSIGHTS_HOW_TO_GET_IT,
    partialTypes: description.partialTypes,
  });
  const known = (await jobState.getData<UnavailableByOrg>(UNAVAILABLE_KEY)) ?? {};
  for (const [orgId, found] of Object.entries(known)) {
    logger.debug({ orgId, reason: found.reason }, 'System Insights known to be unavailable');
    feature.knownUnavailable(orgId, found);
  }
  return feature;
}

/** Records the organizations where the step found System Insights unavailable. */
export async function recordSystemInsightsUnavailable(
  jobState: JobState,
  feature: OptionalFeature,
): Promise<void> {
  const found = feature.unavailableOrganizations();
  if (found.length === 0) return;
  const known = (await jobState.getData<UnavailableByOrg>(UNAVAILABLE_KEY)) ?? {};
  for (const [orgId, unavailable] of found) known[orgId] ??= unavailable;
  await jobState.setData(UNAVAILABLE_KEY, known);
}
