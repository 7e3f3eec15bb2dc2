/**
 * The vendored subset of JumpCloud's 2026 v2 specification (`specs/v2-2026-features.json`,
 * made by extract-spec-subset.ts) loaded into ajv's JSON Schema 2020-12 draft, for the
 * contract tests of the feature and access routes.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { SPEC_DIR } from './spec-schemas';
import { documentResolver, rejectingUndeclared } from './undeclared';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const SPEC_2026 = JSON.parse(
  readFileSync(join(SPEC_DIR, 'v2-2026-features.json'), 'utf8'),
) as {
  paths: Record<string, { get: JsonObject }>;
  components: Record<string, JsonObject>;
};

function rewriteRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `features.json${value}`
        : rewriteRefs(value),
    ]),
  );
}

/** Validators for the 200 bodies (and named schemas) of the vendored 2026 subset. */
export function build2026Validators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's numeric formats say nothing JSON Schema can check.
  for (const format of ['int32', 'int64', 'double', 'float', 'uint32']) {
    ajv.addFormat(format, true);
  }
  ajv.addSchema({ $id: 'features.json', components: SPEC_2026.components });
  const resolve = documentResolver(SPEC_2026 as unknown as JsonObject);
  return {
    forOperation(specPath: string, status = '200'): ValidateFunction {
      const responses = SPEC_2026.paths[specPath]?.get?.responses as JsonObject | undefined;
      const response = (responses?.[status] ?? responses?.default) as JsonObject | undefined;
      const content = (response?.content ?? {}) as Record<string, JsonObject>;
      // The 2026 spec declares `tpm_info`'s 200 as `text/html` with the same array schema
      // as every other table (an error in the spec): the simulator answers JSON, checked
      // against that schema.
      const schema = (content['application/json'] ?? content['text/html'])?.schema;
      if (!schema) throw new Error(`no ${status} schema for GET ${specPath}`);
      return rejectingUndeclared(
        ajv.compile(rewriteRefs(schema) as object),
        schema as JsonObject,
        resolve,
        `2026 ${specPath}`,
      );
    },
    forSchema(name: string): ValidateFunction {
      return rejectingUndeclared(
        ajv.compile({ $ref: `features.json#/components/schemas/${name}` }),
        { $ref: `#/components/schemas/${name}` },
        resolve,
        `2026 #${name}`,
      );
    },
  };
}
