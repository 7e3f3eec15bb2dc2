import {
  createLocalAccountEntity,
  createSshKeyEntity,
  isLocalAdmin,
  isLoginAccount,
  parseLastLogin,
  readAuthorizedKey,
} from './converter';

/** A public key made with `ssh-keygen -t ed25519 -C test@example`; `ssh-keygen -l` says: */
const BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAII/RNFKjxB5CspRASr8y3ewcV2vyEh6dJWuUpjJtXI5s';
const SSH_KEYGEN_FINGERPRINT = 'SHA256:pbGRMjofq/YOvtzIZ6nr2DS2E1nhmppBSp/onP0N1yA';

describe('which local accounts are login accounts', () => {
  const row = (fields: Record<string, unknown>) => ({ system_id: 's', ...fields });

  test('the agent says so when it can', () => {
    expect(isLoginAccount(row({ uid: '0', real_user: false }), 'linux', false)).toBe(false);
    expect(isLoginAccount(row({ uid: '1001', real_user: true }), 'linux', false)).toBe(true);
    expect(isLoginAccount(row({ uid: '1001', real_user: false }), 'linux', false)).toBe(false);
  });

  test('an account with an authorized key is a login account, whatever its uid', () => {
    expect(isLoginAccount(row({ uid: '0', real_user: false }), 'linux', true)).toBe(true);
  });

  test('older agents: uid ranges, account types and well-known RIDs', () => {
    const login = (platform: 'darwin' | 'windows' | 'linux', fields: Record<string, unknown>) =>
      isLoginAccount(row(fields), platform, false);
    expect(login('linux', { uid: '999' })).toBe(false);
    expect(login('linux', { uid: '1000' })).toBe(true);
    expect(login('linux', { uid: '65534' })).toBe(false);
    expect(login('darwin', { uid: '501', username: 'ada' })).toBe(true);
    expect(login('darwin', { uid: '248', username: '_mbsetupuser' })).toBe(false);
    expect(login('darwin', { uid: '4294967294', username: 'nobody' })).toBe(false);
    expect(login('windows', { uid: '18', type: 'special' })).toBe(false);
    expect(login('windows', { uid: '500', type: 'local' })).toBe(true);
    expect(login('windows', { uid: '501', type: 'local' })).toBe(false);
    expect(login('windows', { uid: '504', type: 'local' })).toBe(false);
    expect(login('windows', { uid: '1001', type: 'local' })).toBe(true);
    expect(login('linux', { uid: null })).toBe(false);
  });

  test('admin: the agent, else uid 0, else the administrators group, else unknown', () => {
    expect(isLocalAdmin({ system_id: 's', uid: '1001', admin: false }, true)).toBe(false);
    expect(isLocalAdmin({ system_id: 's', uid: '0', admin: null }, false)).toBe(true);
    expect(isLocalAdmin({ system_id: 's', uid: '1001', admin: null }, true)).toBe(true);
    expect(isLocalAdmin({ system_id: 's', uid: '1001' }, undefined)).toBeUndefined();
  });

  test('last login: Unix seconds; blank or zero is never', () => {
    expect(parseLastLogin('1735689600')).toBe(Date.UTC(2025, 0, 1));
    expect(parseLastLogin('')).toBeUndefined();
    expect(parseLastLogin('0')).toBeUndefined();
    expect(parseLastLogin(null)).toBeUndefined();
  });

  test('the entity keeps identity and state, keyed by system and uid', () => {
    const entity = createLocalAccountEntity(
      {
        system_id: 'sys1',
        uid: '501',
        username: 'admin',
        admin: true,
        managed: false,
        last_login: '1735689600',
        some_future_field: 'secret',
      },
      501,
      { orgId: 'org', systemId: 'sys1', deviceName: 'MBP-00001', admin: true },
    );
    expect(entity).toMatchObject({
      _key: 'jumpcloud_local_account:sys1:501',
      username: 'admin',
      displayName: 'admin on MBP-00001',
      admin: true,
      managed: false,
      lastLoginOn: Date.UTC(2025, 0, 1),
    });
    expect(JSON.stringify(entity)).not.toContain('secret');
  });
});

describe('authorized SSH keys', () => {
  test('the fingerprint is the one ssh-keygen shows; the key itself is never kept', () => {
    const key = readAuthorizedKey({
      system_id: 's',
      uid: '1000',
      algorithm: 'ssh-ed25519',
      key: BLOB,
      // osquery's column, not JumpCloud's: never read.
      comment: 'test@example',
    });
    expect(key).toEqual({ fingerprint: SSH_KEYGEN_FINGERPRINT, algorithm: 'ssh-ed25519' });
    expect(key!.comment).toBeUndefined();
    const entity = createSshKeyEntity(key!, 'org');
    expect([entity.name, entity.comment]).toEqual([SSH_KEYGEN_FINGERPRINT, undefined]);
    expect(entity._key).toBe(`jumpcloud_ssh_key:org:${SSH_KEYGEN_FINGERPRINT}`);
    expect(JSON.stringify(entity)).not.toContain(BLOB);
  });

  test('a whole authorized_keys line (with options) is read too; options are dropped', () => {
    expect(
      readAuthorizedKey({
        system_id: 's',
        key: `command="/usr/bin/backup",no-pty ssh-ed25519 ${BLOB} test@example`,
      }),
    ).toEqual({
      fingerprint: SSH_KEYGEN_FINGERPRINT,
      algorithm: 'ssh-ed25519',
      comment: 'test@example',
    });
  });

  test('no readable key, no key', () => {
    expect(readAuthorizedKey({ system_id: 's', key: '' })).toBeUndefined();
    expect(readAuthorizedKey({ system_id: 's', key: 'not a key!' })).toBeUndefined();
    expect(readAuthorizedKey({ system_id: 's', key: 'AAAA' })).toBeUndefined();
  });
});
