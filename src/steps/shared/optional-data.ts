/**
 * The error rules steps use, on top of the client's error policy
 * (src/jumpcloud/error-policy.ts, which decides retries and which typed error a request
 * becomes):
 *
 * - Optional data: a feature an organization may not have or a key may not read (Apple MDM,
 *   System Insights, Asset Management, Directory Insights, the organization's own record,
 *   ...): 404 and 402 warn, 403 warns and reports the step's types partial
 *   (`OptionalFeature`).
 * - Deleted objects: a 404 on a sub-call about an object listed a moment ago warns and skips
 *   that object (`readUnlessDeleted`).
 *
 * Anything else fails the step, and JupiterOne keeps the previous data of its types.
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { isAuthorizationError, isNotFoundError, isNotLicensedError } from '../../jumpcloud';

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
  /**
   * What a 404 says of an organization, when not that it has no such feature ("Organization
   * X has no <name> (404 Not Found: not enabled or not licensed)"): for a record every
   * organization has, a 404 means the organization itself is gone.
   */
  notFound?: (orgId: string) => string;
}

/**
 * The one policy for parts of JumpCloud an organization may not have or a key may not read
 * (Apple MDM, Asset Management, System Insights, Directory Insights, ...):
 *
 * - 404: the organization does not have the feature. One warning; nothing to keep.
 * - 402: its plan does not include the feature (Directory Insights). The same as a 404.
 * - 403: the key may not read it. One warning; the other organizations are still read, and
 *   `finish()` then fails the step so its types are reported partial (when it has any).
 * - anything else propagates: the step fails.
 */
export class OptionalFeature {
  private readonly forbidden: Array<{
    orgId: string;
    error: IntegrationProviderAuthorizationError;
  }> = [];

  /** Organizations where the feature turned out unavailable, and why. */
  private readonly unavailableIn = new Map<string, OptionalFeatureUnavailable>();

  constructor(
    private readonly logger: IntegrationLogger,
    private readonly feature: OptionalFeatureDescription,
  ) {}

  /**
   * Runs `read` for one organization; false when the feature could not be read there. Once
   * an organization answered 404, 402 or 403, further reads for it (other tables of the same
   * feature) are not attempted and warn no more: one warning per organization.
   */
  async read(orgId: string, read: () => Promise<unknown>): Promise<boolean> {
    if (this.unavailableIn.has(orgId)) return false;
    try {
      await read();
      return true;
    } catch (error) {
      const { name, collects, howToGetIt } = this.feature;
      const absent = isNotFoundError(error) || isNotLicensedError(error);
      // Another read for the same organization (run at the same time) already warned.
      if ((absent || isAuthorizationError(error)) && this.unavailableIn.has(orgId)) return false;
      if (absent) {
        this.unavailableIn.set(orgId, {
          reason: 'absent',
          endpoint: (error as IntegrationProviderAPIError).endpoint,
        });
        const why = isNotLicensedError(error)
          ? `Organization ${orgId} has no ${name} (402 Payment Required: not in its plan)`
          : (this.feature.notFound?.(orgId) ??
            `Organization ${orgId} has no ${name} (404 Not Found: not enabled or not licensed)`);
        this.logger.publishWarnEvent({
          name: IntegrationWarnEventName.MissingEntity,
          description: `${why}; ${collects} were not collected for it. (${(error as Error).message})`,
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
        const forbidden = error as IntegrationProviderAuthorizationError;
        this.unavailableIn.set(orgId, { reason: 'forbidden', endpoint: forbidden.endpoint });
        this.forbidden.push({ orgId, error: forbidden });
        return false;
      }
      throw error;
    }
  }

  /** Why the feature could not be read in an organization, when it could not. */
  unavailable(orgId: string): OptionalFeatureUnavailable | undefined {
    return this.unavailableIn.get(orgId);
  }

  /** Every organization where the feature could not be read. */
  unavailableOrganizations(): Array<[string, OptionalFeatureUnavailable]> {
    return [...this.unavailableIn];
  }

  /**
   * What an earlier step already found (and warned about): reads for the organization are
   * skipped without a new warning, and a 403 still makes `finish()` fail, so this step's
   * types are reported partial too.
   */
  knownUnavailable(orgId: string, found: OptionalFeatureUnavailable): void {
    if (this.unavailableIn.has(orgId)) return;
    this.unavailableIn.set(orgId, found);
    if (found.reason === 'forbidden') {
      this.forbidden.push({
        orgId,
        error: new IntegrationProviderAuthorizationError({
          endpoint: found.endpoint,
          status: 403,
          statusText: `Forbidden (found by an earlier step of this run)`,
        }),
      });
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

/** Why an optional feature could not be read in an organization. */
export interface OptionalFeatureUnavailable {
  /** `absent`: 404 or 402, the organization does not have it. `forbidden`: 403. */
  reason: 'absent' | 'forbidden';
  endpoint: string;
}

// ---- objects deleted while they were read ----------------------------------------------

/**
 * Runs a sub-call about one object (a group's members, an application's users). A 404
 * means the object was deleted between the list and the sub-call: that is a warning, and
 * the step goes on. Any other failure propagates, so the step fails and JupiterOne keeps
 * the previous data instead of deleting edges on a partial read.
 *
 * Returns false when the object was gone.
 */
export async function readUnlessDeleted(
  logger: IntegrationLogger,
  object: { kind: string; id: string; orgId: string },
  read: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    logger.publishWarnEvent({
      name: IntegrationWarnEventName.MissingEntity,
      description:
        `JumpCloud ${object.kind} ${object.id} (organization ${object.orgId}) was deleted ` +
        `while the integration was reading it; its relationships were skipped in this run.`,
    });
    return false;
  }
}
