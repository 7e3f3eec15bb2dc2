/**
 * Data quirks: opt-in changes to a generated directory that make the cases the
 * integration's guards exist for. Off by default; generate.ts is untouched, so the data of
 * every run without quirks (and every recording) stays byte-identical.
 *
 * A quirked org is a new object (records copied, links renamed, graph rebuilt), so the
 * memoised optional bodies of data (`orgAssets`, `orgSystemInfo`) of the original org are
 * never mutated.
 */
import { orgAssets } from '../assets/generate';
import type { SimulatedDirectory, SimulatedOrg } from '../directory/generate';
import { OrgGraph } from '../directory/graph';

export const QUIRKS = [
  /** One user and one system have ids that are not 24 hex characters (a space, `#`, `/`). */
  'odd-ids',
  /** One system has an id too short for a JupiterOne `_key` (it cannot be made valid). */
  'short-id',
  /** The last system of each org has the id of the org's first user. */
  'shared-id',
  /** Old agents: Windows and macOS systems without `desktopCapable`. */
  'old-agents',
  /** Credential-looking custom attributes on users and a secret in every system's sshdParams. */
  'credential-attributes',
  /** Every user group's member list also names a system (a non-user member): the last one. */
  'non-user-member',
  /** One managed device asset per org points at a system that is not listed. */
  'orphan-asset',
  /** One unmanaged device asset per org has the id of the org's first user. */
  'asset-shared-id',
] as const;
export type Quirk = (typeof QUIRKS)[number];

/** Values the quirks plant that must never reach the graph. */
export const QUIRK_SECRETS = ['quirk-secret-attribute-value', 'quirk-secret-sshd-value'] as const;

/** An id no system has: the system of the orphan asset. */
export const ORPHAN_SYSTEM_ID = '0000000000000000deadbeef';

/** The directory with the quirks applied (the same object when there are none). */
export function applyQuirks(
  directory: SimulatedDirectory,
  quirks: readonly Quirk[] | undefined,
): SimulatedDirectory {
  if (!quirks || quirks.length === 0) return directory;
  for (const quirk of quirks) {
    if (!QUIRKS.includes(quirk)) throw new Error(`unknown quirk ${quirk}`);
  }
  const orgs = directory.orgs.map((org) => quirkOrg(org, new Set(quirks)));
  return { ...directory, orgs };
}

/** `abcd…` -> `abcd …#…/…`: same length, not hex, every character a URL must encode. */
export function oddId(id: string): string {
  return `${id.slice(0, 4)} ${id.slice(5, 12)}#${id.slice(13, 18)}/${id.slice(19)}`;
}

function quirkOrg(original: SimulatedOrg, quirks: Set<Quirk>): SimulatedOrg {
  const { graph: _graph, ...records } = original;
  const renames = new Map<string, string>();
  if (quirks.has('odd-ids')) {
    if (records.users[0]) renames.set(records.users[0].id, oddId(records.users[0].id));
    if (records.systems[0]) renames.set(records.systems[0].id, oddId(records.systems[0].id));
  }
  if (quirks.has('short-id') && records.systems.length > 1) {
    renames.set(records.systems[1].id, 'sys-0001');
  }
  if (quirks.has('shared-id') && records.systems.length > 2 && records.users.length > 0) {
    renames.set(records.systems[records.systems.length - 1].id, records.users[0].id);
  }
  // Every reference to a renamed id is renamed with it: records and links alike.
  let json = JSON.stringify(records);
  for (const [from, to] of renames)
    json = json.split(JSON.stringify(from)).join(JSON.stringify(to));
  const copy = JSON.parse(json) as Omit<SimulatedOrg, 'graph'>;

  if (quirks.has('old-agents')) {
    for (const system of copy.systems) {
      const os = String(system.os ?? '');
      if (os === 'Windows' || os === 'Mac OS X') {
        delete (system as { desktopCapable?: boolean }).desktopCapable;
      }
    }
  }
  if (quirks.has('credential-attributes')) {
    for (const user of copy.users) {
      user.attributes = [
        ...(user.attributes ?? []),
        { name: 'vpn_password', value: QUIRK_SECRETS[0] },
        { name: 'api_token', value: QUIRK_SECRETS[0] },
      ];
    }
    for (const system of copy.systems) {
      system.sshdParams = [
        ...(system.sshdParams ?? []),
        { name: 'AuthorizedKeysCommandUser', value: QUIRK_SECRETS[1] },
      ];
    }
  }
  const org: SimulatedOrg = { ...copy, graph: new OrgGraph(copy) };
  if (quirks.has('orphan-asset')) {
    const managed = orgAssets(org).devices.find((asset) => asset.jcSystemId !== undefined);
    if (managed) managed.jcSystemId = ORPHAN_SYSTEM_ID;
  }
  if (quirks.has('asset-shared-id') && org.users.length > 0) {
    const unmanaged = orgAssets(org).devices.find((asset) => asset.jcSystemId === undefined);
    if (unmanaged) unmanaged.id = org.users[0].id;
  }
  if (quirks.has('non-user-member')) nonUserMemberOrgs.add(org);
  return org;
}

const nonUserMemberOrgs = new WeakSet<SimulatedOrg>();

/**
 * Changes a reply the routes made, for quirks that live in answers rather than in records:
 * a user group's members also list a system.
 */
export function quirkReply(
  directory: SimulatedDirectory,
  pathname: string,
  query: URLSearchParams,
  body: unknown,
): unknown {
  const members = /^\/api\/v2\/usergroups\/([^/]+)\/members\/?$/.exec(pathname);
  // On the first page only, so the member list still ends.
  if (!members || !Array.isArray(body) || Number(query.get('skip') ?? '0') > 0) return body;
  const groupId = decodeURIComponent(members[1]);
  const org = directory.orgs.find((o) => o.userGroups.some((g) => g.id === groupId));
  if (!org || !nonUserMemberOrgs.has(org) || org.systems.length === 0) return body;
  return [
    ...body,
    // The last system: with `shared-id` too, a system whose id is also a user's.
    {
      to: { id: org.systems[org.systems.length - 1].id, type: 'system', attributes: null },
      attributes: null,
    },
  ];
}
