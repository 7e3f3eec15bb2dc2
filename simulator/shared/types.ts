/**
 * API records as the simulator sends them, shaped after JumpCloud's own schemas
 * (v1.json: organization, systemuserreturn, JcSystem, application; v2.json: UserGroup,
 * SystemGroup, GraphConnection, GraphObjectWithPaths, AppleMDM, apple-mdm-device) and the
 * recorded responses quoted in /work/shared/jumpcloud-api/REFERENCE.md.
 *
 * Where real traffic contradicts the spec, the simulator follows real traffic:
 * `attributes: null` on graph objects and user groups, `logoUrl: null` on organizations,
 * `employeeIdentifier: null` on users (all recorded). See simulator/contract/spec-deviations.ts.
 */

/** An ISO-8601 UTC timestamp with milliseconds, e.g. `2025-03-01T12:00:00.000Z`. */
export type IsoDateTime = string;

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

export interface SudoAttribute {
  enabled: boolean;
  withoutPassword: boolean;
}

/** Open key/value map (GraphAttributes) with the well-known members typed. */
export interface GraphAttributes {
  sudo?: SudoAttribute;
  ldapGroups?: Array<{ name: string }>;
  posixGroups?: Array<{ id: number; name: string }>;
  radius?: { reply: Array<{ name: string; value: string }> };
  sambaEnabled?: boolean;
  [custom: string]: unknown;
}

export interface GraphObject {
  id: string;
  type: GraphType;
  attributes: GraphAttributes | null;
}

/** One hop. In traversal paths only the `to` end of each hop is listed. */
export interface GraphConnection {
  attributes: GraphAttributes | null;
  to: GraphObject;
}

export interface GraphObjectWithPaths {
  id: string;
  type: GraphType;
  /** Left out when no hop carries attributes (no recording shows an empty one). */
  compiledAttributes?: GraphAttributes;
  paths: GraphConnection[][];
}

/** v1 list envelope. */
export interface V1List<T> {
  totalCount: number;
  results: T[];
}

// ---------------------------------------------------------------------------------------------
// v1 records
// ---------------------------------------------------------------------------------------------

/** Default projection of `GET /api/organizations` (recorded). */
export interface OrganizationListItem {
  _id: string;
  id: string;
  displayName: string | null;
  logoUrl: string | null;
  created: IsoDateTime;
}

/** Full record of `GET /api/organizations/{id}` (v1 `organization`). */
export interface Organization {
  _id: string;
  id: string;
  displayName: string | null;
  logoUrl: string | null;
  created: IsoDateTime;
  accessRestriction: string;
  accountsReceivable: string;
  provider: string;
  hasCreditCard: boolean;
  hasStripeCustomerId: boolean;
  lastEstimateCalculationTimeStamp: IsoDateTime;
  lastSfdcSyncStatus: Record<string, unknown>;
  customEmailSettings: { enabled: boolean };
  entitlement: {
    billingModel: string;
    capUserQuantity: boolean;
    isManuallyBilled: boolean;
    maxUserQuantity: number;
    pricePerUserSum: number;
    purchaseChannel: string;
    entitlementProducts: Array<{
      committedUsers: number;
      contractType: string;
      maxUserCount: number;
      name: string;
      pricePerUser: number;
      productCategory: string;
      productCode: string;
      uncommittedUsers: number;
    }>;
  };
  settings: {
    name: string;
    contactName: string;
    contactEmail: string;
    agentVersion: string;
    enableManagedUID: boolean;
    requireAdminMFA: boolean;
    systemUserPasswordExpirationInDays: number;
    passwordCompliance: 'custom' | 'pci3' | 'windows';
    passwordPolicy: {
      enableMaxLoginAttempts: boolean;
      maxLoginAttempts: number;
      enablePasswordExpirationInDays: boolean;
      passwordExpirationInDays: number;
      minLength: number;
      needsLowercase: boolean;
      needsUppercase: boolean;
      needsNumeric: boolean;
      needsSymbolic: boolean;
    };
    newSystemUserStateDefaults: {
      applicationImport: 'ACTIVATED' | 'STAGED';
      csvImport: 'ACTIVATED' | 'STAGED';
      manualEntry: 'ACTIVATED' | 'STAGED';
    };
    userPortal: { cookieExpirationType: 'session' | 'date'; idleSessionDurationMinutes: number };
    windowsMDM: { autoEnroll: boolean; enabled: boolean };
    features: {
      directoryInsights: { enabled: boolean };
      systemInsights: {
        enabled: boolean;
        enableNewDarwin: boolean;
        enableNewLinux: boolean;
        enableNewWindows: boolean;
      };
    };
  };
}

