/**
 * The JumpCloud client of a run: one per run, shared by every step (see getOrCreateClient
 * in ./index.ts). Every request goes through ./http.ts; everything that pages goes through
 * ./paginate.ts; every failure meets the error policy in ./error-policy.ts.
 */

import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

import {
  describeEndpoint,
  endpointTemplate,
  HttpRequestOptions,
  JsonResponse,
  JumpCloudHttp,
} from './http';
import type { LaterReading } from './limiter';
import { IncompleteListError, Page, PaginationResult, paginate } from './paginate';
import { RowIdentities, rowIdentity, SeenIdentities } from './row-identity';
import {
  GraphConnection,
  GraphObjectWithPaths,
  JumpCloudAppleMdm,
  JumpCloudAppleMdmDevice,
  JumpCloudApplication,
  JumpCloudAsset,
  JumpCloudAuthnPolicy,
  JumpCloudCommand,
  JumpCloudDirectory,
  JumpCloudGroup,
  JumpCloudId,
  JumpCloudIpList,
  JumpCloudOrganization,
  JumpCloudPolicy,
  JumpCloudPolicyGroup,
  JumpCloudPolicyResult,
  JumpCloudPolicyTemplate,
  JumpCloudPolicyWithDetails,
  JumpCloudProviderAdministrator,
  JumpCloudRadiusServer,
  JumpCloudSystem,
  JumpCloudSystemInfo,
  JumpCloudUser,
  SystemInsightsAlf,
  SystemInsightsApp,
  SystemInsightsAuthorizedKey,
  SystemInsightsBitlockerInfo,
  SystemInsightsDiskEncryption,
  SystemInsightsLogicalDrive,
  SystemInsightsMount,
  SystemInsightsLinuxPackage,
  SystemInsightsProgram,
  SystemInsightsSecureBoot,
  SystemInsightsSipConfig,
  SystemInsightsTpmInfo,
  SystemInsightsUser,
  SystemInsightsUserGroup,
  SystemInsightsWindowsSecurityCenter,
} from './types';

export const PAGE_SIZE = 100;
/** `limit` caps of the lists that allow more than 100 (2026 v2 specification). */
export const SYSTEM_INSIGHTS_PAGE_SIZE = 10_000;
export const ASSET_DEVICE_PAGE_SIZE = 100;
export const ASSET_ACCESSORY_PAGE_SIZE = 100;
export const ASSET_LOCATION_PAGE_SIZE = 1_000;
/**
 * The command fields read (v1 `fields`, space separated): never `command` (the script) nor
 * `files`, so neither is even sent.
 */
export const COMMAND_FIELDS = [
  'name',
  'commandType',
  'launchType',
  'trigger',
  'schedule',
  'scheduleRepeatType',
  'listensTo',
  'user',
  'sudo',
  'shell',
  'timeout',
  'timeToLiveSeconds',
  'description',
  'organization',
  'templatingRequired',
] as const;
/** The RADIUS server fields read: never `sharedSecret` nor `caCert`. */
export const RADIUS_SERVER_FIELDS = [
  'name',
  'networkSourceIp',
  'mfa',
  'userLockoutAction',
  'userPasswordExpirationAction',
  'authIdp',
  'deviceCertEnabled',
  'userCertEnabled',
  'userPasswordEnabled',
  'radsecEnabled',
  'requireRadsec',
  'requireTlsAuth',
  'organization',
] as const;
/** The v2 path segment of each directory type whose user groups can be listed. */
export const DIRECTORY_USER_GROUP_PATHS: Readonly<Record<string, string>> = {
  g_suite: 'gsuites',
  office_365: 'office365s',
  ldap_server: 'ldapservers',
  active_directory: 'activedirectories',
};
/**
 * Pages of one list requested at once once its total is known, at least: as many as the
 * run's concurrency when that is more, so that one long list (users, on which most steps
 * wait) can fill every slot while its pages are converted. The shared limit still bounds
 * what is really in flight; the pages ahead are a few hundred records.
 */
