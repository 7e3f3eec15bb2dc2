import fetch from 'node-fetch';

import { parseArgs } from '../cli';
import { generateDirectory } from '../directory/generate';
import { generateOrgAssets, orgAssets, systemHasAsset } from './generate';
import { generateSystemInfo } from '../system-insights/generate';
import { startSimulator } from '../server/server';

const OPTIONS = { seed: 9, users: 30, groups: 3, apps: 1, systems: 20, systemGroups: 2 };

describe('System Insights and Asset Management data', () => {
  test('is deterministic: the same org gives deep-equal data, byte-identical once serialized', () => {
    const a = generateDirectory(OPTIONS).orgs[0];
    const b = generateDirectory(OPTIONS).orgs[0];
    expect(JSON.stringify(generateSystemInfo(a))).toBe(JSON.stringify(generateSystemInfo(b)));
    const assetsA = generateOrgAssets(a);
    const assetsB = generateOrgAssets(b);
    expect(JSON.stringify({ ...assetsA, selectOptions: [...assetsA.selectOptions] })).toBe(
      JSON.stringify({ ...assetsB, selectOptions: [...assetsB.selectOptions] }),
    );
    // Cached per org object.
    expect(orgAssets(a)).toBe(orgAssets(a));
  });

  test('leaves the directory itself untouched (other records do not change)', () => {
    const plain = JSON.stringify(generateDirectory(OPTIONS).orgs[0].systems);
    const org = generateDirectory(OPTIONS).orgs[0];
    orgAssets(org);
    generateSystemInfo(org);
    expect(JSON.stringify(org.systems)).toBe(plain);
  });

  test('ids are unique across assets, options and field configurations, and never a system id', () => {
    const org = generateDirectory({ ...OPTIONS, orgs: 2 }).orgs[1];
    const assets = orgAssets(org);
    const ids = [
      ...assets.fieldConfigurations.map((c) => c.id),
      ...[...assets.selectOptions.values()].flat().map((o) => o.id),
      ...assets.locations.map((l) => l.id),
      ...assets.devices.map((d) => d.id),
      ...assets.accessories.map((a) => a.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    const systemIds = new Set(org.systems.map((s) => s.id));
    expect(ids.some((id) => systemIds.has(id))).toBe(false);
  });

  test('every system but every seventh has a device asset; the rest are unmanaged', () => {
    const org = generateDirectory(OPTIONS).orgs[0];
    const managed = orgAssets(org).devices.filter((d) => d.jcSystemId);
    expect(managed.map((d) => d.jcSystemId).sort()).toEqual(
      org.systems
        .filter((_, s) => systemHasAsset(s))
        .map((s) => s.id)
        .sort(),
    );
    expect(orgAssets(org).devices.length).toBeGreaterThan(managed.length);
  });
});

describe('feature routes', () => {
  test('fields= keeps only the requested labels; the mode shows in /__simulator/info', async () => {
    const sim = await startSimulator({ ...OPTIONS, assetManagement: 'off', quiet: true });
    try {
      const info = (await (await fetch(`${sim.url}/__simulator/info`)).json()) as Record<
        string,
        unknown
      >;
      expect(info).toMatchObject({ assetManagement: 'off', systemInsights: 'enabled' });
    } finally {
      await sim.stop();
    }

    const on = await startSimulator({ ...OPTIONS, quiet: true });
    try {
      const res = await fetch(`${on.url}/api/v2/assets/devices?limit=5&fields=Name,Status`, {
        headers: { 'x-api-key': on.apiKey },
      });
      const body = (await res.json()) as { results: Array<{ fields: object }> };
      expect(body.results).toHaveLength(5);
      for (const asset of body.results) {
        expect(Object.keys(asset.fields).every((label) => ['Name', 'Status'].includes(label))).toBe(
          true,
        );
      }
      // Tenancy and authentication are those of every other route.
      const noKey = await fetch(`${on.url}/api/v2/assets/devices`);
      expect(noKey.status).toBe(401);
    } finally {
      await on.stop();
    }
  });

  test('the CLI takes the feature modes', () => {
    expect(
      parseArgs(['--asset-management', 'forbidden', '--system-insights', 'forbidden']),
    ).toMatchObject({ assetManagement: 'forbidden', systemInsights: 'forbidden' });
    expect(() => parseArgs(['--asset-management', 'maybe'])).toThrow(/asset-management/);
    expect(parseArgs(['--system-insights', 'off'])).toMatchObject({ systemInsights: 'off' });
    expect(() => parseArgs(['--system-insights', 'maybe'])).toThrow(/system-insights/);
  });
});
