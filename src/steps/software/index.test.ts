import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import { buildStepTestConfigForStep, RECORDING_SIMULATORS } from '../../../test/config';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { generateDirectory } from '../../../simulator/directory/generate';
import { installedSoftware } from '../../../simulator/posture/software';
import { Entities, Relationships, Steps } from '../constants';
import { softwareKey, versionNumbers } from './converter';

const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

describe(Steps.INSTALLED_SOFTWARE.id, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('one software per platform, name and version; one INSTALLED edge per row, with its path', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-installed-software' });
    const result = await executeStepWithDependencies(
      buildStepTestConfigForStep(Steps.INSTALLED_SOFTWARE.id),
    );
    const requests = getCurrentClient()!.stats.byEndpoint;
    for (const table of ['apps', 'programs', 'linux_packages']) {
      expect([table, requests[`GET /api/v2/systeminsights/${table}`]]).toEqual([table, 1]);
    }

    const truth = installedSoftware(org);
    expect(new Set(truth.map((t) => t.platform))).toEqual(new Set(['darwin', 'windows', 'linux']));
    const software = result.collectedEntities.filter((e) => e._type === Entities.SOFTWARE._type);
    const expectedSoftware = new Map(
      truth.map((t) => [softwareKey(org.id, t.platform, t.name, t.version), t]),
    );
    expect(software.map((s) => s._key).sort()).toEqual([...expectedSoftware.keys()].sort());
    for (const entity of software) {
      const t = expectedSoftware.get(entity._key)!;
      expect([entity.name, entity.version, entity.platform]).toEqual([
        t.name,
        t.version,
        t.platform,
      ]);
      expect(entity).toMatchObject(versionNumbers(t.version));
    }

    // Every row's effect: its edge, from the system, with the path when the table has one.
    const edges = result.collectedRelationships
      .filter((r) => r._type === Relationships.DEVICE_INSTALLED_SOFTWARE._type)
      .map((r) => [r._fromEntityKey, r._toEntityKey, r.path ?? null].join(' '))
      .sort();
    expect(edges).toEqual(
      truth
        .map((t) =>
          [t.systemId, softwareKey(org.id, t.platform, t.name, t.version), t.path ?? null].join(
            ' ',
          ),
        )
        .sort(),
    );
    // A vulnerable browser build is findable: Chrome below 131 on some devices.
    expect(
      software.some((s) => s.name === 'Google Chrome' && (s.versionMajor as number) < 131),
    ).toBe(true);

    expect({
      ...result,
      collectedEntities: software,
      collectedRelationships: result.collectedRelationships.filter(
        (r) => r._type === Relationships.DEVICE_INSTALLED_SOFTWARE._type,
      ),
    }).toMatchStepMetadata(buildStepTestConfigForStep(Steps.INSTALLED_SOFTWARE.id));
  });
});