export const PREFETCH_PAGES = 4;

type Iteratee<T> = (item: T) => Promise<void> | void;

/** How the lists of a `firstPagesAhead` view read their first page ahead. */
export interface FirstPageAhead {
  /** Handed over only when the page holds the whole list. */
  whole: boolean;
  /**
   * Called once the page came and may be handed over, with the list's total (when the API
   * tells it), before its reader has it: to read what the step reads after it, ahead too
   * (synchronously: what it queues is then queued before the step can read it).
   */
  then?: (total: number | undefined) => void;
}

/** How a list read ahead for a later step waits for a slot (`HttpRequestOptions.reading`). */
export type { LaterReading };

interface RequestOptions extends HttpRequestOptions {
  /**
   * Page sorted by id (`sort=_id` on v1, `sort=id` on v2), so records are neither missed nor
   * repeated between pages. Only for
   * lists whose specification offers `sort`; the others are sent no parameter they lack.
   */
  sortById?: boolean;
  /** `limit` of every page, when the list allows another than PAGE_SIZE. */
  pageSize?: number;
  /** Pages requested at once once the total is known (default PREFETCH_PAGES or more). */
  prefetchPages?: number;
  /**
   * What makes two records of this list the same record (repeats are passed once, and a page
   * of nothing new is an incomplete list). Default: the object id (`paginate.ts`).
   */
  identify?: (item: unknown) => string | undefined;
  /** Where the identities of records passed on are kept (default a `Set`, `paginate.ts`). */
  seen?: () => SeenIdentities;
  /** Told the total the list's first page reported (undefined when it reported none). */
  onTotal?: (total: number | undefined) => void;
}

/**
 * The endpoint list: every JumpCloud list the integration reads, by name, on top of one
 * request (./http.ts) and the one paginator (./paginate.ts).
 */
export class JumpCloudClient extends JumpCloudHttp {
  // ---- organizations (never with x-org-id) -------------------------------------------

  /**
   * Every organization the key can see: one for a single-tenant key, all tenants for MSP.
   * Read once per client: the validator and the account step share the answer.
   */
  listOrganizations(): Promise<JumpCloudOrganization[]> {
    if (!this.organizations) {
      const organizations: JumpCloudOrganization[] = [];
      this.organizations = this.iterateV1<JumpCloudOrganization>(
        '/api/organizations',
        {},
        (org) => {
          organizations.push(org);
        },
      ).then(() => organizations);
      // A failed read is not remembered: the next caller tries again.
      this.organizations.catch(() => {
        this.organizations = undefined;
      });
    }
    return this.organizations;
  }

  private organizations: Promise<JumpCloudOrganization[]> | undefined;

  /**
   * The console administrators of a provider (MSP): v2 `ProviderAdministrator_List`,
   * `{results, totalCount}`, `limit` up to 100, `sort=id`. Never with `x-org-id` (JumpCloud's
   * SDK drops it under `/api/v2/providers`, REFERENCE.md §2). A key that is not the
   * provider's gets 401, the only error the specification declares for the route.
   */
  iterateProviderAdministrators(
    providerId: JumpCloudId,
    iteratee: Iteratee<JumpCloudProviderAdministrator>,
  ) {
    return this.iterateList(
      `/api/v2/providers/${segment(providerId)}/administrators`,
      { sortById: true },
      iteratee,
      readResultsPage,
    );
  }

  // ---- directory objects ---------------------------------------------------------------

  /** `onTotal`: told the total of the first page, before its records are handed on. */
  iterateUsers(
    orgId: JumpCloudId,
    iteratee: Iteratee<JumpCloudUser>,
    onTotal?: (total: number | undefined) => void,
  ) {
    return this.iterateV1('/api/systemusers', { orgId, onTotal }, iteratee);
  }

  iterateUserGroups(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudGroup>) {
    return this.iterateV2('/api/v2/usergroups', { orgId, sortById: true }, iteratee);
  }

