/**
 * API records as JumpCloud sends them (see ../shared/jumpcloud-api/REFERENCE.md §7, §8).
 * Only the fields the integration reads are typed; everything else passes through
 * untouched. Every field is optional unless JumpCloud always sends it: converters must
 * survive missing nested objects.
 */

export type JumpCloudId = string;

/** `GET /api/organizations` default projection. */
export interface JumpCloudOrganization {
  _id: JumpCloudId;
  id?: JumpCloudId;
  displayName?: string | null;
  logoUrl?: string | null;
  created?: string | null;
}

/**
 * v2 `Administrator` as `GET /api/v2/providers/{provider_id}/administrators` lists it: only the
 * members the integration reads. The schema's API key members (`apiKeyAllowed`, `apiKeyHash`,
 * `apiKeySet`) are never read.
 */
export interface JumpCloudProviderAdministrator {
  /** The schema declares `id`; the specification's examples show `_id`. */
  id?: JumpCloudId;
  _id?: JumpCloudId;
  email?: string;
  firstname?: string;
  lastname?: string;
  enableMultiFactor?: boolean;
  registered?: boolean;
  suspended?: boolean;
  role?: string;
  roleName?: string;
  organizationAccessTotal?: number;
}

export interface JumpCloudUserMfa {
  configured?: boolean;
  exclusion?: boolean;
  exclusionDays?: number;
  exclusionUntil?: string | null;
}

export type MfaEnrollmentStatus =
  | 'NOT_ENROLLED'
  | 'DISABLED'
  | 'PENDING_ACTIVATION'
  | 'ENROLLMENT_EXPIRED'
  | 'IN_ENROLLMENT'
  | 'PRE_ENROLLMENT'
  | 'ENROLLED';

export interface JumpCloudUserMfaEnrollment {
  overallStatus?: MfaEnrollmentStatus;
  totpStatus?: MfaEnrollmentStatus;
  webAuthnStatus?: MfaEnrollmentStatus;
  pushStatus?: MfaEnrollmentStatus;
  jcGoStatus?: MfaEnrollmentStatus;
}

/** `GET /api/systemusers` record (`systemuserreturn`). */
export interface JumpCloudUser {
  _id: JumpCloudId;
  id?: JumpCloudId;
  username?: string;
  email?: string;
  firstname?: string | null;
  middlename?: string | null;
  lastname?: string | null;
  displayname?: string | null;
  employeeIdentifier?: string | null;
  employeeType?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  company?: string | null;
  costCenter?: string | null;
  location?: string | null;
  description?: string | null;
  manager?: string | null;
  organization?: string;
  created?: string | null;
  state?: 'STAGED' | 'ACTIVATED' | 'SUSPENDED' | string;
  activated?: boolean;
  suspended?: boolean;
  account_locked?: boolean;
  password_expired?: boolean;
  password_never_expires?: boolean;
  password_expiration_date?: string | null;
  totp_enabled?: boolean;
  mfa?: JumpCloudUserMfa | null;
  mfaEnrollment?: JumpCloudUserMfaEnrollment | null;
  sudo?: boolean;
  passwordless_sudo?: boolean;
  externally_managed?: boolean;
  ldap_binding_user?: boolean;
  samba_service_user?: boolean;
  [field: string]: unknown;
}

export interface JumpCloudGroupAttributes {
  sudo?: { enabled?: boolean; withoutPassword?: boolean } | null;
  [attribute: string]: unknown;
}

/** `GET /api/v2/usergroups` and `GET /api/v2/systemgroups` items. */
export interface JumpCloudGroup {
  id: JumpCloudId;
  name?: string;
  type?: 'user_group' | 'system_group' | string;
  description?: string | null;
  email?: string | null;
  attributes?: JumpCloudGroupAttributes | null;
  membershipMethod?: string | null;
  [field: string]: unknown;
}

