import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../config';
import { accountSteps } from './account';
import { appleMdmSteps } from './apple-mdm';
import { applicationSteps } from './applications';
import { assetSteps } from './assets';
import { deviceGroupSteps } from './device-groups';
import { deviceSteps } from './devices';
import { localAccountSteps } from './endpoint-posture';
import { groupSteps } from './groups';
import { softwareSteps } from './software';
import { userSteps } from './users';

/** Every step of the integration; the SDK orders them by `dependsOn`. */
export const integrationSteps: IntegrationStep<IntegrationConfig>[] = [
  ...accountSteps,
  ...userSteps,
  ...groupSteps,
  ...applicationSteps,
  ...deviceSteps,
  ...deviceGroupSteps,
  ...appleMdmSteps,
  ...assetSteps,
  ...localAccountSteps,
  ...softwareSteps,
];
