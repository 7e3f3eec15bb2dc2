import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { getRawData } from '@jupiterone/integration-sdk-core';
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';

import { buildStepTestConfigForStep, integrationConfig } from '../../../test/config';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { IntegrationConfig } from '../../config';
import {
  GraphObjectWithPaths,
  JumpCloudApplication,
  JumpCloudClient,
  resetClient,
} from '../../jumpcloud';
import { createAccountEntity } from '../account/converter';
import { Entities, Relationships, Steps } from '../constants';
import { createGroupEntity } from '../groups/converter';
import { createUserEntity } from '../users/converter';
import { createApplicationEntity } from './converter';
import { buildApplicationAssignments } from './index';
import { notFoundError, traversalResult } from '../../../test/graph-helpers';
import { edgeKey } from '../shared/keys';

const ORG_ID = '5f0c8d1e2a3b4c5d6e7f8091';
const APP = '617c3664e6f8ae27f7e12001';
const APP_GONE = '617c3664e6f8ae27f7e12002';
const GROUP = '6026da081f24755306c2ee01';
const GROUP_NOT_COLLECTED = '6026da081f24755306c2ee09';
const USER_DIRECT = '6026bec6b8207255280d5901';
const USER_VIA_GROUP = '6026bec6b8207255280d5902';
const USER_BOTH = '6026bec6b8207255280d5903';
const USER_NOT_COLLECTED = '6026bec6b8207255280d5909';

/** A traversal result reached by routes of the given hop counts (1 = direct), via GROUP. */
const reached = (id: string, type: string, hops: number[]) =>
  traversalResult(id, type, hops, GROUP);

function buildContext() {
  const baseUrl = integrationConfig.baseUrl;
  return createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig: integrationConfig,
    entities: [
      createAccountEntity({ _id: ORG_ID, id: ORG_ID, displayName: 'Org' }, baseUrl),
      createApplicationEntity({ _id: APP, name: 'slack' }, baseUrl, ORG_ID),
      createApplicationEntity({ _id: APP_GONE, name: 'zoom' }, baseUrl, ORG_ID),
      createGroupEntity({ id: GROUP, name: 'Engineering' }, baseUrl, ORG_ID),
      ...[USER_DIRECT, USER_VIA_GROUP, USER_BOTH].map((id) =>
        createUserEntity({ _id: id, username: id }, baseUrl, ORG_ID),
      ),
    ],
  });
}

type Traversal = (
  orgId: string,
  applicationId: string,
  iteratee: (item: GraphObjectWithPaths) => Promise<void> | void,
) => Promise<{ count: number; pages: number }>;

function fakeTraversal(results: Record<string, GraphObjectWithPaths[]>, kind: string): Traversal {
  return async (orgId, applicationId, iteratee) => {
    expect(orgId).toBe(ORG_ID);
    const items = results[applicationId];
    if (!items) throw notFoundError(`/api/v2/applications/${applicationId}/${kind}`);
    for (const item of items) await iteratee(item);
    return { count: items.length, pages: 1 };
  };
}

describe('buildApplicationAssignments (handler, fake client)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    resetClient();
  });

  test('group and user assignments, direct only for one-hop routes, no duplicates', async () => {
    jest.spyOn(JumpCloudClient.prototype, 'iterateApplicationUserGroups').mockImplementation(
      fakeTraversal(
        {
          [APP]: [
            reached(GROUP, 'user_group', [1]),
            reached(GROUP_NOT_COLLECTED, 'user_group', [1]),
          ],
        },
        'usergroups',
      ),
    );
    jest.spyOn(JumpCloudClient.prototype, 'iterateApplicationUsers').mockImplementation(
      fakeTraversal(
        {
          [APP]: [
            reached(USER_DIRECT, 'user', [1]),
            reached(USER_VIA_GROUP, 'user', [2]),
            // Listed twice, once through the group and once directly: one edge, direct.
            reached(USER_BOTH, 'user', [2]),
            reached(USER_BOTH, 'user', [1]),
            reached(USER_NOT_COLLECTED, 'user', [1]),
          ],
        },
        'users',
      ),
    );
    const context = buildContext();
    const warn = jest.spyOn(context.logger, 'publishWarnEvent');

    await buildApplicationAssignments(context);

    const edges = Object.fromEntries(
      context.jobState.collectedRelationships.map((r) => [r._key, r.direct]),
    );
    expect(edges).toEqual({
      [edgeKey(GROUP, 'assigned', APP)]: undefined,
      [edgeKey(USER_DIRECT, 'assigned', APP)]: true,
      [edgeKey(USER_VIA_GROUP, 'assigned', APP)]: false,
      [edgeKey(USER_BOTH, 'assigned', APP)]: true,
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({
      name: IntegrationWarnEventName.MissingEntity,
      description: expect.stringContaining(APP_GONE),
    });
  });

  test('an application deleted between its two sub-calls adds no edges', async () => {
    jest
      .spyOn(JumpCloudClient.prototype, 'iterateApplicationUserGroups')
      .mockImplementation(
        fakeTraversal({ [APP]: [reached(GROUP, 'user_group', [1])], [APP_GONE]: [] }, 'usergroups'),
      );
    jest
      .spyOn(JumpCloudClient.prototype, 'iterateApplicationUsers')
      .mockImplementation(fakeTraversal({ [APP]: [] }, 'users'));
    const context = buildContext();

    await buildApplicationAssignments(context);

    expect(context.jobState.collectedRelationships.map((r) => r._key)).toEqual([
      edgeKey(GROUP, 'assigned', APP),
    ]);
  });

  test('any other failure fails the step', async () => {
    const throttled = new IntegrationProviderAPIError({
      endpoint: 'GET /api/v2/applications/x/users',
      status: 429,
      statusText: 'Too Many Requests',
    });
    jest
      .spyOn(JumpCloudClient.prototype, 'iterateApplicationUserGroups')
      .mockImplementation(fakeTraversal({ [APP]: [], [APP_GONE]: [] }, 'usergroups'));
    jest.spyOn(JumpCloudClient.prototype, 'iterateApplicationUsers').mockRejectedValue(throttled);

    await expect(buildApplicationAssignments(buildContext())).rejects.toBe(throttled);
  });
});

