import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

import type { GraphObjectWithPaths } from '../src/jumpcloud/types';

/** The `from>to` keys of every relationship of one `_type`, sorted: easy to compare with ground truth. */
export function edgePairs(
  relationships: Array<{ _type: string; _fromEntityKey?: unknown; _toEntityKey?: unknown }>,
  _type: string,
): string[] {
  return relationships
    .filter((r) => r._type === _type)
    .map((r) => `${r._fromEntityKey}>${r._toEntityKey}`)
    .sort();
}

/** The error the client throws for a 404 on `path`. */
export function notFoundError(path: string): IntegrationProviderAPIError {
  return new IntegrationProviderAPIError({
    endpoint: `GET ${path}`,
    status: 404,
    statusText: 'Not Found',
  });
}

/**
 * A v2 traversal result reached by routes of the given hop counts (1 = direct; longer routes
 * pass through the user group `viaGroupId`).
 */
export function traversalResult(
  id: string,
  type: string,
  hops: number[],
  viaGroupId: string,
): GraphObjectWithPaths {
  return {
    id,
    type,
    compiledAttributes: null,
    paths: hops.map((length) =>
      Array.from({ length }, (_, index) => ({
        attributes: null,
        to:
          index === length - 1
            ? { id, type, attributes: null }
            : { id: viaGroupId, type: 'user_group', attributes: null },
      })),
    ),
  };
}
