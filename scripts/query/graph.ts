/**
 * The collected graph, read back from `.j1-integration/graph/<stepId>/{entities,relationships}/*.json`
 * (the layout `j1-integration collect` and `executeIntegrationLocally` write, read through
 * scripts/lib/graph-files.ts), with the lookups the J1QL engine and the report need: entities
 * by key, `_type` and `_class`, relationships by entity, and J1QL-style traversal (a relationship
 * class is followed in both directions and only to entities that exist in the graph).
 */
import { promises as fs } from 'fs';
import path from 'path';

import { listGraphFiles, readGraphFile } from '../lib/graph-files';

export interface GraphEntity {
  _key: string;
  _type: string;
  _class: string | string[];
  displayName?: string;
  name?: string;
  webLink?: string;
  [property: string]: unknown;
}

export interface GraphRelationship {
  _key: string;
  _type: string;
  _class: string;
  _fromEntityKey: string;
  _toEntityKey: string;
  [property: string]: unknown;
}

/** A relationship seen from one of its ends, with the entity at the other end. */
export interface Neighbour {
  relationship: GraphRelationship;
  entity: GraphEntity;
}

export interface GraphLoadStats {
  files: number;
  /** Entities or relationships whose `_key` was already loaded (the first one is kept). */
  duplicateKeys: number;
  /** Mapped relationships and other objects without both entity keys; not traversable here. */
  skippedRelationships: number;
}

export interface GraphOptions {
  /** Keep each entity's `_rawData` (`npm run query -- --json` prints entities as stored). */
  keepRawData?: boolean;
}

/**
 * What a query can touch: the graph files holding none of it need not be read. `allEntities`
 * for `*`, full-text search and smart classes alone; `allRelationships` for `RELATES TO`.
 */
export interface GraphSelection {
  entityTypes: Set<string>;
  entityClasses: Set<string>;
  allEntities: boolean;
  relationshipClasses: Set<string>;
  allRelationships: boolean;
}

export class Graph {
  private readonly entitiesByKey = new Map<string, GraphEntity>();
  private entitiesByClass?: Map<string, GraphEntity[]>;
  private readonly entitiesByType = new Map<string, GraphEntity[]>();
  private readonly relationshipKeys = new Set<string>();
  private readonly relationshipsByType = new Map<string, GraphRelationship[]>();
  /** Relationships touching an entity key, at either end. */
  private readonly adjacency = new Map<string, GraphRelationship[]>();

  readonly stats: GraphLoadStats = { files: 0, duplicateKeys: 0, skippedRelationships: 0 };
  /** Entity `_type`s of graph files not read (a selective load): they exist, unloaded. */
  readonly unloadedTypes = new Set<string>();

  constructor(private readonly options: GraphOptions = {}) {}

  static from(
    entities: Iterable<GraphEntity>,
    relationships: Iterable<GraphRelationship> = [],
    options: GraphOptions = {},
  ): Graph {
    const graph = new Graph(options);
    for (const entity of entities) graph.addEntity(entity);
    for (const relationship of relationships) graph.addRelationship(relationship);
    return graph;
  }

  addEntity(entity: GraphEntity): void {
    if (typeof entity?._key !== 'string' || typeof entity._type !== 'string') return;
    if (this.entitiesByKey.has(entity._key)) {
      this.stats.duplicateKeys++;
      return;
    }
    // _rawData holds the whole API record: never read by a question, often the bulk of a file.
    let stored = entity;
    if (!this.options.keepRawData) {
      const { _rawData: _ignored, ...properties } = entity;
      stored = properties as GraphEntity;
    }
    this.entitiesByKey.set(stored._key, stored);
    pushTo(this.entitiesByType, stored._type, stored);
    this.entitiesByClass = undefined;
  }

