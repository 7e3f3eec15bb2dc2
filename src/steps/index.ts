import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../config';
import { accountSteps } from './account';

/** Every step of the integration; the SDK orders them by `dependsOn`. */
export const integrationSteps: IntegrationStep<IntegrationConfig>[] = [...accountSteps];