export type MfaEnrollmentStatus =
  | 'NOT_ENROLLED'
  | 'DISABLED'
  | 'PENDING_ACTIVATION'
  | 'ENROLLMENT_EXPIRED'
  | 'IN_ENROLLMENT'
  | 'PRE_ENROLLMENT'
  | 'ENROLLED';

export interface SshKey {
  _id: string;
  name: string;
  public_key: string;
  create_date: IsoDateTime;
}

export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';

/** `systemuserreturn` plus the recorded extras (`id`, `systemUsername`). */
export interface SystemUser {
  _id: string;
  id: string;
  username: string;
  systemUsername: string;
  email: string;
  alternateEmail: string;
  firstname: string | null;
  middlename: string;
  lastname: string | null;
  displayname: string;
  employeeIdentifier: string | null;
  employeeType: string;
  jobTitle: string;
  department: string;
  company: string;
  costCenter: string;
  location: string;
  description: string;
  /** Id of another systemuser; absent when the user has no manager. */
  manager?: string;
  managedAppleId: string;
  organization: string;
  created: IsoDateTime;
  state: UserState;
  activated: boolean;
  suspended: boolean;
  account_locked: boolean;
  account_locked_date: IsoDateTime | null;
  badLoginAttempts: number;
  creationSource: string;
  password_date: IsoDateTime | null;
  password_expiration_date: IsoDateTime | null;
  password_expired: boolean;
  password_never_expires: boolean;
  external_password_expiration_date: string;
  totp_enabled: boolean;
  enable_user_portal_multifactor: boolean;
  /** Absent on some users (real records without an MFA object exist). */
  mfa?: {
    configured: boolean;
    exclusion: boolean;
    exclusionDays?: number;
    exclusionUntil?: IsoDateTime;
  };
  mfaEnrollment?: {
    overallStatus: MfaEnrollmentStatus;
    totpStatus: MfaEnrollmentStatus;
    webAuthnStatus: MfaEnrollmentStatus;
    pushStatus: MfaEnrollmentStatus;
    jcGoStatus: MfaEnrollmentStatus;
  };
  sudo: boolean;
  passwordless_sudo: boolean;
  allow_public_key: boolean;
  public_key: string;
  ssh_keys: SshKey[];
  unix_uid: number;
  unix_guid: number;
  enable_managed_uid: boolean;
  ldap_binding_user: boolean;
  samba_service_user: boolean;
  disableDeviceMaxLoginAttempts: boolean;
  externally_managed: boolean;
  external_dn: string;
  external_source_type: string;
  restrictedFields: Array<{
    field: string;
    id: string;
    type: 'active_directory' | 'federated_identity_provider' | 'scim';
  }>;
  delegatedAuthority: { id: string; name: 'ActiveDirectory' } | null;
  admin: { id: string; roleName: string; roleNames: string[] } | null;
  addresses: Array<{
    id: string;
    type: string;
    poBox: string;
    extendedAddress: string;
    streetAddress: string;
    locality: string;
    region: string;
    postalCode: string;
    country: string;
  }>;
  phoneNumbers: Array<{ id: string; type: string; number: string }>;
  recoveryEmail: { address: string; verified: boolean; verifiedAt: string };
  relationships: Array<{ type: string; value: string }>;
  attributes: Array<{ name: string; value: string }>;
}

export type MdmVendor = 'unknown' | 'none' | 'internal' | 'external';

