/**
 * The one place for step metadata: step ids and names, entity and relationship types.
 * Handlers, tests and `dependsOn` lists refer to these, never to string literals.
 */
import {
  RelationshipClass,
  generateRelationshipType,
  StepEntityMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

export const Steps = {
  ACCOUNT: { id: 'fetch-account', name: 'Fetch Organizations' },
  USERS: { id: 'fetch-users', name: 'Fetch Users' },
  GROUPS: { id: 'fetch-groups', name: 'Fetch User Groups' },
  GROUP_MEMBERS: { id: 'build-group-members', name: 'Build User Group Members' },
  APPLICATIONS: { id: 'fetch-applications', name: 'Fetch Applications' },
  APPLICATION_ASSIGNMENTS: {
    id: 'build-application-assignments',
    name: 'Build Application Assignments',
  },
  DEVICES: { id: 'fetch-devices', name: 'Fetch Systems and Access' },
  DEVICE_GROUPS: { id: 'fetch-device-groups', name: 'Fetch System Groups' },
  READ_APPLE_MDM: { id: 'read-apple-mdm', name: 'Read Apple MDM for the Devices' },
  READ_SYSTEMS: { id: 'read-systems', name: 'Read Systems and Their Access for the Devices' },
  DEVICE_GROUP_MEMBERS: { id: 'build-device-group-members', name: 'Build System Group Members' },
  APPLE_MDM: { id: 'fetch-apple-mdm', name: 'Fetch Apple MDM and Devices' },
  ASSETS: {
    id: 'fetch-assets',
    name: 'Fetch Asset Management Devices, Accessories and Locations',
  },
  COMMANDS: { id: 'fetch-commands', name: 'Fetch Commands and Their Devices' },
  AUTH_POLICIES: {
    id: 'fetch-auth-policies',
    name: 'Fetch Authentication Policies and IP Lists',
  },
  DIRECTORIES: { id: 'fetch-directories', name: 'Fetch Directories and Synced User Groups' },
  RADIUS_SERVERS: { id: 'fetch-radius-servers', name: 'Fetch RADIUS Servers' },
  USER_MANAGERS: { id: 'build-user-managers', name: 'Build User Reporting Lines' },
  POLICIES: { id: 'fetch-policies', name: 'Fetch Device Policies, Policy Groups and Results' },
  LOCAL_ACCOUNTS: {
    id: 'fetch-local-accounts',
    name: 'Fetch Local Accounts and Authorized SSH Keys',
  },
  INSTALLED_SOFTWARE: { id: 'fetch-installed-software', name: 'Fetch Installed Software' },
  // Issue 25: activity (Directory Insights), console administrators, security settings.
  ACTIVITY: { id: 'fetch-activity', name: 'Fetch Sign-in Activity from Directory Insights' },
  ADMINISTRATORS: { id: 'fetch-administrators', name: 'Fetch Console Administrators' },
  SECURITY_SETTINGS: {
    id: 'fetch-security-settings',
    name: 'Fetch Organization Security Settings',
  },
} as const;

export type StepKey = keyof typeof Steps;

/**
 * Ingestion sources: optional bodies of data a JupiterOne user can turn off in the instance
 * settings. A step that reads one names it in `ingestionSourceId`; when the source is off,
 * the runtime skips the step, and nothing is collected or reported partial for it.
 */
export const IngestionSources = {
  APPLE_MDM: 'apple-mdm',
  SYSTEM_INSIGHTS_HARDWARE: 'system-insights-hardware',
  ASSET_MANAGEMENT: 'asset-management',
  POLICIES: 'device-policies',
  ENDPOINT_POSTURE: 'endpoint-posture',
  INSTALLED_SOFTWARE: 'installed-software',
  COMMANDS: 'commands',
  AUTH_POLICIES: 'authentication-policies',
  DIRECTORIES: 'directories',
  RADIUS_SERVERS: 'radius-servers',
  DIRECTORY_INSIGHTS: 'directory-insights',
} as const;

type EntityKey =
  | 'ACCOUNT'
  | 'USER'
  | 'GROUP'
  | 'APPLICATION'
  | 'DEVICE'
  | 'DEVICE_GROUP'
  | 'APPLE_MDM'
  | 'APPLE_DEVICE'
  | 'ASSET_DEVICE'
  | 'ASSET_ACCESSORY'
  | 'LOCATION'
  | 'COMMAND'
  | 'AUTH_POLICY'
  | 'IP_LIST'
  | 'DIRECTORY'
  | 'RADIUS_SERVER'
  | 'POLICY'
  | 'POLICY_GROUP'
  | 'LOCAL_ACCOUNT'
  | 'SSH_KEY'
  | 'SOFTWARE'
  | 'ADMINISTRATOR'
  | 'PASSWORD_POLICY';

export const Entities: Record<EntityKey, StepEntityMetadata> = {
  ACCOUNT: {
    resourceName: 'Organization',
    _type: 'jumpcloud_account',
    _class: ['Account', 'Organization'],
  },
  USER: {
    resourceName: 'User',
    _type: 'jumpcloud_user',
    _class: ['User'],
  },
  GROUP: {
    resourceName: 'User Group',
    _type: 'jumpcloud_group',
    _class: ['Group'],
  },
  APPLICATION: {
    resourceName: 'Application',
    _type: 'jumpcloud_application',
    _class: ['Application'],
  },
  DEVICE: {
    resourceName: 'System',
    _type: 'jumpcloud_device',
    _class: ['Device'],
  },
  DEVICE_GROUP: {
    resourceName: 'System Group',
    _type: 'jumpcloud_device_group',
    _class: ['Group'],
  },
  APPLE_MDM: {
    resourceName: 'Apple MDM',
    _type: 'jumpcloud_apple_mdm',
    _class: ['Configuration'],
  },
  APPLE_DEVICE: {
    resourceName: 'Apple MDM Device',
    _type: 'jumpcloud_apple_device',
    _class: ['Device'],
  },
  ASSET_DEVICE: {
    resourceName: 'Device Asset',
    _type: 'jumpcloud_asset_device',
    _class: ['Device'],
  },
  ASSET_ACCESSORY: {
    resourceName: 'Accessory Asset',
    _type: 'jumpcloud_asset_accessory',
    _class: ['Device'],
  },
  LOCATION: {
    resourceName: 'Location',
    _type: 'jumpcloud_location',
    _class: ['Site'],
  },
  COMMAND: {
    resourceName: 'Command',
    _type: 'jumpcloud_command',
    // Task, not Procedure: Procedure would require the script as `content`.
    _class: ['Task'],
    schema: {
      properties: {
        commandType: { type: 'string' },
        launchType: { type: 'string' },
        runAsRoot: { type: 'boolean' },
        sudo: { type: 'boolean' },
        deviceCount: { type: 'number' },
      },
      // The command list's schema has no `user` or `sudo`: the run-as properties are written
      // only when JumpCloud sends them.
      required: ['deviceCount'],
    },
  },
  AUTH_POLICY: {
    resourceName: 'Authentication Policy',
    _type: 'jumpcloud_auth_policy',
    _class: ['AccessPolicy'],
    schema: {
      properties: {
        effect: { type: 'string' },
        mfaRequired: { type: 'boolean' },
        disabled: { type: 'boolean' },
        monitorOnly: { type: 'boolean' },
        enforced: { type: 'boolean' },
        type: { type: 'string' },
      },
      // None required: each only when the policy record gives what it is read from.
    },
  },
  IP_LIST: {
    resourceName: 'IP List',
    _type: 'jumpcloud_ip_list',
    // Network, not IpAddress: a list holds many addresses, ranges and CIDRs, never one `ipAddress`.
    _class: ['Network'],
    schema: {
      properties: {
        ips: { type: 'array', items: { type: 'string' } },
        ipCount: { type: 'number' },
        // Network requires these; a list of addresses and ranges has no value for them, so
        // they are excluded as JupiterOne's graph-azure does for named locations (see
        // shared/excluded-properties.ts), never derived from the entries.
        CIDR: { exclude: true },
        public: { exclude: true },
        internal: { exclude: true },
      },
    },
  },
  DIRECTORY: {
    resourceName: 'Directory',
    _type: 'jumpcloud_directory',
    _class: ['Directory'],
  },
  RADIUS_SERVER: {
    resourceName: 'RADIUS Server',
    _type: 'jumpcloud_radius_server',
    _class: ['Gateway'],
    schema: {
      // mfaRequired only when the server's `mfa` is given (not required by v1.json).
      properties: { mfa: { type: 'string' }, mfaRequired: { type: 'boolean' } },
    },
  },
  POLICY: {
    resourceName: 'Policy',
    _type: 'jumpcloud_policy',
    _class: ['ControlPolicy'],
  },
  POLICY_GROUP: {
    resourceName: 'Policy Group',
    _type: 'jumpcloud_policy_group',
    _class: ['Group'],
  },
  LOCAL_ACCOUNT: {
    resourceName: 'Local Account',
    _type: 'jumpcloud_local_account',
    _class: ['User'],
    schema: {
      properties: {
        username: { type: 'string' },
        uid: { type: 'number' },
        systemId: { type: 'string' },
        admin: { type: 'boolean' },
        lastLoginOn: { type: 'number' },
      },
      required: ['username', 'uid', 'systemId'],
    },
  },
  SSH_KEY: {
    resourceName: 'Authorized SSH Key',
    _type: 'jumpcloud_ssh_key',
    _class: ['Key'],
    schema: {
      properties: {
        fingerprint: { type: 'string', pattern: '^SHA256:[A-Za-z0-9+/]{43}$' },
        algorithm: { type: 'string' },
        comment: { type: 'string' },
      },
      required: ['fingerprint'],
    },
  },
  SOFTWARE: {
    resourceName: 'Installed Software',
    _type: 'jumpcloud_software',
    _class: ['Application'],
    schema: {
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        platform: { type: 'string', enum: ['darwin', 'windows', 'linux'] },
      },
      // No `version` when the row gives none (blank).
      required: ['name', 'platform'],
    },
  },
  // Issue 25: console administrators and the organization's password policy.
  ADMINISTRATOR: {
    resourceName: 'Console Administrator',
    _type: 'jumpcloud_administrator',
    _class: ['User'],
    schema: {
      properties: {
        admin: { const: true },
        email: { type: 'string' },
        role: { type: 'string' },
        roleName: { type: 'string' },
        mfaEnabled: { type: 'boolean' },
        lastLoginOn: { type: 'number' },
        loggedInWithMfa: { type: 'boolean' },
        loggedInWithoutMfa: { type: 'boolean' },
        activityWindowStartOn: { type: 'number' },
      },
      required: ['admin'],
    },
  },
  PASSWORD_POLICY: {
    resourceName: 'Password Policy',
    _type: 'jumpcloud_password_policy',
    _class: ['PasswordPolicy'],
  },
};

