import { envFileNames, envFileWarnings, probableSetting } from './env-file';

describe('.env names close to a setting', () => {
  test('reads the names a .env sets, skipping comments and blank lines', () => {
    expect(
      envFileNames('# API_KEY=commented\n\nAPI_KEY=x\nexport ORG_ID = y\r\nBASE_URL=\n'),
    ).toEqual(['API_KEY', 'ORG_ID', 'BASE_URL']);
  });

  test.each([
    ['APIKEY', 'API_KEY'],
    ['api_key', 'API_KEY'],
    ['API-KEY', 'API_KEY'],
    ['API_KEYS', 'API_KEY'],
    ['BASE_ULR', 'BASE_URL'],
    ['BASEURL', 'BASE_URL'],
    ['BASE_URI', 'BASE_URL'],
    ['ORGID', 'ORG_ID'],
    ['ORG_IDS', 'ORG_ID'],
    ['CONCURENCY', 'CONCURRENCY'],
    ['LOGLEVEL', 'LOG_LEVEL'],
    // Other tools' names for the same settings: a newcomer's .env had JUMPCLOUD_API_KEY=.
    ['JUMPCLOUD_API_KEY', 'API_KEY'],
    ['JC_ORG_ID', 'ORG_ID'],
    ['JUMPCLOUD_BASE_URL', 'BASE_URL'],
  ])('%s probably meant %s', (name, meant) => {
    expect(probableSetting(name)).toBe(meant);
  });

  test('settings themselves and unrelated names are left alone', () => {
    for (const name of [
      'API_KEY',
      'ORG_ID',
      'BASE_URL',
      'CONCURRENCY',
      'HOME',
      'PATH',
      'NODE_ENV',
      'ORG',
      'KEY',
    ]) {
      expect([name, probableSetting(name)]).toEqual([name, undefined]);
    }
  });

  test('a prefixed name is pointed out like a misspelt one', () => {
    expect(envFileWarnings('JUMPCLOUD_API_KEY=abc\n')).toEqual([
      '.env sets JUMPCLOUD_API_KEY, which nothing reads: did you mean API_KEY?',
    ]);
  });

  test('one warning per near miss, naming the setting', () => {
    expect(envFileWarnings('APIKEY=abc\nBASE_ULR=https://x\nAPI_KEY=\nHOME=/root\n')).toEqual([
      '.env sets APIKEY, which nothing reads: did you mean API_KEY?',
      '.env sets BASE_ULR, which nothing reads: did you mean BASE_URL?',
    ]);
  });
});
