import {
  createDirectRelationship,
  Relationship,
  RelationshipClass,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

type RelationshipProperties = Record<string, string | number | boolean | null | undefined>;

/**
 * A relationship of a declared kind between two entities known by key: `_class`, the
 * endpoint types and so `_type` come from the step metadata in ./constants.ts, so an edge
 * can never disagree with what its step declares. No entity is loaded (TOOLCHAIN §12).
 */
export function relate(
  metadata: StepRelationshipMetadata,
  fromKey: string,
  toKey: string,
  properties?: RelationshipProperties,
): Relationship {
  return createDirectRelationship({
    _class: metadata._class as RelationshipClass,
    fromKey,
    fromType: metadata.sourceType,
    toKey,
    toType: metadata.targetType,
    properties,
  });
}
