import { JumpCloudCommand } from '../../jumpcloud/types';
import { createCommandEntity, ROOT_USER_ID, runsAsRoot } from './converter';
import { Entities } from '../constants';

const ID = '67ca370051ef2f5123d91e0d';

describe('createCommandEntity', () => {
  test('root, sudo and timeout; the script never, even when JumpCloud sends it', () => {
    const command = {
      _id: ID,
      name: 'Rotate',
      commandType: 'linux',
      launchType: 'repeated',
      schedule: '0 0 1 * * *',
      user: ROOT_USER_ID,
      sudo: false,
      timeout: '600',
      command: 'export TOKEN=secret-value',
      files: ['f1'],
    } as JumpCloudCommand & { command: string; files: string[] };
    const entity = createCommandEntity(command, undefined, 'org', 7);
    expect(entity).toMatchObject({
      _key: ID,
      _class: ['Task'],
      runAsUser: 'root',
      runAsRoot: true,
      sudo: false,
      timeoutSeconds: 600,
      deviceCount: 7,
    });
    expect(entity.runAsUserId).toBeUndefined();
    expect(JSON.stringify(entity)).not.toContain('secret-value');
    expect(JSON.stringify(entity)).not.toContain('f1');
  });

  test('a named user: root only with sudo; without sudo given, nothing is concluded', () => {
    const user = '5f0c8d1e2a3b4c5d6e7f8091';
    expect(createCommandEntity({ _id: ID, user, sudo: false }, undefined, 'o', 0)).toMatchObject({
      runAsUserId: user,
      runAsRoot: false,
      sudo: false,
      name: ID,
    });
    const noSudo = createCommandEntity({ _id: ID, user }, undefined, 'o', 0);
    expect([noSudo.runAsUserId, noSudo.runAsRoot, noSudo.sudo]).toEqual([
      user,
      undefined,
      undefined,
    ]);
    expect(createCommandEntity({ _id: ID, user, sudo: true }, undefined, 'o', 0).runAsRoot).toBe(
      true,
    );
    expect(
      createCommandEntity({ _id: ID, timeout: 'soon' }, undefined, 'o', 0).timeoutSeconds,
    ).toBeUndefined();
  });
});

describe('a command as the list schema sends it (no user, sudo, shell or timeout)', () => {
  test('no run-as value is written: absent, never false', () => {
    const entity = createCommandEntity(
      { _id: ID, name: 'Inventory', commandType: 'linux', launchType: 'manual' },
      undefined,
      'o',
      2,
    );
    for (const property of [
      'runAsRoot',
      'sudo',
      'runAsUser',
      'runAsUserId',
      'shell',
      'timeoutSeconds',
    ]) {
      expect([property, entity[property]]).toEqual([property, undefined]);
    }
    expect(entity).toMatchGraphObjectSchema({
      _class: Entities.COMMAND._class,
      schema: Entities.COMMAND.schema,
    });
  });

  test('sudo on settles it without a user; root settles it without sudo', () => {
    expect(runsAsRoot(undefined, true)).toBe(true);
    expect(runsAsRoot(ROOT_USER_ID, undefined)).toBe(true);
    expect(runsAsRoot(undefined, false)).toBeUndefined();
    expect(runsAsRoot('5f0c8d1e2a3b4c5d6e7f8091', false)).toBe(false);
  });
});
