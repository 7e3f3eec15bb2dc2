import { classSchemaProperties, loadDocumentedDataModel } from './data-model';

describe("the project's documented data model", () => {
  const model = loadDocumentedDataModel();

  test('reads the property paragraphs of each _type', () => {
    const user = model.entityProperties.get('jumpcloud_user');
    for (const name of ['mfaEnabled', 'mfaExclusionEndOn', 'accountLocked', 'sudo', 'state']) {
      expect([name, user?.has(name)]).toEqual([name, true]);
    }
    const device = model.entityProperties.get('jumpcloud_device');
    for (const name of ['lastSeenOn', 'encrypted', 'isEncryptionKeyPresent', 'cpuBrand']) {
      expect([name, device?.has(name)]).toEqual([name, true]);
    }
    expect(model.entityProperties.get('jumpcloud_user')?.has('cpuBrand')).toBe(false);
  });

  test('reads property tables under a _type paragraph, and field.<label> as a prefix', () => {
    const asset = model.entityProperties.get('jumpcloud_asset_device');
    for (const name of ['warrantyExpiresOn', 'ownerId', 'ownerType', 'assetStatus', 'status']) {
      expect([name, asset?.has(name)]).toEqual([name, true]);
    }
    expect(model.entityPrefixes.get('jumpcloud_asset_device')).toContain('field.');
  });

  test('reads the classes of the entity tables and the relationship properties', () => {
    expect(model.classesOfType.get('jumpcloud_account')).toEqual(['Account', 'Organization']);
    expect(model.classesOfType.get('jumpcloud_asset_device')).toEqual(['Device']);
    expect([...(model.relationshipProperties.get('ASSIGNED') ?? [])]).toEqual(
      expect.arrayContaining(['direct', 'sudo']),
    );
  });

  test('knows the JupiterOne schema properties of a class and of every entity', () => {
    for (const name of ['_key', '_class', 'displayName', 'createdOn', 'webLink']) {
      expect([name, model.baseProperties.has(name)]).toEqual([name, true]);
    }
    expect(classSchemaProperties(model, 'User').has('mfaEnabled')).toBe(true);
    expect(classSchemaProperties(model, 'Device').has('serial')).toBe(true);
  });
});
