import { Entities } from '../constants';
import { createAccountEntity } from './converter';

const ORG_ID = '5f0c8d1e2a3b4c5d6e7f8091';

describe('createAccountEntity', () => {
  test('maps the default organization projection', () => {
    const entity = createAccountEntity(
      {
        _id: ORG_ID,
        id: ORG_ID,
        displayName: 'Analytical Engines Ltd',
        logoUrl: 'https://cdn.example.com/logo.png',
        created: '2021-02-11T21:11:06.427Z',
      },
      'https://console.jumpcloud.com',
    );

    expect(entity).toMatchObject({
      _key: ORG_ID,
      _type: Entities.ACCOUNT._type,
      _class: ['Account', 'Organization'],
      id: ORG_ID,
      name: 'Analytical Engines Ltd',
      displayName: 'Analytical Engines Ltd',
      logoUrl: 'https://cdn.example.com/logo.png',
      createdOn: Date.parse('2021-02-11T21:11:06.427Z'),
      webLink: 'https://console.jumpcloud.com/#/settings',
    });
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.ACCOUNT._class });
  });

  test('an organization without a display name or logo is named by its id', () => {
    const entity = createAccountEntity(
      { _id: ORG_ID, displayName: null, logoUrl: null, created: null },
      undefined,
    );

    expect(entity).toMatchObject({ _key: ORG_ID, id: ORG_ID, name: ORG_ID, displayName: ORG_ID });
    expect(entity.logoUrl).toBeUndefined();
    expect(entity.createdOn).toBeUndefined();
    // No baseUrl: the US console.
    expect(entity.webLink).toBe('https://console.jumpcloud.com/#/settings');
    expect(entity).toMatchGraphObjectSchema({ _class: Entities.ACCOUNT._class });
  });

  test('a blank display name counts as none', () => {
    const entity = createAccountEntity({ _id: ORG_ID, id: ORG_ID, displayName: '   ' }, undefined);
    expect(entity.name).toBe(ORG_ID);
  });

  test('webLink follows the configured console', () => {
    const entity = createAccountEntity(
      { _id: ORG_ID, id: ORG_ID },
      'https://console.eu.jumpcloud.com/',
    );
    expect(entity.webLink).toBe('https://console.eu.jumpcloud.com/#/settings');
  });
});