type RelationshipKey =
  | 'ACCOUNT_HAS_USER'
  | 'ACCOUNT_HAS_GROUP'
  | 'ACCOUNT_HAS_APPLICATION'
  | 'ACCOUNT_HAS_DEVICE'
  | 'ACCOUNT_HAS_DEVICE_GROUP'
  | 'ACCOUNT_HAS_APPLE_MDM'
  | 'GROUP_HAS_USER'
  | 'GROUP_ASSIGNED_APPLICATION'
  | 'USER_ASSIGNED_APPLICATION'
  | 'USER_HAS_DEVICE'
  | 'USER_ASSIGNED_DEVICE'
  | 'DEVICE_GROUP_HAS_DEVICE'
  | 'GROUP_ASSIGNED_DEVICE_GROUP'
  | 'APPLE_DEVICE_HAS_APPLE_MDM'
  | 'DEVICE_IS_APPLE_DEVICE'
  | 'ACCOUNT_HAS_ASSET_DEVICE'
  | 'ACCOUNT_HAS_ASSET_ACCESSORY'
  | 'ACCOUNT_HAS_LOCATION'
  | 'DEVICE_IS_ASSET_DEVICE'
  | 'USER_OWNS_ASSET_DEVICE'
  | 'USER_OWNS_ASSET_ACCESSORY'
  | 'LOCATION_HAS_ASSET_DEVICE'
  | 'LOCATION_HAS_ASSET_ACCESSORY'
  | 'LOCATION_CONTAINS_LOCATION'
  | 'ACCOUNT_HAS_COMMAND'
  | 'COMMAND_ASSIGNED_DEVICE'
  | 'COMMAND_ASSIGNED_DEVICE_GROUP'
  | 'ACCOUNT_HAS_AUTH_POLICY'
  | 'ACCOUNT_HAS_IP_LIST'
  | 'AUTH_POLICY_ASSIGNED_GROUP'
  | 'AUTH_POLICY_ASSIGNED_APPLICATION'
  | 'AUTH_POLICY_USES_IP_LIST'
  | 'ACCOUNT_HAS_DIRECTORY'
  | 'GROUP_ASSIGNED_DIRECTORY'
  | 'ACCOUNT_HAS_RADIUS_SERVER'
  | 'GROUP_ASSIGNED_RADIUS_SERVER'
  | 'USER_MANAGES_USER'
  | 'ACCOUNT_HAS_POLICY'
  | 'ACCOUNT_HAS_POLICY_GROUP'
  | 'POLICY_GROUP_HAS_POLICY'
  | 'DEVICE_GROUP_ASSIGNED_POLICY'
  | 'DEVICE_ASSIGNED_POLICY'
  | 'LOCAL_ACCOUNT_USES_DEVICE'
  | 'USER_IS_LOCAL_ACCOUNT'
  | 'LOCAL_ACCOUNT_HAS_SSH_KEY'
  | 'DEVICE_INSTALLED_SOFTWARE'
  | 'ACCOUNT_HAS_ADMINISTRATOR'
  | 'ACCOUNT_HAS_PASSWORD_POLICY';

