import {
  Entity,
  IntegrationLogger,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudAsset, JumpCloudClient } from '../../jumpcloud';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { OptionalFeature } from '../shared/optional-data';
import { CollectedIndex, collectedIndex, getCollectedOrganizations } from '../shared/collected';
import { createProgress } from '../shared/progress';
import { ListsAfterFirst } from '../shared/read-ahead';
import { StepWriter, writeStep } from '../shared/step-writer';
import {
  AssetLinks,
  createAccountHasAssetRelationship,
  createAssetAccessoryEntity,
  createAssetDeviceEntity,
  createDeviceIsAssetDeviceRelationship,
  createLocationContainsLocationRelationship,
  createLocationEntity,
  createLocationHasAssetRelationship,
  createUserOwnsAssetRelationship,
  readAssetLinks,
} from './converter';

/** Every type of the step: what JupiterOne must keep when assets could not be read. */
export const ASSET_TYPES = [
  Entities.ASSET_DEVICE._type,
  Entities.ASSET_ACCESSORY._type,
  Entities.LOCATION._type,
  Relationships.ACCOUNT_HAS_ASSET_DEVICE._type,
  Relationships.ACCOUNT_HAS_ASSET_ACCESSORY._type,
  Relationships.ACCOUNT_HAS_LOCATION._type,
  Relationships.DEVICE_IS_ASSET_DEVICE._type,
  Relationships.USER_OWNS_ASSET_DEVICE._type,
  Relationships.USER_OWNS_ASSET_ACCESSORY._type,
  Relationships.LOCATION_HAS_ASSET_DEVICE._type,
  Relationships.LOCATION_HAS_ASSET_ACCESSORY._type,
  Relationships.LOCATION_CONTAINS_LOCATION._type,
];

interface OrgAssetContext {
  client: JumpCloudClient;
  writer: StepWriter;
  logger: IntegrationLogger;
  baseUrl: string | undefined;
  orgId: string;
  accountKey: string;
  users: CollectedIndex;
  devices: CollectedIndex;
  /** Locations of this organization collected so far. */
  locationKeys: Set<string>;
  progress: ReturnType<typeof createProgress>;
}

/** The owner and location edges of a device asset or an accessory, when both ends exist. */
function ownerAndLocationEdges(
  context: OrgAssetContext,
  asset: JumpCloudAsset,
  { ownerUserId, locationId }: AssetLinks,
  entity: Entity,
): Relationship[] {
  const relationships: Relationship[] = [];
  const owner = ownerUserId ? context.users.byId(ownerUserId) : undefined;
  if (owner) relationships.push(createUserOwnsAssetRelationship(owner._key, entity));
  else if (ownerUserId) {
    context.logger.debug(
      { assetId: asset.id, userId: ownerUserId },
      'Owner of the asset was not collected; owner relationship skipped',
    );
  }
  if (locationId && context.locationKeys.has(locationId)) {
    relationships.push(createLocationHasAssetRelationship(locationId, entity));
  } else if (locationId) {
    context.logger.debug(
      { assetId: asset.id, locationId },
      'Location of the asset was not collected; location relationship skipped',
    );
  }
  return relationships;
}

function ownerEmail(context: OrgAssetContext, { ownerUserId }: AssetLinks): string | undefined {
  return ownerUserId ? context.users.byId(ownerUserId)?.email : undefined;
}

/** Locations first: device assets and accessories point at them. */
async function collectLocations(context: OrgAssetContext, later: ListsAfterFirst): Promise<void> {
  const { client, writer, logger, orgId } = context;
  const parents: Array<{ childKey: string; parentId: string }> = [];
  await client.iterateAssetLocations(orgId, async (asset) => {
    later.begin();
    // Undefined when listed twice (the first is kept) or skipped with a warning.
    const entity = await writer.addRecord({ what: 'location', id: asset.id, orgId }, () =>
      createLocationEntity(asset, context.baseUrl, orgId),
    );
    if (!entity) return;
    context.locationKeys.add(entity._key);
    await writer.addRelationship(createAccountHasAssetRelationship(context.accountKey, entity));
    const { locationId: parentId } = readAssetLinks(asset, 'location');
    if (parentId && parentId !== entity._key) parents.push({ childKey: entity._key, parentId });
    context.progress.tick();
  });
  // A parent may be listed after its children: edges once every location is known.
  const contains: Relationship[] = [];
  for (const { childKey, parentId } of parents) {
    if (context.locationKeys.has(parentId)) {
      contains.push(createLocationContainsLocationRelationship(parentId, childKey));
    } else {
      logger.debug({ locationId: childKey, parentId }, 'Parent location was not collected');
    }
  }
  await writer.addRelationships(contains);
}

/** A list of assets, read ahead by the caller (`ListsAfterFirst`): its taker. */
type TakeAssets = (onAsset: (asset: JumpCloudAsset) => Promise<void>) => Promise<void>;