/** v1 `JcSystem` (2026 spec). */
export interface JcSystem {
  _id: string;
  id: string;
  displayName: string;
  hostname: string;
  description: string;
  serialNumber: string;
  amazonInstanceID: string;
  organization: string;
  created: IsoDateTime;
  templateName: string;
  hwVendor: string;
  attributes: Array<{ name: string; value: string }>;
  os: string;
  osFamily: string;
  version: string;
  arch: string;
  archFamily: string;
  osVersionDetail: {
    osName: string;
    distributionName: string;
    releaseName: string;
    version: string;
    major: string;
    minor: string;
    patch: string;
    revision: string;
    majorNumber: number;
    minorNumber: number;
    patchNumber: number;
  };
  fileSystem: string | null;
  systemTimezone: number;
  desktopCapable: boolean;
  displayManager: string;
  agentVersion: string;
  remoteAssistAgentVersion: string;
  active: boolean;
  lastContact: IsoDateTime | null;
  remoteIP: string;
  connectionHistory: Array<Record<string, unknown>>;
  networkInterfaces: Array<{
    name: string;
    address: string;
    family: 'IPv4' | 'IPv6';
    internal: boolean;
  }>;
  agentHasFullDiskAccess: boolean;
  allowSshRootLogin: boolean;
  allowSshPasswordAuthentication: boolean;
  allowMultiFactorAuthentication: boolean;
  allowPublicKeyAuthentication: boolean;
  sshRootEnabled: boolean;
  modifySSHDConfig: boolean;
  sshdParams: Array<{ name: string; value: string }>;
  secureLogin: { enabled: boolean; supported: boolean };
  /** Absent on systems whose agent never reported disk encryption. */
  fde?: { active: boolean; keyPresent: boolean };
  serviceAccountState?: {
    hasSecureToken: boolean;
    passwordAPFSValid: boolean;
    passwordODValid: boolean;
  };
  hasServiceAccount: boolean;
  userMetrics: Array<{
    userName: string;
    admin: boolean;
    managed: boolean;
    secureTokenEnabled: boolean;
    suspended: boolean;
  }>;
  mdm?: {
    vendor: MdmVendor;
    dep: boolean;
    userApproved: boolean;
    profileIdentifier: string;
    providerId: string;
    lostModeStatus: string;
    windows?: { upn: string };
  };
  isPolicyBound: boolean;
  policyStats: {
    total: number;
    success: number;
    failed: number;
    pending: number;
    duplicate: number;
    unsupportedOs: number;
  };
  systemInsights: { state: 'enabled' | 'disabled' | 'deferred' };
  provisionMetadata: {
    provisioner: { type: 'administrator' | 'mdm' | 'user'; provisionerId: string };
  };
  azureAdJoined: boolean;
  domainInfo: { domainName: string; partOfDomain: boolean };
  builtInCommands: Array<{ name: 'erase' | 'lock' | 'restart' | 'shutdown'; type: 'security' }>;
  /** Most systems have a primary user; some `{ id: null }`; a few lack the object. */
  primarySystemUser?: { id: string | null };
}

export interface SamlConfigField<T> {
  label: string;
  position: number;
  readOnly: boolean;
  required: boolean;
  type: string;
  value: T;
  visible: boolean;
}

/** The SAML settings object; holds fake keys so secret scrubbing can be tested. */
export interface ApplicationConfig {
  acsUrl: SamlConfigField<string>;
  constantAttributes: SamlConfigField<
    Array<{ name: string; value: string; readOnly: boolean; required: boolean; visible: boolean }>
  > & {
    mutable: boolean;
  };
  databaseAttributes: SamlConfigField<
    Array<{ name: string; value: string; readOnly: boolean; required: boolean; visible: boolean }>
  >;
  idpCertificate: SamlConfigField<string>;
  idpEntityId: SamlConfigField<string>;
  idpPrivateKey: SamlConfigField<string>;
  spCertificate: SamlConfigField<string>;
  spEntityId: SamlConfigField<string>;
  signAssertion: SamlConfigField<boolean>;
  signResponse: SamlConfigField<boolean>;
}

