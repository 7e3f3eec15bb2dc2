/**
 * Loads the vendored JumpCloud specs (Swagger 2.0) into ajv, so responses can be validated
 * against the 200-response schema of the matching operation.
 *
 * Swagger 2.0 schemas are a JSON Schema draft-4 subset plus extensions. Two adjustments make
 * them checkable with ajv: `x-nullable: true` (Swagger's way to say "may be null") becomes a
 * real null type, and the deviations listed in specDeviations.ts are applied. Everything else
 * is used as published.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { join } from 'path';
import { SPEC_DEVIATIONS } from './spec-deviations';
import { documentResolver, rejectingUndeclared } from './undeclared';

export type SpecName = 'v1' | 'v2';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface SwaggerSpec {
  basePath: string;
  paths: Record<string, Record<string, { responses?: Record<string, { schema?: JsonObject }> }>>;
  definitions: Record<string, JsonObject>;
}

export const SPEC_DIR = join(__dirname, 'specs');

export function loadSpec(name: SpecName): SwaggerSpec {
  return JSON.parse(readFileSync(join(SPEC_DIR, `${name}.json`), 'utf8')) as SwaggerSpec;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Makes a schema (in place) also accept null. */
function allowNull(schema: JsonObject): void {
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    delete schema.$ref;
    schema.anyOf = [{ $ref: ref }, { type: 'null' }];
    return;
  }
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  else if (Array.isArray(schema.type) && !schema.type.includes('null'))
    schema.type = [...schema.type, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum = [...schema.enum, null];
}

/** Turns every `x-nullable: true` into a null-accepting schema. */
function applyXNullable(node: Json): void {
  if (Array.isArray(node)) {
    node.forEach(applyXNullable);
    return;
  }
  if (!isObject(node)) return;
  for (const value of Object.values(node)) applyXNullable(value);
  if (node['x-nullable'] === true) allowNull(node);
}

function rewriteRefs(node: Json, id: string): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, id));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/')
        ? `${id}${v}`
        : rewriteRefs(v, id);
  }
  return out;
}

export interface SpecValidators {
  /** Validator for the 200 response of `GET <specPath>` (path as written in the spec). */
  forOperation(spec: SpecName, specPath: string): ValidateFunction;
  /** Validator for one definition, e.g. ('v1', 'systemuserreturn'). */
  forDefinition(spec: SpecName, definition: string): ValidateFunction;
  /** The spec path whose template matches a URL template (`/api/v2/systems/{id}/users`). */
  specPathFor(routeTemplate: string): { spec: SpecName; path: string } | null;
}

const normalize = (p: string) => p.replace(/\{[^}]+\}/g, '{}').replace(/\/$/, '');

export function buildSpecValidators(): SpecValidators {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const specs = { v1: loadSpec('v1'), v2: loadSpec('v2') };
  for (const name of ['v1', 'v2'] as const) {
    const definitions = specs[name].definitions as unknown as JsonObject;
    applyXNullable(definitions);
    for (const deviation of SPEC_DEVIATIONS.filter((d) => d.spec === name)) {
      let node: Json = definitions;
      for (const key of deviation.path) node = isObject(node) ? node[key] : null;
      if (!isObject(node))
        throw new Error(`deviation path not found in ${name}: ${deviation.path.join('.')}`);
      allowNull(node);
    }
    ajv.addSchema({ $id: `jumpcloud-${name}.json`, definitions }, `jumpcloud-${name}.json`);
  }
  const cache = new Map<string, ValidateFunction>();
  const resolvers = {
    v1: documentResolver(specs.v1 as unknown as JsonObject),
    v2: documentResolver(specs.v2 as unknown as JsonObject),
  };

  return {
    forOperation(spec, specPath) {
      const key = `${spec} ${specPath}`;
      let validate = cache.get(key);
      if (!validate) {
        const schema = specs[spec].paths[specPath]?.get?.responses?.['200']?.schema;
        if (!schema) throw new Error(`no GET 200 schema for ${spec} ${specPath}`);
        validate = rejectingUndeclared(
          ajv.compile(rewriteRefs(schema, `jumpcloud-${spec}.json`) as object),
          schema,
          resolvers[spec],
          `${spec} ${specPath}`,
        );
        cache.set(key, validate);
      }
      return validate;
    },
    forDefinition(spec, definition) {
      const key = `${spec} #${definition}`;
      let validate = cache.get(key);
      if (!validate) {
        validate = rejectingUndeclared(
          ajv.compile({ $ref: `jumpcloud-${spec}.json#/definitions/${definition}` }),
          { $ref: `#/definitions/${definition}` },
          resolvers[spec],
          `${spec} #${definition}`,
        );
        cache.set(key, validate);
      }
      return validate;
    },
    specPathFor(routeTemplate) {
      const spec: SpecName = routeTemplate.startsWith('/api/v2/') ? 'v2' : 'v1';
      const relative = routeTemplate.replace(spec === 'v2' ? /^\/api\/v2/ : /^\/api/, '');
      const wanted = normalize(relative);
      const path = Object.keys(specs[spec].paths).find(
        (p) => normalize(p) === wanted && specs[spec].paths[p].get,
      );
      return path ? { spec, path } : null;
    },
  };
}