/** `GET /api/applications` record. `config` holds SAML keys: never ingested. */
export interface JumpCloudApplication {
  _id: JumpCloudId;
  id?: JumpCloudId;
  name?: string;
  displayName?: string | null;
  displayLabel?: string | null;
  description?: string | null;
  active?: boolean;
  organization?: string;
  created?: string | null;
  learnMore?: string | null;
  ssoUrl?: string | null;
  sso?: {
    type?: string;
    idpCertExpirationAt?: string | null;
    [field: string]: unknown;
  } | null;
  config?: unknown;
  [field: string]: unknown;
}

/** `GET /api/systems` record (`JcSystem`). */
export interface JumpCloudSystem {
  _id: JumpCloudId;
  id?: JumpCloudId;
  displayName?: string | null;
  hostname?: string | null;
  description?: string | null;
  serialNumber?: string | null;
  organization?: string;
  created?: string | null;
  templateName?: string | null;
  hwVendor?: string | null;
  os?: string | null;
  osFamily?: string | null;
  version?: string | null;
  arch?: string | null;
  osVersionDetail?: { osName?: string; version?: string; [field: string]: unknown } | null;
  fileSystem?: string | null;
  systemTimezone?: number | null;
  desktopCapable?: boolean;
  agentVersion?: string | null;
  active?: boolean;
  lastContact?: string | null;
  allowSshRootLogin?: boolean;
  allowSshPasswordAuthentication?: boolean;
  allowMultiFactorAuthentication?: boolean;
  allowPublicKeyAuthentication?: boolean;
  sshRootEnabled?: boolean;
  secureLogin?: { enabled?: boolean; supported?: boolean } | null;
  fde?: { active?: boolean; keyPresent?: boolean } | null;
  mdm?: {
    vendor?: string;
    dep?: boolean;
    userApproved?: boolean;
    enrollmentType?: string;
    [field: string]: unknown;
  } | null;
  isPolicyBound?: boolean;
  primarySystemUser?: { id?: JumpCloudId | null } | null;
  [field: string]: unknown;
}

/** `GET /api/v2/applemdms` item. */
export interface JumpCloudAppleMdm {
  id: JumpCloudId;
  name?: string;
  organization?: JumpCloudId;
  apnsPushTopic?: string;
  apnsCertExpiry?: string | null;
  appleCertCreatorAppleID?: string;
  appleCertSerialNumber?: string;
  depServerTokenState?: 'unknown' | 'missing' | 'valid' | 'expired' | string;
  depAccessTokenExpiry?: string | null;
  allowMobileUserEnrollment?: boolean;
  defaultSystemGroupID?: string;
  [field: string]: unknown;
}

/** `GET /api/v2/applemdms/{id}/devices` item. */
export interface JumpCloudAppleMdmDevice {
  id: JumpCloudId;
  appleMdmId?: JumpCloudId;
  serialNumber?: string | null;
  udid?: string | null;
  osVersion?: string | null;
  mdmOsFamily?: string | null;
  modelFamily?: string | null;
  createdAt?: string | null;
  lastContactAt?: string | null;
  enrolled?: boolean;
  depRegistered?: boolean;
  hasActivationLockBypassCodes?: boolean;
  deviceInformation?: {
    deviceName?: string;
    modelName?: string;
    modelNumber?: string;
    isSupervised?: boolean;
    deviceCapacity?: number;
    wifiMac?: string;
    [field: string]: unknown;
  } | null;
  securityInfo?: {
    filevaultEnabled?: boolean;
    [field: string]: unknown;
  } | null;
  [field: string]: unknown;
}

/**
 * `GET /api/v2/systeminsights/system_info` row (2026 v2 specification,
 * `system-insights-system-info`). Strings may carry trailing spaces; `physical_memory` is a
 * string of bytes.
 */
export interface JumpCloudSystemInfo {
  system_id: JumpCloudId;
  hardware_vendor?: string | null;
  hardware_model?: string | null;
  hardware_version?: string | null;
  hardware_serial?: string | null;
  cpu_brand?: string | null;
  cpu_physical_cores?: number | null;
  cpu_logical_cores?: number | null;
  physical_memory?: string | number | null;
  [field: string]: unknown;
}

