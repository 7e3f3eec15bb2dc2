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
 *   depending on it are never reported partial because of it. Directory Insights is read as
 *   optional data (../shared/optional-data.ts): 404 and 402 mean the organization has none. It carries no ingestion source
 *   itself, because the runtime disables every dependent of a disabled step: it asks whether
 *   `directory-insights` is on instead, and reads nothing when it is off.
 * - `fetch-administrators` writes the administrators seen in admin_login_attempt events,
 *   merged with those the provider administrators API lists when the key is a provider's
 *   (docs/activity-data-model.md). It carries the `directory-insights` ingestion source, and
 *   fails (its types partial) when an organization's events could not be read for another
 *   reason than Directory Insights not being there (404, 402), or when the provider's list
 *   answered 403.
 */
import {
  IntegrationError,
  IntegrationProviderAuthenticationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { iterateAuthEvents } from '../../jumpcloud/insights';
import { getOrganizationRecord } from '../../jumpcloud/organization-settings';
import { JumpCloudProviderAdministrator } from '../../jumpcloud/types';
import { getCollectedOrganizations, runMemory } from '../shared/collected';
import { OptionalFeature } from '../shared/optional-data';
import { nonBlank } from '../shared/values';
import { writeStep } from '../shared/step-writer';
import { isIngestionSourceEnabled } from '../shared/ingestion';
import { createProgress } from '../shared/progress';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import {
  AdministratorSources,
  createAccountHasAdministratorRelationship,
  createAdministratorEntity,
} from './converter';
import type { ActivityFold } from './fold';
import type { FoldThread } from './fold-thread';
import { organizationEvents, startFoldThread } from './read-events';
import {
  activityOf,
  activityWindow,
  beginActivityRead,
  rememberActivity,
  RunActivity,
  usersWentOnWithoutActivity,
} from './window';

export async function fetchActivity({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  // Before anything else: the users step, started with this one, waits for it (./window.ts).
  const done = beginActivityRead(instance);
  try {
    await readActivity({ instance, jobState, logger });
  } finally {
    done();
  }
}

async function readActivity({
  instance,
  jobState,
  logger,
}: Pick<
  IntegrationStepExecutionContext<IntegrationConfig>,
  'instance' | 'jobState' | 'logger'
>): Promise<void> {
  if (!isIngestionSourceEnabled(instance, IngestionSources.DIRECTORY_INSIGHTS)) {
    logger.info('Directory Insights is turned off for this instance: no activity is read');
    return;
  }
  if (usersWentOnWithoutActivity(instance)) {
    // Never silently: the users were (or are being) written without it.
    logger.warn(
      'The users step started before the activity step and did not wait for it: users are ' +
        'collected without sign-in activity in this run',
    );
  }
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const window = activityWindow(config);
  const activity: RunActivity = { window, folds: new Map(), unread: new Map() };
  const progress = createProgress(logger, 'events');
  // No types of its own: a 403 warns here and fails the administrators step (below).
  const insights = new OptionalFeature(logger, {
    name: 'Directory Insights',
    collects: 'sign-in activity (of users, applications, devices and console administrators)',
    howToGetIt:
      'Its console administrators are reported partial. Grant the key read access to ' +
      'Directory Insights, or turn off the directory-insights ingestion source.',
    partialTypes: [],
  });
  const organizations = await getCollectedOrganizations({ jobState, instance });
  // A list longer than its first page is parsed and folded off the main thread, in the fold
  // worker (./fold-thread.ts, ./read-events.ts), started for the first such list.
  let thread: FoldThread | undefined;
  let starting: Promise<FoldThread | undefined> | undefined;
  const startThread = () =>
    (starting ??= startFoldThread(logger).then((started) => (thread = started)));
  try {
    for (const { orgId } of organizations) {
      await readOrganization(orgId);
      if (thread?.failed) {
        // Never silently: every organization not read is warned about, and the step fails.
        const reason = client.redact(thread.failed.message);
        for (const { orgId: other } of organizations)
          if (!activity.folds.has(other) && !activity.unread.has(other))
            activity.unread.set(other, { reason, absent: false });
        rememberActivity(instance, activity);
        throw new IntegrationError({
          code: 'ACTIVITY_FOLD_WORKER_FAILED',
          message:
            `Directory Insights events could not be folded (${reason}): users, applications and ` +
            'devices are collected without sign-in activity, and console administrators are ' +
            'reported partial',
        });
      }
    }
  } finally {
    // Started, or starting (the count asked for it): ended whatever happened.
    await (await starting)?.terminate();
  }
  progress.done({ organizations: activity.folds.size, unread: activity.unread.size });
  rememberActivity(instance, activity);

  async function readOrganization(orgId: string): Promise<void> {
    // A fold per organization: one that fails half-way is dropped whole, never used short.
    const events = organizationEvents(orgId, startThread, (kept) => progress.tick(kept));
    let fold: ActivityFold | undefined;
    try {
      let read: Awaited<ReturnType<typeof iterateAuthEvents>> | undefined;
      await insights.read(orgId, async () => {
        read = await iterateAuthEvents(client, orgId, window, events.reader);
        fold = await events.finish(true);
      });
      if (!read || !fold) {
        await events.finish(false).catch(() => undefined);
        const { reason } = insights.unavailable(orgId)!;
        activity.unread.set(orgId, { reason, absent: reason === 'absent' });
        return;
      }
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
          foldedIn: events.inWorker ? 'worker' : 'main thread',
          windowStart: window.start,
          windowEnd: window.end,
        },
        'Read sign-in activity from Directory Insights',
      );
    } catch (error) {
      await events.finish(false).catch(() => undefined);
      // Any other failure (a 5xx after retries, a list that does not page): not read whole.
      const reason = client.redact(error instanceof Error ? error.message : String(error));
      activity.unread.set(orgId, { reason, absent: false });
      logger.warn(
        { orgId },
        `Could not read Directory Insights of organization ${orgId} whole (${reason}): ` +
          'its users, applications and devices are collected without sign-in activity, and ' +
          'its console administrators are reported partial',
      );
    }
  }
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
  const client = getOrCreateClient(instance.config, logger);
  const organizations = await getCollectedOrganizations({ jobState, instance });
  const providers = await readProviderAdministrators(client, instance, organizations, logger);
  const failed: string[] = [];
  const placed = new Set<JumpCloudProviderAdministrator>();
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      const fold = activity.folds.get(orgId);
      if (!fold) {
        if (!activity.unread.get(orgId)?.absent) failed.push(orgId);
      }
      const merged = mergeAdministrators(fold, providers.of(orgId), placed);
      for (const [key, sources] of merged) {
        const entity = createAdministratorEntity(orgId, key, {
          ...sources,
          windowStartOn: fold ? activity.window.startMs : undefined,
        });
        await writer.addEntity(entity);
        await writer.addRelationship(
          createAccountHasAdministratorRelationship(accountKey, entity._key),
        );
        written += 1;
      }
    }
  });
  const unplaced = providers.all().filter((admin) => !placed.has(admin)).length;
  if (unplaced > 0) {
    logger.publishWarnEvent({
      name: IntegrationWarnEventName.MissingEntity,
      description:
        `${unplaced} provider administrator(s) may administer only some of the provider's ` +
        'organizations and did not sign in to any of them in the activity window: which ' +
        'organizations they administer is not read, so they were not collected',
    });
  }
  logger.info(
    { administrators: written, providerAdministrators: providers.all().length, unplaced },
    'Collected console administrators',
  );
  if (failed.length > 0) {
    throw new IntegrationError({
      code: 'DIRECTORY_INSIGHTS_UNREAD',
      message:
        `Directory Insights could not be read whole for organization(s) ${failed.join(', ')}: ` +
        'their console administrators are reported partial (JupiterOne keeps the earlier ones)',
    });
  }
  providers.feature.finish();
}

