import { Relationships } from '../constants';
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
  expect(edge._key).toBe('6026bec6b8207255280d5981|assigned|5f0c8d1e2a3b4c5d6e7f8091');
});
