/**
 * Where the simulator knowingly departs from JumpCloud's specification files, and why.
 *
 * `SPEC_DEVIATIONS`: every entry makes one schema in the spec also accept `null`. Nothing else is relaxed: a
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
    path: ['organizationslist', 'properties', 'results', 'items', 'properties', 'displayName'],
    evidence:
      'recorded: GET /api/organizations returned "displayName":null (JupiterOne/graph-jumpcloud f36df07e, src/steps/orgs/__recordings__/fetchOrgs_930931172/recording.har, 2021)',
  },
  {
    spec: 'v1',
    path: ['organization', 'properties', 'displayName'],
    evidence: 'the same field as the organizations list, recorded null there (2021)',
  },
  {
    spec: 'v1',
    path: ['application', 'properties', 'color'],
    evidence:
      'recorded: GET /api/applications returned "color":null and a logo without color (JupiterOne/graph-jumpcloud f36df07e, src/steps/applications/__recordings__/fetchApplications_3065192880/recording.har, 2021)',
  },
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
    path: ['UserGroup', 'properties', 'attributes'],
    evidence: 'recorded: GET /api/v2/usergroups items with "attributes":null (2021)',
  },
];

/**
 * A property the simulator serves although the specification's schema for that operation
 * does not declare it, with the evidence that JumpCloud sends it. `property` is the path the
 * contract tests report (`results[].user`).
 */
export interface UndeclaredPropertyDeviation {
  /** `v1 /commands`, `v2 /systems/{system_id}/users` or `2026 /systeminsights/users`. */
  operation: string;
  property: string;
  evidence: string;
}

export const UNDECLARED_PROPERTY_DEVIATIONS: readonly UndeclaredPropertyDeviation[] = [
  {
    operation: 'v1 /organizations',
    property: 'results[].id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 /organizations/{id}',
    property: 'id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 #organization',
    property: 'id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 /systemusers',
    property: 'results[].id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 /systemusers/{id}',
    property: 'id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 /applications',
    property: 'results[].id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 /applications/{id}',
    property: 'id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 /systems',
    property: 'results[].id',
    evidence:
      "JumpCloud's own generated v1 client documents a System with both: TheJumpCloud/jcapi-python, jcapiv1/docs/System.md at 2b5088564fb7ebf8e8545f432f6cd6887f894e73 lists two `id` properties, the generated names of `_id` and `id` (later versions keep only `_id`); and every recorded v1 record type (organizations, systemusers, applications) carries id beside _id (REFERENCE.md section 1). No systems payload was recorded",
  },
  {
    operation: 'v1 /systems/{id}',
    property: 'id',
    evidence:
      "JumpCloud's own generated v1 client documents a System with both: TheJumpCloud/jcapi-python, jcapiv1/docs/System.md at 2b5088564fb7ebf8e8545f432f6cd6887f894e73 lists two `id` properties, the generated names of `_id` and `id` (later versions keep only `_id`); and every recorded v1 record type (organizations, systemusers, applications) carries id beside _id (REFERENCE.md section 1). No systems payload was recorded",
  },
  {
    operation: 'v1 /organizations',
    property: 'results[].created',
    evidence:
      'recorded: the default projection of GET /api/organizations is {_id, id, displayName, logoUrl, created} (REFERENCE.md section 7.1)',
  },
  {
    operation: 'v1 /systemusers',
    property: 'results[].systemUsername',
    evidence: 'recorded: the systemusers record has systemUsername (REFERENCE.md section 7.2)',
  },
  {
    operation: 'v1 /systemusers/{id}',
    property: 'systemUsername',
    evidence: 'recorded: the systemusers record has systemUsername (REFERENCE.md section 7.2)',
  },
  {
    operation: 'v2 /applemdms/{apple_mdm_id}/devices',
    property: '[].appleMdmId',
    evidence: 'observed in a real response, not in the spec (REFERENCE.md section 7.10)',
  },
  {
    operation: 'v2 /applemdms/{apple_mdm_id}/devices/{device_id}',
    property: 'appleMdmId',
    evidence: 'observed in a real response, not in the spec (REFERENCE.md section 7.10)',
  },
  {
    operation: 'v1 #systemuserreturn',
    property: 'id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v1 #systemuserreturn',
    property: 'systemUsername',
    evidence: 'recorded: the systemusers record has systemUsername (REFERENCE.md section 7.2)',
  },
  {
    operation: 'v1 #JcSystem',
    property: 'id',
    evidence:
      "JumpCloud's own generated v1 client documents a System with both: TheJumpCloud/jcapi-python, jcapiv1/docs/System.md at 2b5088564fb7ebf8e8545f432f6cd6887f894e73 lists two `id` properties, the generated names of `_id` and `id` (later versions keep only `_id`); and every recorded v1 record type (organizations, systemusers, applications) carries id beside _id (REFERENCE.md section 1). No systems payload was recorded",
  },
  {
    operation: 'v1 #application',
    property: 'id',
    evidence:
      'recorded: v1 records carry both _id and id with the same value (JupiterOne/graph-jumpcloud recordings of organizations, systemusers and applications; REFERENCE.md section 1)',
  },
  {
    operation: 'v2 #apple-mdm-device',
    property: 'appleMdmId',
    evidence: 'observed in a real response, not in the spec (REFERENCE.md section 7.10)',
  },
];