/*
 * System Insights posture and software rows (2026 v2 specification, `system-insights-*`).
 * Every field but `system_id` may be null or missing; only the fields the integration reads
 * are named. Rows are read loosely: `[field: string]: unknown` keeps the rest unread.
 */

type SiValue<T> = T | null | undefined;

export interface SystemInsightsRow {
  system_id: JumpCloudId;
  collection_time?: string;
  [field: string]: unknown;
}

export interface SystemInsightsUser extends SystemInsightsRow {
  uid?: SiValue<string>;
  username?: SiValue<string>;
  type?: SiValue<string>;
  description?: SiValue<string>;
  directory?: SiValue<string>;
  shell?: SiValue<string>;
  uuid?: SiValue<string>;
  real_user?: SiValue<boolean>;
  admin?: SiValue<boolean>;
  suspended?: SiValue<boolean>;
  managed?: SiValue<boolean>;
  ad_managed?: SiValue<boolean>;
  /** Unix seconds, as a string. */
  last_login?: SiValue<string>;
}

export interface SystemInsightsUserGroup extends SystemInsightsRow {
  uid?: SiValue<string>;
  gid?: SiValue<string>;
}

export interface SystemInsightsDiskEncryption extends SystemInsightsRow {
  name?: SiValue<string>;
  encrypted?: SiValue<number>;
  encryption_status?: SiValue<string>;
  type?: SiValue<string>;
}

export interface SystemInsightsBitlockerInfo extends SystemInsightsRow {
  drive_letter?: SiValue<string>;
  device_id?: SiValue<string>;
  conversion_status?: SiValue<number>;
  protection_status?: SiValue<number>;
  percentage_encrypted?: SiValue<number>;
  encryption_method?: SiValue<string>;
}

/** `mounts`: a mounted filesystem (`device_alias` is the device's resolved path, osquery). */
export interface SystemInsightsMount extends SystemInsightsRow {
  path?: SiValue<string>;
  device?: SiValue<string>;
  device_alias?: SiValue<string>;
  type?: SiValue<string>;
}

/** `logical_drives` (Windows): `boot_partition` 1 marks the drive Windows booted from. */
export interface SystemInsightsLogicalDrive extends SystemInsightsRow {
  device_id?: SiValue<string>;
  boot_partition?: SiValue<number>;
}

export interface SystemInsightsAlf extends SystemInsightsRow {
  global_state?: SiValue<number>;
  stealth_enabled?: SiValue<number>;
}

export interface SystemInsightsWindowsSecurityCenter extends SystemInsightsRow {
  firewall?: SiValue<string>;
  antivirus?: SiValue<string>;
  autoupdate?: SiValue<string>;
}

export interface SystemInsightsSipConfig extends SystemInsightsRow {
  config_flag?: SiValue<string>;
  enabled?: SiValue<number>;
}

export interface SystemInsightsSecureBoot extends SystemInsightsRow {
  secure_boot?: SiValue<number>;
}

export interface SystemInsightsTpmInfo extends SystemInsightsRow {
  activated?: SiValue<number>;
  enabled?: SiValue<number>;
  spec_version?: SiValue<string>;
}

export interface SystemInsightsAuthorizedKey extends SystemInsightsRow {
  uid?: SiValue<string>;
  algorithm?: SiValue<string>;
  /** Public key material: hashed into a fingerprint, never stored. */
  key?: SiValue<string>;
  key_file?: SiValue<string>;
  /** osquery's column; not in JumpCloud's trimmed schema, read when present. */
  comment?: SiValue<string>;
}

export interface SystemInsightsApp extends SystemInsightsRow {
  name?: SiValue<string>;
  bundle_name?: SiValue<string>;
  display_name?: SiValue<string>;
  bundle_identifier?: SiValue<string>;
  bundle_short_version?: SiValue<string>;
  bundle_version?: SiValue<string>;
  path?: SiValue<string>;
}

