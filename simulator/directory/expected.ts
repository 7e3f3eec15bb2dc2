/**
 * Ground truth for tests that check the integration's graph against the simulated org.
 * Computed straight from `org.links` with plain maps and sets, independently of the indexes
 * and traversal code that answer HTTP requests (so each can check the other).
 */
import type { SimulatedOrg } from './generate';
import type { GraphAttributes } from '../shared/types';

export type UserSystemRoute = 'direct' | 'userGroup' | 'systemGroup' | 'userGroupSystemGroup';

export interface ExpectedUserSystemAccess {
  userId: string;
  systemId: string;
  /** Bound directly (user -> system), as opposed to only through groups. */
  direct: boolean;
  /** Admin rights on the system through any route (binding or user-group sudo attributes). */
  sudo: boolean;
  /** Every route that grants access, in a fixed order; a route type may repeat. */
  routes: UserSystemRoute[];
}

export interface ExpectedUserApplicationAccess {
  userId: string;
  applicationId: string;
  direct: boolean;
  /** User groups through which the user reaches the application. */
  viaUserGroupIds: string[];
}

function multiMap<K, V>(entries: Iterable<[K, V]>): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const [k, v] of entries) {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }
  return map;
}

function grantsSudo(attributes: GraphAttributes | null | undefined): boolean {
  return attributes?.sudo?.enabled === true;
}

/** Every (user, system) pair with access, sorted by user id then system id. */
export function expectedUserSystemAccess(org: SimulatedOrg): ExpectedUserSystemAccess[] {
  const { links } = org;
  const groupAttributes = new Map(org.userGroups.map((g) => [g.id, g.attributes]));
  const membersOfGroup = multiMap(
    links.userGroupMembers.map((m) => [m.userGroupId, m.userId] as [string, string]),
  );
  const membersOfSystemGroup = multiMap(
    links.systemGroupMembers.map((m) => [m.systemGroupId, m.systemId] as [string, string]),
  );
  const access = new Map<string, ExpectedUserSystemAccess>();
  const grant = (userId: string, systemId: string, route: UserSystemRoute, sudo: boolean) => {
    const key = `${userId}:${systemId}`;
    let entry = access.get(key);
    if (!entry) {
      entry = { userId, systemId, direct: false, sudo: false, routes: [] };
      access.set(key, entry);
    }
    entry.routes.push(route);
    if (route === 'direct') entry.direct = true;
    if (sudo) entry.sudo = true;
  };
  for (const b of links.userSystems)
    grant(b.userId, b.systemId, 'direct', grantsSudo(b.attributes));
  for (const b of links.userGroupSystems) {
    const sudo = grantsSudo(b.attributes) || grantsSudo(groupAttributes.get(b.userGroupId));
    for (const userId of membersOfGroup.get(b.userGroupId) ?? [])
      grant(userId, b.systemId, 'userGroup', sudo);
  }
  for (const b of links.userSystemGroups) {
    for (const systemId of membersOfSystemGroup.get(b.systemGroupId) ?? [])
      grant(b.userId, systemId, 'systemGroup', grantsSudo(b.attributes));
  }
  for (const b of links.userGroupSystemGroups) {
    const sudo = grantsSudo(b.attributes) || grantsSudo(groupAttributes.get(b.userGroupId));
    for (const userId of membersOfGroup.get(b.userGroupId) ?? []) {
      for (const systemId of membersOfSystemGroup.get(b.systemGroupId) ?? [])
        grant(userId, systemId, 'userGroupSystemGroup', sudo);
    }
  }
  return Array.from(access.values()).sort((a, b) =>
    a.userId === b.userId ? cmp(a.systemId, b.systemId) : cmp(a.userId, b.userId),
  );
}

/** Every (user, application) pair with access, direct or through user groups. */
export function expectedUserApplicationAccess(org: SimulatedOrg): ExpectedUserApplicationAccess[] {
  const { links } = org;
  const membersOfGroup = multiMap(
    links.userGroupMembers.map((m) => [m.userGroupId, m.userId] as [string, string]),
  );
  const access = new Map<string, ExpectedUserApplicationAccess>();
  const entry = (userId: string, applicationId: string) => {
    const key = `${userId}:${applicationId}`;
    let e = access.get(key);
    if (!e) {
      e = { userId, applicationId, direct: false, viaUserGroupIds: [] };
      access.set(key, e);
    }
    return e;
  };
  for (const b of links.applicationUsers) entry(b.userId, b.applicationId).direct = true;
  for (const b of links.applicationUserGroups) {
    for (const userId of membersOfGroup.get(b.userGroupId) ?? [])
      entry(userId, b.applicationId).viaUserGroupIds.push(b.userGroupId);
  }
  for (const e of access.values()) e.viaUserGroupIds.sort(cmp);
  return Array.from(access.values()).sort((a, b) =>
    a.userId === b.userId ? cmp(a.applicationId, b.applicationId) : cmp(a.userId, b.userId),
  );
}

/**
 * Every secret string the org's API answers contain (SAML private keys and certificates in
 * application `config`, SSH public keys, legacy `public_key`). None may reach the graph.
 */
export function secretValues(org: SimulatedOrg): string[] {
  const out = new Set<string>();
  for (const app of org.applications) {
    out.add(app.config.idpPrivateKey.value);
    out.add(app.config.idpCertificate.value);
    out.add(app.config.spCertificate.value);
  }
  for (const user of org.users) {
    for (const key of user.ssh_keys) out.add(key.public_key);
    if (user.public_key) out.add(user.public_key);
  }
  return Array.from(out);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
