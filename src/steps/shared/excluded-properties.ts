import {
  Entity,
  IntegrationEntityBuilderInput,
  StepEntityMetadata,
} from '@jupiterone/integration-sdk-core';

import { createEntity } from './entity';

/**
 * Properties that an entity type's class schema requires but that the API has no value for,
 * declared in the type's step metadata as `schema.properties.<name>: { exclude: true }`.
 * That is JupiterOne's own convention for the case: graph-azure's conditional-access named
 * locations are `Network` entities with `CIDR`, `internal` and `public` excluded
 * (JupiterOne/graph-azure, src/steps/active-directory/conditional-access-policy/constants.ts,
 * commit 401f5e1e8cca131d40b4cc947f689abcb5928ea8), rather than values made up to fill them.
 */
export function excludedProperties(metadata: StepEntityMetadata): string[] {
  const properties = (metadata.schema?.properties ?? {}) as Record<string, unknown>;
  return Object.keys(properties).filter((name) => {
    const property = properties[name];
    return typeof property === 'object' && property !== null && 'exclude' in property;
  });
}

/**
 * `createIntegrationEntity` for a type with excluded properties. SDK 8.41's schema validation
 * (on under `j1-integration collect` and `npm run demo`) knows nothing of `exclude` and would
 * refuse the entity for lacking them. So the entity is built and validated with `standIns`
 * (values the class schema accepts, one per excluded property), which are then removed: every
 * other property is still checked against the class, and the excluded ones are never written.
 */
export function createEntityExcluding(
  metadata: StepEntityMetadata,
  input: IntegrationEntityBuilderInput,
  standIns: Record<string, string | boolean | null>,
): Entity {
  const excluded = excludedProperties(metadata);
  const named = Object.keys(standIns).sort();
  if (named.join() !== [...excluded].sort().join()) {
    throw new Error(
      `${metadata._type}: stand-ins (${named.join(', ')}) must be exactly the excluded properties (${excluded.join(', ')})`,
    );
  }
  const { assign } = input.entityData;
  const written = excluded.filter((name) => name in assign);
  if (written.length > 0) {
    throw new Error(`${metadata._type}: excluded properties assigned: ${written.join(', ')}`);
  }
  const entity = createEntity({
    entityData: { ...input.entityData, assign: { ...assign, ...standIns } },
  });
  for (const name of excluded) delete entity[name];
  return entity;
}
