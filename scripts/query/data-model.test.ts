import { Entities, Relationships } from '../../src/steps/constants';
import { classSchemaProperties, loadDocumentedDataModel } from './data-model';

describe("the integration's data model, from its step metadata", () => {
  const model = loadDocumentedDataModel();

  test('every _type of the metadata with its classes, and the properties of its schema', () => {
    expect(model.classesOfType.size).toBe(Object.keys(Entities).length);
    expect(model.classesOfType.get('jumpcloud_account')).toEqual(['Account', 'Organization']);
    expect(model.classesOfType.get('jumpcloud_local_account')).toEqual(['User']);
    expect([...(model.entityProperties.get('jumpcloud_command') ?? [])].sort()).toEqual([
      'commandType',
      'deviceCount',
      'launchType',
      'runAsRoot',
      'sudo',
    ]);
    // A _type without a schema in its metadata lists no property of its own.
    expect(model.entityProperties.get('jumpcloud_user')?.size).toBe(0);
  });

  test('relationship classes with the properties of their schemas, and every relationship _type', () => {
    expect([...(model.relationshipProperties.get('ASSIGNED') ?? [])]).toEqual(
      expect.arrayContaining(['direct', 'sudo', 'allApplications']),
    );
    expect(model.relationshipTypes.size).toBe(
      new Set(Object.values(Relationships).map((metadata) => metadata._type)).size,
    );
  });

  test('documentation prose is no source: API field names are not graph properties', () => {
    const names = [
      ...(model.entityProperties.get('jumpcloud_device') ?? []),
      ...(model.entityProperties.get('jumpcloud_user') ?? []),
    ];
    expect(names).not.toContain('lastContact');
    expect(names).not.toContain('mfa');
  });

  test('knows the JupiterOne schema properties of a class and of every entity', () => {
    for (const name of ['_key', '_class', 'displayName', 'createdOn', 'webLink']) {
      expect([name, model.baseProperties.has(name)]).toEqual([name, true]);
    }
    expect(classSchemaProperties(model, 'User').has('mfaEnabled')).toBe(true);
    expect(classSchemaProperties(model, 'Device').has('serial')).toBe(true);
  });
});
