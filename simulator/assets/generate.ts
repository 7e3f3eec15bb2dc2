/**
 * JumpCloud Asset Management of a simulated organization: field configurations (default and
 * custom labels), select options, locations, device assets (one per managed system, most of
 * them, plus unmanaged ones) and accessories.
 *
 * Shapes follow the 2026 v2 specification (`jumpcloud.http.assets.*`): every asset is
 * `{id, jcSystemId?, fields: {<label>: {editable, value}}}`, where `value` is a string, a
 * number, a boolean, a date (`YYYY-MM-DD`) or date-time without zone (`YYYY-MM-DDTHH:MM:SS`),
 * a price `{amount, currency}`, or a reference `{id, name, type}` to a user, user group,
 * location or select option. A field without a value is left out of `fields`.
 *
 * Pure and deterministic: everything is derived from the org (its id seeds the randomness;
 * its systems, users and groups are what assets point at). The first records of each list
 * are fixed edge cases, so even a tiny org has a lost device still checking in, a warranty
 * about to expire, an owner who is not the primary user, an unmanaged device with only a
 * name, a secret custom field, and a location hierarchy.
 */
import type { SimulatedOrg } from '../directory/generate';
import { DAY_MS, EPOCH_MS, Rng, hash32, objectId } from '../shared/random';
import { systemHardware } from '../system-insights/generate';
import type { JcSystem, SystemUser } from '../shared/types';

// ---------------------------------------------------------------------------------------------
// Shapes (jumpcloud.http.assets.*)
// ---------------------------------------------------------------------------------------------

export type FieldScope = 'Common' | 'Device' | 'Accessory' | 'Location';

export interface FieldConfig {
  id: string;
  label: string;
  default: boolean;
  mandatory: boolean;
  scope: FieldScope;
}

export interface SelectOption {
  id: string;
  value: string;
  editable: boolean;
}

export type ReferenceType = 'user' | 'user_group' | 'location' | 'select' | 'device_group';

export interface AssetReference {
  id: string;
  name: string;
  type: ReferenceType;
}

export interface AssetPrice {
  amount: number;
  currency: string;
}

export type AssetValue = string | number | boolean | AssetPrice | AssetReference;

export interface AssetFieldValue {
  editable: boolean;
  value: AssetValue;
}

export interface Asset {
  id: string;
  /** Device assets of managed systems only. */
  jcSystemId?: string;
  fields: Record<string, AssetFieldValue>;
}

export interface OrgAssets {
  fieldConfigurations: FieldConfig[];
  /** Options of every select field, by field configuration id. */
  selectOptions: Map<string, SelectOption[]>;
  locations: Asset[];
  devices: Asset[];
  accessories: Asset[];
}

/**
 * `enabled`: Asset Management on, with data. `off`: the feature is not enabled or not
 * licensed, every `/assets` route answers 404. `forbidden`: the key may not read assets,
 * every `/assets` route answers 403.
 */
export type AssetManagementMode = 'enabled' | 'off' | 'forbidden';

// ---------------------------------------------------------------------------------------------
// Field configuration
// ---------------------------------------------------------------------------------------------

type FieldKind = 'text' | 'select' | 'user' | 'user_group' | 'location' | 'date' | 'datetime';
type FieldKindExtra = 'price' | 'integer' | 'boolean';

interface FieldTemplate {
  label: string;
  scope: FieldScope;
  custom?: boolean;
  mandatory?: boolean;
  kind: FieldKind | FieldKindExtra;
  options?: string[];
}

