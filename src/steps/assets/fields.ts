/**
 * Reading Asset Management records: an asset is `{id, jcSystemId?, fields}` where `fields` is
 * keyed by the labels of the organization's field configuration, so reading one means
 * recognising labels. The default ones (Name, Status, Owner, Location, Purchase Date,
 * Warranty Expiry Date, ...) are read by meaning; every other label (the org's custom
 * fields) becomes a `field.<camelCaseLabel>` property, so it is queryable without clashing
 * with ours. Labels are matched without regard to case, spacing or punctuation.
 *
 * Field values may be strings, numbers, booleans, dates, prices `{amount, currency}` or
 * references `{id, name, type}` to users, user groups, locations or select options (or a
 * list of them). A field the asset lacks is simply absent. A label that names a secret
 * (a firmware password, a recovery key) never reaches a property or `_rawData`.
 *
 * Pure functions, no SDK: the entities and relationships are made in converter.ts.
 */
import {
  JumpCloudAsset,
  JumpCloudAssetPrice,
  JumpCloudAssetReference,
} from '../../jumpcloud/types';
import { allowListed } from '../shared/raw-data';
import { nonBlank } from '../shared/values';

// ---- labels ----------------------------------------------------------------------------

/** `"Warranty  Expiry-Date "` -> `"warranty expiry date"`. */
export function normalizeLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `"Refresh Cycle (months)"` -> `"refreshCycleMonths"`; undefined when nothing is left. */
export function camelCaseLabel(label: string): string | undefined {
  const words = normalizeLabel(label).split(' ').filter(Boolean);
  if (words.length === 0) return undefined;
  return words
    .map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}

/** Labels whose values are secrets: never ingested, not even in `_rawData`. */
const SECRET_LABEL =
  /password|passcode|passphrase|secret|token|credential|private|recovery|\bpin\b|\bkey$/i;

export function isSecretLabel(label: string): boolean {
  return SECRET_LABEL.test(label) || SECRET_LABEL.test(normalizeLabel(label));
}

/** The labels the converters read by meaning; any other label is a custom field. */
const KNOWN_LABELS = {
  name: ['name', 'asset name'],
  model: ['model'],
  serial: ['serial number', 'serial', 'serial no'],
  make: ['manufacturer', 'make', 'vendor', 'brand'],
  type: ['type', 'device type', 'asset type', 'accessory type'],
  status: ['status', 'asset status'],
  owner: ['owner', 'assigned to', 'assigned user'],
  location: ['location', 'site'],
  purchaseDate: ['purchase date', 'date purchased', 'purchased on'],
  purchaseCost: ['purchase cost', 'purchase price', 'cost', 'price'],
  warrantyExpiry: [
    'warranty expiry date',
    'warranty expiration date',
    'warranty expiry',
    'warranty expires',
    'warranty end date',
    'warranty end',
  ],
  warrantyPeriod: ['warranty period'],
  deployed: ['date deployed', 'deployed date', 'deployment date', 'deployed on'],
  ownershipType: ['ownership type', 'ownership'],
  assetTag: ['asset tag', 'tag'],
  // Locations.
  parent: ['parent', 'parent location'],
  manager: ['manager', 'site manager'],
  city: ['city', 'town'],
  state: ['state', 'region', 'province', 'county'],
  country: ['country'],
  // Street address, postal code and phone of a location: contact details, kept out of
  // properties (they stay in `_rawData`).
  address: ['address', 'street address', 'address line 1', 'address line 2'],
  postalCode: ['postal code', 'zip code', 'zip', 'postcode'],
  phone: ['phone', 'phone number', 'telephone'],
} as const;

type KnownField = keyof typeof KNOWN_LABELS;

const FIELD_BY_LABEL = new Map<string, KnownField>(
  (Object.entries(KNOWN_LABELS) as Array<[KnownField, readonly string[]]>).flatMap(
    ([field, labels]) => labels.map((label): [string, KnownField] => [label, field]),
  ),
);

/** The known fields device assets and accessories both read. */
const HARDWARE_FIELDS: readonly KnownField[] = [
  'name',
  'model',
  'serial',
  'make',
  'type',
  'status',
  'owner',
  'location',
  'purchaseDate',
  'purchaseCost',
  'warrantyExpiry',
  'warrantyPeriod',
  'deployed',
  'assetTag',
];

/** Which known fields each kind of asset reads; the rest of its labels are custom. */
const FIELDS_READ: Record<AssetKind, ReadonlySet<KnownField>> = {
  device: new Set<KnownField>([...HARDWARE_FIELDS, 'ownershipType']),
  accessory: new Set<KnownField>(HARDWARE_FIELDS),
  location: new Set<KnownField>([
    'name',
    'parent',
    'manager',
    'city',
    'state',
    'country',
    'address',
    'postalCode',
    'phone',
  ]),
};

export type AssetKind = 'device' | 'accessory' | 'location';

// ---- values ----------------------------------------------------------------------------

export function isReference(value: unknown): value is JumpCloudAssetReference {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (value as { id: string }).id.trim() !== ''
  );
}

/** A reference, when the value is one (a one-element list counts). */
export function readReference(value: unknown): JumpCloudAssetReference | undefined {
  if (Array.isArray(value)) return value.length === 1 ? readReference(value[0]) : undefined;
  return isReference(value) ? value : undefined;
}

export function isPrice(value: unknown): value is JumpCloudAssetPrice {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { amount?: unknown }).amount === 'number' &&
    Number.isFinite((value as { amount: number }).amount)
  );
}

