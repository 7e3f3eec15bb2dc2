/**
 * Where the simulator knowingly departs from JumpCloud's specification files, and why.
 *
 * Every entry makes one schema in the spec also accept `null`. Nothing else is relaxed: a
 * field with the wrong type, a value outside an enum or a missing required field still fails.
 * Evidence `recorded` means real JumpCloud responses show the value (JupiterOne/graph-jumpcloud
 * test recordings, 2021 and 2023, quoted in the shared REFERENCE.md).
 */

export interface SpecDeviation {
  spec: 'v1' | 'v2';
  /** Path from the spec's `definitions` object to the schema that may also be null. */
  path: string[];
  evidence: string;
}

export const SPEC_DEVIATIONS: readonly SpecDeviation[] = [
  {
    spec: 'v1',
    path: ['organizationslist', 'properties', 'results', 'items', 'properties', 'logoUrl'],
    evidence: 'recorded: GET /api/organizations returned "logoUrl":null (2023)',
  },
  {
    spec: 'v1',
    path: ['organization', 'properties', 'logoUrl'],
    evidence: 'same field as the organizations list, recorded null (2023)',
  },
  {
    spec: 'v1',
    path: ['systemuserreturn', 'properties', 'employeeIdentifier'],
    evidence: 'recorded: systemusers record with "employeeIdentifier":null (REFERENCE.md 7.2)',
  },
  {
    spec: 'v1',
    path: ['systemuserreturn', 'properties', 'firstname'],
    evidence: 'simulator choice required by the issue ("users with null names"); not recorded',
  },
  {
    spec: 'v1',
    path: ['systemuserreturn', 'properties', 'lastname'],
    evidence: 'simulator choice required by the issue ("users with null names"); not recorded',
  },
  {
    spec: 'v2',
    path: ['GraphConnection', 'properties', 'attributes'],
    evidence: 'recorded: application users traversal hops with "attributes":null (2021)',
  },
  {
    spec: 'v2',
    path: ['GraphObject', 'properties', 'attributes'],
    evidence: 'recorded: traversal hop targets with "attributes":null (2021)',
  },
  {
    spec: 'v2',
    path: ['GraphObjectWithPaths', 'properties', 'compiledAttributes'],
    evidence:
      'inferred: the same objects carry null for empty attribute maps; no empty sample recorded',
  },
  {
    spec: 'v2',
    path: ['UserGroup', 'properties', 'attributes'],
    evidence: 'recorded: GET /api/v2/usergroups items with "attributes":null (2021)',
  },
  {
    spec: 'v2',
    path: ['SystemGroup', 'properties', 'attributes'],
    evidence: 'inferred from user groups (same group model); not recorded',
  },
];
