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
import { generateDirectory } from '../../../simulator/directory/generate';
import { Relationships, Steps } from '../constants';
import { buildReportingLines } from '.';

describe(Steps.USER_MANAGERS.id, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test.each([
    ['single-tenant', 'singleTenant'],
    ['multi-tenant', 'multiTenant'],
  ] as const)(
    '%s: manager MANAGES user for every reporting line, no extra request',
    async (label, simulator) => {
      recording = setupJumpCloudRecording({
        directory: __dirname,
        name: `build-user-managers-${label}`,
      });
      const stepConfig = buildStepTestConfigForStep(
        Steps.USER_MANAGERS.id,
        simulator === 'multiTenant' ? multiTenantConfig : undefined,
      );
      const result = await executeStepWithDependencies(stepConfig);
      const expected = generateDirectory(RECORDING_SIMULATORS[simulator]).orgs.flatMap(
        (org) => expectedAccessGraph(org).managers,
      );
      expect(
        edgePairs(result.collectedRelationships, Relationships.USER_MANAGES_USER._type),
      ).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(0);
      // The users step's requests only: one list page per organization.
      expect(getCurrentClient()!.stats.byEndpoint['GET /api/systemusers']).toBe(
        RECORDING_SIMULATORS[simulator].orgs,
      );
      expect(result).toMatchStepMetadata(stepConfig);
    },
  );
});

describe('buildReportingLines', () => {
  const user = (key: string, orgId: string, managerId?: string) => ({
    key,
    id: key,
    orgId,
    managerId,
  });

  test('manager MANAGES user within one organization', () => {
    const edges = buildReportingLines([user('m', 'o1'), user('u', 'o1', 'm')]);
    expect(edges.map((e) => `${e._fromEntityKey}>${e._toEntityKey}`)).toEqual(['m>u']);
    expect(edges[0]._type).toBe(Relationships.USER_MANAGES_USER._type);
  });

  test('a manager not collected, of another organization, or the user themself is skipped', () => {
    const skipped: string[] = [];
    const edges = buildReportingLines(
      [user('m', 'o2'), user('a', 'o1', 'missing'), user('b', 'o1', 'm'), user('c', 'o1', 'c')],
      (u, reason) => skipped.push(`${u.id}: ${reason}`),
    );
    expect(edges).toEqual([]);
    expect(skipped).toEqual([
      'a: manager is not a collected user',
      'b: manager belongs to another organization',
      'c: user is their own manager',
    ]);
  });
});
