import { createAdministratorEntity, PROVIDER_ADMINISTRATOR_RAW_FIELDS } from './converter';

const ORG = '5f0c1a2b3c4d5e6f7a8b9c0d';
const WINDOW_START = Date.UTC(2025, 9, 13);

describe('a console administrator from the provider API and the sign-in events', () => {
  test('enableMultiFactor absent: mfaEnabled absent, never false', () => {
    const entity = createAdministratorEntity(ORG, 'a1', {
      provider: { id: 'a1', email: 'ann@example.com', roleName: 'Help Desk' },
    });
    expect(entity.mfaEnabled).toBeUndefined();
    expect(entity.roleName).toBe('Help Desk');
  });

  test('enableMultiFactor false and true are carried as given', () => {
    for (const enableMultiFactor of [false, true]) {
      const entity = createAdministratorEntity(ORG, 'a1', {
        provider: { id: 'a1', email: 'ann@example.com', enableMultiFactor },
      });
      expect(entity.mfaEnabled).toBe(enableMultiFactor);
    }
  });

  test('seen only in events: what the events show, no mfaEnabled, no role', () => {
    const lastLoginOn = WINDOW_START + 86_400_000;
    const entity = createAdministratorEntity(ORG, 'ann@example.com', {
      events: {
        id: 'ann@example.com',
        email: 'ann@example.com',
        lastLoginOn,
        loggedInWithMfa: false,
        loggedInWithoutMfa: true,
      },
      windowStartOn: WINDOW_START,
    });
    expect(entity).toMatchObject({
      _key: `jumpcloud_administrator:${ORG}:ann@example.com`,
      email: 'ann@example.com',
      name: 'ann@example.com',
      lastLoginOn,
      loggedInWithoutMfa: true,
      activityWindowStartOn: WINDOW_START,
    });
    expect(entity.mfaEnabled).toBeUndefined();
    expect(entity.role).toBeUndefined();
  });

  test('events not read: no activity properties, not even false', () => {
    const entity = createAdministratorEntity(ORG, 'a1', {
      provider: { id: 'a1', firstname: 'Ann', lastname: 'Lee', enableMultiFactor: true },
    });
    expect(entity.name).toBe('Ann Lee');
    expect(entity.loggedInWithoutMfa).toBeUndefined();
    expect(entity.loggedInWithMfa).toBeUndefined();
    expect(entity.activityWindowStartOn).toBeUndefined();
  });

  test('raw data by allow-list: no API key or password members', () => {
    const record = {
      id: 'a1',
      email: 'ann@example.com',
      enableMultiFactor: true,
      apiKeyAllowed: true,
      apiKeySet: true,
      apiKeyHash: { prefix: 'jca_1234', createdAt: '2025-01-01T00:00:00Z' },
      password: 'hunter2',
    };
    const entity = createAdministratorEntity(ORG, 'a1', { provider: record });
    const raw = entity._rawData?.find((r) => r.name === 'default')?.rawData as object;
    expect(Object.keys(raw).sort()).toEqual(['email', 'enableMultiFactor', 'id']);
    expect(JSON.stringify(entity)).not.toMatch(/apiKey|hunter2|jca_1234|password/);
    expect(PROVIDER_ADMINISTRATOR_RAW_FIELDS).not.toContain('apiKeyHash');
  });
});
