import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient } from '../../jumpcloud';
import {
  buildStepTestConfigForStep,
  multiTenantConfig,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { edgePairs } from '../../../test/graph-helpers';
import { withFeatureSimulator } from '../../../test/optional-feature';
import { recordingPerTest } from '../../../test/recording';
import { runIntegration } from '../../../scripts/lib/run-integration';
import { Asset, AssetManagementMode, orgAssets } from '../../../simulator/assets/generate';
import { generateDirectory, SimulatedOrg } from '../../../simulator/directory/generate';
import { Entities, Relationships, Steps } from '../constants';
import { ASSET_TYPES } from '.';

/** What the simulator behind the recordings holds: the ground truth, computed, not recorded. */
const singleTenant = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];

function reference(asset: Asset, label: string): { id: string; type: string } | undefined {
  const value = asset.fields[label]?.value;
  return value && typeof value === 'object' && 'type' in value ? value : undefined;
}

/** The edges the org's Asset Management implies, computed from the simulator's data. */
function expectedEdges(org: SimulatedOrg) {
  const assets = orgAssets(org);
  const users = new Set(org.users.map((u) => u.id));
  const systems = new Set(org.systems.map((s) => s.id));
  const locations = new Set(assets.locations.map((l) => l.id));
  const owned = (list: Asset[]) =>
    list.flatMap((asset) => {
      const owner = reference(asset, 'Owner');
      return owner?.type === 'user' && users.has(owner.id) ? [`${owner.id}>${asset.id}`] : [];
    });
  const placed = (list: Asset[]) =>
    list.flatMap((asset) => {
      const location = reference(asset, 'Location');
      return location && locations.has(location.id) ? [`${location.id}>${asset.id}`] : [];
    });
  return {
    is: assets.devices
      .filter((d) => d.jcSystemId && systems.has(d.jcSystemId))
      .map((d) => `${d.jcSystemId}>${d.id}`)
      .sort(),
    ownsDevice: owned(assets.devices).sort(),
    ownsAccessory: owned(assets.accessories).sort(),
    locationHasDevice: placed(assets.devices).sort(),
    locationHasAccessory: placed(assets.accessories).sort(),
    contains: assets.locations
      .flatMap((l) => {
        const parent = reference(l, 'Parent');
        return parent ? [`${parent.id}>${l.id}`] : [];
      })
      .sort(),
  };
}

