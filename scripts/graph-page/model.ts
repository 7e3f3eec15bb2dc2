/**
 * Turns collected entities and relationships into the compact data the offline graph page
 * embeds: one node per entity, one edge per direct relationship whose ends were both
 * collected, with colours per `_type` and shapes per `_class`.
 */
import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';

export interface PageNode {
  /** The entity `_key`. */
  id: string;
  label: string;
  type: string;
  /** First `_class` (the one the shape follows). */
  cls: string;
  /** Lower-cased text the search box matches: name, email, hostname, username, ... */
  search: string;
  /** Scalar properties for the details panel (no `_rawData`; long values cut). */
  props: Record<string, string | number | boolean | null>;
}

export interface PageEdge {
  id: string;
  from: string;
  to: string;
  /** The relationship `_class` (HAS, ASSIGNED, IS, ...), drawn as the edge label. */
  label: string;
  type: string;
  /**
   * The relationship's own scalar properties (a binding's `sudo` and `direct`, ...), for the
   * tooltip and the side panel; identity fields (`_key`, ends, `_class`, `_type`) left out.
   */
  props?: Record<string, string | number | boolean | null>;
}

export interface PageEntityType {
  type: string;
  cls: string;
  color: string;
  shape: string;
  count: number;
}

export interface PageRelationshipType {
  type: string;
  cls: string;
  color: string;
  count: number;
}

export interface GraphPageModel {
  title: string;
  generatedAt: string;
  source?: string;
  nodes: PageNode[];
  edges: PageEdge[];
  entityTypes: PageEntityType[];
  relationshipTypes: PageRelationshipType[];
  /** Relationships not drawn: mapped relationships, or an end that was not collected. */
  skippedRelationships: number;
}

export interface BuildModelOptions {
  title?: string;
  source?: string;
  /** Fixed timestamp for reproducible output (tests). */
  generatedAt?: Date;
}

/** Colours for the integration's own types; anything else gets one from FALLBACK_COLORS. */
export const TYPE_COLORS: Record<string, string> = {
  jumpcloud_account: '#d62728',
  jumpcloud_user: '#1f77b4',
  jumpcloud_group: '#ff7f0e',
  jumpcloud_application: '#2ca02c',
  jumpcloud_device: '#17becf',
  jumpcloud_device_group: '#bcbd22',
  jumpcloud_apple_mdm: '#9467bd',
  jumpcloud_apple_device: '#e377c2',
  jumpcloud_asset_device: '#9edae5',
  jumpcloud_asset_accessory: '#c7c7c7',
  jumpcloud_location: '#98df8a',
  jumpcloud_command: '#ffbb78',
  jumpcloud_auth_policy: '#ff9896',
  jumpcloud_ip_list: '#c49c94',
  jumpcloud_directory: '#aec7e8',
  jumpcloud_radius_server: '#dbdb8d',
  jumpcloud_policy: '#f7b6d2',
  jumpcloud_policy_group: '#c5b0d5',
  jumpcloud_local_account: '#6b6ecf',
  jumpcloud_ssh_key: '#e7ba52',
  jumpcloud_software: '#b5cf6b',
  jumpcloud_administrator: '#843c39',
  jumpcloud_password_policy: '#7b4173',
};

const FALLBACK_COLORS = [
  '#8c564b',
  '#7f7f7f',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
  '#7b4173',
  '#3182bd',
  '#e6550d',
  '#31a354',
];

/** vis-network shapes per data-model class. */
export const CLASS_SHAPES: Record<string, string> = {
  Account: 'star',
  Organization: 'star',
  User: 'dot',
  Group: 'triangle',
  Application: 'diamond',
  Device: 'square',
  Host: 'square',
  Configuration: 'hexagon',
  ControlPolicy: 'ellipse',
  Site: 'box',
  Task: 'triangleDown',
  AccessPolicy: 'hexagon',
  Network: 'ellipse',
  Directory: 'database',
  Gateway: 'circle',
  Key: 'ellipse',
  PasswordPolicy: 'hexagon',
};

export const RELATIONSHIP_CLASS_COLORS: Record<string, string> = {
  HAS: '#8a94a6',
  ASSIGNED: '#3b6fd4',
  IS: '#9c27b0',
  CONTAINS: '#6d8f3a',
  USES: '#c77c02',
  MANAGES: '#b23b3b',
  OWNS: '#00897b',
  INSTALLED: '#6a51a3',
};

const SEARCH_FIELDS = [
  'name',
  'displayName',
  'email',
  'username',
  'login',
  'hostname',
  'serial',
  'deviceId',
  'id',
  '_key',
];

const LABEL_FIELDS = ['displayName', 'name', 'hostname', 'email', 'username', 'id', '_key'];

const MAX_PROPERTY_LENGTH = 400;

export function colorForType(type: string): string {
  const known = TYPE_COLORS[type];
  if (known) return known;
  let hash = 0;
  for (const char of type) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return FALLBACK_COLORS[hash % FALLBACK_COLORS.length];
}

/** Counts one more of `key`, creating its record (with count 0) the first time. */
function tally<T extends { count: number }>(
  records: Map<string, T>,
  key: string,
  create: () => T,
): void {
  let record = records.get(key);
  if (!record) {
    record = create();
    records.set(key, record);
  }
  record.count += 1;
}

export function shapeForClass(cls: string): string {
  return CLASS_SHAPES[cls] ?? 'dot';
}

