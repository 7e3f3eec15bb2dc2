export { startSimulator, DEFAULT_SIMULATOR_API_KEY } from './server';
export type { SimulatorOptions, SimulatorStats, RunningSimulator } from './server';
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
export { FAULT_KINDS } from './faults';
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
export { orgPosture, generatePosture } from './posture';
export type { OrgPosture, LocalAccountTruth, VolumeTruth, AuthorizedKeyTruth } from './posture';
export { installedSoftware, softwarePage, softwareRowCount } from './software';
export type { InstalledSoftware, SoftwareTable } from './software';
export { FEATURE_PAGING, FeatureErrorBodies } from './feature-routes';
export type { FeatureModes, SystemInsightsMode } from './feature-routes';
export type * from './types';
