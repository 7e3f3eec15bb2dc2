/**
 * Contract: what the simulator serves of System Insights and Asset Management must match the
 * schemas of JumpCloud's 2026 v2 specification (OpenAPI 3.1), vendored as the subset
 * `specs/v2-2026-features.json` (see extractSpecSubset.ts and specs/SOURCE.md).
 *
 * Every list is read in full, page by page at its cap, and every 200 body is validated
 * against the 200-response schema of the same operation; error bodies against
 * `jumpcloud.http.assets.error`. The specification leaves `FieldValue.value` untyped, so the
 * values are also checked against the `Reference` and `Price` schemas they claim to be.
 */
import { type ValidateFunction } from 'ajv/dist/2020';
import fetch from 'node-fetch';

import { startSimulator, type RunningSimulator, type SimulatorOptions } from '..';
import { orgAssets, type Asset } from '../assets/generate';
import { ACCESS_ROUTE_TEMPLATES } from '../access/routes';
import { PROVIDER_ADMINISTRATORS_TEMPLATE } from '../admin/routes';
import { ASSET_PAGING } from '../assets/routes';
import { featureRoutes } from '../server/router';
import { SYSTEM_INSIGHTS_PAGING } from '../system-insights/routes';
import { policyFeatureRoutes } from '../policies/routes';
import { orgSystemInfo } from '../system-insights/generate';
import { orgPosture } from '../posture/generate';
import { POSTURE_TABLES, SOFTWARE_TABLES } from '../posture/routes';
import { softwareRowCount } from '../posture/software';
import { build2026Validators, SPEC_2026 as SPEC } from './spec-2026';

const validators = build2026Validators();
const errorBody = validators.forSchema('jumpcloud.http.assets.error');
const reference = validators.forSchema('jumpcloud.http.assets.Reference');
const price = validators.forSchema('jumpcloud.http.assets.Price');

/** `/api/v2/assets/devices` -> `/assets/devices`. */
function specPath(template: string): string {
  return template.replace(/^\/api\/v2/, '');
}

/**
 * Device policy routes (./policies.contract.test.ts) and commands, policies, directories,
 * RADIUS (access.contract.test.ts) have contract tests of their own.
 */
const POLICY_TEMPLATES = new Set(policyFeatureRoutes().map((route) => route.template));
const TEMPLATES = featureRoutes()
  .map((route) => route.template)
  .filter((template) => !POLICY_TEMPLATES.has(template))
  .filter((template) => !(ACCESS_ROUTE_TEMPLATES as readonly string[]).includes(template))
  .filter((template) => template !== PROVIDER_ADMINISTRATORS_TEMPLATE); // administrators.contract.test.ts
const POSTURE_TEMPLATES = [...Object.keys(POSTURE_TABLES), ...SOFTWARE_TABLES].map(
  (table) => `/api/v2/systeminsights/${table}`,
);
const SIZES = { seed: 3, users: 40, groups: 4, apps: 1, systems: 30, systemGroups: 2 };

async function get(sim: RunningSimulator, url: string) {
  const res = await fetch(`${sim.url}${url}`, { headers: { 'x-api-key': sim.apiKey } });
  return {
    status: res.status,
    total: res.headers.get('x-total-count'),
    body: (await res.json()) as unknown,
  };
}

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

