import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../config';
import { accountSteps } from './account';
import { activitySteps } from './activity';
import { securitySettingsSteps } from './security-settings';
import { appleMdmSteps } from './apple-mdm';
import { applicationSteps } from './applications';
import { assetSteps } from './assets';
import { authPolicySteps } from './auth-policies';
import { commandSteps } from './commands';
import { deviceGroupSteps } from './device-groups';
import { deviceSteps } from './devices';
import { directorySteps } from './directories';
import { groupSteps } from './groups';
import { radiusServerSteps } from './radius-servers';
import { userManagerSteps } from './user-managers';
import { policySteps } from './policies';
import { localAccountSteps } from './local-accounts';
import { softwareSteps } from './software';
import { userSteps } from './users';
import { releasedAfterLastReader } from './shared/collected';

/**
 * Every step of the integration; the SDK orders them by `dependsOn`. What a step leaves in the
 * run's memory is dropped once the steps that depend on it are done (./shared/collected.ts).
 */
export const integrationSteps: IntegrationStep<IntegrationConfig>[] = releasedAfterLastReader([
  ...accountSteps,
  ...activitySteps,
  ...securitySettingsSteps,
  ...userSteps,
  ...groupSteps,
  ...applicationSteps,
  ...deviceSteps,
  ...deviceGroupSteps,
  ...appleMdmSteps,
  ...assetSteps,
  ...commandSteps,
  ...authPolicySteps,
  ...directorySteps,
  ...radiusServerSteps,
  ...userManagerSteps,
  ...policySteps,
  ...localAccountSteps,
  ...softwareSteps,
]);
