import { consoleLink } from './links';

describe('consoleLink', () => {
  test('encodes each path segment, so an odd id still makes a valid URI naming it', () => {
    const id = '5f0c 8d1e#2a3b/4c5d6e7f';
    const link = consoleLink('https://console.jumpcloud.com', ['users', id, 'details']);
    expect(link).toBe(
      'https://console.jumpcloud.com/#/users/5f0c%208d1e%232a3b%2F4c5d6e7f/details',
    );
    expect(() => new URL(link)).not.toThrow();
    expect(decodeURIComponent(new URL(link).hash.split('/')[2])).toBe(id);
  });

  test('a fixed path stays as it is', () => {
    expect(consoleLink(undefined, 'settings')).toBe('https://console.jumpcloud.com/#/settings');
    expect(consoleLink('https://console.eu.jumpcloud.com/api', 'assets/devices')).toBe(
      'https://console.eu.jumpcloud.com/#/assets/devices',
    );
  });
});
