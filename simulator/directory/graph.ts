/**
 * Indexes over one organization's records and links, built once when the org is generated.
 * Everything is held as integer positions into the org's (id-sorted) record arrays, so
 * traversals on 100,000-user orgs stay cheap and memory stays small.
 */
import type { OrgLinks } from './generate/links';
import type { GraphAttributes } from '../shared/types';

type Records = ReadonlyArray<{ id: string }>;

/** What the indexes are built from: a generated org's records and links, before its graph. */
interface OrgRecords {
  users: Records;
  userGroups: Records;
  applications: Records;
  systems: Records;
  systemGroups: Records;
  appleMdmDevices: Records;
  links: OrgLinks;
}

/** Adjacency: for each position, the sorted positions it links to. */
export type Adjacency = ReadonlyArray<readonly number[]>;

const EMPTY: readonly number[] = Object.freeze([]);

class AdjacencyBuilder {
  private readonly lists: Array<number[] | undefined>;

  constructor(size: number) {
    this.lists = new Array<number[] | undefined>(size);
  }

  add(from: number, to: number): void {
    const list = this.lists[from];
    if (list) list.push(to);
    else this.lists[from] = [to];
  }

  build(): Adjacency {
    const out: Array<readonly number[]> = new Array(this.lists.length);
    for (let i = 0; i < this.lists.length; i++) {
      const list = this.lists[i];
      out[i] = list ? dedupeSorted(list.sort((a, b) => a - b)) : EMPTY;
    }
    return out;
  }
}

function dedupeSorted(list: number[]): number[] {
  let w = 0;
  for (let r = 0; r < list.length; r++) {
    if (r === 0 || list[r] !== list[r - 1]) list[w++] = list[r];
  }
  list.length = w;
  return list;
}

function indexById(records: ReadonlyArray<{ id: string }>): Map<string, number> {
  const map = new Map<string, number>();
  records.forEach((record, i) => map.set(record.id, i));
  return map;
}

