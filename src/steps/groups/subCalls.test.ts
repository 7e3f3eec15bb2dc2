import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { readUnlessDeleted } from './subCalls';

const GROUP = {
  kind: 'user group',
  id: '6026da081f24755306c2ee0d',
  orgId: '5f0c8d1e2a3b4c5d6e7f8091',
};

function apiError(status: number): IntegrationProviderAPIError {
  return new IntegrationProviderAPIError({
    endpoint: 'GET /api/v2/usergroups/6026da081f24755306c2ee0d/members',
    status,
    statusText: 'failed',
  });
}

describe('readUnlessDeleted', () => {
  test('answers true when the read succeeds, without any event', async () => {
    const logger = createMockIntegrationLogger();
    const warn = jest.spyOn(logger, 'publishWarnEvent');
    await expect(readUnlessDeleted(logger, GROUP, async () => undefined)).resolves.toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  test('a 404 is a missing-entity warning and answers false', async () => {
    const logger = createMockIntegrationLogger();
    const warn = jest.spyOn(logger, 'publishWarnEvent');
    await expect(
      readUnlessDeleted(logger, GROUP, () => Promise.reject(apiError(404))),
    ).resolves.toBe(false);
    expect(warn).toHaveBeenCalledWith({
      name: IntegrationWarnEventName.MissingEntity,
      description: expect.stringContaining(GROUP.id),
    });
  });

  test.each([400, 429, 500, 503])('a %s propagates', async (status) => {
    const logger = createMockIntegrationLogger();
    const error = apiError(status);
    await expect(readUnlessDeleted(logger, GROUP, () => Promise.reject(error))).rejects.toBe(error);
  });

  test('a network failure propagates', async () => {
    const logger = createMockIntegrationLogger();
    const failure = new Error('socket hang up');
    await expect(readUnlessDeleted(logger, GROUP, () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
  });
});
