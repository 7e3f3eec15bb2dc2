/**
 * What the integration itself says each `_type` and relationship class carries, for the
 * engine's typo check: the step metadata of src/steps/constants.ts (each `_type`, its classes,
 * the properties of its `schema`, relationship classes and their schemas) and the JupiterOne
 * data-model schema of each class (`@jupiterone/data-model`: the properties every entity of a
 * class may carry). Documentation prose is no source: it names API fields (`lastContact`,
 * `mfa`) that the graph does not carry.
 */
import { readFileSync } from 'fs';
import path from 'path';

import { Entities, Relationships } from '../../src/steps/constants';

export interface DocumentedDataModel {
  /** `_type` -> property names its metadata schema lists. */
  entityProperties: Map<string, Set<string>>;
  /** `_type` -> its classes. */
  classesOfType: Map<string, string[]>;
  /** Relationship class (upper case) -> property names its metadata schemas list. */
  relationshipProperties: Map<string, Set<string>>;
  /** Relationship `_type`s the integration writes. */
  relationshipTypes: Set<string>;
  /** Class -> properties of its JupiterOne schema (including Entity and GraphObject). */
  classProperties: Map<string, Set<string>>;
  /** Properties every graph object may carry (`_key`, `_type`, `displayName`, ...). */
  baseProperties: Set<string>;
}

interface SchemaLike {
  properties?: Record<string, unknown>;
}

function addAll<K, V>(map: Map<K, Set<V>>, key: K, values: Iterable<V>): void {
  const set = map.get(key) ?? new Set<V>();
  for (const value of values) set.add(value);
  map.set(key, set);
}

function readSchemaProperties(
  schemasDirectory: string,
  name: string,
  seen = new Set<string>(),
): Set<string> {
  const properties = new Set<string>();
  if (seen.has(name)) return properties;
  seen.add(name);
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(path.join(schemasDirectory, `${name}.json`), 'utf8'));
  } catch {
    return properties;
  }
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    if (typeof object.$ref === 'string' && object.$ref.startsWith('#')) {
      for (const property of readSchemaProperties(schemasDirectory, object.$ref.slice(1), seen)) {
        properties.add(property);
      }
    }
    if (object.properties && typeof object.properties === 'object') {
      for (const property of Object.keys(object.properties)) properties.add(property);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      if (Array.isArray(object[key])) for (const item of object[key] as unknown[]) visit(item);
    }
  };
  visit(schema);
  return properties;
}

function schemasDirectory(): string | undefined {
  try {
    const entry = require.resolve('@jupiterone/data-model/package.json');
    return path.join(path.dirname(entry), 'dist', 'schemas');
  } catch {
    return undefined;
  }
}

export function emptyDataModel(): DocumentedDataModel {
  return {
    entityProperties: new Map(),
    classesOfType: new Map(),
    relationshipProperties: new Map(),
    relationshipTypes: new Set(),
    classProperties: new Map(),
    baseProperties: new Set(['_key', '_type', '_class', '_id', '_source', 'displayName']),
  };
}

/** The integration's known `_type`s, classes and properties (see the module comment). */
export function loadDocumentedDataModel(): DocumentedDataModel {
  const model = emptyDataModel();
  for (const metadata of Object.values(Entities)) {
    const classes = Array.isArray(metadata._class) ? metadata._class : [metadata._class];
    model.classesOfType.set(metadata._type, classes);
    const schema = metadata.schema as SchemaLike | undefined;
    addAll(model.entityProperties, metadata._type, Object.keys(schema?.properties ?? {}));
  }
  for (const metadata of Object.values(Relationships)) {
    model.relationshipTypes.add(metadata._type);
    const schema = metadata.schema as SchemaLike | undefined;
    addAll(
      model.relationshipProperties,
      String(metadata._class).toUpperCase(),
      Object.keys(schema?.properties ?? {}),
    );
  }
  const schemas = schemasDirectory();
  if (schemas) {
    for (const property of readSchemaProperties(schemas, 'Entity')) {
      model.baseProperties.add(property);
    }
  }
  return model;
}

/** The JupiterOne schema properties of a class (cached in the model). */
export function classSchemaProperties(
  model: DocumentedDataModel,
  entityClass: string,
): Set<string> {
  let properties = model.classProperties.get(entityClass);
  if (!properties) {
    const schemas = schemasDirectory();
    properties = schemas ? readSchemaProperties(schemas, entityClass) : new Set<string>();
    model.classProperties.set(entityClass, properties);
  }
  return properties;
}