export interface SystemInsightsProgram extends SystemInsightsRow {
  name?: SiValue<string>;
  version?: SiValue<string>;
  publisher?: SiValue<string>;
  install_location?: SiValue<string>;
}

export interface SystemInsightsLinuxPackage extends SystemInsightsRow {
  name?: SiValue<string>;
  version?: SiValue<string>;
  package_format?: SiValue<string>;
  arch?: SiValue<string>;
}

/**
 * One field of an asset: `value` is a string, number, boolean, date string, price,
 * reference (or a list of references), as the org's field configuration says.
 */
export interface JumpCloudAssetFieldValue {
  editable?: boolean;
  value?: unknown;
}

/** Asset Management `Asset` (device, accessory or location): fields keyed by their label. */
export interface JumpCloudAsset {
  id: JumpCloudId;
  /** Device assets only: the JumpCloud system the asset is. */
  jcSystemId?: JumpCloudId | null;
  fields?: Record<string, JumpCloudAssetFieldValue | null> | null;
  [field: string]: unknown;
}

/** `jumpcloud.http.assets.Reference`: a field value naming another object. */
export interface JumpCloudAssetReference {
  id: JumpCloudId;
  name?: string;
  type?: 'user' | 'user_group' | 'location' | 'select' | 'device_group' | string;
}

/** `jumpcloud.http.assets.Price`. */
export interface JumpCloudAssetPrice {
  amount: number;
  currency?: string;
}

/** v2 graph types (REFERENCE §8). */
export type GraphType =
  | 'active_directory'
  | 'application'
  | 'command'
  | 'g_suite'
  | 'idp_routing_policy'
  | 'ldap_server'
  | 'office_365'
  | 'policy'
  | 'policy_group'
  | 'radius_server'
  | 'password_manager_item'
  | 'system'
  | 'system_group'
  | 'user'
  | 'user_group';

export interface GraphObject {
  id: JumpCloudId;
  type: GraphType | string;
  attributes?: Record<string, unknown> | null;
}

/** A stored direct link: `/members` and `/associations`. */
export interface GraphConnection {
  to: GraphObject;
  from?: GraphObject;
  attributes?: Record<string, unknown> | null;
}

/** A traversal result: one `paths` entry per route from the start object. */
export interface GraphObjectWithPaths {
  id: JumpCloudId;
  type: GraphType | string;
  compiledAttributes?: Record<string, unknown> | null;
  paths?: GraphConnection[][] | null;
}

// ---- access paths: commands, authentication policies, directories, RADIUS ------------------

/**
 * `GET /api/commands` with `fields` (v1 `command`). Only the fields the integration names
 * are ever requested: never `command` (the script) nor `files`.
 */
export interface JumpCloudCommand {
  _id: JumpCloudId;
  id?: JumpCloudId;
  name?: string | null;
  commandType?: string | null;
  launchType?: string | null;
  trigger?: string | null;
  schedule?: string | null;
  scheduleRepeatType?: string | null;
  listensTo?: string | null;
  /** Run-as user: a systemuser id, or `000000000000000000000000` for root / Local System. */
  user?: string | null;
  sudo?: boolean | null;
  shell?: string | null;
  /** Seconds, as a string in the specification. */
  timeout?: string | number | null;
  timeToLiveSeconds?: number | null;
  description?: string | null;
  organization?: string | null;
  templatingRequired?: boolean | null;
}

/** v2 `AuthnPolicy` (2026 specification). */
export interface JumpCloudAuthnPolicy {
  id: JumpCloudId;
  name?: string | null;
  description?: string | null;
  disabled?: boolean | null;
  monitorOnly?: boolean | null;
  type?: string | null;
  effect?: {
    action?: string | null;
    obligations?: {
      mfa?: { required?: boolean | null } | null;
      mfaFactors?: Array<{ type?: string | null } | null> | null;
      userVerification?: { requirement?: string | null } | null;
    } | null;
  } | null;
  targets?: {
    resources?: Array<{ type?: string | null; id?: string | null } | null> | null;
    excludedApplications?: string[] | null;
    userGroups?: { inclusions?: string[] | null; exclusions?: string[] | null } | null;
    users?: { inclusions?: string[] | null } | null;
  } | null;
  /** The condition language of the specification: ipAddressIn, locationIn, device*, not/all/any. */
  conditions?: unknown;
}

