/**
 * Who really uses what (issue 25): sign-in activity from Directory Insights, and the console
 * administrators seen signing in.
 *
 * - `fetch-activity` reads every authentication event of the window, organization by
 *   organization, folds it as it arrives (./fold.ts) and remembers the folds for the run
 *   (./window.ts). It writes nothing: the users, applications and devices steps, which run
 *   after it, add the activity to the users and ASSIGNED edges they write (JupiterOne cannot
 *   change them afterwards). It never fails for Directory Insights: an organization whose
 *   events cannot be read whole (off, not licensed, forbidden, a list that does not page) is
 *   warned about and left "not read" (no activity properties, no window start), so the steps
 *   depending on it are never reported partial because of it. It carries no ingestion source
 *   itself, because the runtime disables every dependent of a disabled step: it asks whether
 *   `directory-insights` is on instead, and reads nothing when it is off.
 * - `fetch-administrators` writes the administrators seen in admin_login_attempt events. It
 *   carries the `directory-insights` ingestion source, and fails (its types partial) when an
 *   organization's events could not be read for another reason than Directory Insights not
 *   being there (404, 402).
 */
import {
  IntegrationError,
  IntegrationProviderAPIError,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { iterateAuthEvents } from '../../jumpcloud/insights';
import { getCollectedOrganizations } from '../shared/collected';
import { GraphWriter } from '../shared/graph-writer';
import { isIngestionSourceEnabled } from '../shared/ingestion';
import { createProgress } from '../shared/progress';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { createAccountHasAdministratorRelationship, createAdministratorEntity } from './converter';
import { ActivityFold } from './fold';
import { activityOf, activityWindow, rememberActivity, RunActivity } from './window';

/** Statuses that mean the organization has no Directory Insights to read: nothing to keep. */
const NOT_THERE = new Set<number | string>([404, 402]);

function statusOf(error: unknown): number | string | undefined {
  return error instanceof IntegrationProviderAPIError ? error.status : undefined;
}

export async function fetchActivity({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  if (!isIngestionSourceEnabled(instance, IngestionSources.DIRECTORY_INSIGHTS)) {
    logger.info('Directory Insights is turned off for this instance: no activity is read');
    return;
  }
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const window = activityWindow(config);
  const activity: RunActivity = { window, folds: new Map(), unread: new Map() };
  const progress = createProgress(logger, 'events');
  for (const { orgId } of await getCollectedOrganizations(jobState)) {
    // A fold per organization: one that fails half-way is dropped whole, never used short.
    const fold = new ActivityFold();
    try {
      const read = await iterateAuthEvents(client, orgId, window, (event) => {
        fold.add(orgId, event);
        progress.tick();
      });
      activity.folds.set(orgId, fold);
      logger.info(
        {
          orgId,
          events: read.count,
          pages: read.pages,
          users: fold.users.size + fold.usernames.size,
          applicationPairs: fold.applications.size,
          devicePairs: fold.devices.size,
          administrators: fold.administrators.size,
          unattributed: fold.unattributed,
          windowStart: window.start,
          windowEnd: window.end,
        },
        'Read sign-in activity from Directory Insights',
      );
    } catch (error) {
      const status = statusOf(error);
      const reason = client.redact(error instanceof Error ? error.message : String(error));
      activity.unread.set(orgId, { reason, status });
      logger.warn(
        { orgId, status },
        NOT_THERE.has(status ?? '')
          ? `Directory Insights is not available to organization ${orgId} (${String(status)}): ` +
              'users, applications and devices are collected without sign-in activity'
          : `Could not read Directory Insights of organization ${orgId} whole (${reason}): ` +
              'its users, applications and devices are collected without sign-in activity, and ' +
              'its console administrators are reported partial',
      );
    }
  }
  progress.done({ organizations: activity.folds.size, unread: activity.unread.size });
  rememberActivity(instance, activity);
}

export async function fetchAdministrators({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  let written = 0;
  const activity = activityOf(instance);
  if (!activity) {
    throw new IntegrationError({
      code: 'ACTIVITY_NOT_READ',
      message:
        'The activity step did not run in this process, so no administrator can be derived ' +
        'from sign-in events; run the whole integration',
    });
  }
  const writer = new GraphWriter(jobState);
  const failed: string[] = [];
  for (const { orgId, accountKey } of await getCollectedOrganizations(jobState)) {
    const fold = activity.folds.get(orgId);
    if (!fold) {
      const unread = activity.unread.get(orgId);
      if (!unread || !NOT_THERE.has(unread.status ?? '')) failed.push(orgId);
      continue;
    }
    for (const admin of fold.administrators.values()) {
      const entity = createAdministratorEntity(orgId, admin, activity.window.startMs);
      await writer.addEntity(entity);
      await writer.addRelationship(
        createAccountHasAdministratorRelationship(accountKey, entity._key),
      );
      written += 1;
    }
  }
  await writer.flush();
  logger.info({ administrators: written }, 'Collected console administrators seen signing in');
  if (failed.length > 0) {
    throw new IntegrationError({
      code: 'DIRECTORY_INSIGHTS_UNREAD',
      message:
        `Directory Insights could not be read whole for organization(s) ${failed.join(', ')}: ` +
        'their console administrators are reported partial (JupiterOne keeps the earlier ones)',
    });
  }
}

export const activitySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACTIVITY.id,
    name: Steps.ACTIVITY.name,
    entities: [],
    relationships: [],
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: fetchActivity,
  },
  {
    id: Steps.ADMINISTRATORS.id,
    name: Steps.ADMINISTRATORS.name,
    entities: [Entities.ADMINISTRATOR],
    relationships: [Relationships.ACCOUNT_HAS_ADMINISTRATOR],
    dependsOn: [Steps.ACCOUNT.id, Steps.ACTIVITY.id],
    ingestionSourceId: IngestionSources.DIRECTORY_INSIGHTS,
    executionHandler: fetchAdministrators,
  },
];