/** Every string value inside a JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

describe('recorded against the simulator', () => {
  let recording: Recording;

  afterEach(async () => {
    await recording.stop();
    jest.restoreAllMocks();
    resetClient();
  });

  test(Steps.APPLICATIONS.id, async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: Steps.APPLICATIONS.id });
    const stepConfig = buildStepTestConfigForStep(Steps.APPLICATIONS.id);
    // Keep the records as the API sent them, to look for their secrets in the output.
    const received: JumpCloudApplication[] = [];
    const iterateApplications = JumpCloudClient.prototype.iterateApplications;
    jest.spyOn(JumpCloudClient.prototype, 'iterateApplications').mockImplementation(function (
      this: JumpCloudClient,
      orgId,
      iteratee,
    ) {
      return iterateApplications.call(this, orgId, (application) => {
        received.push(application);
        return iteratee(application);
      });
    });

    const result = await executeStepWithDependencies(stepConfig);

    const applications = result.collectedEntities.filter(
      (e) => e._type === Entities.APPLICATION._type,
    );
    expect(applications.length).toBeGreaterThan(0);
    const accountEdges = result.collectedRelationships.filter(
      (r) => r._type === Relationships.ACCOUNT_HAS_APPLICATION._type,
    );
    expect(accountEdges.map((r) => r._toEntityKey).sort()).toEqual(
      applications.map((a) => a._key).sort(),
    );
    const [orgId, ...others] = new Set(accountEdges.map((r) => r._fromEntityKey));
    expect(others).toEqual([]);

    for (const application of applications) {
      expect(application.orgId).toBe(orgId);
      expect(application.webLink).toBe(
        `${stepConfig.instanceConfig.baseUrl}/#/sso/${application.id}/details`,
      );
      expect(application).not.toHaveProperty('config');
      expect(getRawData(application)).not.toHaveProperty('config');
      expect(getRawData(application)).toHaveProperty('_id', application.id);
    }
    // The API's SAML config holds (fake) keys and certificates: none may reach the graph.
    const secrets = received.flatMap((application) => stringsIn(application.config));
    expect(secrets.some((value) => value.includes('PRIVATE KEY'))).toBe(true);
    const serialized = JSON.stringify(result.collectedEntities);
    for (const secret of secrets.filter((value) => value.includes('-----BEGIN'))) {
      expect(serialized).not.toContain(secret);
    }
    expect(serialized).not.toMatch(/-----BEGIN/);
    expect(applications.some((a) => a.ssoType === 'saml')).toBe(true);
    expect(applications.some((a) => typeof a.idpCertExpiresOn === 'number')).toBe(true);
    // Recorded shape: some applications come with `color: null` and a logo without colour;
    // they are collected like the others.
    const colourless = received.filter((a) => (a as { color?: unknown }).color === null);
    expect(colourless.length).toBeGreaterThan(0);
    for (const application of colourless) {
      expect(applications.map((a) => a._key)).toContain(application.id ?? application._id);
    }

    expect({ ...result }).toMatchStepMetadata({ ...stepConfig });
  });

  test(Steps.APPLICATION_ASSIGNMENTS.id, async () => {
    recording = setupJumpCloudRecording({
      directory: __dirname,
      name: Steps.APPLICATION_ASSIGNMENTS.id,
    });
    const stepConfig = buildStepTestConfigForStep(Steps.APPLICATION_ASSIGNMENTS.id);

    const result = await executeStepWithDependencies(stepConfig);

    const groupEdges = result.collectedRelationships.filter(
      (r) => r._type === Relationships.GROUP_ASSIGNED_APPLICATION._type,
    );
    const userEdges = result.collectedRelationships.filter(
      (r) => r._type === Relationships.USER_ASSIGNED_APPLICATION._type,
    );
    expect(groupEdges.length).toBeGreaterThan(0);
    expect(userEdges.length).toBeGreaterThan(0);
    expect(new Set(userEdges.map((r) => r._key)).size).toBe(userEdges.length);

    // Both kinds of user assignment exist: direct bindings and grants through a group.
    const direct = userEdges.filter((r) => r.direct === true);
    const viaGroup = userEdges.filter((r) => r.direct === false);
    expect(direct.length).toBeGreaterThan(0);
    expect(viaGroup.length).toBeGreaterThan(0);
    expect(direct.length + viaGroup.length).toBe(userEdges.length);

    // A user reached only through a group needs a group bound to that application.
    const applicationsWithGroups = new Set(groupEdges.map((r) => r._toEntityKey));
    for (const edge of viaGroup) {
      expect(applicationsWithGroups.has(edge._toEntityKey)).toBe(true);
    }

    expect({ ...result }).toMatchStepMetadata({ ...stepConfig });
  });
});
