import { createDirectRelationship } from '@jupiterone/integration-sdk-core';

import { Relationships } from '../constants';
import { edgeKey } from './keys';
import { relate } from './relate';

test('an edge takes its class, endpoint types and _type from the step metadata', () => {
  const edge = relate(
    Relationships.USER_ASSIGNED_DEVICE,
    '6026bec6b8207255280d5981',
    '5f0c8d1e2a3b4c5d6e7f8091',
    { direct: false, sudo: true },
  );
  expect(edge).toMatchObject({
    _type: Relationships.USER_ASSIGNED_DEVICE._type,
    _class: 'ASSIGNED',
    _fromEntityKey: '6026bec6b8207255280d5981',
    _toEntityKey: '5f0c8d1e2a3b4c5d6e7f8091',
    direct: false,
    sudo: true,
  });
  expect(edge._key).toBe(
    edgeKey('6026bec6b8207255280d5981', 'assigned', '5f0c8d1e2a3b4c5d6e7f8091'),
  );
});

/** What the SDK's helper makes, with its `_key` hashed as relate() does. */
function sdkEdge(...args: Parameters<typeof createDirectRelationship>) {
  const edge = createDirectRelationship(...args);
  const [from, verb, to] = String(edge._key).split('|');
  return { ...edge, _key: edgeKey(from, verb, to) };
}

test('the same edge as the SDK helper makes, its key hashed', () => {
  const metadata = Relationships.DEVICE_INSTALLED_SOFTWARE;
  expect(relate(metadata, 'device-1', 'sw:abc', { path: '/Applications/X.app' })).toEqual(
    sdkEdge({
      _class: metadata._class,
      fromKey: 'device-1',
      fromType: metadata.sourceType,
      toKey: 'sw:abc',
      toType: metadata.targetType,
      properties: { path: '/Applications/X.app' },
    }),
  );
});

test('every declared kind has the _type the SDK derives from its class and endpoints', () => {
  for (const metadata of Object.values(Relationships)) {
    expect([metadata._type, relate(metadata, 'a', 'b')]).toEqual([
      metadata._type,
      sdkEdge({
        _class: metadata._class,
        fromKey: 'a',
        fromType: metadata.sourceType,
        toKey: 'b',
        toType: metadata.targetType,
      }),
    ]);
  }
});