  addRelationship(relationship: GraphRelationship): void {
    if (
      typeof relationship?._key !== 'string' ||
      typeof relationship._fromEntityKey !== 'string' ||
      typeof relationship._toEntityKey !== 'string'
    ) {
      this.stats.skippedRelationships++;
      return;
    }
    if (this.relationshipKeys.has(relationship._key)) {
      this.stats.duplicateKeys++;
      return;
    }
    this.relationshipKeys.add(relationship._key);
    pushTo(this.relationshipsByType, relationship._type, relationship);
    pushTo(this.adjacency, relationship._fromEntityKey, relationship);
    if (relationship._toEntityKey !== relationship._fromEntityKey) {
      pushTo(this.adjacency, relationship._toEntityKey, relationship);
    }
  }

  get entityCount(): number {
    return this.entitiesByKey.size;
  }

  get relationshipCount(): number {
    return this.relationshipKeys.size;
  }

  entity(key: string): GraphEntity | undefined {
    return this.entitiesByKey.get(key);
  }

  entitiesOfType(type: string): readonly GraphEntity[] {
    return this.entitiesByType.get(type) ?? [];
  }

  /** Entities with `_class` (a string or a list holding it). */
  entitiesOfClass(entityClass: string): readonly GraphEntity[] {
    if (!this.entitiesByClass) {
      const byClass = new Map<string, GraphEntity[]>();
      for (const entity of this.entitiesByKey.values()) {
        const classes = Array.isArray(entity._class) ? entity._class : [entity._class];
        for (const name of new Set(classes)) {
          if (typeof name === 'string') pushTo(byClass, name, entity);
        }
      }
      this.entitiesByClass = byClass;
    }
    return this.entitiesByClass.get(entityClass) ?? [];
  }

  /** Every entity, in load order. */
  entities(): IterableIterator<GraphEntity> {
    return this.entitiesByKey.values();
  }

  /** The entity `_type`s present (loaded or not), sorted. */
  entityTypes(): string[] {
    return [...new Set([...this.entitiesByType.keys(), ...this.unloadedTypes])].sort(compareText);
  }

  /** Relationships with the entity at either end (end entities may be missing from the graph). */
  relationshipsOf(key: string): readonly GraphRelationship[] {
    return this.adjacency.get(key) ?? [];
  }

  /** Every traversable relationship, grouped by `_type`. */
  *relationships(): IterableIterator<GraphRelationship> {
    for (const list of this.relationshipsByType.values()) yield* list;
  }

  relationshipsOfType(type: string): readonly GraphRelationship[] {
    return this.relationshipsByType.get(type) ?? [];
  }

  /** Entity and relationship counts per `_type`, sorted by type. */
  typeCounts(): { entities: Record<string, number>; relationships: Record<string, number> } {
    const count = <T>(map: Map<string, T[]>): Record<string, number> =>
      Object.fromEntries(
        [...map.entries()]
          .sort(([a], [b]) => compareText(a, b))
          .map(([type, list]) => [type, list.length]),
      );
    return { entities: count(this.entitiesByType), relationships: count(this.relationshipsByType) };
  }

