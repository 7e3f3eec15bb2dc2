import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import {
  buildStepTestConfigForStep,
  multiTenantConfig,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { edgePairs } from '../../../test/graph-helpers';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { expectedAccessGraph } from '../../../simulator/access/expected';
import { commandRunsAsRoot, orgAccess } from '../../../simulator/access/generate';
import { generateDirectory } from '../../../simulator/directory/generate';
import { Entities, Relationships, Steps } from '../constants';

/** What the simulator behind the recordings holds: the ground truth, computed, not recorded. */
const singleTenant = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

describe(Steps.COMMANDS.id, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('every command, the devices and device groups it runs on, never its script', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-commands' });
    const stepConfig = buildStepTestConfigForStep(Steps.COMMANDS.id);
    const result = await executeStepWithDependencies(stepConfig);
    const org = singleTenant;
    const access = orgAccess(org);
    const expected = expectedAccessGraph(org);

    const commands = result.collectedEntities.filter((e) => e._type === Entities.COMMAND._type);
    expect(commands.map((e) => e._key).sort()).toEqual(expected.commands);
    for (const command of access.commands) {
      const entity = commands.find((e) => e._key === command.id)!;
      const devices = expected.commandDevices.filter((d) => d.pair.startsWith(`${command.id}>`));
      expect(entity).toMatchObject({
        name: command.name,
        commandType: command.commandType,
        launchType: command.launchType,
        trigger: command.trigger || undefined,
        schedule: command.schedule || undefined,
        shell: command.shell,
        sudo: command.sudo,
        runAsRoot: commandRunsAsRoot(command),
        timeoutSeconds: Number(command.timeout),
        deviceCount: devices.length,
        orgId: org.id,
      });
    }
    const relationships = result.collectedRelationships;
    const assigned = relationships.filter(
      (r) => r._type === Relationships.COMMAND_ASSIGNED_DEVICE._type,
    );
    expect(
      assigned
        .map((r) => ({ pair: `${r._fromEntityKey}>${r._toEntityKey}`, direct: r.direct }))
        .sort((a, b) => (a.pair < b.pair ? -1 : 1)),
    ).toEqual(expected.commandDevices);
    expect(edgePairs(relationships, Relationships.COMMAND_ASSIGNED_DEVICE_GROUP._type)).toEqual(
      expected.commandDeviceGroups,
    );
    expect(edgePairs(relationships, Relationships.ACCOUNT_HAS_COMMAND._type)).toEqual(
      expected.commands.map((id) => `${org.id}>${id}`),
    );
    // The shapes that matter: root on a large group, reached directly and through a group,
    // and a command bound to nothing.
    expect(assigned.some((r) => r.direct === true)).toBe(true);
    expect(assigned.some((r) => r.direct === false)).toBe(true);
    expect(commands.some((e) => e.runAsRoot === true && (e.deviceCount as number) >= 5)).toBe(true);
    expect(commands.some((e) => e.deviceCount === 0)).toBe(true);

    // Never the script, never the attached files: not even requested.
    const serialized = JSON.stringify(result.collectedEntities);
    for (const command of access.commands) expect(serialized).not.toContain(command.command);
    expect(serialized).not.toContain('API_TOKEN');
    for (const entity of commands) expect(Object.keys(entity)).not.toContain('files');

    // Two traversals per command, one list page.
    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/commands']).toBe(1);
    expect(requests['GET /api/v2/commands/{id}/systems']).toBe(access.commands.length);
    expect(requests['GET /api/v2/commands/{id}/systemgroups']).toBe(access.commands.length);
    expect(result).toMatchStepMetadata(stepConfig);
  });

  test('a multi-tenant key: devices only within the command’s organization', async () => {
    recording = setupJumpCloudRecording({
      directory: __dirname,
      name: 'fetch-commands-multi-tenant',
    });
    const stepConfig = buildStepTestConfigForStep(Steps.COMMANDS.id, multiTenantConfig);
    const result = await executeStepWithDependencies(stepConfig);
    const orgs = generateDirectory(RECORDING_SIMULATORS.multiTenant).orgs;
    const expected = orgs.map(expectedAccessGraph);
    expect(
      result.collectedEntities
        .filter((e) => e._type === Entities.COMMAND._type)
        .map((e) => e._key)
        .sort(),
    ).toEqual(expected.flatMap((g) => g.commands).sort());
    expect(
      edgePairs(result.collectedRelationships, Relationships.COMMAND_ASSIGNED_DEVICE._type),
    ).toEqual(expected.flatMap((g) => g.commandDevices.map((d) => d.pair)).sort());
    expect(
      edgePairs(result.collectedRelationships, Relationships.ACCOUNT_HAS_COMMAND._type),
    ).toEqual(orgs.flatMap((org, i) => expected[i].commands.map((id) => `${org.id}>${id}`)).sort());
    expect(result).toMatchStepMetadata(stepConfig);
  });
});