/** Labels are what the API keys `fields` by; custom ones are the org's own. */
const FIELD_TEMPLATES: FieldTemplate[] = [
  { label: 'Name', scope: 'Common', mandatory: true, kind: 'text' },
  {
    label: 'Status',
    scope: 'Device',
    mandatory: true,
    kind: 'select',
    options: ['In stock', 'Deployed', 'In repair', 'Lost', 'Stolen', 'Retired', 'Disposed'],
  },
  {
    label: 'Status',
    scope: 'Accessory',
    mandatory: true,
    kind: 'select',
    options: ['In stock', 'Deployed', 'Lost', 'Retired'],
  },
  {
    label: 'Type',
    scope: 'Device',
    kind: 'select',
    options: ['Laptop', 'Desktop', 'Server', 'Phone', 'Tablet'],
  },
  {
    label: 'Type',
    scope: 'Accessory',
    kind: 'select',
    options: ['Dock', 'Monitor', 'Keyboard', 'Headset', 'USB hub'],
  },
  { label: 'Model', scope: 'Common', kind: 'text' },
  { label: 'Serial Number', scope: 'Device', kind: 'text' },
  { label: 'Tag', scope: 'Accessory', kind: 'text' },
  { label: 'Owner', scope: 'Common', kind: 'user' },
  { label: 'Location', scope: 'Common', kind: 'location' },
  { label: 'Purchase Date', scope: 'Common', kind: 'date' },
  { label: 'Purchase Cost', scope: 'Common', kind: 'price' },
  { label: 'Warranty Expiry Date', scope: 'Device', kind: 'date' },
  { label: 'Warranty Period', scope: 'Device', kind: 'integer' },
  { label: 'Date Deployed', scope: 'Common', kind: 'datetime' },
  {
    label: 'Ownership Type',
    scope: 'Device',
    kind: 'select',
    options: ['Corporate', 'BYOD', 'Leased'],
  },
  { label: 'Disk Encrypted', scope: 'Device', kind: 'boolean' },
  { label: 'RAM', scope: 'Device', kind: 'integer' },
  { label: 'Address', scope: 'Location', kind: 'text' },
  { label: 'City', scope: 'Location', kind: 'text' },
  { label: 'Postal Code', scope: 'Location', kind: 'text' },
  { label: 'Phone', scope: 'Location', kind: 'text' },
  { label: 'Parent', scope: 'Location', kind: 'location' },
  { label: 'Manager', scope: 'Location', kind: 'user' },
  // The org's own fields.
  { label: 'Cost Center', scope: 'Device', custom: true, kind: 'text' },
  { label: 'Insured', scope: 'Common', custom: true, kind: 'boolean' },
  { label: 'Refresh Cycle (months)', scope: 'Device', custom: true, kind: 'integer' },
  {
    label: 'Support Tier',
    scope: 'Device',
    custom: true,
    kind: 'select',
    options: ['Gold', 'Silver', 'Bronze'],
  },
  { label: 'Assigned Team', scope: 'Device', custom: true, kind: 'user_group' },
  { label: 'Firmware Password', scope: 'Device', custom: true, kind: 'text' },
  { label: 'Country', scope: 'Location', custom: true, kind: 'text' },
  { label: 'Lease End', scope: 'Accessory', custom: true, kind: 'date' },
];

/** Collection codes of asset ids (a byte of every id; far from those of random.ts). */
const Code = {
  fieldConfig: 0x41,
  selectOption: 0x42,
  location: 0x43,
  deviceAsset: 0x44,
  accessory: 0x45,
} as const;

/** Asset Management was turned on a year before the simulator's "now". */
const ASSETS_START_MS = EPOCH_MS - 365 * DAY_MS;

interface Ids {
  orgTag: number;
  base(collection: number): number;
}

function idsFor(org: SimulatedOrg): Ids {
  // Generated ids carry the org tag in hex digits 8-13 (random.ts objectId).
  const orgTag = parseInt(org.id.slice(8, 14), 16) || hash32(org.id) & 0xffffff;
  return {
    orgTag,
    base: (collection) => hash32(org.id, 'asset-counter-base', collection) & 0x3fffffff,
  };
}

