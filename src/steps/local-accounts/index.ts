import {
  IntegrationLogger,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudClient } from '../../jumpcloud';
import { OptionalFeature } from '../shared/optional-data';
import { SystemInsightsUser, SystemInsightsUserGroup } from '../../jumpcloud/types';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import {
  Collected,
  CollectedIndex,
  collectedIndex,
  getCollectedOrganizations,
  loadSystemBindings,
  SystemBindings,
} from '../shared/collected';
import { StepWriter, writeStep } from '../shared/step-writer';
import { createProgress } from '../shared/progress';
import { ListsAfterFirst } from '../shared/read-ahead';
import {
  recordSystemInsightsUnavailable,
  systemInsightsFeatureFor,
} from '../shared/system-insights';
import { nonBlank } from '../shared/values';
import {
  ADMIN_GROUP_IDS,
  AuthorizedKey,
  createLocalAccountEntity,
  createLocalAccountHasSshKeyRelationship,
  createLocalAccountUsesDeviceRelationship,
  createSshKeyEntity,
  createUserIsLocalAccountRelationship,
  isLocalAdmin,
  isLoginAccount,
  localAccountKey,
  parseUid,
  Platform,
  readAuthorizedKey,
  sshKeyKey,
} from './converter';

/** Every type of the step: what JupiterOne keeps when System Insights could not be read. */
export const LOCAL_ACCOUNT_TYPES = [
  Entities.LOCAL_ACCOUNT._type,
  Entities.SSH_KEY._type,
  Relationships.LOCAL_ACCOUNT_USES_DEVICE._type,
  Relationships.USER_IS_LOCAL_ACCOUNT._type,
  Relationships.LOCAL_ACCOUNT_HAS_SSH_KEY._type,
];

function platformOf(device: Collected | undefined): Platform {
  const platform = nonBlank(device?.platform);
  return platform === 'darwin' || platform === 'windows' || platform === 'linux'
    ? platform
    : 'other';
}

/**
 * An `authorized_keys` row as the account's edges need it, read when listed: the rows are held
 * until the users table is read (40,000 at size L), and a row's `key` is its whole public key.
 */
interface KeyOnAccount {
  /** Undefined when the row has no readable key. */
  found: AuthorizedKey | undefined;
  keyFile: string | undefined;
}

interface OrgContext {
  client: JumpCloudClient;
  /** Adds the graph objects, in batches. */
  writer: StepWriter;
  logger: IntegrationLogger;
  orgId: string;
  baseUrl: string | undefined;
  /** The collected devices, by `_key` (their system id). */
  devices: CollectedIndex;
  /** System `_key` to its bound users' `_key`s (from the devices step). */
  bindings: SystemBindings;
  /** The collected users: their local account names (`localAccountName`), by `_key`. */
  users: CollectedIndex;
  progress: ReturnType<typeof createProgress>;
  counts: { accounts: number; skipped: number; managed: number; keys: number };
}

/** `system:uid`: one account. */
function accountId(systemId: unknown, uid: number): string {
  return `${String(systemId)}:${uid}`;
}

/**
 * One organization: authorized keys and admin-group memberships first (small tables, kept
 * by account), then the users table, streamed: each login account becomes an entity with its
 * USES edge, its IS edge when JumpCloud manages it, and its keys.
 */
