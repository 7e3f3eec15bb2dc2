/**
 * The graph the access data of an org implies, computed from the simulator's own records
 * (never from the integration): the ground truth step tests and managed questions compare
 * against. Edges are `from>to` keys, sorted.
 */
import type { SimulatedOrg } from '../directory/generate';
import { commandSystemTraversal, orgAccess, type AuthnPolicy } from './generate';

export interface ExpectedAccessGraph {
  commands: string[];
  authPolicies: string[];
  ipLists: string[];
  directories: string[];
  radiusServers: string[];
  /** Command ASSIGNED device, with `direct` (a one-hop route exists). */
  commandDevices: Array<{ pair: string; direct: boolean }>;
  commandDeviceGroups: string[];
  policyGroups: string[];
  /** Policy ASSIGNED application, with `allApplications` (covered by a type-wide target). */
  policyApplications: Array<{ pair: string; allApplications: boolean }>;
  /** Policy USES IP list, with `negated` (under a `not`). */
  policyIpLists: Array<{ pair: string; negated: boolean }>;
  groupDirectories: string[];
  groupRadiusServers: string[];
  /** Manager MANAGES user. */
  managers: string[];
}

/** IP lists named by `ipAddressIn` anywhere in a policy's conditions, with their polarity. */
export function policyIpListIds(policy: AuthnPolicy): Map<string, boolean> {
  const found = new Map<string, boolean>();
  const walk = (node: unknown, negated: boolean) => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.ipAddressIn)) {
      for (const id of record.ipAddressIn as string[])
        found.set(id, (found.get(id) ?? false) || negated);
    }
    if (record.not !== undefined) walk(record.not, !negated);
    for (const list of [record.all, record.any])
      if (Array.isArray(list)) list.forEach((c) => walk(c, negated));
  };
  walk(policy.conditions, false);
  return found;
}

/** Applications a policy covers: named ones, or every one but the excluded for a type-wide target. */
export function policyApplicationIds(org: SimulatedOrg, policy: AuthnPolicy): Map<string, boolean> {
  const covered = new Map<string, boolean>();
  const known = new Set(org.applications.map((app) => app.id));
  const resources = policy.targets.resources.filter((r) => r.type === 'application');
  for (const r of resources) if (r.id && known.has(r.id)) covered.set(r.id, false);
  if (resources.some((r) => !r.id)) {
    const excluded = new Set(policy.targets.excludedApplications ?? []);
    for (const app of org.applications)
      if (!excluded.has(app.id) && !covered.has(app.id)) covered.set(app.id, true);
  }
  return covered;
}

/** Enforced (on, not monitor-only), allowing with MFA. */
export function policyEnforcesMfa(policy: AuthnPolicy): boolean {
  return (
    !policy.disabled &&
    !policy.monitorOnly &&
    policy.effect.action === 'allow' &&
    policy.effect.obligations?.mfa?.required === true
  );
}

const sorted = (values: Iterable<string>) => [...values].sort();
const byPair = <T extends { pair: string }>(values: T[]) =>
  values.sort((a, b) => (a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0));

export function expectedAccessGraph(org: SimulatedOrg): ExpectedAccessGraph {
  const access = orgAccess(org);
  const groups = new Set(org.userGroups.map((g) => g.id));
  const systemGroups = new Set(org.systemGroups.map((g) => g.id));
  const users = new Set(org.users.map((u) => u.id));
  const ipLists = new Set(access.ipLists.map((l) => l.id));
  return {
    commands: sorted(access.commands.map((c) => c.id)),
    authPolicies: sorted(access.authnPolicies.map((p) => p.id)),
    ipLists: sorted(ipLists),
    directories: sorted(access.directories.map((d) => d.id)),
    radiusServers: sorted(access.radiusServers.map((r) => r._id)),
    commandDevices: byPair(
      access.commands.flatMap((c) =>
        commandSystemTraversal(org, c.id).map((item) => ({
          pair: `${c.id}>${item.id}`,
          direct: item.paths.some((path) => path.length === 1),
        })),
      ),
    ),
    commandDeviceGroups: sorted(
      access.commands.flatMap((c) =>
        (access.commandSystemGroups.get(c.id) ?? [])
          .filter((g) => systemGroups.has(g))
          .map((g) => `${c.id}>${g}`),
      ),
    ),
    policyGroups: sorted(
      new Set(
        access.authnPolicies.flatMap((p) =>
          (p.targets.userGroups?.inclusions ?? [])
            .filter((g) => groups.has(g))
            .map((g) => `${p.id}>${g}`),
        ),
      ),
    ),
    policyApplications: byPair(
      access.authnPolicies.flatMap((p) =>
        [...policyApplicationIds(org, p)].map(([app, all]) => ({
          pair: `${p.id}>${app}`,
          allApplications: all,
        })),
      ),
    ),
    policyIpLists: byPair(
      access.authnPolicies.flatMap((p) =>
        [...policyIpListIds(p)]
          .filter(([id]) => ipLists.has(id))
          .map(([id, negated]) => ({ pair: `${p.id}>${id}`, negated })),
      ),
    ),
    groupDirectories: sorted(
      access.directories.flatMap((d) =>
        (access.directoryUserGroups.get(d.id) ?? [])
          .filter((g) => groups.has(g))
          .map((g) => `${g}>${d.id}`),
      ),
    ),
    groupRadiusServers: sorted(
      access.radiusServers.flatMap((r) =>
        (access.radiusUserGroups.get(r._id) ?? [])
          .filter((g) => groups.has(g))
          .map((g) => `${g}>${r._id}`),
      ),
    ),
    managers: sorted(
      org.users
        .filter((u) => u.manager !== undefined && users.has(u.manager) && u.manager !== u.id)
        .map((u) => `${u.manager}>${u.id}`),
    ),
  };
}
