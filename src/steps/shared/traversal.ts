import type { GraphObjectWithPaths } from '../../jumpcloud/types';

/**
 * A v2 traversal result (`/applications/{id}/users`, `/commands/{id}/systems`,
 * `/policies/{id}/systems`, ...) is bound directly when one of its routes is a single hop.
 * A route lists only the `to` end of each hop (REFERENCE §8), so a one-hop route ends at the
 * object itself; longer routes go through groups.
 */
export function isDirectBinding(object: GraphObjectWithPaths): boolean {
  return (object.paths ?? []).some((path) => Array.isArray(path) && path.length === 1);
}
