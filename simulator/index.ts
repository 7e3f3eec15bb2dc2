export { startSimulator, DEFAULT_SIMULATOR_API_KEY } from './server/server';
export type {
  SimulatorOptions,
  SimulatorStats,
  RunningSimulator,
  ChainLink,
} from './server/server';
export { fewestPages } from './server/fewest';
export type { FewestRequests } from './server/fewest';
export {
  generateDirectory,
  resolveDirectoryOptions,
  DEFAULT_COUNTS,
  MAX_USER_GROUP_SIZE,
  MAX_SYSTEM_GROUP_SIZE,
  MAX_DIRECT_APP_USERS,
} from './directory/generate';
export type {
  AppleMdmMode,
  DirectoryCounts,
  DirectoryOptions,
  OrgLinks,
  SimulatedDirectory,
  SimulatedOrg,
  UserGroupMembership,
  SystemGroupMembership,
  ApplicationUserBinding,
  ApplicationUserGroupBinding,
  UserSystemBinding,
  UserGroupSystemBinding,
  UserSystemGroupBinding,
  UserGroupSystemGroupBinding,
} from './directory/generate';
export { OrgGraph } from './directory/graph';
export {
  expectedUserSystemAccess,
  expectedUserApplicationAccess,
  secretValues,
} from './directory/expected';
export type {
  ExpectedUserSystemAccess,
  ExpectedUserApplicationAccess,
  UserSystemRoute,
} from './directory/expected';
export { FAULT_KINDS, DEFAULT_FAULT_KINDS } from './server/faults';
export { QUIRKS, QUIRK_SECRETS, ORPHAN_SYSTEM_ID, applyQuirks, oddId } from './server/quirks';
export type { Quirk } from './server/quirks';
export type { FaultKind, TrafficOptions } from './server/faults';
export { ErrorBodies, MAX_LIMIT } from './directory/routes';
export { EPOCH_MS } from './shared/random';
export {
  orgAssets,
  generateOrgAssets,
  systemHasAsset,
  locationCount,
  unmanagedDeviceCount,
  accessoryCount,
} from './assets/generate';
export type {
  Asset,
  AssetFieldValue,
  AssetManagementMode,
  AssetPrice,
  AssetReference,
  FieldConfig,
  OrgAssets,
  SelectOption,
} from './assets/generate';
export { orgSystemInfo, generateSystemInfo, systemHardware } from './system-insights/generate';
export type { SystemInfo, SystemHardware } from './system-insights/generate';
export { orgPosture, generatePosture, expectedEncryption } from './posture/generate';
export type {
  OrgPosture,
  LocalAccountTruth,
  DiskTruth,
  ExpectedEncryption,
  AuthorizedKeyTruth,
} from './posture/generate';
export { installedSoftware, softwarePage, softwareRowCount } from './posture/software';
export type { InstalledSoftware, SoftwareTable } from './posture/software';
export { ASSET_PAGING, AssetErrorBodies } from './assets/routes';
export { SYSTEM_INSIGHTS_PAGING, SystemInsightsErrorBodies } from './system-insights/routes';
export type { SystemInsightsMode } from './system-insights/routes';
export type { FeatureModes } from './server/router';
export type * from './shared/types';
export {
  orgAccess,
  generateOrgAccess,
  commandSystemTraversal,
  commandSystemIds,
  commandRunsAsRoot,
  commandCount,
  ROOT_USER_ID,
} from './access/generate';
export type {
  AccessFeatureMode,
  AccessModes,
  AuthnPolicy,
  Command,
  Directory,
  DirectoryType,
  IpList,
  OrgAccess,
  RadiusServer,
} from './access/generate';
export { ACCESS_ROUTE_TEMPLATES, ACCESS_PAGING, AccessErrorBodies } from './access/routes';
export {
  expectedAccessGraph,
  policyApplicationIds,
  policyEnforcesMfa,
  policyIpListIds,
} from './access/expected';
export type { ExpectedAccessGraph } from './access/expected';
export {
  orgPolicies,
  policyRoutes,
  policyTemplates,
  latestResults,
  PolicyTemplateNames,
  DEFAULT_POLICY_COUNT,
  DEFAULT_POLICY_GROUP_COUNT,
} from './policies/generate';
export type {
  OrgPolicies,
  Policy,
  PolicyGroup,
  PolicyMode,
  PolicyPath,
  PolicyResult,
  PolicySimulationOptions,
  PolicyTemplate,
  PolicyWithDetails,
} from './policies/generate';
export { POLICY_PAGING, PolicyErrorBodies } from './policies/routes';
export {
  orgEvents,
  generateOrgEvents,
  renderEvent,
  userNeverSignsIn,
  EVENT_KINDS,
  INSIGHTS_NOW_MS,
  RETENTION_DAYS,
} from './insights/events';
export type { InsightsOptions, OrgEvents } from './insights/events';
export {
  InsightsApi,
  INSIGHTS_BASE,
  INSIGHTS_ROUTES,
  DEFAULT_EVENT_LIMIT,
  MAX_EVENT_LIMIT,
  InsightsErrorBodies,
} from './insights/routes';
export type { InsightsFault, InsightsMode, InsightsSimulationOptions } from './insights/routes';
export { expectedActivity } from './insights/expected';
export type {
  ActivityService,
  ExpectedActivity,
  ExpectedAdministratorActivity,
  ExpectedUserActivity,
} from './insights/expected';
export { orgAdministrators } from './admin/administrators';
export type { Administrator } from './admin/administrators';
export {
  PROVIDER_ADMINISTRATORS_MAX_LIMIT,
  PROVIDER_ADMINISTRATORS_TEMPLATE,
  providerAdministrators,
  providerIdOf,
} from './admin/routes';
export type { ProviderAdministratorsMode, ServedAdministrator } from './admin/routes';