/** v1 `application`. */
export interface Application {
  _id: string;
  id: string;
  name: string;
  displayName: string;
  displayLabel: string;
  description: string;
  active: boolean;
  beta: boolean;
  color: string | null;
  organization: string;
  created: IsoDateTime;
  learnMore: string;
  ssoUrl: string;
  logo: { url: string; color?: string };
  sso: {
    type: string;
    jit: boolean;
    beta: boolean;
    hidden: boolean;
    idpCertExpirationAt: IsoDateTime;
    idpCertificateUpdatedAt: IsoDateTime;
    idpPrivateKeyUpdatedAt: IsoDateTime;
    spCertificateUpdatedAt: IsoDateTime;
  };
  config: ApplicationConfig;
  databaseAttributes: Array<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------
// v2 records
// ---------------------------------------------------------------------------------------------

export type GroupMembershipMethod =
  'NOTSET' | 'STATIC' | 'DYNAMIC_REVIEW_REQUIRED' | 'DYNAMIC_AUTOMATED';

/** What user groups and system groups share (`/v2/usergroups`, `/v2/systemgroups`). */
interface GroupRecord<Type extends 'user_group' | 'system_group'> {
  id: string;
  name: string;
  type: Type;
  description: string;
  email: string;
  /**
   * User groups: null without attributes (recorded). System groups: left out without them
   * (no recording shows a system group's empty attributes).
   */
  attributes?: GraphAttributes | null;
  membershipMethod: GroupMembershipMethod;
  memberQueryExemptions: GraphObject[];
  memberQueryErrorFlags: string[];
  memberSuggestionsNotify: boolean;
  organizationObjectId: string;
}

export interface UserGroup extends GroupRecord<'user_group'> {
  suggestionCounts: { add: number; remove: number; total: number };
}

export type SystemGroup = GroupRecord<'system_group'>;

interface WelcomeScreen {
  title: string;
  paragraph: string;
  button: string;
}

interface Ade {
  welcomeScreen: WelcomeScreen;
  setupAssistantOptions: Array<{ option: string }>;
  setupOptions: string[];
  enableZeroTouchEnrollment: boolean;
  defaultDeviceGroupObjectIds: string[];
}

/** v2 `AppleMDM`. */
export interface AppleMdm {
  id: string;
  name: string;
  organization: string;
  apnsPushTopic: string;
  apnsCertExpiry: IsoDateTime;
  appleCertCreatorAppleID: string;
  appleCertSerialNumber: string;
  depServerTokenState: 'unknown' | 'missing' | 'valid' | 'expired';
  depAccessTokenExpiry: IsoDateTime;
  defaultSystemGroupID: string;
  defaultIosUserEnrollmentDeviceGroupID: string;
  allowMobileUserEnrollment: boolean;
  serviceDiscoveryEnabled: boolean;
  dep: {
    welcomeScreen: WelcomeScreen;
    setupAssistantOptions: Array<{ option: string }>;
    enableZeroTouchEnrollment: boolean;
  };
  ades: { macos: Ade; ios: Ade };
}

/** v2 `apple-mdm-device` plus the recorded `appleMdmId`. */
export interface AppleMdmDevice {
  id: string;
  appleMdmId: string;
  serialNumber: string;
  udid: string;
  osVersion: string;
  mdmOsFamily: string;
  modelFamily: string;
  depRegistered: boolean;
  enrolled: boolean;
  createdAt: IsoDateTime;
  hasActivationLockBypassCodes: boolean;
  /** `{}` on some devices (recorded). */
  securityInfo: {
    enrolledViaDep?: boolean;
    isUserEnrollment?: boolean;
    userApprovedEnrollment?: boolean;
    passcodePresent?: boolean;
    passcodeCompliant?: boolean;
    filevaultEnabled?: boolean;
    recoveryLockEnabled?: boolean;
    isActivationLockManageable?: boolean;
  };
  deviceInformation: {
    deviceName: string;
    modelName: string;
    modelNumber?: string;
    modelMarketingName?: string;
    osBuildVersion?: string;
    osMarketingName?: string;
    isSupervised: boolean;
    isAppleSilicon?: boolean;
    activationLockAllowedWhileSupervised?: boolean;
    deviceCapacity: number;
    availableDeviceCapacity: number;
    wifiMac: string;
    imei?: string;
    iccid?: string;
    subscriberCarrierNetwork?: string;
  };
}
