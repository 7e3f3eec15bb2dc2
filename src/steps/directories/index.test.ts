import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import { buildStepTestConfigForStep, RECORDING_SIMULATORS } from '../../../test/config';
import { edgePairs } from '../../../test/graph-helpers';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { expectedAccessGraph } from '../../../simulator/access/expected';
import { orgAccess } from '../../../simulator/access/generate';
import { generateDirectory } from '../../../simulator/directory/generate';
import { Entities, Relationships, Steps } from '../constants';

const singleTenant = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

describe(Steps.DIRECTORIES.id, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('directories of every type and the user groups each syncs', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-directories' });
    const stepConfig = buildStepTestConfigForStep(Steps.DIRECTORIES.id);
    const result = await executeStepWithDependencies(stepConfig);
    const org = singleTenant;
    const access = orgAccess(org);
    const expected = expectedAccessGraph(org);

    const directories = result.collectedEntities.filter(
      (e) => e._type === Entities.DIRECTORY._type,
    );
    expect(directories.map((e) => e._key).sort()).toEqual(expected.directories);
    for (const directory of access.directories) {
      expect(directories.find((e) => e._key === directory.id)).toMatchObject({
        name: directory.name,
        directoryType: directory.type,
        defaultDomain: directory.defaultDomain?.domain,
      });
    }
    expect(directories.map((e) => e.type).sort()).toEqual([
      'Active Directory',
      'Google Workspace',
      'LDAP',
      'Microsoft 365',
    ]);
    expect(
      edgePairs(result.collectedRelationships, Relationships.GROUP_ASSIGNED_DIRECTORY._type),
    ).toEqual(expected.groupDirectories);
    expect(expected.groupDirectories.length).toBeGreaterThan(0);
    // One traversal per directory, on the route of its type.
    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/v2/directories']).toBe(1);
    for (const route of ['gsuites', 'office365s', 'ldapservers', 'activedirectories']) {
      expect([route, requests[`GET /api/v2/${route}/{id}/usergroups`]]).toEqual([route, 1]);
    }
    expect(result).toMatchStepMetadata(stepConfig);
  });
});
