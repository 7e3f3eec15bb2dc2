import { IntegrationLogger } from '@jupiterone/integration-sdk-core';
import pMap from 'p-map';

import { JumpCloudClient } from '../../jumpcloud';
import { readUnlessDeleted } from '../shared/optional-data';
import { CollectedIndex } from '../shared/collected';
import { createProgress } from '../shared/progress';
import { subCallConcurrency } from '../shared/sub-calls';
import { readTraversal, SystemAccess } from './converter';

/*
 * Who can log into each system: the devices step's reads of user-to-system bindings, by any
 * route, with `direct` and `sudo` per user. Read only; ./index.ts writes the edges.
 */

/**
 * How the user-to-system bindings of an organization are read.
 *
 * - `per-system`: `GET /api/v2/systems/{id}/users` once per system.
 * - `per-user`: `GET /api/v2/users/{id}/systems` once per user.
 *
 * Both are traversals: one answer lists everyone bound by any route (direct, through a
 * user group, a system group, or both), with the routes in `paths`. Each costs one request
 * per object plus one per further 100 bindings of that object, so the cheaper one walks
 * the smaller side. Walking groups instead cannot beat this: direct user-to-system
 * bindings have no bulk endpoint, so they still need one call per system or per user, on
 * top of the group calls.
 */
export type AccessStrategy = 'per-system' | 'per-user';

export function chooseAccessStrategy(systems: number, users: number): AccessStrategy {
  return systems <= users ? 'per-system' : 'per-user';
}

/** Access of every bound user to one system, by user id. */
export type SystemAccessMap = Map<string, SystemAccess>;

/**
 * Folds one route's `direct` and `sudo` into a user's access. The user's own sudo flag is not
 * here: access may be read before the users are (`read-systems`, ./read.ts); the devices step
 * adds it when it writes the edge.
 */
function recordAccess(
  accessMap: SystemAccessMap,
  userId: string,
  found: { direct: boolean; sudo: boolean },
): void {
  const previous = accessMap.get(userId);
  accessMap.set(userId, {
    userId,
    direct: found.direct || previous?.direct === true,
    sudo: found.sudo || previous?.sudo === true,
  });
}

/** Per-user strategy: every binding of the organization, by system id. */
export async function readBindingsPerUser(
  client: JumpCloudClient,
  logger: IntegrationLogger,
  orgId: string,
  users: CollectedIndex,
): Promise<Map<string, SystemAccessMap>> {
  const bindings = new Map<string, SystemAccessMap>();
  const orgUserIds = users.records.filter((user) => user.orgId === orgId).map((user) => user.id);
  const progress = createProgress(logger, 'users walked for system access');
  await pMap(
    orgUserIds,
    async (userId) => {
      const found: Array<{ systemId: string; direct: boolean; sudo: boolean }> = [];
      const read = await readUnlessDeleted(logger, { kind: 'user', id: userId, orgId }, () =>
        client.iterateUserSystems(orgId, userId, (result) => {
          if (result.type && result.type !== 'system') return;
          found.push({ systemId: result.id, ...readTraversal(result) });
        }),
      );
      if (read) {
        for (const binding of found) {
          let accessMap = bindings.get(binding.systemId);
          if (!accessMap) {
            accessMap = new Map();
            bindings.set(binding.systemId, accessMap);
          }
          recordAccess(accessMap, userId, binding);
        }
      }
      progress.tick();
    },
    { concurrency: subCallConcurrency(client) },
  );
  progress.done({ orgId, systemsWithUsers: bindings.size });
  return bindings;
}

/** Per-system strategy: the users bound to one system. */
export async function readSystemAccess(
  client: JumpCloudClient,
  logger: IntegrationLogger,
  orgId: string,
  id: string,
): Promise<SystemAccessMap> {
  const accessMap: SystemAccessMap = new Map();
  await readUnlessDeleted(logger, { kind: 'system', id, orgId }, () =>
    client.iterateSystemUsers(orgId, id, (result) => {
      if (result.type && result.type !== 'user') return;
      recordAccess(accessMap, result.id, readTraversal(result));
    }),
  );
  return accessMap;
}
