import { traversalResult } from '../../../test/graph-helpers';
import { isDirectBinding } from './traversal';

const USER_ID = '6026bec6b8207255280d5901';
const GROUP_ID = '6026da081f24755306c2ee0d';
const traversed = (id: string, type: string, hops: number[]) =>
  traversalResult(id, type, hops, GROUP_ID);

// One definition for applications, commands and device policies (their three copies' tests).
describe('isDirectBinding', () => {
  test('a one-hop route is a direct binding', () => {
    expect(isDirectBinding(traversed(USER_ID, 'user', [1]))).toBe(true);
  });

  test('a route through a group is not', () => {
    expect(isDirectBinding(traversed(USER_ID, 'user', [2]))).toBe(false);
    expect(isDirectBinding(traversed(USER_ID, 'user', [2, 3]))).toBe(false);
  });

  test('direct if any of several routes is one hop', () => {
    expect(isDirectBinding(traversed(USER_ID, 'user', [2, 1]))).toBe(true);
  });

  test('no paths at all is not direct', () => {
    expect(isDirectBinding({ id: USER_ID, type: 'user', paths: null })).toBe(false);
    expect(isDirectBinding({ id: USER_ID, type: 'user' })).toBe(false);
    expect(isDirectBinding({ id: USER_ID, type: 'user', paths: [] })).toBe(false);
  });

  test('a system reached by a command or a policy: one hop to it is direct, through a system group is not', () => {
    const hop = (id: string, type: string) => ({ to: { id, type } });
    expect(isDirectBinding({ id: 's', type: 'system', paths: [[hop('s', 'system')]] })).toBe(true);
    expect(
      isDirectBinding({
        id: 's',
        type: 'system',
        paths: [[hop('g', 'system_group'), hop('s', 'system')]],
      }),
    ).toBe(false);
    expect(isDirectBinding({ id: 's', type: 'system', paths: null })).toBe(false);
  });
});