async function collectDeviceAssets(
  context: OrgAssetContext,
  take: TakeAssets,
): Promise<{ matched: number }> {
  const { writer, logger, orgId } = context;
  let matched = 0;
  await take(async (asset) => {
    const links = readAssetLinks(asset, 'device');
    const entity = await writer.addRecord({ what: 'device asset', id: asset.id, orgId }, () =>
      createAssetDeviceEntity(asset, context.baseUrl, orgId, {
        ownerEmail: ownerEmail(context, links),
      }),
    );
    if (!entity) return;
    const relationships = [
      createAccountHasAssetRelationship(context.accountKey, entity),
      ...ownerAndLocationEdges(context, asset, links, entity),
    ];
    const systemId = typeof asset.jcSystemId === 'string' ? asset.jcSystemId : undefined;
    if (systemId && context.devices.has(systemId)) {
      relationships.push(createDeviceIsAssetDeviceRelationship(systemId, entity._key));
      matched += 1;
    } else if (systemId) {
      logger.debug(
        { assetId: asset.id, systemId },
        'System of the device asset was not collected; IS relationship skipped',
      );
    }
    await writer.addRelationships(relationships);
    context.progress.tick();
  });
  return { matched };
}

async function collectAccessories(context: OrgAssetContext, take: TakeAssets): Promise<void> {
  const { writer, orgId } = context;
  await take(async (asset) => {
    const links = readAssetLinks(asset, 'accessory');
    const entity = await writer.addRecord({ what: 'accessory', id: asset.id, orgId }, () =>
      createAssetAccessoryEntity(asset, context.baseUrl, orgId, {
        ownerEmail: ownerEmail(context, links),
      }),
    );
    if (!entity) return;
    await writer.addRelationships([
      createAccountHasAssetRelationship(context.accountKey, entity),
      ...ownerAndLocationEdges(context, asset, links, entity),
    ]);
    context.progress.tick();
  });
}

/**
 * Asset Management of every collected organization: locations (Sites, with their parent),
 * device assets (linked to the system they are, when JumpCloud manages it) and accessories,
 * with the user who owns each and the location it is at.
 *
 * An organization without Asset Management (404: feature off or not licensed) gives one
 * warning and nothing is partial: there is no data to keep. A key that may not read it (403)
 * gives a warning too, the other organizations are still collected, and the step then fails
 * so that the runtime reports every asset type as partial (as for Apple MDM: SDK 8.41.0 has
 * no other way) and JupiterOne keeps the data of earlier runs.
 */
export async function fetchAssets({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const users = await collectedIndex({ jobState, instance }, Entities.USER._type);
  const devices = await collectedIndex({ jobState, instance }, Entities.DEVICE._type);
  const progress = createProgress(logger, 'assets');
  const assetManagement = new OptionalFeature(logger, {
    name: 'Asset Management',
    collects: 'device assets, accessories and locations',
    howToGetIt: 'Give the administrator a role that can read assets (for example Read Only).',
    partialTypes: ASSET_TYPES,
  });
  let matched = 0;
  const organizations = await getCollectedOrganizations({ jobState, instance });
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      const context: OrgAssetContext = {
        client,
        writer,
        logger,
        baseUrl: config.baseUrl,
        orgId,
        accountKey,
        users,
        devices,
        locationKeys: new Set(),
        progress,
      };
      await assetManagement.read(orgId, async () => {
        // Taken in this order (an asset's location is known before it), read once the
        // locations answered.
        const later = new ListsAfterFirst();
        const deviceAssets = later.readAfter<JumpCloudAsset>((onAsset) =>
          client.iterateAssetDevices(orgId, onAsset),
        );
        const accessories = later.readAfter<JumpCloudAsset>((onAsset) =>
          client.iterateAssetAccessories(orgId, onAsset),
        );
        await collectLocations(context, later);
        matched += (await collectDeviceAssets(context, deviceAssets)).matched;
        await collectAccessories(context, accessories);
      });
    }
    progress.done({ matchedSystems: matched, skipped: writer.skippedCount });
    assetManagement.finish();
  });
}

export const assetSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ASSETS.id,
    name: Steps.ASSETS.name,
    entities: [Entities.ASSET_DEVICE, Entities.ASSET_ACCESSORY, Entities.LOCATION],
    relationships: [
      Relationships.ACCOUNT_HAS_ASSET_DEVICE,
      Relationships.ACCOUNT_HAS_ASSET_ACCESSORY,
      Relationships.ACCOUNT_HAS_LOCATION,
      Relationships.DEVICE_IS_ASSET_DEVICE,
      Relationships.USER_OWNS_ASSET_DEVICE,
      Relationships.USER_OWNS_ASSET_ACCESSORY,
      Relationships.LOCATION_HAS_ASSET_DEVICE,
      Relationships.LOCATION_HAS_ASSET_ACCESSORY,
      Relationships.LOCATION_CONTAINS_LOCATION,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.USERS.id, Steps.DEVICES.id],
    ingestionSourceId: IngestionSources.ASSET_MANAGEMENT,
    executionHandler: fetchAssets,
  },
];
