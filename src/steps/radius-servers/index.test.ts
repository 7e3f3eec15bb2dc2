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

describe(Steps.RADIUS_SERVERS.id, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('RADIUS servers and their user groups, never the shared secret', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-radius-servers' });
    const stepConfig = buildStepTestConfigForStep(Steps.RADIUS_SERVERS.id);
    const result = await executeStepWithDependencies(stepConfig);
    const org = singleTenant;
    const access = orgAccess(org);
    const expected = expectedAccessGraph(org);

    const servers = result.collectedEntities.filter(
      (e) => e._type === Entities.RADIUS_SERVER._type,
    );
    expect(servers.map((e) => e._key).sort()).toEqual(expected.radiusServers);
    for (const server of access.radiusServers) {
      expect(servers.find((e) => e._key === server._id)).toMatchObject({
        name: server.name,
        networkSourceIp: server.networkSourceIp,
        mfa: server.mfa,
        mfaRequired: server.mfa === 'REQUIRED' || server.mfa === 'ALWAYS',
        userLockoutAction: server.userLockoutAction,
        category: ['network'],
        function: ['remote-access-gateway'],
        public: true,
      });
    }
    expect(
      edgePairs(result.collectedRelationships, Relationships.GROUP_ASSIGNED_RADIUS_SERVER._type),
    ).toEqual(expected.groupRadiusServers);
    const serialized = JSON.stringify(result.collectedEntities);
    for (const server of access.radiusServers)
      expect(serialized).not.toContain(server.sharedSecret);
    expect(serialized).not.toContain('sharedSecret');

    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/radiusservers']).toBe(1);
    expect(requests['GET /api/v2/radiusservers/{id}/usergroups']).toBe(access.radiusServers.length);
    expect(result).toMatchStepMetadata(stepConfig);
  });
});
