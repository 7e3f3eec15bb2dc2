import {
  createSoftwareEntity,
  readApp,
  readLinuxPackage,
  readProgram,
  softwareKey,
  versionNumbers,
} from './converter';
import { Entities } from '../constants';

describe('installed software converters', () => {
  test('macOS apps: bundle name and short version, the path; no machine-specific raw data', () => {
    const app = readApp({
      system_id: 'mac',
      name: 'Google Chrome.app',
      bundle_name: 'Google Chrome',
      bundle_short_version: '131.0.6778.86',
      path: '/Applications/Google Chrome.app',
      last_opened_time: 1,
    })!;
    expect(app).toMatchObject({
      platform: 'darwin',
      name: 'Google Chrome',
      version: '131.0.6778.86',
      path: '/Applications/Google Chrome.app',
    });
    expect(app.raw).not.toHaveProperty('path');
    expect(app.raw).not.toHaveProperty('system_id');
    const blank = readApp({ system_id: 'mac', name: 'Tool.app' })!;
    expect([blank.name, blank.version]).toEqual(['Tool', undefined]);
  });

  test('Windows programs: the install location when known; never the uninstall command', () => {
    const program = readProgram({
      system_id: 'win',
      name: '7-Zip',
      version: '23.01',
      publisher: 'Igor Pavlov',
      install_location: '',
      uninstall_string: 'MsiExec.exe /X{...}',
    })!;
    expect(program.path).toBeUndefined();
    expect(program.raw).not.toHaveProperty('uninstall_string');
  });

  test('Linux packages: no maintainer (email addresses)', () => {
    const pkg = readLinuxPackage({
      system_id: 'srv',
      name: 'zip',
      version: '3.0-11build1',
      package_format: 'deb',
      maintainer_or_vendor: 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>',
    })!;
    expect(JSON.stringify(pkg)).not.toContain('@');
    expect(readLinuxPackage({ system_id: 'srv', name: '' })).toBeUndefined();
  });

  test("an rpm's version gets its release; a deb's already has its revision", () => {
    const rpm = (release: string) =>
      readLinuxPackage({
        system_id: 'srv',
        name: 'openssl',
        version: '3.0.7',
        release_or_revision: release,
        package_format: 'rpm',
      })!.version;
    // Two builds of 3.0.7 are two software entities.
    expect([rpm('24.el9'), rpm('27.el9')]).toEqual(['3.0.7-24.el9', '3.0.7-27.el9']);
    expect(rpm('')).toBe('3.0.7');
    expect(
      readLinuxPackage({
        system_id: 'srv',
        name: 'zip',
        version: '3.0-11build1',
        release_or_revision: '11build1',
        package_format: 'deb',
      })!.version,
    ).toBe('3.0-11build1');
  });

  test('one key per organization, platform, name and version; version numbers for comparisons', () => {
    const a = softwareKey('org', 'darwin', 'Google Chrome', '131.0.6778.86');
    expect(a).toBe(softwareKey('org', 'darwin', 'Google Chrome', '131.0.6778.86'));
    expect(a).not.toBe(softwareKey('org', 'windows', 'Google Chrome', '131.0.6778.86'));
    expect(a).not.toBe(softwareKey('org2', 'darwin', 'Google Chrome', '131.0.6778.86'));
    expect(versionNumbers('131.0.6778.86')).toEqual({
      versionMajor: 131,
      versionMinor: 0,
      versionPatch: 6778,
    });
    expect(versionNumbers('unknown')).toEqual({});
    const entity = createSoftwareEntity(
      readProgram({ system_id: 'w', name: 'Git', version: '2.47.1' })!,
      'org',
    );
    expect(entity).toMatchObject({ name: 'Git', version: '2.47.1', platform: 'windows' });
    expect(entity).toMatchGraphObjectSchema({ _class: ['Application'] });
  });

  test('optional fields missing: no version (nor its numbers), vendor, path or format; the key as before', () => {
    for (const installation of [
      readApp({ system_id: 'm', name: 'Tool.app' })!,
      readProgram({ system_id: 'w', name: 'Tool' })!,
      readLinuxPackage({ system_id: 'l', name: 'tool' })!,
    ]) {
      const entity = createSoftwareEntity(installation, 'org');
      for (const p of [
        'version',
        'versionMajor',
        'versionMinor',
        'versionPatch',
        'vendor',
        'bundleIdentifier',
        'packageFormat',
      ]) {
        expect([installation.platform, p, entity[p]]).toEqual([
          installation.platform,
          p,
          undefined,
        ]);
      }
      expect(entity.displayName).toBe(installation.name);
      expect(entity).toMatchGraphObjectSchema({
        _class: Entities.SOFTWARE._class,
        schema: Entities.SOFTWARE.schema,
      });
      // Software with a blank version keeps the key it had when it was written "unknown".
      expect(entity._key).toBe(
        softwareKey('org', installation.platform, installation.name, 'unknown'),
      );
    }
  });
});
