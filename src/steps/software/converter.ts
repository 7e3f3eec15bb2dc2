/**
 * Installed software from System Insights (`apps` on macOS, `programs` on Windows,
 * `linux_packages` on Linux): pure converters. One `jumpcloud_software` per platform, name
 * and version in each organization; each system that has it INSTALLED it.
 */
import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import {
  SystemInsightsApp,
  SystemInsightsLinuxPackage,
  SystemInsightsProgram,
} from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { digestKey } from '../shared/keys';
import { allowListed } from '../shared/raw-data';
import { relate } from '../shared/relate';
import { nonBlank } from '../shared/values';

export type SoftwarePlatform = 'darwin' | 'windows' | 'linux';

/** One installation, read from a row of any of the three tables. */
export interface Installation {
  systemId: string;
  platform: SoftwarePlatform;
  name: string;
  /** Absent when the row gives none (blank). */
  version?: string;
  /** Where it is installed, when the table tells (apps: always; programs: sometimes). */
  path?: string;
  /** Publisher (Windows), bundle identifier (macOS) or package format (Linux). */
  vendor?: string;
  bundleIdentifier?: string;
  packageFormat?: string;
  /** `_rawData` of the software: the harmless descriptive fields of the first row seen. */
  raw: Record<string, unknown>;
}

/**
 * What a blank version counts as in a software's key, so that the row is not lost and the key
 * of such software stays what it was; the entity itself then has no `version`.
 */
const BLANK_VERSION_KEY = 'unknown';

/** macOS: the bundle name (else the display name, else the `.app` name) and short version. */
export function readApp(row: SystemInsightsApp): Installation | undefined {
  const systemId = nonBlank(row.system_id);
  const name =
    nonBlank(row.bundle_name) ??
    nonBlank(row.display_name) ??
    nonBlank(row.name)?.replace(/\.app$/i, '');
  if (!systemId || !name) return undefined;
  return {
    systemId,
    platform: 'darwin',
    name,
    version: nonBlank(row.bundle_short_version) ?? nonBlank(row.bundle_version),
    path: nonBlank(row.path),
    bundleIdentifier: nonBlank(row.bundle_identifier),
    raw: allowListed(row, [
      'name',
      'bundle_name',
      'display_name',
      'bundle_identifier',
      'bundle_short_version',
      'bundle_version',
      'category',
      'minimum_system_version',
    ]),
  };
}

/** Windows: name, version, publisher, and the install location when it is known. */
export function readProgram(row: SystemInsightsProgram): Installation | undefined {
  const systemId = nonBlank(row.system_id);
  const name = nonBlank(row.name);
  if (!systemId || !name) return undefined;
  return {
    systemId,
    platform: 'windows',
    name,
    version: nonBlank(row.version),
    path: nonBlank(row.install_location),
    vendor: nonBlank(row.publisher),
    // Not `install_source` or `uninstall_string`: command lines and paths of one machine.
    raw: allowListed(row, ['name', 'version', 'publisher', 'identifying_number', 'language']),
  };
}

/**
 * The whole version of a Linux package: a deb's `version` includes its revision (the
 * specification's example: "3.0-11build1" with `release_or_revision` "11build1"), an rpm's does
 * not (osquery's rpm_packages keeps `version` and `release` apart), so the release is joined
 * on: two builds of one version are two software entities.
 */
export function linuxPackageVersion(version: unknown, release: unknown): string | undefined {
  const base = nonBlank(version);
  const build = nonBlank(release);
  if (base === undefined || build === undefined || base.endsWith(`-${build}`)) return base;
  return `${base}-${build}`;
}

/** Linux: package name and version with its release or revision; no path. */
export function readLinuxPackage(row: SystemInsightsLinuxPackage): Installation | undefined {
  const systemId = nonBlank(row.system_id);
  const name = nonBlank(row.name);
  if (!systemId || !name) return undefined;
  return {
    systemId,
    platform: 'linux',
    name,
    version: linuxPackageVersion(row.version, row.release_or_revision),
    packageFormat: nonBlank(row.package_format),
    // Not `maintainer_or_vendor`: it often carries a person's email address.
    raw: allowListed(row, [
      'name',
      'version',
      'package_format',
      'arch',
      'release_or_revision',
      'package_group_or_section',
    ]),
  };
}

/** The leading numbers of a version ("131.0.6778.86" -> 131, 0, 6778), for comparisons. */
export function versionNumbers(version: string): {
  versionMajor?: number;
  versionMinor?: number;
  versionPatch?: number;
} {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!match) return {};
  const number = (text: string | undefined) =>
    text === undefined || !Number.isSafeInteger(Number(text)) ? undefined : Number(text);
  return {
    versionMajor: number(match[1]),
    versionMinor: number(match[2]),
    versionPatch: number(match[3]),
  };
}

/**
 * `jumpcloud_software:` and 22 base64url characters (128 bits) of the SHA-256 of organization,
 * platform, name and version (`digestKey`, the integration's one key scheme): the same key for
 * the same software in every run, whatever the length of its name.
 */
export function softwareKey(
  orgId: string,
  platform: string,
  name: string,
  version: string | undefined,
) {
  const versionKey = version ?? BLANK_VERSION_KEY;
  return `${Entities.SOFTWARE._type}:${digestKey([orgId, platform, name, versionKey])}`;
}

export function createSoftwareEntity(installation: Installation, orgId: string): Entity {
  const { platform, name, version } = installation;
  return createEntity({
    entityData: {
      source: installation.raw,
      assign: {
        _key: softwareKey(orgId, platform, name, version),
        _type: Entities.SOFTWARE._type,
        _class: Entities.SOFTWARE._class,
        orgId,
        name,
        displayName: version === undefined ? name : `${name} ${version}`,
        version,
        ...(version === undefined ? {} : versionNumbers(version)),
        platform,
        vendor: installation.vendor,
        bundleIdentifier: installation.bundleIdentifier,
        packageFormat: installation.packageFormat,
      },
    },
  });
}

export function createDeviceInstalledSoftwareRelationship(
  deviceKey: string,
  softwareEntityKey: string,
  path: string | undefined,
): Relationship {
  return relate(Relationships.DEVICE_INSTALLED_SOFTWARE, deviceKey, softwareEntityKey, { path });
}
