/**
 * Reading what `j1-integration collect` (or `executeIntegrationLocally` with a
 * FileSystemGraphObjectStore) wrote: `<storage>/graph/<stepId>/entities/<uuid>.json` holding
 * `{"entities": [...]}` and `<storage>/graph/<stepId>/relationships/<uuid>.json` holding
 * `{"relationships": [...]}`. Files are brotli-compressed when the run had
 * INTEGRATION_FILE_COMPRESSION_ENABLED set; both forms are read.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { brotliDecompressSync } from 'zlib';

import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';

export interface GraphFileContents {
  entities?: Entity[];
  relationships?: Relationship[];
}

export interface CollectedGraph {
  entities: Entity[];
  relationships: Relationship[];
  /** Number of graph files read. */
  fileCount: number;
}

export interface TypeCounts {
  /** `_type` -> number of entities, sorted by `_type`. */
  entities: Record<string, number>;
  /** `_type` -> number of relationships, sorted by `_type`. */
  relationships: Record<string, number>;
  totalEntities: number;
  totalRelationships: number;
}

/** `.j1-integration` under the given project directory (the CLI's fixed location). */
export function defaultStorageDirectory(projectPath: string = process.cwd()): string {
  return path.resolve(projectPath, '.j1-integration');
}

/** Every `*.json` file under `graphDir`, sorted, recursively. Missing dir -> error. */
export async function listGraphFiles(graphDir: string): Promise<string[]> {
  const stat = await fs.stat(graphDir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new Error(
      `No graph directory at ${graphDir}: run a collection first (npm run demo, or ` +
        '`j1-integration collect`), or pass the directory that holds <stepId>/entities/*.json.',
    );
  }
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.json')) files.push(full);
    }
  };
  await walk(graphDir);
  return files;
}

/** Parses one graph file, plain JSON or brotli-compressed JSON. */
export async function readGraphFile(file: string): Promise<GraphFileContents> {
  const buffer = await fs.readFile(file);
  const text = looksLikeJson(buffer) ? buffer.toString('utf8') : decompress(buffer, file);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as GraphFileContents;
  } catch (err) {
    throw new Error(`Graph file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Loads every entity and relationship under `graphDir` (e.g. `.j1-integration/graph`). */
export async function readGraph(graphDir: string): Promise<CollectedGraph> {
  const files = await listGraphFiles(graphDir);
  const entities: Entity[] = [];
  const relationships: Relationship[] = [];
  for (const file of files) {
    const contents = await readGraphFile(file);
    if (Array.isArray(contents.entities)) entities.push(...contents.entities);
    if (Array.isArray(contents.relationships)) relationships.push(...contents.relationships);
  }
  return { entities, relationships, fileCount: files.length };
}

/** Counts graph objects per `_type`; keys sorted so printed tables are stable. */
export function countByType(objects: Array<{ _type: string }>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const object of objects) counts.set(object._type, (counts.get(object._type) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function countGraph(graph: Pick<CollectedGraph, 'entities' | 'relationships'>): TypeCounts {
  return {
    entities: countByType(graph.entities),
    relationships: countByType(graph.relationships),
    totalEntities: graph.entities.length,
    totalRelationships: graph.relationships.length,
  };
}

/** Entities and relationships per `_type` for the graph files under `graphDir`. */
export async function countGraphFilesByType(graphDir: string): Promise<TypeCounts> {
  return countGraph(await readGraph(graphDir));
}

function looksLikeJson(buffer: Buffer): boolean {
  for (const byte of buffer) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b /* { */ || byte === 0x5b; /* [ */
  }
  return true; // empty file: no objects
}

function decompress(buffer: Buffer, file: string): string {
  try {
    return brotliDecompressSync(buffer).toString('utf8');
  } catch {
    throw new Error(`Graph file ${file} is neither JSON nor brotli-compressed JSON.`);
  }
}