describe(Steps.ASSETS.id, () => {
  const record = recordingPerTest(__dirname);

  test('device assets, accessories and locations, with systems, owners and places', async () => {
    record('fetch-assets');
    const stepConfig = buildStepTestConfigForStep(Steps.ASSETS.id);
    const result = await executeStepWithDependencies(stepConfig);
    const org = singleTenant;
    const assets = orgAssets(org);

    const keysOf = (_type: string) =>
      result.collectedEntities
        .filter((e) => e._type === _type)
        .map((e) => e._key)
        .sort();
    expect(keysOf(Entities.ASSET_DEVICE._type)).toEqual(assets.devices.map((d) => d.id).sort());
    expect(keysOf(Entities.ASSET_ACCESSORY._type)).toEqual(
      assets.accessories.map((a) => a.id).sort(),
    );
    expect(keysOf(Entities.LOCATION._type)).toEqual(assets.locations.map((l) => l.id).sort());

    const expected = expectedEdges(org);
    const relationships = result.collectedRelationships;
    expect(edgePairs(relationships, Relationships.DEVICE_IS_ASSET_DEVICE._type)).toEqual(
      expected.is,
    );
    expect(edgePairs(relationships, Relationships.USER_OWNS_ASSET_DEVICE._type)).toEqual(
      expected.ownsDevice,
    );
    expect(edgePairs(relationships, Relationships.USER_OWNS_ASSET_ACCESSORY._type)).toEqual(
      expected.ownsAccessory,
    );
    expect(edgePairs(relationships, Relationships.LOCATION_HAS_ASSET_DEVICE._type)).toEqual(
      expected.locationHasDevice,
    );
    expect(edgePairs(relationships, Relationships.LOCATION_HAS_ASSET_ACCESSORY._type)).toEqual(
      expected.locationHasAccessory,
    );
    expect(edgePairs(relationships, Relationships.LOCATION_CONTAINS_LOCATION._type)).toEqual(
      expected.contains,
    );
    for (const list of Object.values(expected)) expect(list.length).toBeGreaterThan(0);
    // Every asset hangs off the organization.
    const accountEdges = [
      Relationships.ACCOUNT_HAS_ASSET_DEVICE,
      Relationships.ACCOUNT_HAS_ASSET_ACCESSORY,
      Relationships.ACCOUNT_HAS_LOCATION,
    ].flatMap((r) => edgePairs(relationships, r._type));
    expect(accountEdges).toHaveLength(
      assets.devices.length + assets.accessories.length + assets.locations.length,
    );
    expect(accountEdges.every((pair) => pair.startsWith(`${org.id}>`))).toBe(true);

    // Managed and unmanaged; a system without an asset has no IS edge.
    const managed = result.collectedEntities.filter(
      (e) => e._type === Entities.ASSET_DEVICE._type && e.managed === true,
    );
    expect(managed.length).toBe(expected.is.length);
    expect(managed.length).toBeLessThan(org.systems.length);
    const unmanaged = result.collectedEntities.filter(
      (e) => e._type === Entities.ASSET_DEVICE._type && e.managed === false,
    );
    expect(unmanaged.length).toBe(assets.devices.filter((d) => !d.jcSystemId).length);

    // Lifecycle, warranty, custom labels and the owner's email from the collected users.
    const lost = result.collectedEntities.find((e) => e.assetStatus === 'Lost');
    expect(lost).toMatchObject({ status: 'lost/stolen', managed: true });
    const withWarranty = result.collectedEntities.filter(
      (e) => typeof e.warrantyExpiresOn === 'number',
    );
    expect(withWarranty.length).toBeGreaterThan(0);
    const owned = result.collectedEntities.find(
      (e) => e._type === Entities.ASSET_DEVICE._type && typeof e.ownerId === 'string',
    )!;
    expect(owned.owner).toBe(org.users.find((u) => u.id === owned.ownerId)?.email);
    // Custom labels of every kind: text, select and user-group references.
    for (const property of ['field.costCenter', 'field.supportTier', 'field.assignedTeam']) {
      expect([property, result.collectedEntities.some((e) => property in e)]).toEqual([
        property,
        true,
      ]);
    }
    // Missing fields: an unmanaged device with only a name; a managed one without a status.
    const bare = unmanaged.find((e) => e.model === null)!;
    expect(bare).toMatchObject({ make: null, serial: null, deviceId: null, category: 'other' });
    expect(bare.status).toBeUndefined();
    expect(managed.some((e) => e.status === undefined)).toBe(true);

    // The secret custom field of the org never reaches the graph.
    const secrets = assets.devices
      .map((d) => d.fields['Firmware Password']?.value)
      .filter((v): v is string => typeof v === 'string');
    expect(secrets.length).toBeGreaterThan(0);
    const serialized = JSON.stringify(result.collectedEntities);
    for (const secret of secrets) expect(serialized).not.toContain(secret);
    expect(serialized).not.toContain('Firmware Password');

    // One request per list: every list fits in one page at its cap.
    const requests = getCurrentClient()!.stats.byEndpoint;
    expect(requests['GET /api/v2/assets/locations']).toBe(1);
    expect(requests['GET /api/v2/assets/devices']).toBe(1);
    expect(requests['GET /api/v2/assets/accessories']).toBe(1);
    expect(requests['GET /api/v2/assets/field-configurations']).toBeUndefined();

    expect(result).toMatchStepMetadata(stepConfig);
  });

  test('a multi-tenant key: each asset under its own organization', async () => {
    record('fetch-assets-multi-tenant');
    const stepConfig = buildStepTestConfigForStep(Steps.ASSETS.id, multiTenantConfig);
    const result = await executeStepWithDependencies(stepConfig);
    const directory = generateDirectory(RECORDING_SIMULATORS.multiTenant);

    const accountOf = new Map(
      result.collectedRelationships
        .filter((r) => String(r._type).startsWith('jumpcloud_account_has_'))
        .map((r) => [String(r._toEntityKey), String(r._fromEntityKey)]),
    );
    let total = 0;
    for (const org of directory.orgs) {
      const assets = orgAssets(org);
      for (const asset of [...assets.devices, ...assets.accessories, ...assets.locations]) {
        expect([asset.id, accountOf.get(asset.id)]).toEqual([asset.id, org.id]);
        total += 1;
      }
      const expected = expectedEdges(org);
      const is = edgePairs(
        result.collectedRelationships,
        Relationships.DEVICE_IS_ASSET_DEVICE._type,
      );
      for (const pair of expected.is) expect(is).toContain(pair);
    }
    expect(accountOf.size).toBe(total);
    expect(result).toMatchStepMetadata(stepConfig);
  });
});

/**
 * Organizations without Asset Management (404) and keys that may not read it (403):
 * simulators started here (the recording simulators have it on), no recording.
 */
describe(`${Steps.ASSETS.id} without Asset Management`, () => {
  const sizes = { users: 5, groups: 2, apps: 1, systems: 4, systemGroups: 1, appleDevices: 2 };

  function withSimulator<T>(
    assetManagement: AssetManagementMode,
    run: (simulator: { url: string; apiKey: string; orgIds: string[] }) => Promise<T>,
    orgs = 1,
  ): Promise<T> {
    return withFeatureSimulator({ seed: 4, orgs, ...sizes, assetManagement }, run);
  }

  test('a whole run with the feature off: every step succeeds and nothing is partial', async () => {
    await withSimulator('off', async (simulator) => {
      const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
      expect(run.stepResults.map((s) => [s.id, s.status])).toEqual(
        run.stepResults.map((s) => [s.id, 'success']),
      );
      expect(run.partialTypes).toEqual([]);
      expect(run.entities.filter((e) => e._type === Entities.DEVICE._type)).toHaveLength(
        sizes.systems,
      );
      expect(run.entities.some((e) => ASSET_TYPES.includes(e._type))).toBe(false);
    });
  });

  test('a whole run with a 403 on assets: the rest is collected, asset types are partial', async () => {
    await withSimulator('forbidden', async (simulator) => {
      const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
      const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
      expect(status[Steps.ASSETS.id]).toBe('failure');
      for (const [id, value] of Object.entries(status)) {
        if (id !== Steps.ASSETS.id) expect([id, value]).toEqual([id, 'success']);
      }
      expect([...run.partialTypes].sort()).toEqual([...ASSET_TYPES].sort());
      expect(run.entities.filter((e) => e._type === Entities.DEVICE._type)).toHaveLength(
        sizes.systems,
      );
    });
  });
});
