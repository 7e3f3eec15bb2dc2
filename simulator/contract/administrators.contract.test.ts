/**
 * Contract: `GET /api/v2/providers/{provider_id}/administrators` as the simulator serves it
 * (../admin/routes.ts) against v2.json `ProviderAdministrator_List` (vendored specs/v2.json):
 * every page at the `limit` cap validates against the 200 schema, which rejects properties
 * `Administrator` does not declare; a key that is not the provider's gets the 401 the 2026
 * index declares for the route (`{"message":"Unauthorized"}`).
 */
import fetch from 'node-fetch';

import {
  orgAdministrators,
  PROVIDER_ADMINISTRATORS_MAX_LIMIT,
  providerIdOf,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '..';
import { buildSpecValidators } from './spec-schemas';

const SPEC_PATH = '/providers/{provider_id}/administrators';
const SIZES = { seed: 5, users: 10, groups: 2, apps: 1, systems: 4, systemGroups: 1 };

async function withSimulator<T>(
  options: SimulatorOptions,
  run: (sim: RunningSimulator) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator({ ...SIZES, ...options, quiet: true });
  try {
    return await run(sim);
  } finally {
    await sim.stop();
  }
}

async function get(sim: RunningSimulator, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}${path}`, {
    headers: { 'x-api-key': sim.apiKey, ...headers },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const validators = buildSpecValidators();
const validate = validators.forOperation('v2', SPEC_PATH);

describe('provider administrators match the v2 specification', () => {
  test('the validator is real: an undeclared property or a mistyped field fails', () => {
    const admin = { id: 'a', email: 'a@example.com', enableMultiFactor: true };
    expect(validate({ results: [admin], totalCount: 1 })).toBe(true);
    expect(validate({ results: [{ ...admin, enableMultiFactor: 'yes' }], totalCount: 1 })).toBe(
      false,
    );
    expect(validate({ results: [{ ...admin, neverSignsIn: true }], totalCount: 1 })).toBe(false);
    expect(validate({ results: [{ ...admin, password: 'x' }], totalCount: 1 })).toBe(false);
  });

  test.each([1, 3])(
    'a provider key (%i organization(s)): every page validates, and the pages hold every administrator once',
    (orgs) =>
      withSimulator({ orgs, providerAdministrators: 'provider' }, async (sim) => {
        const provider = providerIdOf(sim.data);
        for (const org of sim.data.orgs) expect(org.organization.provider).toBe(provider);
        const expected = sim.data.orgs.flatMap((org) => orgAdministrators(org)).map((a) => a.id);
        const seen: string[] = [];
        const limit = 2; // several pages even for one organization's four administrators
        for (let skip = 0; ; skip += limit) {
          const page = await get(
            sim,
            `/api/v2/providers/${provider}/administrators?limit=${limit}&skip=${skip}&sort=id`,
          );
          expect(page.status).toBe(200);
          expect({ ok: validate(page.body), errors: validate.errors ?? null }).toEqual({
            ok: true,
            errors: null,
          });
          expect(page.body.totalCount).toBe(expected.length);
          const results = page.body.results as Array<{ id: string }>;
          seen.push(...results.map((a) => a.id));
          if (results.length < limit) break;
        }
        expect(seen).toEqual([...expected].sort());
      }),
  );

  test('the limit cap is 100 ("Limited to 100"), and x-org-id is refused on the route', () =>
    withSimulator({ providerAdministrators: 'provider' }, async (sim) => {
      const path = `/api/v2/providers/${providerIdOf(sim.data)}/administrators`;
      const atCap = await get(sim, `${path}?limit=${PROVIDER_ADMINISTRATORS_MAX_LIMIT}`);
      expect(atCap.status).toBe(200);
      expect(validate(atCap.body)).toBe(true);
      expect(
        (await get(sim, `${path}?limit=${PROVIDER_ADMINISTRATORS_MAX_LIMIT + 1}`)).status,
      ).toBe(400);
      expect((await get(sim, path, { 'x-org-id': sim.orgIds[0] })).status).toBe(403);
    }));

  test('not a provider key: 401 with the body the specification declares, for any provider id', () =>
    withSimulator({ orgs: 2 }, async (sim) => {
      const ids = [providerIdOf(sim.data), ...sim.data.orgs.map((o) => o.organization.provider)];
      for (const id of ids.filter((value) => value !== '')) {
        const res = await get(sim, `/api/v2/providers/${id}/administrators`);
        expect(res).toEqual({ status: 401, body: { message: 'Unauthorized' } });
      }
    }));

  test('a provider key answers 401 for another provider', () =>
    withSimulator({ providerAdministrators: 'provider' }, async (sim) => {
      const res = await get(sim, `/api/v2/providers/${'0'.repeat(24)}/administrators`);
      expect(res.status).toBe(401);
    }));
});
