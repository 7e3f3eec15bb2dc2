import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

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