function relationship(
  source: StepEntityMetadata,
  _class: RelationshipClass,
  target: StepEntityMetadata,
  extra: Partial<StepRelationshipMetadata> = {},
): StepRelationshipMetadata {
  return {
    _type: generateRelationshipType(_class, source._type, target._type),
    _class,
    sourceType: source._type,
    targetType: target._type,
    ...extra,
  };
}

export const Relationships: Record<RelationshipKey, StepRelationshipMetadata> = {
  ACCOUNT_HAS_USER: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.USER),
  ACCOUNT_HAS_GROUP: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.GROUP),
  ACCOUNT_HAS_APPLICATION: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.APPLICATION,
  ),
  ACCOUNT_HAS_DEVICE: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.DEVICE),
  ACCOUNT_HAS_DEVICE_GROUP: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.DEVICE_GROUP,
  ),
  ACCOUNT_HAS_APPLE_MDM: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.APPLE_MDM),
  GROUP_HAS_USER: relationship(Entities.GROUP, RelationshipClass.HAS, Entities.USER),
  GROUP_ASSIGNED_APPLICATION: relationship(
    Entities.GROUP,
    RelationshipClass.ASSIGNED,
    Entities.APPLICATION,
  ),
  USER_ASSIGNED_APPLICATION: relationship(
    Entities.USER,
    RelationshipClass.ASSIGNED,
    Entities.APPLICATION,
    {
      schema: {
        // lastUsedOn: the user's last successful SSO sign-in to it (issue 25, Directory Insights).
        properties: { direct: { type: 'boolean' }, lastUsedOn: { type: 'number' } },
        required: ['direct'],
      },
    },
  ),
  USER_HAS_DEVICE: relationship(Entities.USER, RelationshipClass.HAS, Entities.DEVICE),
  USER_ASSIGNED_DEVICE: relationship(Entities.USER, RelationshipClass.ASSIGNED, Entities.DEVICE, {
    schema: {
      // lastLoginOn: the user's last successful login to it (issue 25, Directory Insights).
      properties: {
        direct: { type: 'boolean' },
        sudo: { type: 'boolean' },
        lastLoginOn: { type: 'number' },
      },
      required: ['direct', 'sudo'],
    },
  }),
  DEVICE_GROUP_HAS_DEVICE: relationship(
    Entities.DEVICE_GROUP,
    RelationshipClass.HAS,
    Entities.DEVICE,
  ),
  GROUP_ASSIGNED_DEVICE_GROUP: relationship(
    Entities.GROUP,
    RelationshipClass.ASSIGNED,
    Entities.DEVICE_GROUP,
  ),
  APPLE_DEVICE_HAS_APPLE_MDM: relationship(
    Entities.APPLE_DEVICE,
    RelationshipClass.HAS,
    Entities.APPLE_MDM,
  ),
  DEVICE_IS_APPLE_DEVICE: relationship(
    Entities.DEVICE,
    RelationshipClass.IS,
    Entities.APPLE_DEVICE,
  ),
  ACCOUNT_HAS_ASSET_DEVICE: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.ASSET_DEVICE,
  ),
  ACCOUNT_HAS_ASSET_ACCESSORY: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.ASSET_ACCESSORY,
  ),
  ACCOUNT_HAS_LOCATION: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.LOCATION),
  DEVICE_IS_ASSET_DEVICE: relationship(
    Entities.DEVICE,
    RelationshipClass.IS,
    Entities.ASSET_DEVICE,
  ),
  USER_OWNS_ASSET_DEVICE: relationship(
    Entities.USER,
    RelationshipClass.OWNS,
    Entities.ASSET_DEVICE,
  ),
  USER_OWNS_ASSET_ACCESSORY: relationship(
    Entities.USER,
    RelationshipClass.OWNS,
    Entities.ASSET_ACCESSORY,
  ),
  LOCATION_HAS_ASSET_DEVICE: relationship(
    Entities.LOCATION,
    RelationshipClass.HAS,
    Entities.ASSET_DEVICE,
  ),
  LOCATION_HAS_ASSET_ACCESSORY: relationship(
    Entities.LOCATION,
    RelationshipClass.HAS,
    Entities.ASSET_ACCESSORY,
  ),
  LOCATION_CONTAINS_LOCATION: relationship(
    Entities.LOCATION,
    RelationshipClass.CONTAINS,
    Entities.LOCATION,
  ),
  ACCOUNT_HAS_COMMAND: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.COMMAND),
  COMMAND_ASSIGNED_DEVICE: relationship(
    Entities.COMMAND,
    RelationshipClass.ASSIGNED,
    Entities.DEVICE,
    { schema: { properties: { direct: { type: 'boolean' } }, required: ['direct'] } },
  ),
  COMMAND_ASSIGNED_DEVICE_GROUP: relationship(
    Entities.COMMAND,
    RelationshipClass.ASSIGNED,
    Entities.DEVICE_GROUP,
  ),
  ACCOUNT_HAS_AUTH_POLICY: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.AUTH_POLICY,
  ),
  ACCOUNT_HAS_IP_LIST: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.IP_LIST),
  AUTH_POLICY_ASSIGNED_GROUP: relationship(
    Entities.AUTH_POLICY,
    RelationshipClass.ASSIGNED,
    Entities.GROUP,
  ),
  AUTH_POLICY_ASSIGNED_APPLICATION: relationship(
    Entities.AUTH_POLICY,
    RelationshipClass.ASSIGNED,
    Entities.APPLICATION,
    {
      schema: {
        properties: { allApplications: { type: 'boolean' } },
        required: ['allApplications'],
      },
    },
  ),
  AUTH_POLICY_USES_IP_LIST: relationship(
    Entities.AUTH_POLICY,
    RelationshipClass.USES,
    Entities.IP_LIST,
    { schema: { properties: { negated: { type: 'boolean' } }, required: ['negated'] } },
  ),
  ACCOUNT_HAS_DIRECTORY: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.DIRECTORY),
  GROUP_ASSIGNED_DIRECTORY: relationship(
    Entities.GROUP,
    RelationshipClass.ASSIGNED,
    Entities.DIRECTORY,
  ),
  ACCOUNT_HAS_RADIUS_SERVER: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.RADIUS_SERVER,
  ),
  GROUP_ASSIGNED_RADIUS_SERVER: relationship(
    Entities.GROUP,
    RelationshipClass.ASSIGNED,
    Entities.RADIUS_SERVER,
  ),
  USER_MANAGES_USER: relationship(Entities.USER, RelationshipClass.MANAGES, Entities.USER),
  ACCOUNT_HAS_POLICY: relationship(Entities.ACCOUNT, RelationshipClass.HAS, Entities.POLICY),
  ACCOUNT_HAS_POLICY_GROUP: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.POLICY_GROUP,
  ),
  POLICY_GROUP_HAS_POLICY: relationship(
    Entities.POLICY_GROUP,
    RelationshipClass.HAS,
    Entities.POLICY,
  ),
  DEVICE_GROUP_ASSIGNED_POLICY: relationship(
    Entities.DEVICE_GROUP,
    RelationshipClass.ASSIGNED,
    Entities.POLICY,
  ),
  DEVICE_ASSIGNED_POLICY: relationship(
    Entities.DEVICE,
    RelationshipClass.ASSIGNED,
    Entities.POLICY,
    {
      schema: {
        properties: {
          direct: { type: 'boolean' },
          status: { type: 'string', enum: ['success', 'failed', 'pending', 'unknown'] },
          exitStatus: { type: 'number' },
          lastResultOn: { type: 'number' },
        },
        required: ['direct', 'status'],
      },
    },
  ),
  LOCAL_ACCOUNT_USES_DEVICE: relationship(
    Entities.LOCAL_ACCOUNT,
    RelationshipClass.USES,
    Entities.DEVICE,
    { schema: { properties: { admin: { type: 'boolean' } } } },
  ),
  USER_IS_LOCAL_ACCOUNT: relationship(Entities.USER, RelationshipClass.IS, Entities.LOCAL_ACCOUNT),
  LOCAL_ACCOUNT_HAS_SSH_KEY: relationship(
    Entities.LOCAL_ACCOUNT,
    RelationshipClass.HAS,
    Entities.SSH_KEY,
    { schema: { properties: { keyFile: { type: 'string' } } } },
  ),
  DEVICE_INSTALLED_SOFTWARE: relationship(
    Entities.DEVICE,
    RelationshipClass.INSTALLED,
    Entities.SOFTWARE,
    { schema: { properties: { path: { type: 'string' } } } },
  ),
  // Issue 25.
  ACCOUNT_HAS_ADMINISTRATOR: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.ADMINISTRATOR,
  ),
  ACCOUNT_HAS_PASSWORD_POLICY: relationship(
    Entities.ACCOUNT,
    RelationshipClass.HAS,
    Entities.PASSWORD_POLICY,
  ),
};
