/** What a directory is generated from: counts per organization, seed, orgs, Apple MDM. */

export interface DirectoryCounts {
  /** Users per organization. */
  users: number;
  /** User groups per organization. */
  groups: number;
  /** SSO applications per organization. */
  apps: number;
  /** Systems (devices with the agent) per organization. */
  systems: number;
  /** System groups per organization. */
  systemGroups: number;
  /** Apple MDM devices per organization. */
  appleDevices: number;
}

export const DEFAULT_COUNTS: Readonly<DirectoryCounts> = Object.freeze({
  users: 25,
  groups: 5,
  apps: 4,
  systems: 20,
  systemGroups: 3,
  appleDevices: 6,
});

/**
 * `enabled`: one Apple MDM per org, with devices. `absent`: `/applemdms` returns `[]`.
 * `forbidden`: the MDM exists but the key may not read it (403 on `/applemdms` and devices).
 */
export type AppleMdmMode = 'enabled' | 'absent' | 'forbidden';

export interface DirectoryOptions extends Partial<DirectoryCounts> {
  seed?: number;
  /** Number of organizations; more than one makes the key a multi-tenant (MSP) key. */
  orgs?: number;
  appleMdm?: AppleMdmMode;
}