  /** Direct members of a user group (stored links, not rule results). */
  iterateUserGroupMembers(
    orgId: JumpCloudId,
    groupId: JumpCloudId,
    iteratee: Iteratee<GraphConnection>,
    reading?: LaterReading,
  ) {
    return this.iterateV2(
      `/api/v2/usergroups/${segment(groupId)}/members`,
      { orgId, reading },
      iteratee,
    );
  }

  iterateApplications(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudApplication>) {
    return this.iterateV1('/api/applications', { orgId }, iteratee);
  }

  /** Users bound to an application directly or through groups (traversal, with paths). */
  iterateApplicationUsers(
    orgId: JumpCloudId,
    applicationId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
    reading?: LaterReading,
  ) {
    return this.iterateV2(
      `/api/v2/applications/${segment(applicationId)}/users`,
      { orgId, reading },
      iteratee,
    );
  }

  /** User groups bound to an application (traversal, with paths). */
  iterateApplicationUserGroups(
    orgId: JumpCloudId,
    applicationId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
    reading?: LaterReading,
  ) {
    return this.iterateV2(
      `/api/v2/applications/${segment(applicationId)}/usergroups`,
      { orgId, reading },
      iteratee,
    );
  }

  // ---- devices ----------------------------------------------------------------------

  /**
   * How many systems an organization has: one `limit=1` request (v1 bodies carry
   * `totalCount`). Unknown when JumpCloud does not say.
   */
  async countSystems(orgId: JumpCloudId): Promise<number | undefined> {
    const { body } = await this.request('/api/systems', { orgId, query: { limit: 1, skip: 0 } });
    const total = (body as { totalCount?: unknown } | null)?.totalCount;
    return typeof total === 'number' ? total : undefined;
  }

  iterateSystems(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudSystem>) {
    return this.iterateV1('/api/systems', { orgId }, iteratee);
  }

  iterateSystemGroups(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudGroup>) {
    return this.iterateV2('/api/v2/systemgroups', { orgId, sortById: true }, iteratee);
  }

  /** Direct members of a system group. */
  iterateSystemGroupMembers(
    orgId: JumpCloudId,
    groupId: JumpCloudId,
    iteratee: Iteratee<GraphConnection>,
  ) {
    return this.iterateV2(`/api/v2/systemgroups/${segment(groupId)}/members`, { orgId }, iteratee);
  }

  /** User groups bound directly to a system group. */
  iterateSystemGroupUserGroupBindings(
    orgId: JumpCloudId,
    groupId: JumpCloudId,
    iteratee: Iteratee<GraphConnection>,
  ) {
    return this.iterateV2(
      `/api/v2/systemgroups/${segment(groupId)}/associations`,
      { orgId, query: { targets: 'user_group' } },
      iteratee,
    );
  }

  /** Users who can log into a system, by any route (traversal, with paths). */
  iterateSystemUsers(
    orgId: JumpCloudId,
    systemId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(`/api/v2/systems/${segment(systemId)}/users`, { orgId }, iteratee);
  }

  /** Systems a user can log into, by any route (traversal, with paths). */
  iterateUserSystems(
    orgId: JumpCloudId,
    userId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(`/api/v2/users/${segment(userId)}/systems`, { orgId }, iteratee);
  }

  iterateAppleMdms(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAppleMdm>) {
    return this.iterateV2('/api/v2/applemdms', { orgId }, iteratee);
  }

  iterateAppleMdmDevices(
    orgId: JumpCloudId,
    appleMdmId: JumpCloudId,
    iteratee: Iteratee<JumpCloudAppleMdmDevice>,
  ) {
    return this.iterateV2(
      `/api/v2/applemdms/${segment(appleMdmId)}/devices`,
      { orgId, sortById: true },
      iteratee,
    );
  }

  // ---- hardware and Asset Management -------------------------------------------------------

