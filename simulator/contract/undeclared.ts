/**
 * Properties a body carries that its schema does not declare. JSON Schema accepts them
 * (JumpCloud's schemas leave `additionalProperties` open), so ajv alone would let the
 * simulator invent a field the integration then reads. Every contract test runs this after
 * ajv: a property is declared when some branch of the schema names it (`properties`, through
 * `$ref`, `allOf`, `anyOf`, `oneOf`), or when the schema declares the object a map
 * (`additionalProperties` a schema or true). Anything else fails, unless spec-deviations.ts
 * lists it with its evidence (`UNDECLARED_PROPERTY_DEVIATIONS`).
 */

import type { ValidateFunction } from 'ajv';

import { UNDECLARED_PROPERTY_DEVIATIONS } from './spec-deviations';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves `#/definitions/x` or `#/components/schemas/x` (a document-relative pointer). */
export type RefResolver = (ref: string) => JsonObject | undefined;

/** A resolver for refs into one document (`#/...`), whatever prefix a loader gave them. */
export function documentResolver(document: JsonObject): RefResolver {
  return (ref) => {
    const pointer = ref.slice(ref.indexOf('#') + 1);
    let node: Json | undefined = document;
    for (const key of pointer.split('/').filter(Boolean)) {
      node = isObject(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    return isObject(node) ? node : undefined;
  };
}

/** The schema branches that apply to a value: the schema itself and its composed parts. */
function branches(
  schema: JsonObject,
  resolve: RefResolver,
  seen = new Set<JsonObject>(),
): JsonObject[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const found: JsonObject[] = [schema];
  if (typeof schema.$ref === 'string') {
    const target = resolve(schema.$ref);
    if (target) found.push(...branches(target, resolve, seen));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const parts = schema[key];
    if (Array.isArray(parts)) {
      for (const part of parts) if (isObject(part)) found.push(...branches(part, resolve, seen));
    }
  }
  return found;
}

/**
 * Paths (`results[].user`, `[].comment`) of the properties `value` carries that `schema` does
 * not declare; array indexes are written `[]` so a path names a field, not a record.
 */
export function undeclaredProperties(
  schema: JsonObject,
  value: unknown,
  resolve: RefResolver,
  path = '',
  out = new Set<string>(),
): Set<string> {
  const applicable = branches(schema, resolve);
  if (Array.isArray(value)) {
    for (const branch of applicable) {
      if (isObject(branch.items)) {
        for (const item of value)
          undeclaredProperties(branch.items, item, resolve, `${path}[]`, out);
      }
    }
    return out;
  }
  if (!isObject(value)) return out;
  const declared = new Map<string, JsonObject[]>();
  let open = false;
  for (const branch of applicable) {
    if (isObject(branch.properties)) {
      for (const [name, property] of Object.entries(branch.properties)) {
        if (isObject(property)) declared.set(name, [...(declared.get(name) ?? []), property]);
      }
    }
    if (branch.additionalProperties === true || isObject(branch.additionalProperties)) open = true;
  }
  // A schema that names no property (`{}`, a bare `type: object`, a map) leaves the object
  // free: nothing to check below it.
  if (declared.size === 0) return out;
  for (const [name, child] of Object.entries(value)) {
    const schemas = declared.get(name);
    const where = path === '' ? name : `${path}.${name}`;
    if (!schemas) {
      if (!open) out.add(where);
      continue;
    }
    // Declared by several branches: undeclared below only if undeclared by every one.
    let common: Set<string> | undefined;
    for (const childSchema of schemas) {
      const found = undeclaredProperties(childSchema, child, resolve, where);
      common = common ? new Set([...common].filter((p) => found.has(p))) : found;
    }
    for (const found of common ?? []) out.add(found);
  }
  return out;
}

/**
 * `validate`, made to fail also on a property the schema does not declare (unless a deviation
 * allows it for this operation): its `errors` then name the property paths.
 */
export function rejectingUndeclared(
  validate: ValidateFunction,
  schema: JsonObject,
  resolve: RefResolver,
  operation: string,
): ValidateFunction {
  const allowed = new Set(
    UNDECLARED_PROPERTY_DEVIATIONS.filter((d) => d.operation === operation).map((d) => d.property),
  );
  const wrapped = ((data: unknown) => {
    if (!validate(data)) {
      wrapped.errors = validate.errors;
      return false;
    }
    const undeclared = [...undeclaredProperties(schema, data, resolve)].filter(
      (path) => !allowed.has(path),
    );
    wrapped.errors = undeclared.length
      ? undeclared.map((path) => ({
          instancePath: path,
          schemaPath: operation,
          keyword: 'undeclared',
          params: { property: path },
          message: `${operation}: the specification does not declare "${path}"`,
        }))
      : null;
    return undeclared.length === 0;
  }) as ValidateFunction;
  wrapped.errors = null;
  return wrapped;
}