/** True when the sorted list contains the value (binary search). */
export function sortedHas(list: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Sorted values present in both sorted lists. */
export function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

/** Sorted, de-duplicated union of several lists. */
export function unionAll(lists: Iterable<readonly number[]>): number[] {
  const all: number[] = [];
  for (const list of lists) for (const v of list) all.push(v);
  return dedupeSorted(all.sort((a, b) => a - b));
}

export class OrgGraph {
  readonly userIndex: Map<string, number>;
  readonly userGroupIndex: Map<string, number>;
  readonly applicationIndex: Map<string, number>;
  readonly systemIndex: Map<string, number>;
  readonly systemGroupIndex: Map<string, number>;
  readonly appleDeviceIndex: Map<string, number>;

  // Static memberships.
  readonly membersOfUserGroup: Adjacency;
  readonly userGroupsOfUser: Adjacency;
  readonly membersOfSystemGroup: Adjacency;
  readonly systemGroupsOfSystem: Adjacency;

  // Direct bindings, both directions.
  readonly usersOfApplication: Adjacency;
  readonly applicationsOfUser: Adjacency;
  readonly userGroupsOfApplication: Adjacency;
  readonly applicationsOfUserGroup: Adjacency;
  readonly usersOfSystem: Adjacency;
  readonly systemsOfUser: Adjacency;
  readonly userGroupsOfSystem: Adjacency;
  readonly systemsOfUserGroup: Adjacency;
  readonly usersOfSystemGroup: Adjacency;
  readonly systemGroupsOfUser: Adjacency;
  readonly userGroupsOfSystemGroup: Adjacency;
  readonly systemGroupsOfUserGroup: Adjacency;

  private readonly userSystemAttributes = new Map<number, GraphAttributes>();
  private readonly userGroupSystemAttributes = new Map<number, GraphAttributes>();
  private readonly userSystemGroupAttributes = new Map<number, GraphAttributes>();
  private readonly userGroupSystemGroupAttributes = new Map<number, GraphAttributes>();
  private readonly systemCount: number;
  private readonly systemGroupCount: number;

  constructor(org: OrgRecords) {
    const U = org.users.length;
    const G = org.userGroups.length;
    const A = org.applications.length;
    const S = org.systems.length;
    const SG = org.systemGroups.length;
    this.systemCount = S;
    this.systemGroupCount = SG;
    this.userIndex = indexById(org.users);
    this.userGroupIndex = indexById(org.userGroups);
    this.applicationIndex = indexById(org.applications);
    this.systemIndex = indexById(org.systems);
    this.systemGroupIndex = indexById(org.systemGroups);
    this.appleDeviceIndex = indexById(org.appleMdmDevices);

    const pos = (map: Map<string, number>, id: string, what: string): number => {
      const i = map.get(id);
      if (i === undefined) throw new Error(`link to unknown ${what} ${id}`);
      return i;
    };
    const pair = (a: number, b: number, ab: AdjacencyBuilder, ba: AdjacencyBuilder) => {
      ab.add(a, b);
      ba.add(b, a);
    };

    const groupUsers = new AdjacencyBuilder(G);
    const userGroups = new AdjacencyBuilder(U);
    for (const m of org.links.userGroupMembers) {
      const g = pos(this.userGroupIndex, m.userGroupId, 'user group');
      const u = pos(this.userIndex, m.userId, 'user');
      pair(g, u, groupUsers, userGroups);
    }
    const sgSystems = new AdjacencyBuilder(SG);
    const systemSgs = new AdjacencyBuilder(S);
    for (const m of org.links.systemGroupMembers) {
      const g = pos(this.systemGroupIndex, m.systemGroupId, 'system group');
      const s = pos(this.systemIndex, m.systemId, 'system');
      pair(g, s, sgSystems, systemSgs);
    }
    const appUsers = new AdjacencyBuilder(A);
    const userApps = new AdjacencyBuilder(U);
    for (const b of org.links.applicationUsers) {
      const a = pos(this.applicationIndex, b.applicationId, 'application');
      const u = pos(this.userIndex, b.userId, 'user');
      pair(a, u, appUsers, userApps);
    }
    const appGroups = new AdjacencyBuilder(A);
    const groupApps = new AdjacencyBuilder(G);
    for (const b of org.links.applicationUserGroups) {
      const a = pos(this.applicationIndex, b.applicationId, 'application');
      const g = pos(this.userGroupIndex, b.userGroupId, 'user group');
      pair(a, g, appGroups, groupApps);
    }
    const systemUsers = new AdjacencyBuilder(S);
    const userSystems = new AdjacencyBuilder(U);
    for (const b of org.links.userSystems) {
      const u = pos(this.userIndex, b.userId, 'user');
      const s = pos(this.systemIndex, b.systemId, 'system');
      pair(s, u, systemUsers, userSystems);
      if (b.attributes) this.userSystemAttributes.set(u * S + s, b.attributes);
    }
    const systemGroupsBound = new AdjacencyBuilder(S);
    const groupSystems = new AdjacencyBuilder(G);
    for (const b of org.links.userGroupSystems) {
      const g = pos(this.userGroupIndex, b.userGroupId, 'user group');
      const s = pos(this.systemIndex, b.systemId, 'system');
      pair(s, g, systemGroupsBound, groupSystems);
      if (b.attributes) this.userGroupSystemAttributes.set(g * S + s, b.attributes);
    }
    const sgUsers = new AdjacencyBuilder(SG);
    const userSgs = new AdjacencyBuilder(U);
    for (const b of org.links.userSystemGroups) {
      const u = pos(this.userIndex, b.userId, 'user');
      const g = pos(this.systemGroupIndex, b.systemGroupId, 'system group');
      pair(g, u, sgUsers, userSgs);
      if (b.attributes) this.userSystemGroupAttributes.set(u * SG + g, b.attributes);
    }
    const sgGroups = new AdjacencyBuilder(SG);
    const groupSgs = new AdjacencyBuilder(G);
    for (const b of org.links.userGroupSystemGroups) {
      const g = pos(this.userGroupIndex, b.userGroupId, 'user group');
      const sg = pos(this.systemGroupIndex, b.systemGroupId, 'system group');
      pair(sg, g, sgGroups, groupSgs);
      if (b.attributes) this.userGroupSystemGroupAttributes.set(g * SG + sg, b.attributes);
    }

    this.membersOfUserGroup = groupUsers.build();
    this.userGroupsOfUser = userGroups.build();
    this.membersOfSystemGroup = sgSystems.build();
    this.systemGroupsOfSystem = systemSgs.build();
    this.usersOfApplication = appUsers.build();
    this.applicationsOfUser = userApps.build();
    this.userGroupsOfApplication = appGroups.build();
    this.applicationsOfUserGroup = groupApps.build();
    this.usersOfSystem = systemUsers.build();
    this.systemsOfUser = userSystems.build();
    this.userGroupsOfSystem = systemGroupsBound.build();
    this.systemsOfUserGroup = groupSystems.build();
    this.usersOfSystemGroup = sgUsers.build();
    this.systemGroupsOfUser = userSgs.build();
    this.userGroupsOfSystemGroup = sgGroups.build();
    this.systemGroupsOfUserGroup = groupSgs.build();
  }

  /** Attributes of the direct user -> system binding (sudo), or null. */
  userSystemAttributesOf(user: number, system: number): GraphAttributes | null {
    return this.userSystemAttributes.get(user * this.systemCount + system) ?? null;
  }

  userGroupSystemAttributesOf(userGroup: number, system: number): GraphAttributes | null {
    return this.userGroupSystemAttributes.get(userGroup * this.systemCount + system) ?? null;
  }

  userSystemGroupAttributesOf(user: number, systemGroup: number): GraphAttributes | null {
    return this.userSystemGroupAttributes.get(user * this.systemGroupCount + systemGroup) ?? null;
  }

  userGroupSystemGroupAttributesOf(userGroup: number, systemGroup: number): GraphAttributes | null {
    return (
      this.userGroupSystemGroupAttributes.get(userGroup * this.systemGroupCount + systemGroup) ??
      null
    );
  }
}