/** v2 `IPList`. */
export interface JumpCloudIpList {
  id: JumpCloudId;
  name?: string | null;
  description?: string | null;
  ips?: string[] | null;
}

/** v2 `Directory`. */
export interface JumpCloudDirectory {
  id: JumpCloudId;
  name?: string | null;
  type?: string | null;
  defaultDomain?: { id?: string | null; domain?: string | null } | null;
  organizationId?: string | null;
}

/**
 * `GET /api/radiusservers` with `fields` (v1 `radiusserver`). The shared secret is never
 * requested.
 */
export interface JumpCloudRadiusServer {
  _id: JumpCloudId;
  id?: JumpCloudId;
  name?: string | null;
  networkSourceIp?: string | null;
  mfa?: string | null;
  userLockoutAction?: string | null;
  userPasswordExpirationAction?: string | null;
  authIdp?: string | null;
  deviceCertEnabled?: boolean | null;
  userCertEnabled?: boolean | null;
  userPasswordEnabled?: boolean | null;
  radsecEnabled?: boolean | null;
  requireRadsec?: boolean | null;
  requireTlsAuth?: boolean | null;
  organization?: string | null;
}

// ---- device policies (2026 v2 specification: Policy, PolicyWithDetails, PolicyTemplate,
// ---- PolicyGroup, PolicyResult) ------------------------------------------------------------

/** `PolicyTemplate`: what a policy is an instance of (FileVault, BitLocker, lock screen...). */
export interface JumpCloudPolicyTemplate {
  id?: JumpCloudId;
  name?: string;
  displayName?: string;
  description?: string;
  osMetaFamily?: 'linux' | 'darwin' | 'windows' | 'ios' | 'universal' | 'android' | string;
  activation?: string;
  behavior?: string;
  state?: string;
  deliveryTypes?: string[];
  alert?: string | null;
  reference?: string | null;
  [field: string]: unknown;
}

/** `GET /api/v2/policies` items. */
export interface JumpCloudPolicy {
  id: JumpCloudId;
  name?: string;
  template?: JumpCloudPolicyTemplate | null;
  [field: string]: unknown;
}

/** `PolicyTemplateConfigField`: a setting of a template. */
export interface JumpCloudPolicyConfigField {
  id?: JumpCloudId;
  name?: string;
  label?: string;
  displayType?: string;
  sensitive?: boolean;
  [field: string]: unknown;
}

/** `PolicyValue`: the value a policy gives one setting. May be a secret. */
export interface JumpCloudPolicyValue {
  configFieldID?: JumpCloudId;
  value?: unknown;
  sensitive?: boolean;
}

/** `GET /api/v2/policies/{id}`: the policy with its settings. */
export interface JumpCloudPolicyWithDetails extends JumpCloudPolicy {
  notes?: string;
  values?: JumpCloudPolicyValue[] | null;
  configFields?: JumpCloudPolicyConfigField[] | null;
}

/** `GET /api/v2/policygroups` items. */
export interface JumpCloudPolicyGroup {
  id: JumpCloudId;
  name?: string;
  type?: 'policy_group' | string;
  description?: string | null;
  email?: string | null;
  [field: string]: unknown;
}

/**
 * `PolicyResult`: the latest result of a policy on one system. `stdOut`/`stdErr` are command
 * output and never ingested.
 */
export interface JumpCloudPolicyResult {
  id?: JumpCloudId;
  policyID?: JumpCloudId;
  systemID?: JumpCloudId;
  success?: boolean;
  exitStatus?: number;
  state?: string;
  startedAt?: string;
  endedAt?: string;
  detail?: string;
  stdOut?: string;
  stdErr?: string;
  [field: string]: unknown;
}