  /**
   * System Insights hardware of every system that reports it, one row per system: the whole
   * organization in pages of 10,000 (the endpoint's cap), so a 50,000-system tenant costs
   * five requests. No pages ahead (a page is megabytes of JSON): only the next page is
   * requested while a full one is converted.
   */
  iterateSystemInfo(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudSystemInfo>) {
    return this.iterateV2(
      '/api/v2/systeminsights/system_info',
      {
        orgId,
        pageSize: SYSTEM_INSIGHTS_PAGE_SIZE,
        prefetchPages: 1,
        // One row per system.
        identify: (row) => nonEmptyString((row as { system_id?: unknown } | null)?.system_id),
      },
      iteratee,
    );
  }

  // ---- endpoint posture and installed software (System Insights) --------------------------

  /*
   * Each table is read across the whole organization, joined to systems by `system_id`:
   * `ceil(rows / 10000)` requests per table, never one per system. No pages ahead: only the
   * next page is requested while a full one is converted.
   */

  iterateSystemInsightsUsers(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsUser>) {
    return this.iterateSystemInsightsTable('users', orgId, iteratee);
  }

  iterateSystemInsightsUserGroups(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsUserGroup>) {
    return this.iterateSystemInsightsTable('user_groups', orgId, iteratee);
  }

  iterateDiskEncryption(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsDiskEncryption>) {
    return this.iterateSystemInsightsTable('disk_encryption', orgId, iteratee);
  }

  iterateBitlockerInfo(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsBitlockerInfo>) {
    return this.iterateSystemInsightsTable('bitlocker_info', orgId, iteratee);
  }

  /** Mounted filesystems: which device the root filesystem of a Linux system is on. */
  iterateMounts(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsMount>) {
    return this.iterateSystemInsightsTable('mounts', orgId, iteratee);
  }

  /** Windows drives: which one Windows booted from (its OS volume). */
  iterateLogicalDrives(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsLogicalDrive>) {
    return this.iterateSystemInsightsTable('logical_drives', orgId, iteratee);
  }

  iterateAlf(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsAlf>) {
    return this.iterateSystemInsightsTable('alf', orgId, iteratee);
  }

  iterateWindowsSecurityCenter(
    orgId: JumpCloudId,
    iteratee: Iteratee<SystemInsightsWindowsSecurityCenter>,
  ) {
    return this.iterateSystemInsightsTable('windows_security_center', orgId, iteratee);
  }

  iterateSipConfig(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsSipConfig>) {
    return this.iterateSystemInsightsTable('sip_config', orgId, iteratee);
  }

  iterateSecureBoot(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsSecureBoot>) {
    return this.iterateSystemInsightsTable('secureboot', orgId, iteratee);
  }

  iterateTpmInfo(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsTpmInfo>) {
    return this.iterateSystemInsightsTable('tpm_info', orgId, iteratee);
  }

  iterateAuthorizedKeys(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsAuthorizedKey>) {
    return this.iterateSystemInsightsTable('authorized_keys', orgId, iteratee);
  }

  /** macOS applications. */
  iterateApps(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsApp>) {
    return this.iterateSystemInsightsTable('apps', orgId, iteratee);
  }

  /** Windows programs. */
  iteratePrograms(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsProgram>) {
    return this.iterateSystemInsightsTable('programs', orgId, iteratee);
  }

  /** Linux packages (deb and rpm). */
  iterateLinuxPackages(orgId: JumpCloudId, iteratee: Iteratee<SystemInsightsLinuxPackage>) {
    return this.iterateSystemInsightsTable('linux_packages', orgId, iteratee);
  }

  private iterateSystemInsightsTable<T>(table: string, orgId: JumpCloudId, iteratee: Iteratee<T>) {
    return this.iterateV2(
      `/api/v2/systeminsights/${table}`,
      {
        orgId,
        pageSize: SYSTEM_INSIGHTS_PAGE_SIZE,
        prefetchPages: 1,
        // Many rows per system and no row id: a row is the same row only when every column
        // is the same.
        identify: rowIdentity,
        seen: () => new RowIdentities(),
      },
      iteratee,
    );
  }