async function collectOrganization(context: OrgContext): Promise<void> {
  const { client, writer, logger, orgId, devices } = context;
  // Taken in this order (every account's keys and groups are known before it is written),
  // read once the keys answered.
  const later = new ListsAfterFirst();
  const userGroups = later.readAfter<SystemInsightsUserGroup>((onRow) =>
    client.iterateSystemInsightsUserGroups(orgId, onRow),
  );
  const users = later.readAfter<SystemInsightsUser>((onRow) =>
    client.iterateSystemInsightsUsers(orgId, onRow),
  );

  const keysByAccount = new Map<string, KeyOnAccount[]>();
  await client.iterateAuthorizedKeys(orgId, (row) => {
    later.begin();
    const uid = parseUid(row.uid);
    if (uid === undefined || !devices.has(String(row.system_id))) return;
    const id = accountId(row.system_id, uid);
    const key = { found: readAuthorizedKey(row), keyFile: nonBlank(row.key_file) };
    const list = keysByAccount.get(id);
    if (list) list.push(key);
    else keysByAccount.set(id, [key]);
  });

  const inAdminGroup = new Set<string>();
  const reportsGroups = new Set<string>();
  await userGroups((row) => {
    const uid = parseUid(row.uid);
    const systemId = nonBlank(row.system_id);
    if (uid === undefined || !systemId) return;
    reportsGroups.add(systemId);
    const gid = nonBlank(row.gid);
    if (gid && ADMIN_GROUP_IDS[platformOf(devices.get(systemId))].includes(gid)) {
      inAdminGroup.add(accountId(systemId, uid));
    }
  });

  // Bound users of each system by local name, built lazily per system.
  const managedBy = new Map<string, Map<string, string>>();
  const boundUserByName = (systemId: string): Map<string, string> => {
    let byName = managedBy.get(systemId);
    if (!byName) {
      byName = new Map();
      for (const userKey of context.bindings.get(systemId) ?? []) {
        const name = context.users.get(userKey)?.localAccountName;
        if (name) byName.set(name.toLowerCase(), userKey);
      }
      managedBy.set(systemId, byName);
    }
    return byName;
  };

  // Keys once every account is known, so each carries on how many devices it is authorized.
  const keysFound = new Map<
    string,
    { key: AuthorizedKey; systems: Set<string>; edges: Relationship[] }
  >();

  await users(async (row) => {
    const systemId = nonBlank(row.system_id);
    const device = systemId ? devices.get(systemId) : undefined;
    const uid = parseUid(row.uid);
    if (!systemId || !device || uid === undefined) {
      context.counts.skipped += 1;
      return;
    }
    const id = accountId(systemId, uid);
    const keys = keysByAccount.get(id) ?? [];
    const platform = platformOf(device);
    if (!isLoginAccount(row, platform, keys.length > 0)) {
      context.counts.skipped += 1;
      return;
    }
    const key = localAccountKey(systemId, uid);
    if (writer.has(key)) {
      logger.debug({ systemId, uid }, 'Local account listed twice; keeping the first');
      return;
    }
    const admin = isLocalAdmin(row, reportsGroups.has(systemId) ? inAdminGroup.has(id) : undefined);
    const account = createLocalAccountEntity(row, uid, {
      orgId,
      systemId,
      deviceName: nonBlank(device.displayName),
      baseUrl: context.baseUrl,
      admin,
    });
    await writer.addEntity(account);
    const relationships: Relationship[] = [
      createLocalAccountUsesDeviceRelationship(account._key, systemId, admin),
    ];

    const username = nonBlank(row.username);
    const userKey = username ? boundUserByName(systemId).get(username.toLowerCase()) : undefined;
    if (userKey) {
      relationships.push(createUserIsLocalAccountRelationship(userKey, account._key));
      context.counts.managed += 1;
    }

    for (const { found, keyFile } of keys) {
      if (!found) {
        logger.debug({ systemId, uid }, 'Authorized key without a readable key; skipped');
        continue;
      }
      let onKey = keysFound.get(found.fingerprint);
      if (!onKey) {
        onKey = { key: found, systems: new Set(), edges: [] };
        keysFound.set(found.fingerprint, onKey);
      }
      onKey.systems.add(systemId);
      onKey.edges.push(
        createLocalAccountHasSshKeyRelationship(
          account._key,
          sshKeyKey(orgId, found.fingerprint),
          keyFile,
        ),
      );
    }
    for (const relationship of relationships) await writer.addRelationship(relationship);
    context.counts.accounts += 1;
    context.progress.tick();
  });

  for (const { key, systems, edges } of keysFound.values()) {
    const entity = createSshKeyEntity(key, orgId, systems.size);
    if (await writer.addEntity(entity)) context.counts.keys += 1;
    for (const edge of edges) await writer.addRelationship(edge);
  }
}

/**
 * Local accounts of every system that reports them (System Insights `users`), with admin
 * rights, last login and the SSH keys authorized for them, and the JumpCloud user each one
 * belongs to when JumpCloud manages it (a user bound to that system whose local account name
 * is the account's username). System and service accounts are skipped (see
 * `isLoginAccount`).
 *
 * Three bulk tables per organization (`authorized_keys`, `user_groups`, `users`), in pages of
 * 10,000 rows. Who is bound to which system comes from the devices step, not from JumpCloud
 * again. An organization without System Insights warns once (in the run); a key that may not
 * read it makes the step fail at the end, so its types are reported partial.
 */
export async function fetchLocalAccounts({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const systemInsights: OptionalFeature = systemInsightsFeatureFor(logger, instance, {
    collects: 'local accounts and authorized SSH keys of its systems',
    partialTypes: LOCAL_ACCOUNT_TYPES,
  });
  const [devices, bindings, users] = await Promise.all([
    collectedIndex({ jobState, instance }, Entities.DEVICE._type),
    loadSystemBindings({ jobState, instance }),
    collectedIndex({ jobState, instance }, Entities.USER._type),
  ]);
  const progress = createProgress(logger, 'local accounts');
  const counts = { accounts: 0, skipped: 0, managed: 0, keys: 0 };
  const organizations = await getCollectedOrganizations({ jobState, instance });
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId } of organizations) {
      await systemInsights.read(orgId, () =>
        collectOrganization({
          client,
          writer,
          logger,
          orgId,
          baseUrl: instance.config.baseUrl,
          devices,
          bindings,
          users,
          progress,
          counts,
        }).finally(() => writer.flush()),
      );
    }
    progress.done(counts);
    recordSystemInsightsUnavailable(instance, systemInsights);
    systemInsights.finish();
  });
}

export const localAccountSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.LOCAL_ACCOUNTS.id,
    name: Steps.LOCAL_ACCOUNTS.name,
    entities: [Entities.LOCAL_ACCOUNT, Entities.SSH_KEY],
    relationships: [
      Relationships.LOCAL_ACCOUNT_USES_DEVICE,
      Relationships.USER_IS_LOCAL_ACCOUNT,
      Relationships.LOCAL_ACCOUNT_HAS_SSH_KEY,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.USERS.id, Steps.DEVICES.id],
    ingestionSourceId: IngestionSources.ENDPOINT_POSTURE,
    executionHandler: fetchLocalAccounts,
  },
];