function validationErrors(validate: ValidateFunction, body: unknown, where: string): string[] {
  return validate(body) ? [] : [`${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
}

describe('System Insights and Asset Management match the 2026 specification', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ ...SIZES, quiet: true });
  });
  afterAll(() => sim?.stop());

  test('every feature route has a GET operation with a 200 schema in the subset', () => {
    expect(TEMPLATES).toHaveLength(6 + POSTURE_TEMPLATES.length);
    for (const template of TEMPLATES) {
      expect(() => validators.forOperation(specPath(template))).not.toThrow();
    }
  });

  test('the vendored subset is what the extraction script makes of the pinned source', () => {
    const info = (SPEC as unknown as { info: { 'x-source': { sha256: string } } }).info;
    expect(info['x-source'].sha256).toBe(
      '53871f5e51ca4c36189ffca656f96501a770f404b2b2682d783478991bc2e6f8',
    );
  });

  test('the validator is real: a missing or mistyped field, or a bad enum value, fails', () => {
    const devices = validators.forOperation('/assets/devices');
    expect(devices({ results: [{ id: 'x', fields: {} }], totalCount: 1 })).toBe(true);
    expect(devices({ results: [{ id: 'x' }], totalCount: 1 })).toBe(false);
    expect(
      devices({ results: [{ id: 'x', fields: { Name: { value: 'a' } } }], totalCount: 1 }),
    ).toBe(false);
    const configs = validators.forOperation('/assets/field-configurations');
    const config = { id: 'x', label: 'L', default: true, mandatory: false, scope: 'Device' };
    expect(configs({ results: [config], totalCount: 1 })).toBe(true);
    expect(configs({ results: [{ ...config, scope: 'Laptop' }], totalCount: 1 })).toBe(false);
    const info = validators.forOperation('/systeminsights/system_info');
    expect(info([{ system_id: 'x', collection_time: 't', cpu_physical_cores: 4 }])).toBe(true);
    expect(info([{ system_id: 'x', collection_time: 't', cpu_physical_cores: '4' }])).toBe(false);
    expect(reference({ id: 'x', name: 'n', type: 'user' })).toBe(true);
    expect(reference({ id: 'x', name: 'n', type: 'device' })).toBe(false);
    expect(price({ amount: '10', currency: 'USD' })).toBe(false);
  });

  const lists = [
    ['/api/v2/assets/devices', ASSET_PAGING.devices.maxLimit],
    ['/api/v2/assets/accessories', ASSET_PAGING.accessories.maxLimit],
    ['/api/v2/assets/locations', ASSET_PAGING.locations.maxLimit],
  ] as const;

  test.each(lists)('GET %s validates page by page at its cap', async (template, cap) => {
    const validate = validators.forOperation(specPath(template));
    const failures: string[] = [];
    const seen: Asset[] = [];
    for (let skip = 0; ; skip += cap) {
      const { status, body } = await get(sim, `${template}?limit=${cap}&skip=${skip}`);
      expect(status).toBe(200);
      failures.push(...validationErrors(validate, body, `${template}?skip=${skip}`));
      const page = body as { results: Asset[]; totalCount: number };
      seen.push(...page.results);
      if (page.results.length === 0 || seen.length >= page.totalCount) break;
    }
    expect(failures).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);

    // Values the specification leaves untyped are strings, numbers, booleans, references
    // or prices, and references and prices match their schemas.
    for (const asset of seen) {
      for (const [label, field] of Object.entries(asset.fields)) {
        const value = field.value as unknown;
        const where = `${asset.id} ${label}`;
        if (['string', 'number', 'boolean'].includes(typeof value)) continue;
        if (value && typeof value === 'object' && 'amount' in value) {
          failures.push(...validationErrors(price, value, where));
        } else {
          failures.push(...validationErrors(reference, value, where));
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('field configurations and the select options of every field validate', async () => {
    const configs = await get(sim, '/api/v2/assets/field-configurations');
    expect(configs.status).toBe(200);
    expect(
      validationErrors(
        validators.forOperation('/assets/field-configurations'),
        configs.body,
        'configs',
      ),
    ).toEqual([]);
    const results = (configs.body as { results: Array<{ id: string; default: boolean }> }).results;
    expect(results.some((config) => !config.default)).toBe(true); // custom labels
    const validate = validators.forOperation('/assets/field-configurations/{id}/select-options');
    let withOptions = 0;
    for (const config of results) {
      const options = await get(
        sim,
        `/api/v2/assets/field-configurations/${config.id}/select-options`,
      );
      expect(options.status).toBe(200);
      expect(validationErrors(validate, options.body, config.id)).toEqual([]);
      if ((options.body as { totalCount: number }).totalCount > 0) withOptions += 1;
    }
    expect(withOptions).toBeGreaterThan(2);
    const missing = await get(
      sim,
      '/api/v2/assets/field-configurations/000000000000000000000000/select-options',
    );
    expect(missing.status).toBe(404);
    expect(errorBody(missing.body)).toBe(true);
  });

  test('GET /systeminsights/system_info validates, up to 10000 rows a page', async () => {
    const validate = validators.forOperation('/systeminsights/system_info');
    const { status, body, total } = await get(
      sim,
      '/api/v2/systeminsights/system_info?limit=10000&skip=0',
    );
    expect(status).toBe(200);
    expect(validationErrors(validate, body, 'system_info')).toEqual([]);
    const rows = body as Array<{ system_id: string; hardware_vendor: string | null }>;
    expect(total).toBe(String(rows.length));
    const org = sim.data.orgs[0];
    const enabled = org.systems.filter((s) => s.systemInsights.state === 'enabled');
    expect(rows.map((r) => r.system_id)).toEqual(enabled.map((s) => s.id));
    expect(rows.length).toBeLessThan(org.systems.length);
    expect(rows.every((r) => r.hardware_vendor?.endsWith(' '))).toBe(true);
  });

  test('paging caps: above the cap is a 400 with the error schema; defaults per the spec', async () => {
    for (const [template, rule] of [
      ['/api/v2/assets/devices', ASSET_PAGING.devices],
      ['/api/v2/assets/accessories', ASSET_PAGING.accessories],
      ['/api/v2/assets/locations', ASSET_PAGING.locations],
      ['/api/v2/systeminsights/system_info', SYSTEM_INSIGHTS_PAGING],
    ] as const) {
      const tooMany = await get(sim, `${template}?limit=${rule.maxLimit + 1}`);
      expect([template, tooMany.status]).toEqual([template, 400]);
      expect(errorBody(tooMany.body)).toBe(true);
      const byDefault = await get(sim, template);
      const items = Array.isArray(byDefault.body)
        ? byDefault.body
        : (byDefault.body as { results: unknown[] }).results;
      const total = Array.isArray(byDefault.body)
        ? Number(byDefault.total)
        : (byDefault.body as { totalCount: number }).totalCount;
      expect([template, items.length]).toEqual([template, Math.min(rule.defaultLimit, total)]);
    }
    expect((await get(sim, '/api/v2/assets/devices?limit=0')).status).toBe(400);
    const past = await get(sim, '/api/v2/assets/devices?limit=100&skip=100000');
    expect(past.body).toEqual({
      results: [],
      totalCount: orgAssets(sim.data.orgs[0]).devices.length,
    });
  });

  test('the data ties to the org: systems, users, groups, locations and select options', () => {
    const org = sim.data.orgs[0];
    const assets = orgAssets(org);
    const systemIds = new Set(org.systems.map((s) => s.id));
    const userIds = new Set(org.users.map((u) => u.id));
    const groupIds = new Set(org.userGroups.map((g) => g.id));
    const locationIds = new Set(assets.locations.map((l) => l.id));
    const optionIds = new Set([...assets.selectOptions.values()].flat().map((o) => o.id));
    const labels = new Set(assets.fieldConfigurations.map((c) => c.label));
    const references: Record<string, number> = {};
    for (const asset of [...assets.devices, ...assets.accessories, ...assets.locations]) {
      if (asset.jcSystemId) expect(systemIds.has(asset.jcSystemId)).toBe(true);
      for (const [label, { value }] of Object.entries(asset.fields)) {
        expect(labels.has(label)).toBe(true);
        if (typeof value !== 'object' || !('type' in value)) continue;
        references[value.type] = (references[value.type] ?? 0) + 1;
        const known = {
          user: userIds,
          user_group: groupIds,
          location: locationIds,
          select: optionIds,
          device_group: new Set<string>(),
        }[value.type];
        expect([label, known.has(value.id)]).toEqual([label, true]);
      }
    }
    expect(Object.keys(references).sort()).toEqual(['location', 'select', 'user', 'user_group']);
    // Managed and unmanaged device assets; systems without one; a device with fields missing.
    expect(assets.devices.some((d) => d.jcSystemId)).toBe(true);
    expect(assets.devices.some((d) => !d.jcSystemId)).toBe(true);
    const managed = new Set(assets.devices.map((d) => d.jcSystemId));
    expect(org.systems.some((s) => !managed.has(s.id))).toBe(true);
    expect(assets.devices.some((d) => Object.keys(d.fields).length === 1)).toBe(true);
    expect(orgSystemInfo(org).length).toBeGreaterThan(0);
  });
});

describe('System Insights posture and software tables match the 2026 specification', () => {
  // Enough systems that every platform reports, and software spans several pages of 1,000.
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ ...SIZES, systems: 60, users: 60, quiet: true });
  });
  afterAll(() => sim?.stop());

  test.each(POSTURE_TEMPLATES)(
    'GET %s validates, page by page, and ties to the org',
    async (template) => {
      const validate = validators.forOperation(specPath(template));
      const org = sim.data.orgs[0];
      const enabled = new Set(
        org.systems.filter((s) => s.systemInsights.state === 'enabled').map((s) => s.id),
      );
      const rows: Array<{ system_id: string }> = [];
      const failures: string[] = [];
      let total: string | null = null;
      for (let skip = 0; ; skip += 1000) {
        const page = await get(sim, `${template}?limit=1000&skip=${skip}`);
        expect(page.status).toBe(200);
        total = page.total;
        failures.push(...validationErrors(validate, page.body, `${template}?skip=${skip}`));
        const items = page.body as Array<{ system_id: string }>;
        rows.push(...items);
        if (items.length < 1000) break;
      }
      expect(failures).toEqual([]);
      expect(rows.length).toBeGreaterThan(0);
      expect(total).toBe(String(rows.length));
      // Only systems that report System Insights have rows.
      expect(rows.filter((row) => !enabled.has(row.system_id))).toEqual([]);
      // The cap is 10000; above is a 400; the default page is 10 rows.
      expect((await get(sim, `${template}?limit=10001`)).status).toBe(400);
      expect(((await get(sim, template)).body as unknown[]).length).toBe(Math.min(10, rows.length));
      // Paging per system is not how this table is read.
      expect((await get(sim, `${template}?filter=system_id:eq:${rows[0].system_id}`)).status).toBe(
        400,
      );
    },
  );

  test('the posture covers what the questions need', () => {
    const org = sim.data.orgs[0];
    const posture = orgPosture(org);
    expect(posture.accounts.some((a) => a.interactive && a.admin && !a.jumpcloudUserId)).toBe(true);
    expect(posture.accounts.some((a) => a.jumpcloudUserId)).toBe(true);
    expect(posture.users.some((u) => u.real_user === null && u.admin === null)).toBe(true);
    const shared = posture.keys.filter((k) => k.shared);
    expect(new Set(shared.map((k) => k.systemId)).size).toBeGreaterThan(2);
    const machines = new Set(posture.disks.map((disk) => disk.machine));
    for (const machine of [
      'Mac, FileVault off, hardware-encrypted APFS',
      'Linux, root on LUKS, /boot and EFI plain',
      'Windows, BitLocker suspended on C:',
    ]) {
      expect([machine, machines.has(machine)]).toEqual([machine, true]);
    }
    expect(posture.diskEncryption.some((row) => row.encryption_status === 'undefined')).toBe(true);
    expect([...posture.firewall.values()]).toContain(false);
    for (const table of SOFTWARE_TABLES) expect(softwareRowCount(org, table)).toBeGreaterThan(0);
  });
});

describe('features turned off', () => {
  test('Asset Management off: every /assets route answers 404 with the error schema', async () => {
    await withSimulator({ assetManagement: 'off' }, async (sim) => {
      for (const template of TEMPLATES.filter((t) => t.includes('/assets/'))) {
        const url = template.replace('{id}', '000000000000000000000000');
        const res = await get(sim, url);
        expect([url, res.status, errorBody(res.body)]).toEqual([url, 404, true]);
      }
      // System Insights is independent.
      expect((await get(sim, '/api/v2/systeminsights/system_info')).status).toBe(200);
    });
  });

  test('Asset Management forbidden: 403 with the error schema', async () => {
    await withSimulator({ assetManagement: 'forbidden' }, async (sim) => {
      for (const template of TEMPLATES.filter((t) => t.includes('/assets/'))) {
        const url = template.replace('{id}', '000000000000000000000000');
        const res = await get(sim, url);
        expect([url, res.status, errorBody(res.body)]).toEqual([url, 403, true]);
      }
    });
  });

  test('System Insights off: 404 on every System Insights table', async () => {
    await withSimulator({ systemInsights: 'off' }, async (sim) => {
      for (const template of ['/api/v2/systeminsights/system_info', ...POSTURE_TEMPLATES]) {
        expect([template, (await get(sim, template)).status]).toEqual([template, 404]);
      }
    });
  });

  test('System Insights forbidden: 403; Asset Management still answers', async () => {
    await withSimulator({ systemInsights: 'forbidden' }, async (sim) => {
      const res = await get(sim, '/api/v2/systeminsights/system_info?limit=10000');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ message: expect.stringContaining('Forbidden') });
      expect((await get(sim, '/api/v2/assets/devices')).status).toBe(200);
    });
  });
});