export function colorForRelationshipClass(cls: string): string {
  return RELATIONSHIP_CLASS_COLORS[cls] ?? '#8a94a6';
}

export function firstClass(entity: Pick<Entity, '_class'>): string {
  const cls = entity._class as string | string[] | undefined;
  if (Array.isArray(cls)) return cls[0] ?? 'Entity';
  return cls ?? 'Entity';
}

export function entityLabel(entity: Entity): string {
  for (const field of LABEL_FIELDS) {
    const value = entity[field];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number') return String(value);
  }
  return entity._key;
}

export function searchTextFor(entity: Entity): string {
  const parts: string[] = [];
  for (const field of SEARCH_FIELDS) {
    const value = entity[field];
    if (typeof value === 'string' && value) parts.push(value);
  }
  for (const value of toArray(entity.userEmails)) {
    if (typeof value === 'string') parts.push(value);
  }
  return [...new Set(parts.map((part) => part.toLowerCase()))].join(' ');
}

/** Scalar properties for display. Arrays of scalars are joined; objects are left out. */
export function displayProperties(entity: Entity): PageNode['props'] {
  const props: PageNode['props'] = {};
  for (const key of Object.keys(entity).sort(compareKeys)) {
    if (key === '_rawData') continue;
    const value = (entity as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (value === null || typeof value === 'boolean') props[key] = value;
    else if (typeof value === 'number') props[key] = Number.isFinite(value) ? value : String(value);
    else if (typeof value === 'string') props[key] = truncate(value);
    else if (Array.isArray(value) && value.every(isScalar)) {
      props[key] = truncate(value.map((item) => String(item)).join(', '));
    }
  }
  return props;
}

export function buildGraphPageModel(
  entities: Entity[],
  relationships: Relationship[],
  options: BuildModelOptions = {},
): GraphPageModel {
  const nodes: PageNode[] = [];
  const seen = new Set<string>();
  const typeStats = new Map<string, PageEntityType>();
  for (const entity of entities) {
    if (!entity?._key || seen.has(entity._key)) continue;
    seen.add(entity._key);
    const cls = firstClass(entity);
    nodes.push({
      id: entity._key,
      label: entityLabel(entity),
      type: entity._type,
      cls,
      search: searchTextFor(entity),
      props: displayProperties(entity),
    });
    tally(typeStats, entity._type, () => ({
      type: entity._type,
      cls,
      color: colorForType(entity._type),
      shape: shapeForClass(cls),
      count: 0,
    }));
  }

  const edges: PageEdge[] = [];
  const edgeIds = new Set<string>();
  const relationshipStats = new Map<string, PageRelationshipType>();
  let skippedRelationships = 0;
  for (const relationship of relationships) {
    const from = relationship._fromEntityKey;
    const to = relationship._toEntityKey;
    if (
      typeof from !== 'string' ||
      typeof to !== 'string' ||
      !seen.has(from) ||
      !seen.has(to) ||
      edgeIds.has(relationship._key)
    ) {
      skippedRelationships += 1;
      continue;
    }
    edgeIds.add(relationship._key);
    const cls = String(relationship._class);
    const props = edgeProperties(relationship);
    edges.push({
      id: relationship._key,
      from,
      to,
      label: cls,
      type: relationship._type,
      ...(Object.keys(props).length ? { props } : {}),
    });
    tally(relationshipStats, relationship._type, () => ({
      type: relationship._type,
      cls,
      color: colorForRelationshipClass(cls),
      count: 0,
    }));
  }

  return {
    title: options.title ?? 'JumpCloud graph',
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    source: options.source,
    nodes,
    edges,
    entityTypes: [...typeStats.values()].sort((a, b) => a.type.localeCompare(b.type)),
    relationshipTypes: [...relationshipStats.values()].sort((a, b) => a.type.localeCompare(b.type)),
    skippedRelationships,
  };
}

/** What the edge says beyond its ends and class: the properties a reader filters on. */
const EDGE_IDENTITY = new Set([
  '_key',
  '_type',
  '_class',
  '_fromEntityKey',
  '_toEntityKey',
  '_mapping',
  'displayName',
]);

export function edgeProperties(relationship: Relationship): NonNullable<PageEdge['props']> {
  const props: NonNullable<PageEdge['props']> = {};
  const all = displayProperties(relationship as unknown as Entity);
  for (const [key, value] of Object.entries(all)) {
    if (!EDGE_IDENTITY.has(key)) props[key] = value;
  }
  return props;
}

/** Entity `_key`s directly connected to `key` in the model (both directions). */
export function neighbourIds(model: Pick<GraphPageModel, 'edges'>, key: string): Set<string> {
  const result = new Set<string>();
  for (const edge of model.edges) {
    if (edge.from === key) result.add(edge.to);
    if (edge.to === key) result.add(edge.from);
  }
  result.delete(key);
  return result;
}

function compareKeys(a: string, b: string): number {
  // Identity and display fields first, then the rest alphabetically, underscores last.
  const rank = (key: string): number =>
    key === 'name' ? 0 : key === 'displayName' ? 1 : key.startsWith('_') ? 3 : 2;
  return rank(a) - rank(b) || a.localeCompare(b);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function truncate(value: string): string {
  return value.length > MAX_PROPERTY_LENGTH ? `${value.slice(0, MAX_PROPERTY_LENGTH - 1)}…` : value;
}