/**
 * One organization's administrators from both sources, by the key the events give them (their
 * id, or their email when the events name no id). A provider administrator joins the one seen
 * signing in with the same id or email; one not seen is an administrator of this organization
 * when the provider has only this organization collected, or when its
 * `organizationAccessTotal` covers every organization of the provider collected. Otherwise it
 * is left out here (`placed` tells whether another organization took it).
 */
function mergeAdministrators(
  fold: ActivityFold | undefined,
  provider: { admins: JumpCloudProviderAdministrator[]; organizations: number } | undefined,
  placed: Set<JumpCloudProviderAdministrator>,
): Map<string, AdministratorSources> {
  const merged = new Map<string, AdministratorSources>();
  const byEmail = new Map<string, string>();
  for (const [key, events] of fold?.administrators ?? []) {
    merged.set(key, { events });
    if (events.email) byEmail.set(events.email.toLowerCase(), key);
  }
  for (const admin of provider?.admins ?? []) {
    const id = nonBlank(admin.id) ?? nonBlank(admin._id);
    const email = nonBlank(admin.email)?.toLowerCase();
    const seen =
      (id !== undefined && merged.has(id) ? id : undefined) ??
      (email !== undefined ? byEmail.get(email) : undefined);
    const access =
      provider!.organizations === 1 ||
      (typeof admin.organizationAccessTotal === 'number' &&
        admin.organizationAccessTotal >= provider!.organizations);
    const key = seen ?? (access ? (id ?? email) : undefined);
    if (key === undefined) continue;
    merged.set(key, { ...merged.get(key), provider: admin });
    placed.add(admin);
  }
  return merged;
}