/** Text of a string or number value; a select reference gives its option name. */
export function readText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const reference = readReference(value);
  if (reference) return nonBlank(reference.name);
  return nonBlank(value);
}

export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = nonBlank(value);
  return text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch milliseconds of an asset date: `2027-11-01` (a calendar date, taken as midnight UTC),
 * `2024-11-05T16:45:00` (no zone: UTC, never the collector's local time) or a full RFC 3339
 * timestamp. Anything else, including impossible dates, is undefined.
 */
export function parseAssetDate(value: unknown): number | undefined {
  const text = nonBlank(value);
  if (text === undefined) return undefined;
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number);
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    return check.getUTCFullYear() === year &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day
      ? ms
      : undefined;
  }
  let ms: number;
  if (LOCAL_DATE_TIME.test(text)) ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  else if (ZONED_DATE_TIME.test(text)) ms = Date.parse(text.replace(' ', 'T'));
  else return undefined;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The Device data-model `status` a lifecycle status name means. Status names are the
 * organization's own select options, so they are matched by meaning; the option's own name
 * stays in `assetStatus`.
 */
export function deviceLifecycleStatus(statusName: string | undefined): string | undefined {
  if (statusName === undefined) return undefined;
  const status = normalizeLabel(statusName);
  const rules: Array<[RegExp, string]> = [
    [/\b(lost|stolen|missing)\b/, 'lost/stolen'],
    [/dispos|recycl|destroy|scrap|\bsold\b|donat/, 'disposed'],
    [/retir|decommission|end of life|\beol\b/, 'decommissioned'],
    [/archiv/, 'archived'],
    [/repair|broken|defect|damag|faulty|\brma\b/, 'defective'],
    [/\block/, 'locked'],
    [/pending|\border|transit|receiv|await|procur/, 'pending'],
    [/stock|ready|available|spare|\bnew\b|unassigned|storage/, 'ready'],
    [/deploy|in use|active|production/, 'deployed'],
    [/assign/, 'assigned'],
  ];
  for (const [pattern, value] of rules) if (pattern.test(status)) return value;
  return 'other';
}

/** Device `category` from the asset's Type option. */
export function assetDeviceCategory(typeName: string | undefined): string {
  const type = normalizeLabel(typeName ?? '');
  if (/laptop|notebook|desktop|workstation|computer|\bimac\b|\bmac\b|\bpc\b/.test(type))
    return 'endpoint';
  if (/phone|tablet|ipad|mobile|android/.test(type)) return 'mobile';
  if (/server|virtual machine|\bvm\b/.test(type)) return 'server';
  if (/router|switch|firewall|access point|network|printer/.test(type)) return 'network';
  if (/storage|\bnas\b|drive/.test(type)) return 'storage-media';
  return 'other';
}

const BYOD = /\bbyod\b|personal|employee owned|bring your own/;

/** An Ownership Type value that says the device belongs to the person (bring your own). */
export function isPersonallyOwned(ownership: string): boolean {
  return BYOD.test(normalizeLabel(ownership));
}

// ---- reading an asset --------------------------------------------------------------------

/** An asset's fields by meaning, plus its custom fields as properties. */
export interface ReadAsset {
  known: Partial<Record<KnownField, unknown>>;
  /** `field.<camelCaseLabel>` properties of the labels not read by meaning. */
  custom: Record<string, string | number | boolean | string[] | number[]>;
}

function customValue(
  property: string,
  value: unknown,
): Record<string, string | number | boolean | string[] | number[]> {
  if (typeof value === 'boolean') return { [property]: value };
  if (typeof value === 'number') return Number.isFinite(value) ? { [property]: value } : {};
  if (typeof value === 'string') {
    const text = nonBlank(value);
    return text === undefined ? {} : { [property]: text };
  }
  if (isPrice(value)) {
    const currency = nonBlank(value.currency);
    return currency
      ? { [property]: value.amount, [`${property}Currency`]: currency }
      : { [property]: value.amount };
  }
  if (isReference(value)) {
    const name = nonBlank(value.name);
    return name
      ? { [property]: name, [`${property}Id`]: value.id }
      : { [`${property}Id`]: value.id };
  }
  if (Array.isArray(value)) {
    const names = value
      .map((item) => (isReference(item) ? nonBlank(item.name) : readText(item)))
      .filter((item): item is string => item !== undefined);
    return names.length > 0 ? { [property]: names } : {};
  }
  return {};
}

export function readAssetFields(asset: JumpCloudAsset, kind: AssetKind): ReadAsset {
  const known: ReadAsset['known'] = {};
  const custom: ReadAsset['custom'] = {};
  const reads = FIELDS_READ[kind];
  for (const [label, field] of Object.entries(asset.fields ?? {})) {
    if (isSecretLabel(label)) continue;
    const value = field && typeof field === 'object' ? field.value : undefined;
    if (value === undefined || value === null) continue;
    const meaning = FIELD_BY_LABEL.get(normalizeLabel(label));
    if (meaning && reads.has(meaning)) {
      if (!(meaning in known)) known[meaning] = value;
      continue;
    }
    const name = camelCaseLabel(label);
    if (!name) continue;
    Object.assign(custom, customValue(`field.${name}`, value));
  }
  return { known, custom };
}

/** The asset as `_rawData` keeps it: every field but those that name a secret. */
export function sanitizeAsset(asset: JumpCloudAsset): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [label, value] of Object.entries(asset.fields ?? {})) {
    if (!isSecretLabel(label)) fields[label] = value;
  }
  // Top level by allow-list; field labels are the organization's own, so they are screened.
  return { ...allowListed(asset, ['id', 'jcSystemId']), fields };
}
