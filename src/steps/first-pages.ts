import type {
  IntegrationInstance,
  IntegrationLogger,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';

import type { IntegrationConfig } from '../instance-config';
import { getOrCreateClient } from '../jumpcloud';
import type { JumpCloudClient } from '../jumpcloud/client';
import { IngestionSources, Steps } from './constants';
import { stepWillRun } from './shared/collected';
import { isIngestionSourceEnabled } from './shared/ingestion';

const none = () => undefined;

interface FirstList {
  stepId: string;
  /** The step's own call (the same path and query), on the client's ahead view. */
  read: (client: JumpCloudClient, orgId: string) => unknown;
  /** A source the step reads the list under, though the step runs without it. */
  source?: string;
  /**
   * The lists the step reads once the first answered (`ListsAfterFirst`, or read in turn):
   * read ahead once its page came, whole only (`ahead`, the client's ahead view); not when
   * the page did not come (a 404: the organization lacks the feature, and is asked nothing
   * more, as by the step).
   */
  after?: (ahead: JumpCloudClient, orgId: string) => void;
  /**
   * Read ahead only when the organization has at most SMALL_FLEET systems (the systems'
   * first page tells): a System Insights page holds up to 10,000 rows, about a hundred per
   * system, and a larger fleet's first page would not hold its whole table (a request of
   * megabytes for nothing, parsed wherever a slot came free, at L beside its peak).
   */
  smallFleetOnly?: boolean;
  /** Its page's total is the number of systems (`smallFleetOnly`). */
  tellsFleet?: boolean;
}

/** The most systems an organization may have for its System Insights pages to be read ahead. */
export const SMALL_FLEET = 100;

/**
 * The list each step reads first for an organization, whatever the organization holds, in
 * about the order the steps start; a list a step reads only after another answered (the
 * policy groups after the policies, the authentication policies after the IP lists: an
 * organization without the feature answers the first with a 404 and is asked nothing more)
 * is in that entry's `after`. Not here: the System Insights tables the devices step reads (a
 * few of them, read while the activity is: no wait to fill), Directory Insights (its own
 * reader), the lists read once per object (a command's systems, a policy's results).
 */
const FIRST_LISTS: FirstList[] = [
  { stepId: Steps.GROUPS.id, read: (client, orgId) => client.iterateUserGroups(orgId, none) },
  { stepId: Steps.USERS.id, read: (client, orgId) => client.iterateUsers(orgId, none) },
  {
    stepId: Steps.APPLICATIONS.id,
    read: (client, orgId) => client.iterateApplications(orgId, none),
  },
  {
    stepId: Steps.READ_SYSTEMS.id,
    read: (client, orgId) => client.iterateSystems(orgId, none),
    tellsFleet: true,
  },
  {
    stepId: Steps.READ_APPLE_MDM.id,
    read: (client, orgId) => client.iterateAppleMdms(orgId, none),
    source: IngestionSources.APPLE_MDM,
  },
  {
    stepId: Steps.DEVICE_GROUPS.id,
    read: (client, orgId) => client.iterateSystemGroups(orgId, none),
  },
  {
    stepId: Steps.DIRECTORIES.id,
    read: (client, orgId) => client.iterateDirectories(orgId, none),
  },
  {
    stepId: Steps.RADIUS_SERVERS.id,
    read: (client, orgId) => client.iterateRadiusServers(orgId, none),
  },
  {
    stepId: Steps.AUTH_POLICIES.id,
    read: (client, orgId) => client.iterateIpLists(orgId, none),
    after: (client, orgId) => void client.iterateAuthnPolicies(orgId, none),
  },
  {
    stepId: Steps.ASSETS.id,
    read: (client, orgId) => client.iterateAssetLocations(orgId, none),
    after: (client, orgId) => {
      void client.iterateAssetDevices(orgId, none);
      void client.iterateAssetAccessories(orgId, none);
    },
  },
  { stepId: Steps.COMMANDS.id, read: (client, orgId) => client.iterateCommands(orgId, none) },
  {
    stepId: Steps.POLICIES.id,
    read: (client, orgId) => client.iteratePolicies(orgId, none),
    after: (client, orgId) => void client.iteratePolicyGroups(orgId, none),
  },
  // System Insights, last: pages of up to 10,000 rows, handed over only whole.
  {
    stepId: Steps.LOCAL_ACCOUNTS.id,
    smallFleetOnly: true,
    read: (client, orgId) => client.iterateAuthorizedKeys(orgId, none),
    after: (client, orgId) => {
      void client.iterateSystemInsightsUserGroups(orgId, none);
      void client.iterateSystemInsightsUsers(orgId, none);
    },
  },
  {
    stepId: Steps.INSTALLED_SOFTWARE.id,
    smallFleetOnly: true,
    read: (client, orgId) => client.iterateApps(orgId, none),
    after: (client, orgId) => {
      void client.iteratePrograms(orgId, none);
      void client.iterateLinuxPackages(orgId, none);
    },
  },
];

/**
 * Called once `validateInvocation` knows the organizations (src/index.ts): the first page of
 * each list in FIRST_LISTS, for the first organization collected, of each step that will run,
 * is read ahead into slots no request wants (src/jumpcloud/first-pages-ahead.ts): while the
 * account step waits for the organization's record and builds the account, and wherever the
 * steps running leave slots empty.
 *
 * A step on the account step alone starts as soon as the account is written, a few hundred
 * milliseconds later: its page is handed over whatever the list's length (its next pages then
 * follow as they would have). A later step's is handed over only when it holds the whole list
 * (`whole`), so that its next pages are never read minutes after its first; so are the lists
 * it reads after its first (`after`), which go once that page came. A step not run in this
 * process (`collect --step`) leaves its pages unread: a request each.
 */
export function readFirstPagesAhead(
  steps: IntegrationStep<IntegrationConfig>[],
  instance: Pick<IntegrationInstance<IntegrationConfig>, 'config' | 'disabledSources'>,
  orgId: string | undefined,
  logger?: IntegrationLogger,
): void {
  if (orgId === undefined) return;
  const client = getOrCreateClient(instance.config, logger);
  const whole = client.firstPagesAhead({ whole: true });
  // Read once the systems' page came, when it tells SMALL_FLEET systems or fewer.
  const smallFleet: Array<() => void> = [];
  for (const entry of FIRST_LISTS) {
    const { stepId, read, source, after } = entry;
    if (!stepWillRun(steps, instance, stepId)) continue;
    if (source !== undefined && !isIngestionSourceEnabled(instance, source)) continue;
    const dependsOn = steps.find((step) => step.id === stepId)?.dependsOn ?? [];
    const onAccountAlone = dependsOn.length === 1 && dependsOn[0] === Steps.ACCOUNT.id;
    const ahead = client.firstPagesAhead({
      whole: !onAccountAlone,
      then: (total) => {
        after?.(whole, orgId);
        if (entry.tellsFleet && total !== undefined && total <= SMALL_FLEET) {
          for (const go of smallFleet.splice(0)) go();
        }
      },
    });
    if (entry.smallFleetOnly) smallFleet.push(() => read(ahead, orgId));
    else read(ahead, orgId);
  }
}
