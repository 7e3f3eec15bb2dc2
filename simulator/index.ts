export { startSimulator, DEFAULT_SIMULATOR_API_KEY } from './server';
export type { SimulatorOptions, SimulatorStats, RunningSimulator } from './server';
export { fewestPages } from './fewest';
export type { FewestRequests } from './fewest';
export {
  generateDirectory,
  resolveDirectoryOptions,
  DEFAULT_COUNTS,
  MAX_USER_GROUP_SIZE,
  MAX_SYSTEM_GROUP_SIZE,
  MAX_DIRECT_APP_USERS,
} from './generate';
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
} from './generate';
export { OrgGraph } from './graph';
export { expectedUserSystemAccess, expectedUserApplicationAccess, secretValues } from './expected';
export type {
  ExpectedUserSystemAccess,
  ExpectedUserApplicationAccess,
  UserSystemRoute,
} from './expected';
export { FAULT_KINDS, DEFAULT_FAULT_KINDS } from './faults';
export { QUIRKS, QUIRK_SECRETS, ORPHAN_SYSTEM_ID, applyQuirks, oddId } from './quirks';
export type { Quirk } from './quirks';
export type { FaultKind, TrafficOptions } from './faults';
export { ErrorBodies, MAX_LIMIT } from './routes';
export { EPOCH_MS } from './random';
export {
  orgAssets,
  generateOrgAssets,
  systemHasAsset,
  locationCount,
  unmanagedDeviceCount,
  accessoryCount,
} from './assets';
export type {
  Asset,
  AssetFieldValue,
  AssetManagementMode,
  AssetPrice,
  AssetReference,
  FieldConfig,
  OrgAssets,
  SelectOption,
} from './assets';
export { orgSystemInfo, generateSystemInfo, systemHardware } from './system-insights';
export type { SystemInfo, SystemHardware } from './system-insights';
export { orgPosture, generatePosture, expectedEncryption } from './posture';
export type {
  OrgPosture,
  LocalAccountTruth,
  DiskTruth,
  ExpectedEncryption,
  AuthorizedKeyTruth,
} from './posture';
export { installedSoftware, softwarePage, softwareRowCount } from './software';
export type { InstalledSoftware, SoftwareTable } from './software';
export { FEATURE_PAGING, FeatureErrorBodies } from './feature-routes';
export type { FeatureModes, SystemInsightsMode } from './feature-routes';
export type * from './types';
export {
  orgAccess,
  generateOrgAccess,
  commandSystemTraversal,
  commandSystemIds,
  commandRunsAsRoot,
  commandCount,
  ROOT_USER_ID,
} from './access';
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
} from './access';
export { ACCESS_ROUTE_TEMPLATES, ACCESS_PAGING, AccessErrorBodies } from './access-routes';
export {
  expectedAccessGraph,
  policyApplicationIds,
  policyEnforcesMfa,
  policyIpListIds,
} from './access-expected';
export type { ExpectedAccessGraph } from './access-expected';
export {
  orgPolicies,
  policyRoutes,
  policyTemplates,
  latestResults,
  PolicyTemplateNames,
  DEFAULT_POLICY_COUNT,
  DEFAULT_POLICY_GROUP_COUNT,
} from './policies';
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
} from './policies';
export { POLICY_PAGING, PolicyErrorBodies } from './policy-routes';