function makeAssetId(ids: Ids, collection: number, createdMs: number, index: number): string {
  return objectId(createdMs, ids.orgTag, collection, ids.base(collection) + index);
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

function dateOnly(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** RFC 3339 without zone, as the specification's examples show (`2024-11-05T16:45:00`). */
function dateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function userName(user: SystemUser): string {
  const full = [user.firstname, user.lastname].filter((part) => part).join(' ');
  return full || user.displayname || user.username;
}

class FieldSet {
  private readonly fields: Record<string, AssetFieldValue> = {};
  set(label: string, value: AssetValue | undefined, editable = true): this {
    if (value !== undefined) this.fields[label] = { editable, value };
    return this;
  }
  build(): Record<string, AssetFieldValue> {
    return this.fields;
  }
}

interface Catalog {
  config(label: string, scope: FieldScope): FieldConfig;
  option(label: string, scope: FieldScope, value: string): AssetReference;
}

function catalogFor(
  fieldConfigurations: FieldConfig[],
  selectOptions: Map<string, SelectOption[]>,
): Catalog {
  const config = (label: string, scope: FieldScope) => {
    const found =
      fieldConfigurations.find((c) => c.label === label && c.scope === scope) ??
      fieldConfigurations.find((c) => c.label === label && c.scope === 'Common');
    if (!found) throw new Error(`no field ${label} for ${scope}`);
    return found;
  };
  return {
    config,
    option(label, scope, value) {
      const field = config(label, scope);
      const option = selectOptions.get(field.id)?.find((o) => o.value === value);
      if (!option) throw new Error(`no option ${value} of ${label}`);
      return { id: option.id, name: option.value, type: 'select' };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

const REGIONS = ['EMEA', 'Americas', 'APAC'];
const OFFICES: Array<{
  name: string;
  region: number;
  city: string;
  postalCode: string;
  country: string;
}> = [
  { name: 'London HQ', region: 0, city: 'London', postalCode: 'NW1 6XE', country: 'GB' },
  { name: 'Austin Office', region: 1, city: 'Austin', postalCode: '78701', country: 'US' },
  { name: 'Berlin Office', region: 0, city: 'Berlin', postalCode: '10115', country: 'DE' },
  { name: 'Singapore Office', region: 2, city: 'Singapore', postalCode: '018956', country: 'SG' },
  { name: 'Toronto Office', region: 1, city: 'Toronto', postalCode: 'M5V 2T6', country: 'CA' },
  { name: 'Central Warehouse', region: 1, city: 'Reno', postalCode: '89502', country: 'US' },
];

/** Locations per org: two regions and offices, about one office per ten users. */
export function locationCount(org: SimulatedOrg): number {
  return 2 + Math.max(1, Math.min(48, Math.ceil(org.users.length / 10)));
}

export function unmanagedDeviceCount(org: SimulatedOrg): number {
  return Math.max(2, Math.round(org.systems.length * 0.25));
}

export function accessoryCount(org: SimulatedOrg): number {
  return Math.max(3, Math.round(org.users.length * 0.3));
}

/** Systems without a device asset: every seventh, from the sixth (an asset not yet synced). */
export function systemHasAsset(index: number): boolean {
  return index % 7 !== 5;
}

function generateFieldConfigurations(ids: Ids): {
  fieldConfigurations: FieldConfig[];
  selectOptions: Map<string, SelectOption[]>;
} {
  const fieldConfigurations: FieldConfig[] = [];
  const selectOptions = new Map<string, SelectOption[]>();
  FIELD_TEMPLATES.forEach((template, f) => {
    const id = makeAssetId(ids, Code.fieldConfig, ASSETS_START_MS + f * 1000, f);
    fieldConfigurations.push({
      id,
      label: template.label,
      default: !template.custom,
      mandatory: template.mandatory === true,
      scope: template.scope,
    });
    if (template.options) {
      selectOptions.set(
        id,
        template.options.map((value, o) => ({
          id: makeAssetId(ids, Code.selectOption, ASSETS_START_MS + f * 1000, f * 16 + o),
          value,
          editable: template.custom === true,
        })),
      );
    }
  });
  return { fieldConfigurations, selectOptions };
}

function userReference(user: SystemUser): AssetReference {
  return { id: user.id, name: userName(user), type: 'user' };
}

function locationReference(location: Asset): AssetReference {
  return { id: location.id, name: String(location.fields.Name.value), type: 'location' };
}

function generateLocations(org: SimulatedOrg, ids: Ids): Asset[] {
  const count = locationCount(org);
  const locations: Asset[] = [];
  const regions = Math.min(2, count);
  for (let l = 0; l < count; l++) {
    const rng = new Rng(hash32(org.id, 'asset-location', l));
    const id = makeAssetId(ids, Code.location, ASSETS_START_MS + l * DAY_MS, l);
    const fields = new FieldSet();
    if (l < regions) {
      fields.set('Name', REGIONS[l]);
      if (org.users.length > 0 && rng.chance(0.5))
        fields.set('Manager', userReference(org.users[rng.int(org.users.length)]));
      locations.push({ id, fields: fields.build() });
      continue;
    }
    const o = l - regions;
    const office = OFFICES[o % OFFICES.length];
    const round = Math.floor(o / OFFICES.length);
    const name = round === 0 ? office.name : `${office.name} ${round + 1}`;
    fields.set('Name', name);
    // The third office has only a name: locations may lack every other field.
    if (o !== 2) {
      fields.set(
        'Address',
        `${rng.between(1, 999)} ${rng.pick(['High St', 'Main St', 'Market Sq'])}`,
      );
      fields.set('City', office.city);
      if (rng.chance(0.8)) fields.set('Postal Code', office.postalCode);
      if (rng.chance(0.6)) fields.set('Phone', `+1 555 01${rng.between(10, 99)}`);
      fields.set('Country', office.country);
      const region = office.region < regions ? office.region : 0;
      fields.set('Parent', locationReference(locations[region]));
      if (org.users.length > 0 && rng.chance(0.6))
        fields.set('Manager', userReference(org.users[rng.int(org.users.length)]));
    }
    locations.push({ id, fields: fields.build() });
  }
  return locations;
}

function deviceType(system: JcSystem): string {
  if (system.osFamily === 'ios') return system.os === 'iPadOS' ? 'Tablet' : 'Phone';
  if (system.osFamily === 'android') return 'Phone';
  if (system.desktopCapable) return system.osFamily === 'darwin' ? 'Laptop' : 'Desktop';
  return 'Server';
}

const DEVICE_STATUS: ReadonlyArray<readonly [string, number]> = [
  ['Deployed', 70],
  ['In stock', 8],
  ['In repair', 5],
  ['Lost', 4],
  ['Stolen', 2],
  ['Retired', 8],
  ['Disposed', 3],
];

interface DeviceContext {
  org: SimulatedOrg;
  catalog: Catalog;
  offices: Asset[];
  userById: Map<string, SystemUser>;
}

/** Purchase, warranty and deployment fields shared by managed and unmanaged devices. */
function lifecycleFields(
  fields: FieldSet,
  rng: Rng,
  purchasedMs: number,
  warrantyExpiresMs?: number,
): void {
  if (rng.chance(0.9)) fields.set('Purchase Date', dateOnly(purchasedMs));
  if (rng.chance(0.85)) {
    fields.set('Purchase Cost', {
      amount: rng.pick([799, 1299.99, 1799, 2499.5, 3199]),
      currency: rng.chance(0.8) ? 'USD' : 'EUR',
    });
  }
  const months = rng.pick([12, 24, 36]);
  if (warrantyExpiresMs !== undefined || rng.chance(0.8)) {
    fields.set(
      'Warranty Expiry Date',
      dateOnly(warrantyExpiresMs ?? purchasedMs + Math.round(months * 30.44) * DAY_MS),
    );
  }
  if (rng.chance(0.5)) fields.set('Warranty Period', months);
  if (rng.chance(0.7))
    fields.set('Date Deployed', dateTime(purchasedMs + rng.between(1, 20) * DAY_MS + 3_600_000));
}

function customDeviceFields(fields: FieldSet, rng: Rng, context: DeviceContext): void {
  const { org, catalog } = context;
  if (rng.chance(0.5)) fields.set('Cost Center', `CC-${rng.between(1000, 9999)}`);
  if (rng.chance(0.3)) fields.set('Insured', rng.chance(0.5));
  if (rng.chance(0.2)) fields.set('Refresh Cycle (months)', rng.pick([36, 48]));
  if (rng.chance(0.3))
    fields.set(
      'Support Tier',
      catalog.option('Support Tier', 'Device', rng.pick(['Gold', 'Silver', 'Bronze'])),
    );
  if (org.userGroups.length > 0 && rng.chance(0.25)) {
    const group = org.userGroups[rng.int(org.userGroups.length)];
    fields.set('Assigned Team', { id: group.id, name: group.name, type: 'user_group' });
  }
}

function generateDevices(org: SimulatedOrg, ids: Ids, context: DeviceContext): Asset[] {
  const { catalog, offices, userById } = context;
  const devices: Asset[] = [];
  const U = org.users.length;

  // Fixed cases among managed systems: a lost one whose agent is connected, a retired one
  // that still checks in, an owner who is not the primary user, a warranty about to expire.
  const managed = org.systems.map((_, s) => s).filter(systemHasAsset);
  const lostIndex = managed.find((s) => org.systems[s].active) ?? managed[1];
  const retiredIndex = managed.find((s) => s !== lostIndex && org.systems[s].lastContact !== null);
  const withPrimary = managed.filter((s) => org.systems[s].primarySystemUser?.id);
  const otherOwnerIndex = withPrimary[1] ?? withPrimary[0];
  const expiringIndex = managed[0];

  managed.forEach((s, m) => {
    const system = org.systems[s];
    const rng = new Rng(hash32(org.id, 'device-asset', s));
    const createdMs = Date.parse(system.created) + DAY_MS;
    const id = makeAssetId(ids, Code.deviceAsset, Math.max(createdMs, ASSETS_START_MS), s);
    const hardware = systemHardware(org, s);
    const fields = new FieldSet().set('Name', system.displayName);
    // Synced from the agent: not editable.
    fields.set('Model', hardware.model, false);
    if (system.serialNumber) fields.set('Serial Number', system.serialNumber, false);
    fields.set('Type', catalog.option('Type', 'Device', deviceType(system)));

    const status =
      s === lostIndex
        ? 'Lost'
        : s === retiredIndex
          ? 'Retired'
          : m === 0
            ? 'Deployed'
            : rng.weighted(DEVICE_STATUS);
    // One managed device has no status yet (a field may be missing on any asset).
    const withoutStatus = m === 2 && s !== lostIndex && s !== retiredIndex;
    if (!withoutStatus) fields.set('Status', catalog.option('Status', 'Device', status));

    const primaryId = system.primarySystemUser?.id ?? undefined;
    let owner: SystemUser | undefined;
    if (U > 0) {
      if (s === otherOwnerIndex && primaryId) {
        const primary = org.users.findIndex((u) => u.id === primaryId);
        owner = org.users[(primary + 1) % U];
      } else if (primaryId && rng.chance(0.85)) {
        owner = userById.get(primaryId);
      } else if (!primaryId && rng.chance(0.4)) {
        owner = org.users[rng.int(U)];
      } else if (primaryId && rng.chance(0.5)) {
        owner = org.users[rng.int(U)];
      }
    }
    if (owner) fields.set('Owner', userReference(owner));
    if (offices.length > 0 && rng.chance(0.8))
      fields.set('Location', locationReference(offices[rng.int(offices.length)]));

    const purchasedMs = Date.parse(system.created) - rng.int(30) * DAY_MS;
    lifecycleFields(
      fields,
      rng,
      purchasedMs,
      s === expiringIndex ? EPOCH_MS + 45 * DAY_MS : undefined,
    );
    fields.set(
      'Ownership Type',
      catalog.option('Ownership Type', 'Device', rng.chance(0.1) ? 'BYOD' : 'Corporate'),
    );
    if (system.fde && rng.chance(0.6)) fields.set('Disk Encrypted', system.fde.active);
    if (rng.chance(0.4)) fields.set('RAM', Math.round(hardware.memoryBytes / (1024 * 1024)));
    customDeviceFields(fields, rng, context);
    // A secret in a custom field: the integration must never ingest it.
    if (m === 0 || rng.chance(0.1)) fields.set('Firmware Password', `fw-${rng.hex(12)}`);
    devices.push({ id, jcSystemId: system.id, fields: fields.build() });
  });

  const unmanaged = unmanagedDeviceCount(org);
  for (let d = 0; d < unmanaged; d++) {
    const rng = new Rng(hash32(org.id, 'unmanaged-device-asset', d));
    const createdMs = ASSETS_START_MS + d * 3 * DAY_MS + rng.int(DAY_MS);
    const id = makeAssetId(ids, Code.deviceAsset, createdMs, 0x100000 + d);
    const [kind, type, model] = rng.pick<[string, string, string]>([
      ['Spare laptop', 'Laptop', 'MacBookAir10,1'],
      ['Lab workstation', 'Desktop', 'OptiPlex 7010'],
      ['Conference room iPad', 'Tablet', 'iPad13,18'],
      ['Loaner phone', 'Phone', 'Pixel 8'],
    ]);
    const fields = new FieldSet().set('Name', `${kind} ${d + 1}`);
    // The first unmanaged device has nothing but its name.
    if (d > 0) {
      fields.set('Model', model);
      if (rng.chance(0.8))
        fields.set('Serial Number', rng.chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 10));
      fields.set('Type', catalog.option('Type', 'Device', type));
      fields.set(
        'Status',
        catalog.option(
          'Status',
          'Device',
          d === 1
            ? 'Disposed'
            : rng.pick(['In stock', 'In stock', 'Deployed', 'Retired', 'In repair']),
        ),
      );
      if (U > 0 && rng.chance(0.4)) fields.set('Owner', userReference(org.users[rng.int(U)]));
      if (offices.length > 0 && rng.chance(0.9))
        fields.set('Location', locationReference(offices[rng.int(offices.length)]));
      lifecycleFields(fields, rng, createdMs - rng.int(400) * DAY_MS);
      customDeviceFields(fields, rng, context);
    }
    devices.push({ id, fields: fields.build() });
  }
  return devices.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const ACCESSORIES: Array<[string, string, string]> = [
  ['USB-C Travel Hub', 'USB hub', 'Anker 341'],
  ['Docking station', 'Dock', 'CalDigit TS4'],
  ['27" Monitor', 'Monitor', 'Dell U2723QE'],
  ['Keyboard', 'Keyboard', 'Magic Keyboard with Touch ID'],
  ['Headset', 'Headset', 'Jabra Evolve2 65'],
];

function generateAccessories(org: SimulatedOrg, ids: Ids, context: DeviceContext): Asset[] {
  const { catalog, offices } = context;
  const U = org.users.length;
  const accessories: Asset[] = [];
  const count = accessoryCount(org);
  for (let a = 0; a < count; a++) {
    const rng = new Rng(hash32(org.id, 'accessory', a));
    const createdMs = ASSETS_START_MS + a * DAY_MS + rng.int(DAY_MS);
    const id = makeAssetId(ids, Code.accessory, createdMs, a);
    const [name, type, model] = ACCESSORIES[a % ACCESSORIES.length];
    const fields = new FieldSet().set('Name', `${name} ${a + 1}`);
    fields.set('Tag', `ACC-${10000 + a}`);
    if (rng.chance(0.8)) fields.set('Model', model);
    fields.set('Type', catalog.option('Type', 'Accessory', type));
    fields.set(
      'Status',
      catalog.option(
        'Status',
        'Accessory',
        a === 1
          ? 'Lost'
          : rng.weighted([
              ['Deployed', 70],
              ['In stock', 20],
              ['Lost', 5],
              ['Retired', 5],
            ] as const),
      ),
    );
    // The first two accessories are always owned and placed (so both edges exist).
    if (U > 0 && (a < 2 || rng.chance(0.7)))
      fields.set('Owner', userReference(org.users[rng.int(U)]));
    if (offices.length > 0 && (a < 2 || rng.chance(0.6)))
      fields.set('Location', locationReference(offices[rng.int(offices.length)]));
    if (rng.chance(0.5))
      fields.set('Purchase Cost', { amount: rng.pick([29.99, 149, 399.5, 649]), currency: 'USD' });
    if (rng.chance(0.4))
      fields.set('Date Deployed', dateTime(createdMs + rng.between(1, 9) * DAY_MS));
    if (rng.chance(0.2))
      fields.set('Lease End', dateOnly(EPOCH_MS + rng.between(30, 700) * DAY_MS));
    if (rng.chance(0.2)) fields.set('Insured', rng.chance(0.5));
    accessories.push({ id, fields: fields.build() });
  }
  return accessories;
}

/** Asset Management of one org. Pure: the same org always gives deep-equal data. */
export function generateOrgAssets(org: SimulatedOrg): OrgAssets {
  const ids = idsFor(org);
  const { fieldConfigurations, selectOptions } = generateFieldConfigurations(ids);
  const catalog = catalogFor(fieldConfigurations, selectOptions);
  const locations = generateLocations(org, ids);
  const offices = locations.filter((location) => location.fields.Parent !== undefined);
  const context: DeviceContext = {
    org,
    catalog,
    offices,
    userById: new Map(org.users.map((user) => [user.id, user])),
  };
  return {
    fieldConfigurations,
    selectOptions,
    locations,
    devices: generateDevices(org, ids, context),
    accessories: generateAccessories(org, ids, context),
  };
}

const cache = new WeakMap<SimulatedOrg, OrgAssets>();

/** `generateOrgAssets`, computed once per org (the routes and tests share it). */
export function orgAssets(org: SimulatedOrg): OrgAssets {
  let assets = cache.get(org);
  if (!assets) {
    assets = generateOrgAssets(org);
    cache.set(org, assets);
  }
  return assets;
}
