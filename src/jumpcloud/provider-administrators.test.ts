/**
 * `iterateProviderAdministrators` against the simulator's provider (simulator/admin/routes.ts):
 * every administrator once, in pages of 100 (the specification's cap), no `x-org-id`, and a
 * key that is not the provider's refused with 401 (an authentication error the step catches).
 */
import { IntegrationProviderAuthenticationError } from '@jupiterone/integration-sdk-core';

import {
  PROVIDER_ADMINISTRATORS_TEMPLATE,
  providerAdministrators,
  providerIdOf,
  startSimulator,
  type RunningSimulator,
} from '../../simulator';
import { JumpCloudClient } from './client';

// 30 organizations of four administrators each: 120, so the list takes two pages of 100.
const SIZES = { seed: 4, orgs: 30, users: 1, groups: 0, apps: 0, systems: 0, systemGroups: 0 };

describe('iterateProviderAdministrators', () => {
  let sim: RunningSimulator;
  afterEach(() => sim?.stop());

  test('a provider key: every administrator once, in ceil(120 / 100) = 2 pages', async () => {
    sim = await startSimulator({ ...SIZES, providerAdministrators: 'provider', quiet: true });
    const expected = providerAdministrators(sim.data).map((a) => a.id);
    expect(expected.length).toBe(120);
    const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
    const ids: string[] = [];
    const result = await client.iterateProviderAdministrators(providerIdOf(sim.data), (a) => {
      ids.push(String(a.id));
    });
    expect(ids.sort()).toEqual([...expected].sort());
    expect(result.count).toBe(120);
    expect(sim.stats().requests.byEndpoint[`GET ${PROVIDER_ADMINISTRATORS_TEMPLATE}`]).toBe(2);
  }, 60_000);

  test('not a provider key: 401, an authentication error, after one request', async () => {
    sim = await startSimulator({ ...SIZES, orgs: 1, quiet: true });
    const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
    await expect(
      client.iterateProviderAdministrators(providerIdOf(sim.data), () => undefined),
    ).rejects.toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(sim.stats().requests.byEndpoint[`GET ${PROVIDER_ADMINISTRATORS_TEMPLATE}`]).toBe(1);
  }, 60_000);
});
