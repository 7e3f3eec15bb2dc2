import { Relationship, StepRelationshipMetadata } from '@jupiterone/integration-sdk-core';

import { edgeKey } from './keys';

type RelationshipProperties = Record<string, string | number | boolean | null | undefined>;

/** The middle of each kind's `_key` (`assigned`), made once per kind, not once per edge. */
const keyVerbs = new WeakMap<StepRelationshipMetadata, string>();

/**
 * A relationship of a declared kind between two entities known by key: `_class`, the
 * endpoint types and so `_type` come from the step metadata in ./constants.ts, so an edge
 * can never disagree with what its step declares. No entity is loaded (TOOLCHAIN §12).
 *
 * The object is the one the SDK's `createDirectRelationship` makes (`displayName` the class),
 * built here in one allocation: a run makes millions. The SDK keeps `_key` and `_type` of
 * every edge until the run ends, so both are small: `_type` is the metadata's one string (the
 * SDK's helper builds a new string per edge), and `_key` is a 16-character digest of the SDK's
 * key (./keys.ts).
 */
export function relate(
  metadata: StepRelationshipMetadata,
  fromKey: string,
  toKey: string,
  properties?: RelationshipProperties,
): Relationship {
  let verb = keyVerbs.get(metadata);
  if (verb === undefined) keyVerbs.set(metadata, (verb = metadata._class.toLowerCase()));
  return {
    _key: edgeKey(fromKey, verb, toKey),
    _type: metadata._type,
    _class: metadata._class,
    _fromEntityKey: fromKey,
    _toEntityKey: toKey,
    displayName: metadata._class,
    ...properties,
  };
}
