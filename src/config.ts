import {
  IntegrationExecutionContext,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

import type { IntegrationConfig } from './instance-config';
import {
  DEFAULT_BASE_URL,
  DEFAULT_CONCURRENCY,
  getOrCreateClient,
  isCertificateError,
  isUnreachableError,
} from './jumpcloud';
import { activityWindow } from './steps/activity/window';
import { warmEntitySchemas } from './steps/shared/schema-warmup';
import { startOrganizationRecordReads } from './steps/account';

// The fields themselves live apart (./instance-config.ts), so the client and the activity
// window can name the type without importing the validator, which imports them.
export { instanceConfigFields } from './instance-config';
export type { IntegrationConfig } from './instance-config';

const ORG_ID_PATTERN = /^[0-9a-f]{24}$/i;

const LEAVE_ORG_ID_EMPTY =
  'Leave ORG_ID empty to collect every organization the key can see (most keys see one).';

/**
 * Checks the configuration, then makes one cheap authenticated call. A missing or malformed
 * field fails at once naming it; a wrong key fails on the first 401 (never retried); an
 * `orgId` the key cannot see fails listing the organizations it can. Answers the ids of the
 * organizations the run collects (the organizations' records already requested).
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<string[]> {
  const { config } = context.instance;

  if (!config.apiKey || !config.apiKey.trim()) {
    throw new IntegrationValidationError(
      'API_KEY is not set (in JupiterOne: the apiKey field): set it to the API key of a ' +
        'JumpCloud administrator with API access (a Read Only administrator is enough).',
    );
  }
  if (config.orgId !== undefined && config.orgId !== '' && !ORG_ID_PATTERN.test(config.orgId)) {
    throw new IntegrationValidationError(
      `ORG_ID must be a 24-character JumpCloud organization id, got ${config.orgId}. ` +
        `${LEAVE_ORG_ID_EMPTY}`,
    );
  }
  if (config.baseUrl) {
    let url: URL;
    try {
      url = new URL(config.baseUrl);
    } catch {
      throw new IntegrationValidationError(
        `BASE_URL is not a URL: ${config.baseUrl}. Use ${DEFAULT_BASE_URL} (the default, ` +
          'when BASE_URL is empty) or https://console.eu.jumpcloud.com for EU tenants.',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new IntegrationValidationError(
        `BASE_URL must be an http(s) URL, got ${config.baseUrl}. Use ${DEFAULT_BASE_URL} ` +
          'or https://console.eu.jumpcloud.com for EU tenants.',
      );
    }
  }
  config.concurrency = parseConcurrency(config.concurrency);

  try {
    activityWindow(config);
  } catch (error) {
    throw new IntegrationValidationError((error as Error).message);
  }
  const client = getOrCreateClient(config, context.logger);
  let organizations: Awaited<ReturnType<typeof client.listOrganizations>>;
  try {
    const listed = client.listOrganizations();
    // While the run waits on the network (../steps/shared/schema-warmup.ts).
    warmEntitySchemas(client.network);
    organizations = await listed;
  } catch (error) {
    throw unreachable(error, client.baseUrl) ?? error;
  }

  if (config.orgId) {
    const wanted = config.orgId.toLowerCase();
    if (!organizations.some((org) => (org.id ?? org._id).toLowerCase() === wanted)) {
      const visible = organizations
        .map((org) => `${org.id ?? org._id} (${org.displayName ?? 'no name'})`)
        .join(', ');
      throw new IntegrationValidationError(
        `ORG_ID ${config.orgId} is not an organization this API key can see. ` +
          `It can see: ${visible || 'no organization'}. ${LEAVE_ORG_ID_EMPTY}`,
      );
    }
  } else if (organizations.length === 0) {
    throw new IntegrationValidationError(
      'The API key is valid but sees no organization; check the administrator in the JumpCloud console.',
    );
  }
  return startOrganizationRecordReads(context.instance, client, organizations);
}

/**
 * A host that cannot be reached at all (refused, DNS, no route) or whose certificate is not
 * trusted is a configuration problem: one line naming BASE_URL, at once (the client does not
 * retry the first before the host has answered once, nor the second ever).
 */
function unreachable(error: unknown, baseUrl: string): IntegrationValidationError | undefined {
  if (isCertificateError(error)) {
    // The client's text already says what to do (NODE_EXTRA_CA_CERTS, BASE_URL).
    return new IntegrationValidationError(
      `Cannot verify JumpCloud at ${baseUrl}: ${error.statusText}.`,
    );
  }
  if (!isUnreachableError(error)) return undefined;
  return new IntegrationValidationError(
    `Cannot reach JumpCloud at ${baseUrl}: ${error.statusText}. Check BASE_URL ` +
      `(${DEFAULT_BASE_URL}, or https://console.eu.jumpcloud.com for EU tenants) and the network.`,
  );
}

function parseConcurrency(value: IntegrationConfig['concurrency']): number {
  if (value === undefined || value === null || value === '') return DEFAULT_CONCURRENCY;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 64) {
    throw new IntegrationValidationError(
      `CONCURRENCY must be a whole number from 1 to 64, got ${String(value)}. Leave it empty ` +
        `for the default (${DEFAULT_CONCURRENCY}).`,
    );
  }
  return parsed;
}
