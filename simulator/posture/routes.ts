/**
 * Routes of the System Insights posture and software tables: `GET /api/v2/systeminsights/
 * <table>` for users, user_groups, disk_encryption, bitlocker_info, mounts, logical_drives, alf,
 * windows_security_center, sip_config, secureboot, tpm_info, authorized_keys, apps, programs
 * and linux_packages.
 *
 * Every one takes `limit` 0..10000 (default 10; 0 means the default) and `skip`, and answers a
 * bare array with `x-total-count`, as `system_info` does (trait_systemInsightsLimit_limit in
 * the 2026 v2 specification). `filter` is not implemented (400), so a client that would
 * page per system is caught. The System Insights mode gates them all: `off` is 404 (the org
 * has no System Insights), `forbidden` is 403 (`systemInsightsTable`, ../system-insights/routes.ts).
 */
import type { FeatureRoute } from '../directory/routes';
import {
  SYSTEM_INSIGHTS_PAGING,
  systemInsightsTable,
  type SystemInsightsMode,
} from '../system-insights/routes';
import { orgPosture, type OrgPosture } from './generate';
import { softwarePage, softwareRowCount, type SoftwareTable } from './software';

/** The posture tables, by route name, and where their rows are. */
export const POSTURE_TABLES = {
  users: (p: OrgPosture) => p.users,
  user_groups: (p: OrgPosture) => p.userGroups,
  disk_encryption: (p: OrgPosture) => p.diskEncryption,
  bitlocker_info: (p: OrgPosture) => p.bitlockerInfo,
  mounts: (p: OrgPosture) => p.mounts,
  logical_drives: (p: OrgPosture) => p.logicalDrives,
  alf: (p: OrgPosture) => p.alf,
  windows_security_center: (p: OrgPosture) => p.windowsSecurityCenter,
  sip_config: (p: OrgPosture) => p.sipConfig,
  secureboot: (p: OrgPosture) => p.secureboot,
  tpm_info: (p: OrgPosture) => p.tpmInfo,
  authorized_keys: (p: OrgPosture) => p.authorizedKeys,
} as const;

export const SOFTWARE_TABLES: readonly SoftwareTable[] = ['apps', 'programs', 'linux_packages'];

export type PostureTable = keyof typeof POSTURE_TABLES;

export function postureRoutes(mode: SystemInsightsMode): FeatureRoute[] {
  const routes: FeatureRoute[] = [];
  for (const [table, pick] of Object.entries(POSTURE_TABLES)) {
    routes.push({
      template: `/api/v2/systeminsights/${table}`,
      maxLimit: SYSTEM_INSIGHTS_PAGING.maxLimit,
      handler: systemInsightsTable(
        mode,
        (org) => pick(orgPosture(org)).length,
        (org, skip, limit) => (pick(orgPosture(org)) as unknown[]).slice(skip, skip + limit),
      ),
    });
  }
  for (const table of SOFTWARE_TABLES) {
    routes.push({
      template: `/api/v2/systeminsights/${table}`,
      maxLimit: SYSTEM_INSIGHTS_PAGING.maxLimit,
      handler: systemInsightsTable(
        mode,
        (org) => softwareRowCount(org, table),
        (org, skip, limit) => softwarePage(org, table, skip, limit),
      ),
    });
  }
  return routes;
}