  /** Device assets: managed (with `jcSystemId`) and unmanaged. */
  iterateAssetDevices(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAsset>) {
    return this.iterateAssetList(
      '/api/v2/assets/devices',
      { orgId, pageSize: ASSET_DEVICE_PAGE_SIZE },
      iteratee,
    );
  }

  iterateAssetAccessories(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAsset>) {
    return this.iterateAssetList(
      '/api/v2/assets/accessories',
      { orgId, pageSize: ASSET_ACCESSORY_PAGE_SIZE },
      iteratee,
    );
  }

  iterateAssetLocations(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAsset>) {
    return this.iterateAssetList(
      '/api/v2/assets/locations',
      { orgId, pageSize: ASSET_LOCATION_PAGE_SIZE },
      iteratee,
    );
  }

  // ---- access paths: commands, authentication policies, directories, RADIUS --------------

  /** Commands, without their scripts (`fields` names what is read; see COMMAND_FIELDS). */
  iterateCommands(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudCommand>) {
    return this.iterateV1(
      '/api/commands',
      { orgId, query: { fields: COMMAND_FIELDS.join(' ') } },
      iteratee,
    );
  }

  /** Systems a command runs on, bound directly or through a system group (traversal). */
  iterateCommandSystems(
    orgId: JumpCloudId,
    commandId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(`/api/v2/commands/${segment(commandId)}/systems`, { orgId }, iteratee);
  }

  /** System groups a command is bound to (traversal). */
  iterateCommandSystemGroups(
    orgId: JumpCloudId,
    commandId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(
      `/api/v2/commands/${segment(commandId)}/systemgroups`,
      { orgId },
      iteratee,
    );
  }

  iterateAuthnPolicies(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAuthnPolicy>) {
    return this.iterateV2('/api/v2/authn/policies', { orgId, sortById: true }, iteratee);
  }

  iterateIpLists(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudIpList>) {
    return this.iterateV2('/api/v2/iplists', { orgId, sortById: true }, iteratee);
  }

  iterateDirectories(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudDirectory>) {
    return this.iterateV2('/api/v2/directories', { orgId, sortById: true }, iteratee);
  }

  /**
   * User groups bound to a directory (traversal). `type` is the directory's `type`; only
   * those in DIRECTORY_USER_GROUP_PATHS have such a list.
   */
  iterateDirectoryUserGroups(
    orgId: JumpCloudId,
    directory: { id: JumpCloudId; type: string },
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    const collection = DIRECTORY_USER_GROUP_PATHS[directory.type];
    if (!collection) throw new Error(`directory type ${directory.type} has no user group list`);
    return this.iterateV2(
      `/api/v2/${collection}/${segment(directory.id)}/usergroups`,
      { orgId },
      iteratee,
    );
  }

  /** RADIUS servers, without their shared secrets (see RADIUS_SERVER_FIELDS). */
  iterateRadiusServers(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudRadiusServer>) {
    return this.iterateV1(
      '/api/radiusservers',
      { orgId, query: { fields: RADIUS_SERVER_FIELDS.join(' ') } },
      iteratee,
    );
  }

  /** User groups bound to a RADIUS server (traversal). */
  iterateRadiusServerUserGroups(
    orgId: JumpCloudId,
    radiusServerId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(
      `/api/v2/radiusservers/${segment(radiusServerId)}/usergroups`,
      { orgId },
      iteratee,
    );
  }

  // ---- device policies ------------------------------------------------------------------
  // Every list here is capped at 100 (`trait_limit_limit`, 2026 v2 specification). Per
  // policy a fixed number of requests (details, systems, system groups, results); none per
  // system: `/systems/{id}/policystatuses` would cost one request per system.

