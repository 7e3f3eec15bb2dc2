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
 * has no System Insights), `forbidden` is 403.
 */
import type { SimulatedOrg } from './generate';
import type { Reply } from './routes';
import {
  FEATURE_PAGING,
  FeatureErrorBodies,
  type FeatureRoute,
  type SystemInsightsMode,
} from './feature-routes';
import { orgPosture, type OrgPosture } from './posture';
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

function page(query: URLSearchParams): { limit: number; skip: number } | Reply {
  const rule = FEATURE_PAGING.systemInfo;
  const read = (name: string, fallback: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const limit = read('limit', rule.defaultLimit);
  const skip = read('skip', 0);
  if (limit === undefined || skip === undefined) {
    return {
      status: 400,
      body: { message: 'Bad Request: "limit" and "skip" must be non-negative integers' },
    };
  }
  if (limit > rule.maxLimit) {
    return {
      status: 400,
      body: {
        message: `Bad Request: request parameter "limit" exceeds maximum value of ${rule.maxLimit}`,
      },
    };
  }
  if (query.getAll('filter').some((value) => value !== '')) {
    return {
      status: 400,
      body: { message: 'Bad Request: the simulator does not implement the "filter" parameter' },
    };
  }
  return { limit: limit === 0 ? rule.defaultLimit : limit, skip };
}

function gate(mode: SystemInsightsMode): Reply | undefined {
  if (mode === 'forbidden')
    return { status: 403, body: FeatureErrorBodies.systemInsightsForbidden };
  if (mode === 'off') return { status: 404, body: FeatureErrorBodies.systemInsightsOff };
  return undefined;
}

function list(
  mode: SystemInsightsMode,
  total: (org: SimulatedOrg) => number,
  rows: (org: SimulatedOrg, skip: number, limit: number) => unknown[],
): FeatureRoute['handler'] {
  return ({ org, query }) => {
    const refused = gate(mode);
    if (refused) return refused;
    const paging = page(query);
    if ('status' in paging) return paging;
    return {
      status: 200,
      body: rows(org, paging.skip, paging.limit),
      headers: { 'x-total-count': String(total(org)) },
    };
  };
}

export function postureRoutes(mode: SystemInsightsMode): FeatureRoute[] {
  const routes: FeatureRoute[] = [];
  for (const [table, pick] of Object.entries(POSTURE_TABLES)) {
    routes.push({
      template: `/api/v2/systeminsights/${table}`,
      maxLimit: FEATURE_PAGING.systemInfo.maxLimit,
      handler: list(
        mode,
        (org) => pick(orgPosture(org)).length,
        (org, skip, limit) => (pick(orgPosture(org)) as unknown[]).slice(skip, skip + limit),
      ),
    });
  }
  for (const table of SOFTWARE_TABLES) {
    routes.push({
      template: `/api/v2/systeminsights/${table}`,
      maxLimit: FEATURE_PAGING.systemInfo.maxLimit,
      handler: list(
        mode,
        (org) => softwareRowCount(org, table),
        (org, skip, limit) => softwarePage(org, table, skip, limit),
      ),
    });
  }
  return routes;
}
