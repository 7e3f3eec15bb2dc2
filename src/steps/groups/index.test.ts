import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';

import { integrationConfig } from '../../../test/config';
import { IntegrationConfig } from '../../config';
import { GraphConnection, JumpCloudClient, resetClient } from '../../jumpcloud';
import { createAccountEntity } from '../account/converter';
import { createUserEntity } from '../users/converter';
import { createGroupEntity } from './converter';
import { buildGroupMembers } from './index';

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

function notFound(path: string): IntegrationProviderAPIError {
  return new IntegrationProviderAPIError({
    endpoint: `GET ${path}`,
    status: 404,
    statusText: 'Not Found',
  });
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
    fakeMembers(notFound);
    const context = buildContext();
    const warn = jest.spyOn(context.logger, 'publishWarnEvent');

    await buildGroupMembers(context);

    const edges = context.jobState.collectedRelationships.map((r) => r._key).sort();
    expect(edges).toEqual(
      [`${GROUP_A}|has|${USER_1}`, `${GROUP_A}|has|${USER_2}`, `${GROUP_B}|has|${USER_2}`].sort(),
    );
    expect(edges.some((key) => key.includes(USER_NOT_COLLECTED))).toBe(false);
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
