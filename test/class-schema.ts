import { IntegrationSchema } from '@jupiterone/data-model';
import { Entity, StepEntityMetadata } from '@jupiterone/integration-sdk-core';

import { excludedProperties } from '../src/steps/shared/excluded-properties';

type Schema = Record<string, unknown>;

/** A data-model schema with its `$ref`s inlined and the excluded names no longer required. */
function withoutRequired(schema: Schema, excluded: Set<string>): Schema {
  const { $id: _id, $schema: _schema, allOf, required, ...rest } = schema;
  const result: Schema = { ...rest };
  if (Array.isArray(required)) {
    result.required = (required as string[]).filter((name) => !excluded.has(name));
  }
  if (Array.isArray(allOf)) {
    result.allOf = (allOf as Schema[]).map((part) =>
      withoutRequired(typeof part.$ref === 'string' ? classSchema(part.$ref) : part, excluded),
    );
  }
  return result;
}

function classSchema(ref: string): Schema {
  const validate = IntegrationSchema.getSchema(ref);
  if (!validate) throw new Error(`no data-model schema ${ref}`);
  return validate.schema as Schema;
}

/**
 * Validates an entity against its classes' data-model schemas and its type's metadata
 * `schema`, as the SDK's `toMatchGraphObjectSchema` does, but honouring the metadata's
 * `exclude: true` (SDK 8.41's matcher has no `exclude`; JupiterOne's later SDKs and its
 * graph-azure integration use it, see src/steps/shared/excluded-properties.ts): an excluded
 * property is not required by the class, and must not be on the entity at all. Returns the
 * validation errors, none when the entity conforms.
 */
export function entitySchemaErrors(entity: Entity, metadata: StepEntityMetadata): string[] {
  const excluded = excludedProperties(metadata);
  const excludedSet = new Set(excluded);
  const classes = Array.isArray(metadata._class) ? metadata._class : [metadata._class];
  const own = (metadata.schema?.properties ?? {}) as Record<string, unknown>;
  const schema = {
    allOf: [
      ...classes.map((c) => withoutRequired(classSchema(`#${c}`), excludedSet)),
      {
        properties: Object.fromEntries(
          Object.entries(own).filter(([name]) => !excludedSet.has(name)),
        ),
        required: metadata.schema?.required ?? [],
      },
      ...excluded.map((name) => ({ not: { required: [name] } })),
      { properties: { _type: { const: metadata._type }, _class: { const: classes } } },
    ],
  };
  if (IntegrationSchema.validate(schema, entity)) return [];
  return (IntegrationSchema.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
  );
}

/**
 * A step's result as SDK 8.41's `toMatchStepMetadata` can check it. That matcher knows no
 * `exclude` and would require the excluded properties, so each entity of `metadata`'s type is
 * checked here with `entitySchemaErrors` (an error fails the test) and handed to the matcher
 * with `standIns` (the converter's, for the SDK's class validation), which checks the rest.
 */
export function withStandIns<T extends { collectedEntities: Entity[] }>(
  result: T,
  metadata: StepEntityMetadata,
  standIns: Record<string, string | boolean | null>,
): T {
  const collectedEntities = result.collectedEntities.map((entity) => {
    if (entity._type !== metadata._type) return entity;
    const errors = entitySchemaErrors(entity, metadata);
    if (errors.length > 0) {
      throw new Error(`${metadata._type} ${entity._key}: ${errors.join('; ')}`);
    }
    return { ...entity, ...standIns };
  });
  return { ...result, collectedEntities };
}