  iteratePolicies(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudPolicy>) {
    return this.iterateV2('/api/v2/policies', { orgId, sortById: true }, iteratee);
  }

  /** One policy with its settings (`values`, `configFields`); `values` may hold secrets. */
  async getPolicy(orgId: JumpCloudId, policyId: JumpCloudId): Promise<JumpCloudPolicyWithDetails> {
    const path = `/api/v2/policies/${segment(policyId)}`;
    const { body } = await this.request(path, { orgId });
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw malformed(describeEndpoint(path, {}, orgId), 'expected a policy object');
    }
    return body as JumpCloudPolicyWithDetails;
  }

  iteratePolicyTemplates(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudPolicyTemplate>) {
    return this.iterateV2('/api/v2/policytemplates', { orgId, sortById: true }, iteratee);
  }

  /** The latest result of a policy on each system it ran on (deleted systems included). */
  iteratePolicyStatuses(
    orgId: JumpCloudId,
    policyId: JumpCloudId,
    iteratee: Iteratee<JumpCloudPolicyResult>,
  ) {
    return this.iterateV2(
      `/api/v2/policies/${segment(policyId)}/policystatuses`,
      { orgId, sortById: true },
      iteratee,
    );
  }

  /** Systems a policy reaches, by any route (traversal, with paths). */
  iteratePolicySystems(
    orgId: JumpCloudId,
    policyId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(`/api/v2/policies/${segment(policyId)}/systems`, { orgId }, iteratee);
  }

  /** System groups a policy is bound to, directly or through a policy group (traversal). */
  iteratePolicySystemGroups(
    orgId: JumpCloudId,
    policyId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(
      `/api/v2/policies/${segment(policyId)}/systemgroups`,
      { orgId },
      iteratee,
    );
  }

  iteratePolicyGroups(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudPolicyGroup>) {
    return this.iterateV2('/api/v2/policygroups', { orgId, sortById: true }, iteratee);
  }

  /** Policies in a policy group (direct members). */
  iteratePolicyGroupMembers(
    orgId: JumpCloudId,
    policyGroupId: JumpCloudId,
    iteratee: Iteratee<GraphConnection>,
  ) {
    return this.iterateV2(
      `/api/v2/policygroups/${segment(policyGroupId)}/members`,
      { orgId },
      iteratee,
    );
  }

  // ---- paging -------------------------------------------------------------------------

  /** A v1 list: `{totalCount, results}`, paged with `sort=_id`. */
  async iterateV1<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
  ): Promise<PaginationResult> {
    return this.iterateList(path, { ...options, sortById: true }, iteratee, readResultsPage);
  }

  /**
   * An Asset Management list: `{results, totalCount}` like v1, but its specification offers
   * no `sort`, so none is sent.
   */
  async iterateAssetList<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
  ): Promise<PaginationResult> {
    return this.iterateList(path, { ...options, sortById: false }, iteratee, readResultsPage);
  }

  /** A v2 list: a bare array, with the total in `x-total-count`. */
  async iterateV2<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
  ): Promise<PaginationResult> {
    return this.iterateList(path, options, iteratee, (response, endpoint) => {
      if (!Array.isArray(response.body)) {
        throw malformed(endpoint, 'expected a JSON array');
      }
      const header = response.headers.get('x-total-count');
      const total = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
      return { items: response.body as T[], total };
    });
  }

  /**
   * A view of this client whose list methods (`iterateUserGroups(orgId, ...)`...) only queue
   * their list's first page to be read ahead, into idle slots (./first-pages-ahead.ts): the
   * first read of the same list on this client is handed the page; with `whole`, only if it
   * holds the whole list. They pass no record to their iteratee (`FirstPageAhead.then` has
   * them), and resolve once the page came (pages: 1) or will not come (pages: 0); they never
   * reject (an error is for the list's reader).
   */
  firstPagesAhead(ahead: FirstPageAhead): JumpCloudClient {
    return Object.create(this, { readsFirstPageAhead: { value: ahead } }) as JumpCloudClient;
  }

  /** Set on the views `firstPagesAhead` answers. */
  private readonly readsFirstPageAhead?: FirstPageAhead;

  private async iterateList<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
    readPage: (response: JsonResponse, endpoint: string) => Page<T>,
  ): Promise<PaginationResult> {
    const pageSize = options.pageSize ?? PAGE_SIZE;
    const { onTotal, ...requestOptions } = options;
    const queryOf = (skip: number, limit: number) => ({
      ...options.query,
      limit,
      skip,
      // v1 records carry `_id`, v2 records only `id`: sort by the field they have.
      ...(options.sortById ? { sort: path.startsWith('/api/v2/') ? 'id' : '_id' } : {}),
    });
    const aheadKey = (query: object) => `${options.orgId ?? ''} ${path} ${JSON.stringify(query)}`;
    const ahead = this.readsFirstPageAhead;
    if (ahead) {
      const query = queryOf(0, pageSize);
      const page = (await this.pagesAhead.add(
        aheadKey(query),
        `GET ${endpointTemplate(path)}`,
        async () => {
          const response = await this.request(path, { ...requestOptions, query, onlyIfIdle: true });
          const read = readPage(response, describeEndpoint(path, query, options.orgId));
          const whole =
            read.items.length < pageSize ||
            (read.total !== undefined && read.items.length >= read.total);
          return whole || !ahead.whole ? read : undefined;
        },
        ahead.then && ((came) => ahead.then?.(came.total)),
      )) as Page<T> | undefined;
      return { count: page?.items.length ?? 0, pages: page ? 1 : 0 };
    }
    try {
      const result = await paginate<T>(
        async (skip, limit) => {
          const query = queryOf(skip, limit);
          const ahead = skip === 0 ? await this.pagesAhead.take(aheadKey(query)) : undefined;
          const page =
            (ahead as Page<T> | undefined) ??
            readPage(
              await this.request(path, { ...requestOptions, query }),
              describeEndpoint(path, query, options.orgId),
            );
          if (skip === 0) onTotal?.(page.total);
          return page;
        },
        iteratee,
        {
          pageSize,
          prefetchPages: options.prefetchPages ?? Math.max(PREFETCH_PAGES, this.concurrency),
          identify: options.identify,
          seen: options.seen,
        },
      );
      if (result.repeated) {
        // Nothing is lost (each record was collected once), but a person should know.
        this.logger?.warn(
          { endpoint: describeEndpoint(path, options.query, options.orgId), ...result },
          `JumpCloud listed ${result.repeated} record(s) more than once in ` +
            `${describeEndpoint(path, options.query, options.orgId)}; each was collected once`,
        );
      }
      return result;
    } catch (error) {
      if (error instanceof IncompleteListError) {
        throw new IntegrationProviderAPIError({
          endpoint: describeEndpoint(path, options.query, options.orgId),
          status: 'INCOMPLETE_LIST',
          statusText:
            error.reason === 'ended-short'
              ? `${error.message}; the list changed or was cut short while it was read`
              : error.message,
          cause: error,
        });
      }
      throw error;
    }
  }
}

/** A `{results, totalCount}` page (v1 lists, Asset Management lists). */
function readResultsPage<T>(response: JsonResponse, endpoint: string): Page<T> {
  const body = response.body as { totalCount?: unknown; results?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.results)) {
    throw malformed(endpoint, 'expected an object with a "results" array');
  }
  const total = typeof body.totalCount === 'number' ? body.totalCount : undefined;
  return { items: body.results as T[], total };
}

function malformed(endpoint: string, expectation: string): IntegrationProviderAPIError {
  return new IntegrationProviderAPIError({
    endpoint,
    status: 'UNEXPECTED_RESPONSE',
    statusText: `JumpCloud answered with JSON of an unexpected shape: ${expectation}`,
  });
}

function segment(id: string): string {
  return encodeURIComponent(id);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
