import {
  IntegrationIngestionConfigFieldMap,
  IntegrationInvocationConfig,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig, instanceConfigFields, validateInvocation } from './config';
import { integrationSteps } from './steps';
import { readFirstPagesAhead } from './steps/first-pages';
import { IngestionSources } from './steps/constants';

/**
 * The optional bodies of data a JupiterOne user can turn off in the instance settings, one
 * entry per source. A step that reads only that source names it in `ingestionSourceId` (the
 * runtime then skips the step: nothing is collected and nothing is reported partial); a step
 * that merges the source into its own entities asks `isIngestionSourceEnabled` instead.
 *
 * Note: `j1-integration generate-ingestion-sources-config` (what JupiterOne's settings page is
 * built from) lists only sources that some step names; System Insights hardware, merged into
 * the devices step, is honoured at run time but left out of that generated list.
 */
export const ingestionConfig: IntegrationIngestionConfigFieldMap = {
  [IngestionSources.DIRECTORY_INSIGHTS]: {
    title: 'Directory Insights sign-in activity',
    description:
      'From Directory Insights (the audit log): when each user last signed in, overall and ' +
      'per service, to each assigned application and device, failed attempts, and the console ' +
      'administrators seen signing in (with or without MFA). No IP, user agent or location.',
    defaultsToDisabled: false,
  },
  [IngestionSources.APPLE_MDM]: {
    title: 'Apple MDM',
    description:
      'The Apple MDM server and the Apple devices enrolled in it (model, OS, supervision, ' +
      'FileVault), linked to the JumpCloud systems they are.',
    defaultsToDisabled: false,
  },
  [IngestionSources.SYSTEM_INSIGHTS_HARDWARE]: {
    title: 'System Insights hardware',
    description:
      'Hardware details of each system from System Insights (vendor, model, CPU, memory, ' +
      'serial), merged into the devices. Off: devices keep what /systems tells.',
    defaultsToDisabled: false,
  },
  [IngestionSources.ASSET_MANAGEMENT]: {
    title: 'Asset Management',
    description:
      'Device assets, accessories and locations from Asset Management, with their owners, ' +
      'locations and the JumpCloud systems they are.',
    defaultsToDisabled: false,
  },
  [IngestionSources.ENDPOINT_POSTURE]: {
    title: 'Endpoint posture',
    description:
      'From System Insights: verified disk encryption volume by volume, firewall, antivirus, ' +
      'SIP, Secure Boot and TPM on devices; local accounts (admin or not, managed by JumpCloud ' +
      'or not) and the SSH keys authorized for them (fingerprints only, never key material).',
    defaultsToDisabled: false,
  },
  [IngestionSources.INSTALLED_SOFTWARE]: {
    title: 'Installed software',
    description:
      'From System Insights: the applications, programs and packages installed on each device, ' +
      'with their versions. The largest body of data: turn it off to keep runs small.',
    defaultsToDisabled: false,
  },
  [IngestionSources.POLICIES]: {
    title: 'Device policies',
    description:
      'Policies and policy groups, the device groups and devices they reach, and the latest ' +
      'result of each policy on each device (never command output or secret settings).',
    defaultsToDisabled: false,
  },
  [IngestionSources.COMMANDS]: {
    title: 'Commands',
    description:
      'Commands (never their scripts or files): how and as whom they run, and the devices and ' +
      'device groups they are bound to.',
    defaultsToDisabled: false,
  },
  [IngestionSources.AUTH_POLICIES]: {
    title: 'Authentication policies',
    description:
      'Authentication (conditional access) policies, the user groups and applications they ' +
      'target, and the IP lists they use.',
    defaultsToDisabled: false,
  },
  [IngestionSources.DIRECTORIES]: {
    title: 'Directories',
    description:
      'Google Workspace, Microsoft 365, Active Directory and LDAP directories and the user ' +
      'groups synced to them.',
    defaultsToDisabled: false,
  },
  [IngestionSources.RADIUS_SERVERS]: {
    title: 'RADIUS servers',
    description:
      'RADIUS servers (never their shared secrets) and the user groups they grant access to.',
    defaultsToDisabled: false,
  },
};

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> = {
  instanceConfigFields,
  validateInvocation: async (context) => {
    const organizations = await validateInvocation(context);
    // The steps' first lists, into the slots the organizations' records leave free.
    readFirstPagesAhead(integrationSteps, context.instance, organizations[0], context.logger);
  },
  integrationSteps,
  ingestionConfig,
};