  /**
   * Like J1QL `THAT <relationshipClass> <otherType>`: relationships of that class between the
   * entity and an existing entity of `otherType`, in either direction.
   */
  related(key: string, relationshipClass: string, otherType: string): Neighbour[] {
    const neighbours: Neighbour[] = [];
    for (const relationship of this.adjacency.get(key) ?? []) {
      if (relationship._class !== relationshipClass) continue;
      const otherKey =
        relationship._fromEntityKey === key
          ? relationship._toEntityKey
          : relationship._fromEntityKey;
      const other = this.entitiesByKey.get(otherKey);
      if (other && other._type === otherType) neighbours.push({ relationship, entity: other });
    }
    return neighbours;
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Accepts the storage directory (`.j1-integration`) or its `graph` directory and returns the
 * graph directory, or undefined when neither holds a collected graph.
 */
export async function resolveGraphDirectory(directory: string): Promise<string | undefined> {
  const nested = path.join(directory, 'graph');
  if (await isDirectory(nested)) return nested;
  if (path.basename(directory) === 'graph' && (await isDirectory(directory))) return directory;
  return undefined;
}

/**
 * Reads every graph file under `graphDirectory` one at a time, so memory holds the graph
 * (without `_rawData`) plus a single file. Files are visited in a sorted order, which makes
 * the result independent of the file system. Brotli-compressed files
 * (INTEGRATION_FILE_COMPRESSION_ENABLED) are read too.
 */
export async function loadGraph(
  graphDirectory: string,
  options: GraphOptions & { select?: GraphSelection } = {},
): Promise<Graph> {
  const graph = new Graph(options);
  let files = await listGraphFiles(graphDirectory);
  if (options.select) {
    const index = await fileIndex(graphDirectory, files);
    const select = options.select;
    const wanted = (summary: FileSummary) =>
      (summary.entityTypes.length > 0 &&
        (select.allEntities ||
          summary.entityTypes.some((type) => select.entityTypes.has(type)) ||
          summary.entityClasses.some((name) => select.entityClasses.has(name)))) ||
      (summary.relationshipClasses.length > 0 &&
        (select.allRelationships ||
          summary.relationshipClasses.some((name) => select.relationshipClasses.has(name))));
    files = files.filter((file) => {
      const summary = index.get(file) as FileSummary;
      if (wanted(summary)) return true;
      for (const type of summary.entityTypes) graph.unloadedTypes.add(type);
      return false;
    });
  }
  for (const file of files) {
    const data = await readGraphFile(file);
    graph.stats.files++;
    if (Array.isArray(data.entities)) {
      for (const entity of data.entities) graph.addEntity(entity as unknown as GraphEntity);
    }
    if (Array.isArray(data.relationships)) {
      for (const relationship of data.relationships)
        graph.addRelationship(relationship as unknown as GraphRelationship);
    }
  }
  return graph;
}

/** What one graph file holds, for choosing files without reading them. */
interface FileSummary {
  size: number;
  mtimeMs: number;
  entityTypes: string[];
  entityClasses: string[];
  relationshipClasses: string[];
}

const INDEX_FILE = 'query-index.json';
const INDEX_VERSION = 1;

/**
 * The summary of every graph file, from `<storage>/query-index.json` where a file's size and
 * modification time match, else read from the file (and the index rewritten). The index is a
 * cache: deleting it costs one full read.
 */
async function fileIndex(
  graphDirectory: string,
  files: string[],
): Promise<Map<string, FileSummary>> {
  const indexFile = path.join(path.dirname(graphDirectory), INDEX_FILE);
  let stored: Record<string, FileSummary> = {};
  try {
    const parsed = JSON.parse(await fs.readFile(indexFile, 'utf8')) as {
      version?: number;
      files?: Record<string, FileSummary>;
    };
    if (parsed.version === INDEX_VERSION && parsed.files) stored = parsed.files;
  } catch {
    stored = {};
  }
  const result = new Map<string, FileSummary>();
  let changed = false;
  for (const file of files) {
    const relative = path.relative(graphDirectory, file);
    const stat = await fs.stat(file);
    const known = stored[relative];
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) {
      result.set(file, known);
      continue;
    }
    const data = await readGraphFile(file);
    const classes = (value: unknown): string[] =>
      (Array.isArray(value) ? value : [value]).filter((item) => typeof item === 'string');
    const summary: FileSummary = {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      entityTypes: [...new Set((data.entities ?? []).map((entity) => entity._type))],
      entityClasses: [
        ...new Set((data.entities ?? []).flatMap((entity) => classes(entity._class))),
      ],
      relationshipClasses: [
        ...new Set((data.relationships ?? []).map((item) => String(item._class).toUpperCase())),
      ],
    };
    result.set(file, summary);
    changed = true;
  }
  if (changed || Object.keys(stored).length !== files.length) {
    const entries = Object.fromEntries(
      files.map((file) => [path.relative(graphDirectory, file), result.get(file)]),
    );
    // A read-only collection still answers; it only reads every file again next time.
    await fs
      .writeFile(indexFile, JSON.stringify({ version: INDEX_VERSION, files: entries }))
      .catch(() => undefined);
  }
  return result;
}

async function isDirectory(directory: string): Promise<boolean> {
  try {
    return (await fs.stat(directory)).isDirectory();
  } catch {
    return false;
  }
}
