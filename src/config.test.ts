import {
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import {
  createMockExecutionContext,
  createMockStepExecutionContext,
} from '@jupiterone/integration-sdk-testing';
import fs from 'fs';
import https from 'https';
import { AddressInfo } from 'net';
import path from 'path';

import { RunningSimulator, startSimulator } from '../simulator';
import { IntegrationConfig, validateInvocation } from './config';
import { resetClient } from './jumpcloud';
import { fetchAccounts } from './steps/account';
import { runMemory } from './steps/shared/collected';

/**
 * Validates, then waits for the organization records it started reading for the account step
 * (nothing of one test is left in flight in the next).
 */
async function validate(config: IntegrationConfig, context = contextOf(config)) {
  resetClient();
  try {
    return await validateInvocation(context);
  } finally {
    await Promise.allSettled(runMemory(context.instance).organizationRecordReads.values());
  }
}

function contextOf(config: IntegrationConfig) {
  return createMockExecutionContext({ instanceConfig: config });
}

describe('validateInvocation without a server', () => {
  test('a missing key fails at once, naming the field', async () => {
    const error = await validate({ apiKey: '' }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain('apiKey');
    expect(error.message).toContain('API_KEY');
  });

  test('a malformed orgId fails before any request', async () => {
    const error = await validate({
      apiKey: 'k',
      orgId: 'not-an-id',
      baseUrl: 'http://127.0.0.1:9',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain('ORG_ID');
  });

  test('a baseUrl that is not a URL fails naming the EU alternative', async () => {
    const error = await validate({ apiKey: 'k', baseUrl: 'console.jumpcloud' }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain('console.eu.jumpcloud.com');
  });

  test('concurrency must be a small whole number', async () => {
    const error = await validate({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9',
      concurrency: 'lots',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain('CONCURRENCY');
  });
});

describe('validateInvocation against a server whose certificate is not trusted', () => {
  test('fails after one connection with one line naming BASE_URL and NODE_EXTRA_CA_CERTS', async () => {
    const fixture = (name: string) =>
      fs.readFileSync(path.join(__dirname, 'jumpcloud', '__fixtures__', name));
    const server = https.createServer(
      { key: fixture('untrusted-test-only.key'), cert: fixture('untrusted-test-only.crt') },
      (_req, res) => res.end('{}'),
    );
    let connections = 0;
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const error = await validate({ apiKey: 'k', baseUrl }).catch((e) => e);
      expect(error).toBeInstanceOf(IntegrationValidationError);
      expect(error.message).toContain(baseUrl);
      expect(error.message).toContain('BASE_URL');
      expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
      expect(error.message.split('\n')).toHaveLength(1);
      expect(connections).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      resetClient();
    }
  });
});

describe('validateInvocation against the simulator', () => {
  let single: RunningSimulator;
  let msp: RunningSimulator;

  beforeAll(async () => {
    [single, msp] = await Promise.all([
      startSimulator({ seed: 3, users: 2, systems: 1, quiet: true }),
      startSimulator({ seed: 4, orgs: 3, users: 2, systems: 1, quiet: true }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([single?.stop(), msp?.stop()]);
    resetClient();
  });

  test('a valid single-tenant key passes with no orgId', async () => {
    // It answers the organizations the run collects.
    await expect(validate({ apiKey: single.apiKey, baseUrl: single.url })).resolves.toEqual(
      single.orgIds,
    );
  });

  test('a valid key starts reading the organization record, which the account step takes', async () => {
    single.resetStats();
    const config = { apiKey: single.apiKey, baseUrl: single.url };
    const context = contextOf(config);
    await validate(config, context);
    const recordReads = () =>
      single.stats().requests.byEndpoint['GET /api/organizations/{id}'] ?? 0;
    expect(recordReads()).toBe(1);
    expect([...runMemory(context.instance).organizationRecordReads.keys()]).toEqual(single.orgIds);

    const step = createMockStepExecutionContext({ instanceConfig: config });
    await fetchAccounts({ ...step, instance: context.instance });
    // Taken, not read again; the account carries the record's settings.
    expect(recordReads()).toBe(1);
    expect(runMemory(context.instance).organizationRecordReads.size).toBe(0);
    expect([...runMemory(context.instance).organizationRecords.keys()]).toEqual(single.orgIds);
    expect(step.jobState.collectedEntities).toHaveLength(1);
  });

  test('a wrong key fails with an authentication error after one request', async () => {
    single.resetStats();
    const wrongKey = 'wrong-key-0000000000000000000000000000000';
    const error = await validate({ apiKey: wrongKey, baseUrl: single.url }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(error.message).toContain('401');
    expect(error.message).not.toContain(wrongKey);
    expect(single.stats().requests.total).toBe(1);
  });

  test('an orgId the key cannot see fails, listing the organizations it can', async () => {
    const unknown = 'ffffffffffffffffffffffff';
    const error = await validate({ apiKey: msp.apiKey, baseUrl: msp.url, orgId: unknown }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain(unknown);
    for (const orgId of msp.orgIds) expect(error.message).toContain(orgId);
  });

  test('an orgId the multi-tenant key sees passes', async () => {
    await expect(
      validate({ apiKey: msp.apiKey, baseUrl: msp.url, orgId: msp.orgIds[1] }),
    ).resolves.toEqual([msp.orgIds[1]]);
  });
});
