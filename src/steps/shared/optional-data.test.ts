import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { OptionalFeature } from './optional-data';

const ORG_A = '5f0c8d1e2a3b4c5d6e7f8091';
const ORG_B = '5f0c8d1e2a3b4c5d6e7f8092';
const endpoint = 'GET /api/v2/applemdms?limit=100&skip=0';

function feature(partialTypes: string[] = ['jumpcloud_apple_mdm']) {
  const logger = createMockIntegrationLogger();
  const warn = jest.spyOn(logger, 'publishWarnEvent');
  const optional = new OptionalFeature(logger, {
    name: 'Apple MDM',
    collects: 'Apple MDM and Apple devices',
    howToGetIt: 'Grant MDM read.',
    partialTypes,
  });
  return { optional, warn };
}

const forbidden = () =>
  new IntegrationProviderAuthorizationError({ endpoint, status: 403, statusText: 'Forbidden' });
const notFound = () =>
  new IntegrationProviderAPIError({ endpoint, status: 404, statusText: 'Not Found' });

test('a successful read: true, no warning, nothing to fail', async () => {
  const { optional, warn } = feature();
  await expect(optional.read(ORG_A, async () => undefined)).resolves.toBe(true);
  expect(warn).not.toHaveBeenCalled();
  expect(() => optional.finish()).not.toThrow();
});

test('a 404: the organization lacks the feature; one warning, nothing partial', async () => {
  const { optional, warn } = feature();
  await expect(optional.read(ORG_A, () => Promise.reject(notFound()))).resolves.toBe(false);
  expect(warn).toHaveBeenCalledWith(
    expect.objectContaining({
      name: IntegrationWarnEventName.MissingEntity,
      description: expect.stringContaining(`Organization ${ORG_A} has no Apple MDM`),
    }),
  );
  expect(() => optional.finish()).not.toThrow();
});

test('a 403: a warning, the other organizations go on, then the step fails with the partial types', async () => {
  const { optional, warn } = feature(['jumpcloud_apple_mdm', 'jumpcloud_apple_device']);
  await expect(optional.read(ORG_A, () => Promise.reject(forbidden()))).resolves.toBe(false);
  await expect(optional.read(ORG_B, async () => undefined)).resolves.toBe(true);
  expect(warn).toHaveBeenCalledWith(
    expect.objectContaining({
      name: IntegrationWarnEventName.MissingPermission,
      description: expect.stringContaining(`Apple MDM of organization ${ORG_A} (403 Forbidden)`),
    }),
  );
  let thrown: unknown;
  try {
    optional.finish();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(IntegrationProviderAuthorizationError);
  expect((thrown as Error).message).toContain(ORG_A);
  expect((thrown as Error).message).not.toContain(ORG_B);
  expect((thrown as Error).message).toContain('jumpcloud_apple_device');
});

test('a 403 on a feature that only adds properties: a warning, and the step does not fail', async () => {
  const { optional, warn } = feature([]);
  await optional.read(ORG_A, () => Promise.reject(forbidden()));
  expect(warn).toHaveBeenCalledTimes(1);
  expect(() => optional.finish()).not.toThrow();
});

test('any other failure propagates', async () => {
  const { optional } = feature();
  const failure = new IntegrationProviderAPIError({ endpoint, status: 500, statusText: 'x' });
  await expect(optional.read(ORG_A, () => Promise.reject(failure))).rejects.toBe(failure);
});

describe('one warning per organization, across reads and steps', () => {
  test('after a 404 or 403, later reads for that organization are skipped without warning', async () => {
    const { optional, warn } = feature();
    await optional.read(ORG_A, () => Promise.reject(notFound()));
    const second = jest.fn(async () => undefined);
    await expect(optional.read(ORG_A, second)).resolves.toBe(false);
    expect(second).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(optional.unavailable(ORG_A)).toEqual({ reason: 'absent', endpoint });
    expect(optional.unavailable(ORG_B)).toBeUndefined();
  });

  test('reads running at once that all fail warn once', async () => {
    const { optional, warn } = feature();
    await Promise.all([
      optional.read(ORG_A, () => Promise.reject(forbidden())),
      optional.read(ORG_A, () => Promise.reject(forbidden())),
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('what an earlier step found: no request, no warning; a 403 still makes the step partial', async () => {
    const { optional, warn } = feature(['jumpcloud_local_account']);
    optional.knownUnavailable(ORG_A, { reason: 'forbidden', endpoint });
    optional.knownUnavailable(ORG_B, { reason: 'absent', endpoint });
    const read = jest.fn(async () => undefined);
    await expect(optional.read(ORG_A, read)).resolves.toBe(false);
    await expect(optional.read(ORG_B, read)).resolves.toBe(false);
    expect(read).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(() => optional.finish()).toThrow(/jumpcloud_local_account/);
  });
});
