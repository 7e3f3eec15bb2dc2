import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';

import {
  buildStepTestConfigForStep,
  integrationConfig,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { generateDirectory } from '../../../simulator/directory/generate';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { IntegrationConfig } from '../../config';
import { GraphConnection, JumpCloudClient, resetClient } from '../../jumpcloud';
import { createAccountEntity } from '../account/converter';
import { Entities, Relationships, Steps } from '../constants';
import { createUserEntity } from '../users/converter';
import { createGroupEntity } from './converter';
import { buildGroupMembers } from './index';
import { notFoundError } from '../../../test/graph-helpers';
import { edgeKey } from '../shared/keys';

const ORG_ID = '5f0c8d1e2a3b4c5d6e7f8091';
const GROUP_A = '6026da081f24755306c2ee01';
const GROUP_B = '6026da081f24755306c2ee02';
const GROUP_GONE = '6026da081f24755306c2ee03';
const USER_1 = '6026bec6b8207255280d5901';
const USER_2 = '6026bec6b8207255280d5902';
const USER_NOT_COLLECTED = '6026bec6b8207255280d5909';

function member(id: string, type = 'user'): GraphConnection {
  return { to: { id, type, attributes: null }, attributes: null };
}

/** A job state holding one account, groups A, B and a deleted one, and users 1 and 2. */
function buildContext() {
  const baseUrl = integrationConfig.baseUrl;
  return createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig: integrationConfig,
    entities: [
      createAccountEntity({ _id: ORG_ID, id: ORG_ID, displayName: 'Org' }, baseUrl),
      ...[GROUP_A, GROUP_B, GROUP_GONE].map((id) =>
        createGroupEntity({ id, name: `group ${id}` }, baseUrl, ORG_ID),
      ),
      ...[USER_1, USER_2].map((id) => createUserEntity({ _id: id, username: id }, baseUrl, ORG_ID)),
    ],
  });
}

/** Members per group as a fake JumpCloud would list them. */
const MEMBERS: Record<string, GraphConnection[]> = {
  [GROUP_A]: [member(USER_1), member(USER_2), member(USER_1)],
  [GROUP_B]: [member(USER_2), member(USER_NOT_COLLECTED)],
};

describe('buildGroupMembers (handler, fake client)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    resetClient();
  });

  function fakeMembers(onGone: (path: string) => Error) {
    return jest
      .spyOn(JumpCloudClient.prototype, 'iterateUserGroupMembers')
      .mockImplementation(async (orgId, groupId, iteratee) => {
        expect(orgId).toBe(ORG_ID);
        const members = MEMBERS[groupId];
        if (!members) throw onGone(`/api/v2/usergroups/${groupId}/members`);
        for (const item of members) await iteratee(item);
        return { count: members.length, total: members.length, pages: 1 };
      });
  }

  test('one edge per direct member, skipping users that were not collected', async () => {
    fakeMembers(notFoundError);
    const context = buildContext();
    const warn = jest.spyOn(context.logger, 'publishWarnEvent');

    await buildGroupMembers(context);

    const edges = context.jobState.collectedRelationships.map((r) => r._key).sort();
    expect(edges).toEqual(
      [
        edgeKey(GROUP_A, 'has', USER_1),
        edgeKey(GROUP_A, 'has', USER_2),
        edgeKey(GROUP_B, 'has', USER_2),
      ].sort(),
    );
    // The member that is not a collected user gets no edge (compared by its ends, not its key).
    expect(
      context.jobState.collectedRelationships.filter((r) => r._toEntityKey === USER_NOT_COLLECTED),
    ).toEqual([]);
    expect(MEMBERS[GROUP_B].some((member) => member.to?.id === USER_NOT_COLLECTED)).toBe(true);
    // The group deleted between list and sub-call is a warning, not a failure.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({
      name: IntegrationWarnEventName.MissingEntity,
      description: expect.stringContaining(GROUP_GONE),
    });
  });

  test('any other failure fails the step', async () => {
    const serverError = new IntegrationProviderAPIError({
      endpoint: 'GET /api/v2/usergroups/x/members',
      status: 500,
      statusText: 'Internal Server Error',
    });
    fakeMembers(() => serverError);
    await expect(buildGroupMembers(buildContext())).rejects.toBe(serverError);
  });
});

describe('recorded against the simulator', () => {
  let recording: Recording;

  afterEach(async () => {
    await recording.stop();
    resetClient();
  });

  test(Steps.GROUPS.id, async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: Steps.GROUPS.id });
    const stepConfig = buildStepTestConfigForStep(Steps.GROUPS.id);

    const result = await executeStepWithDependencies(stepConfig);

    const groups = result.collectedEntities.filter((e) => e._type === Entities.GROUP._type);
    expect(groups.length).toBeGreaterThan(0);
    const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];
    expect(
      Object.fromEntries(groups.map((g) => [g._key, [g.name, g.description ?? null]])),
    ).toEqual(
      Object.fromEntries(
        org.userGroups.map((g) => [
          g.id,
          [g.name, g.description?.trim() ? g.description.trim() : null],
        ]),
      ),
    );
    const accountEdges = result.collectedRelationships.filter(
      (r) => r._type === Relationships.ACCOUNT_HAS_GROUP._type,
    );
    expect(accountEdges.map((r) => r._toEntityKey).sort()).toEqual(
      groups.map((g) => g._key).sort(),
    );
    const [orgId, ...others] = new Set(accountEdges.map((r) => r._fromEntityKey));
    expect(others).toEqual([]);
    for (const group of groups) {
      expect(group.orgId).toBe(orgId);
      expect(group.webLink).toBe(
        `${stepConfig.instanceConfig.baseUrl}/#/groups/user/${group.id}/details`,
      );
      // attributes is a JSON string or absent, never an object.
      if (group.attributes !== undefined) {
        expect(typeof group.attributes).toBe('string');
        expect(() => JSON.parse(group.attributes as string)).not.toThrow();
      }
    }

    expect({ ...result }).toMatchStepMetadata({ ...stepConfig });
  });

  test(Steps.GROUP_MEMBERS.id, async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: Steps.GROUP_MEMBERS.id });
    const stepConfig = buildStepTestConfigForStep(Steps.GROUP_MEMBERS.id);

    const result = await executeStepWithDependencies(stepConfig);

    const memberEdges = result.collectedRelationships;
    expect(memberEdges.length).toBeGreaterThan(0);
    // Every group's direct members, exactly as the simulator stores them.
    const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];
    expect(memberEdges.map((r) => `${r._fromEntityKey}>${r._toEntityKey}`).sort()).toEqual(
      [...new Set(org.links.userGroupMembers.map((m) => `${m.userGroupId}>${m.userId}`))].sort(),
    );
    expect(memberEdges.every((r) => r._type === Relationships.GROUP_HAS_USER._type)).toBe(true);
    // No duplicate edges (the mock job state would throw), and no edge to a user not collected.
    expect(new Set(memberEdges.map((r) => r._key)).size).toBe(memberEdges.length);
    // Not every group has members: the simulator keeps one group empty, and it gets no edge.
    const groupsWithMembers = new Set(memberEdges.map((r) => r._fromEntityKey));
    const empty = org.userGroups
      .map((g) => g.id)
      .filter((id) => !org.links.userGroupMembers.some((m) => m.userGroupId === id));
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.filter((id) => groupsWithMembers.has(id))).toEqual([]);
    expect(groupsWithMembers.size).toBe(org.userGroups.length - empty.length);

    expect({ ...result }).toMatchStepMetadata({ ...stepConfig });
  });
});
