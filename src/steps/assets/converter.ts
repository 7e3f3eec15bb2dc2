/**
 * Asset Management records as graph entities and relationships. Reading an asset's fields
 * (labels, values, secrets) is in fields.ts; this file turns what was read into entities.
 */
import {
  Entity,
  Relationship,
  StepEntityMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { JumpCloudAsset } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { relate } from '../shared/relate';
import { isEmailAddress, nonBlank } from '../shared/values';
import {
  AssetKind,
  assetDeviceCategory,
  deviceLifecycleStatus,
  isPersonallyOwned,
  isPrice,
  parseAssetDate,
  readAssetFields,
  readNumber,
  readReference,
  readText,
  sanitizeAsset,
} from './fields';

export type { AssetKind } from './fields';

// ---- entities ------------------------------------------------------------------------------

const WEB_PATHS: Record<AssetKind, string> = {
  device: 'assets/devices',
  accessory: 'assets/accessories',
  location: 'assets/locations',
};

/** What the step knows beyond the asset: the owner's email, from the collected users. */
export interface AssetPeople {
  ownerEmail?: string;
}

/** Id, name and type of a reference field; a plain text value gives just a name. */
function referenceProperties(
  defaultType: string,
  value: unknown,
): { id?: string; name?: string; type?: string } {
  const reference = readReference(value);
  if (!reference) return { name: readText(value) };
  return {
    id: reference.id,
    name: nonBlank(reference.name),
    type: nonBlank(reference.type) ?? defaultType,
  };
}

/** A device asset or an accessory: a Device entity of its own. */
function createHardwareAssetEntity(
  asset: JumpCloudAsset,
  kind: 'device' | 'accessory',
  metadata: StepEntityMetadata,
  baseUrl: string | undefined,
  orgId: string,
  people: AssetPeople,
): Entity {
  const { known, custom } = readAssetFields(asset, kind);
  const systemId = kind === 'device' ? nonBlank(asset.jcSystemId) : undefined;
  const make = readText(known.make);
  const model = readText(known.model);
  const serial = readText(known.serial);
  const type = readText(known.type);
  const statusName = readText(known.status);
  const statusReference = readReference(known.status);
  const owner = referenceProperties('user', known.owner);
  const location = referenceProperties('location', known.location);
  const price = isPrice(known.purchaseCost) ? known.purchaseCost : undefined;
  const ownership = readText(known.ownershipType);
  const ownerEmail = isEmailAddress(people.ownerEmail) ? people.ownerEmail : undefined;
  const name = readText(known.name) || [model, serial].filter(Boolean).join(' ') || asset.id;

  return createEntity({
    entityData: {
      source: sanitizeAsset(asset),
      assign: {
        _key: asset.id,
        _type: metadata._type,
        _class: metadata._class,
        id: asset.id,
        orgId,
        name,
        displayName: name,
        webLink: consoleLink(baseUrl, [...WEB_PATHS[kind].split('/'), asset.id]),

        category: kind === 'device' ? assetDeviceCategory(type) : 'accessory',
        assetType: type,
        make: make ?? null,
        model: model ?? null,
        serial: serial ?? null,
        deviceId: systemId ?? null,
        hardwareVendor: make,
        hardwareModel: model,
        hardwareSerial: serial,
        assetTag: readText(known.assetTag),
        ...(kind === 'device' ? { systemId, managed: systemId !== undefined } : {}),

        status: deviceLifecycleStatus(statusName),
        assetStatus: statusName,
        assetStatusId: statusReference?.id,

        ownerId: owner.id,
        ownerName: owner.name,
        ownerType: owner.id ? owner.type : undefined,
        owner: ownerEmail,
        locationId: location.id,
        location: location.name,

        purchasedOn: parseAssetDate(known.purchaseDate),
        cost: price?.amount,
        costCurrency: price ? nonBlank(price.currency) : undefined,
        warrantyExpiresOn: parseAssetDate(known.warrantyExpiry),
        warrantyPeriod: readNumber(known.warrantyPeriod),
        deployedOn: parseAssetDate(known.deployed),
        ownershipType: ownership,
        BYOD: ownership !== undefined ? isPersonallyOwned(ownership) : undefined,
        ...custom,
      },
    },
  });
}

export function createAssetDeviceEntity(
  asset: JumpCloudAsset,
  baseUrl: string | undefined,
  orgId: string,
  people: AssetPeople = {},
): Entity {
  return createHardwareAssetEntity(asset, 'device', Entities.ASSET_DEVICE, baseUrl, orgId, people);
}

export function createAssetAccessoryEntity(
  asset: JumpCloudAsset,
  baseUrl: string | undefined,
  orgId: string,
  people: AssetPeople = {},
): Entity {
  return createHardwareAssetEntity(
    asset,
    'accessory',
    Entities.ASSET_ACCESSORY,
    baseUrl,
    orgId,
    people,
  );
}

/** A location: a Site. Its street address, postal code and phone stay out of properties. */
export function createLocationEntity(
  asset: JumpCloudAsset,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const { known, custom } = readAssetFields(asset, 'location');
  const name = readText(known.name) ?? asset.id;
  const parent = referenceProperties('location', known.parent);
  const manager = referenceProperties('user', known.manager);
  const city = readText(known.city);
  const state = readText(known.state);
  const country = readText(known.country);
  const place = [city, state, country].filter(Boolean).join(', ');
  return createEntity({
    entityData: {
      source: sanitizeAsset(asset),
      assign: {
        _key: asset.id,
        _type: Entities.LOCATION._type,
        _class: Entities.LOCATION._class,
        id: asset.id,
        orgId,
        name,
        displayName: name,
        webLink: consoleLink(baseUrl, [...WEB_PATHS.location.split('/'), asset.id]),
        city,
        state,
        country,
        location: place || undefined,
        parentId: parent.id,
        parentName: parent.name,
        managerId: manager.id,
        managerName: manager.name,
        ...custom,
      },
    },
  });
}

// ---- references the step turns into relationships ------------------------------------------

/** What an asset points at that the step turns into relationships. */
export interface AssetLinks {
  /** The user its Owner field names (owners of other kinds get no edge). */
  ownerUserId?: string;
  /** The location its Location field names; for a location, its Parent. */
  locationId?: string;
}

function referencedId(value: unknown, type: string): string | undefined {
  const reference = readReference(value);
  if (!reference) return undefined;
  return reference.type === undefined || reference.type === type ? reference.id : undefined;
}

export function readAssetLinks(asset: JumpCloudAsset, kind: AssetKind): AssetLinks {
  const { known } = readAssetFields(asset, kind);
  if (kind === 'location') return { locationId: referencedId(known.parent, 'location') };
  return {
    ownerUserId: referencedId(known.owner, 'user'),
    locationId: referencedId(known.location, 'location'),
  };
}

// ---- relationships ---------------------------------------------------------------------------

/** The declared relationship between a holder type and one asset (device, accessory or site). */
function forAsset(
  byTarget: Record<string, StepRelationshipMetadata>,
  asset: { _key: string; _type: string },
): StepRelationshipMetadata {
  const metadata = byTarget[asset._type];
  if (!metadata) throw new Error(`no relationship declared to ${asset._type}`);
  return metadata;
}

export function createAccountHasAssetRelationship(
  accountKey: string,
  asset: { _key: string; _type: string },
): Relationship {
  const metadata = forAsset(
    {
      [Entities.ASSET_DEVICE._type]: Relationships.ACCOUNT_HAS_ASSET_DEVICE,
      [Entities.ASSET_ACCESSORY._type]: Relationships.ACCOUNT_HAS_ASSET_ACCESSORY,
      [Entities.LOCATION._type]: Relationships.ACCOUNT_HAS_LOCATION,
    },
    asset,
  );
  return relate(metadata, accountKey, asset._key);
}

export function createDeviceIsAssetDeviceRelationship(
  deviceKey: string,
  assetKey: string,
): Relationship {
  return relate(Relationships.DEVICE_IS_ASSET_DEVICE, deviceKey, assetKey);
}

export function createUserOwnsAssetRelationship(
  userKey: string,
  asset: { _key: string; _type: string },
): Relationship {
  const metadata = forAsset(
    {
      [Entities.ASSET_DEVICE._type]: Relationships.USER_OWNS_ASSET_DEVICE,
      [Entities.ASSET_ACCESSORY._type]: Relationships.USER_OWNS_ASSET_ACCESSORY,
    },
    asset,
  );
  return relate(metadata, userKey, asset._key);
}

export function createLocationHasAssetRelationship(
  locationKey: string,
  asset: { _key: string; _type: string },
): Relationship {
  const metadata = forAsset(
    {
      [Entities.ASSET_DEVICE._type]: Relationships.LOCATION_HAS_ASSET_DEVICE,
      [Entities.ASSET_ACCESSORY._type]: Relationships.LOCATION_HAS_ASSET_ACCESSORY,
    },
    asset,
  );
  return relate(metadata, locationKey, asset._key);
}

export function createLocationContainsLocationRelationship(
  parentKey: string,
  childKey: string,
): Relationship {
  return relate(Relationships.LOCATION_CONTAINS_LOCATION, parentKey, childKey);
}
