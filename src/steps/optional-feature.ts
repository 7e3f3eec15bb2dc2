import {
  IntegrationLogger,
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { isAuthorizationError, isNotFoundError } from '../jumpcloud';

export interface OptionalFeatureDescription {
  /** As a person names it: 'Apple MDM', 'Asset Management', 'System Insights'. */
  name: string;
  /** What is not collected when it cannot be read: 'Apple MDM and Apple devices'. */
  collects: string;
  /** What the administrator needs to read it. */
  howToGetIt: string;
  /**
   * Types JupiterOne must keep from earlier runs when a 403 hides the feature: the step then
   * fails after the other organizations were collected (SDK 8.41.0 has no other way to mark
   * types partial at run time). Empty for features whose absence only thins out properties.
   */
  partialTypes: string[];
}

/**
 * The one policy for parts of JumpCloud an organization may not have or a key may not read
 * (Apple MDM, Asset Management, System Insights):
 *
 * - 404: the organization does not have the feature. One warning; nothing to keep.
 * - 403: the key may not read it. One warning; the other organizations are still read, and
 *   `finish()` then fails the step so its types are reported partial (when it has any).
 * - anything else propagates: the step fails.
 */
export class OptionalFeature {
  private readonly forbidden: Array<{
    orgId: string;
    error: IntegrationProviderAuthorizationError;
  }> = [];

  constructor(
    private readonly logger: IntegrationLogger,
    private readonly feature: OptionalFeatureDescription,
  ) {}

  /** Runs `read` for one organization; false when the feature could not be read there. */
  async read(orgId: string, read: () => Promise<unknown>): Promise<boolean> {
    try {
      await read();
      return true;
    } catch (error) {
      const { name, collects, howToGetIt } = this.feature;
      if (isNotFoundError(error)) {
        this.logger.publishWarnEvent({
          name: IntegrationWarnEventName.MissingEntity,
          description:
            `Organization ${orgId} has no ${name} (404 Not Found: not enabled or not ` +
            `licensed); ${collects} were not collected for it. (${(error as Error).message})`,
        });
        return false;
      }
      if (isAuthorizationError(error)) {
        const keep =
          this.feature.partialTypes.length > 0 ? ' JupiterOne keeps the data of earlier runs.' : '';
        this.logger.publishWarnEvent({
          name: IntegrationWarnEventName.MissingPermission,
          description:
            `The API key may not read ${name} of organization ${orgId} (403 Forbidden); ` +
            `${collects} were not collected for it.${keep} ${howToGetIt} ` +
            `(${(error as Error).message})`,
        });
        this.forbidden.push({ orgId, error: error as IntegrationProviderAuthorizationError });
        return false;
      }
      throw error;
    }
  }

  /** After every organization: fail the step if a 403 hid data JupiterOne must keep. */
  finish(): void {
    const { partialTypes, name } = this.feature;
    if (this.forbidden.length === 0 || partialTypes.length === 0) return;
    const first = this.forbidden[0].error;
    const orgIds = [...new Set(this.forbidden.map((entry) => entry.orgId))];
    throw new IntegrationProviderAuthorizationError({
      cause: first,
      resourceType: partialTypes,
      endpoint: first.endpoint,
      status: first.status,
      statusText:
        `${name} could not be read for ${orgIds.length} organization(s) (${orgIds.join(', ')}); ` +
        `the other organizations were collected, and ${partialTypes.join(', ')} are reported ` +
        `as partial so JupiterOne keeps their earlier data`,
    });
  }
}