/**
 * The administrators of the provider each organization belongs to (v1 `organization.provider`,
 * remembered by the account step, else read again), listed once per provider. A key that is
 * not the provider's gets 401: that source is skipped with a debug line, since most keys are
 * not provider keys. A 403 is a warning, and the administrator types are reported partial.
 */
async function readProviderAdministrators(
  client: ReturnType<typeof getOrCreateClient>,
  run: object,
  organizations: Array<{ orgId: string }>,
  logger: IntegrationStepExecutionContext<IntegrationConfig>['logger'],
) {
  const remembered = runMemory(run).organizationRecords;
  const orgsByProvider = new Map<string, string[]>();
  const providerOf = new Map<string, string>();
  for (const { orgId } of organizations) {
    const { providerId } = remembered.get(orgId) ?? (await getOrganizationRecord(client, orgId));
    if (!providerId) continue;
    providerOf.set(orgId, providerId);
    orgsByProvider.set(providerId, [...(orgsByProvider.get(providerId) ?? []), orgId]);
  }
  const feature = new OptionalFeature(logger, {
    name: 'provider administrators',
    collects: 'console administrators from the provider administrators API (role, mfaEnabled)',
    howToGetIt: 'Use an API key of an administrator of the provider (MSP) to read them.',
    partialTypes: [Entities.ADMINISTRATOR._type, Relationships.ACCOUNT_HAS_ADMINISTRATOR._type],
  });
  const listed = new Map<string, JumpCloudProviderAdministrator[]>();
  for (const [providerId, orgIds] of orgsByProvider) {
    const admins: JumpCloudProviderAdministrator[] = [];
    let notProvider = false;
    const read = await feature.read(orgIds[0], async () => {
      try {
        await client.iterateProviderAdministrators(providerId, (admin) => {
          admins.push(admin);
        });
      } catch (error) {
        // 401 on the first page: the key is not an administrator key of this provider.
        if (!(error instanceof IntegrationProviderAuthenticationError) || admins.length > 0)
          throw error;
        notProvider = true;
      }
    });
    if (notProvider) {
      logger.debug(
        { providerId, organizations: orgIds.length },
        "The API key is not a key of the organization's provider (401): administrators come " +
          'from sign-in events only',
      );
      continue;
    }
    if (!read) {
      const found = feature.unavailable(orgIds[0]);
      if (found) for (const orgId of orgIds.slice(1)) feature.knownUnavailable(orgId, found);
      continue;
    }
    listed.set(providerId, admins);
  }
  return {
    feature,
    of(orgId: string) {
      const providerId = providerOf.get(orgId);
      const admins = providerId ? listed.get(providerId) : undefined;
      return admins && providerId
        ? { admins, organizations: orgsByProvider.get(providerId)!.length }
        : undefined;
    },
    all: () => [...listed.values()].flat(),
  };
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
