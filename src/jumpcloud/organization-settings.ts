/**
 * An organization's security settings: `GET /api/organizations/{id}` (v1 `organization`, whose
 * `settings` the organization list omits). Only the allow-listed members below are read out;
 * the rest of `settings` (contact details, logos, e-mail disclaimers, feature flags, trusted
 * application paths, ...) never leaves this module.
 *
 * Source: v1.json `organizationsettings` (`passwordPolicy`, `requireAdminMFA`, `userPortal`,
 * `passwordCompliance`).
 */
import { JumpCloudHttp } from './http';
import { JumpCloudId } from './types';

/** v1 `organizationsettings.passwordPolicy`: the members kept, all booleans or integers. */
export const PASSWORD_POLICY_FIELDS = [
  'enableMinLength',
  'minLength',
  'needsLowercase',
  'needsUppercase',
  'needsNumeric',
  'needsSymbolic',
  'enablePasswordExpirationInDays',
  'passwordExpirationInDays',
  'enableMaxHistory',
  'maxHistory',
  'enableMaxLoginAttempts',
  'maxLoginAttempts',
  'enableLockoutTimeInSeconds',
  'lockoutTimeInSeconds',
  'enableResetLockoutCounter',
  'resetLockoutCounterMinutes',
  'enableMinChangePeriodInDays',
  'minChangePeriodInDays',
  'disallowCommonlyUsedPasswords',
  'disallowSequentialOrRepetitiveChars',
  'allowUsernameSubstring',
] as const;

export type PasswordPolicySettings = Partial<
  Record<(typeof PASSWORD_POLICY_FIELDS)[number], boolean | number>
>;

export interface OrganizationSecuritySettings {
  /** `custom` means `passwordPolicy` applies (v1 organization_put description). */
  passwordCompliance?: string;
  passwordPolicy?: PasswordPolicySettings;
  requireAdminMFA?: boolean;
  userPortal?: { cookieExpirationType?: string; idleSessionDurationMinutes?: number };
}

function scalar(value: unknown): boolean | number | undefined {
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
    ? value
    : undefined;
}

/** The allow-listed security settings of an organization record. */
export function securitySettingsOf(organization: unknown): OrganizationSecuritySettings {
  const settings = (organization as { settings?: Record<string, unknown> } | null)?.settings;
  if (!settings || typeof settings !== 'object') return {};
  const out: OrganizationSecuritySettings = {};
  if (typeof settings.passwordCompliance === 'string')
    out.passwordCompliance = settings.passwordCompliance;
  if (typeof settings.requireAdminMFA === 'boolean') out.requireAdminMFA = settings.requireAdminMFA;
  const policy = settings.passwordPolicy as Record<string, unknown> | undefined;
  if (policy && typeof policy === 'object') {
    out.passwordPolicy = {};
    for (const field of PASSWORD_POLICY_FIELDS) {
      const value = scalar(policy[field]);
      if (value !== undefined) out.passwordPolicy[field] = value;
    }
  }
  const portal = settings.userPortal as Record<string, unknown> | undefined;
  if (portal && typeof portal === 'object') {
    out.userPortal = {};
    if (typeof portal.cookieExpirationType === 'string')
      out.userPortal.cookieExpirationType = portal.cookieExpirationType;
    const idle = scalar(portal.idleSessionDurationMinutes);
    if (typeof idle === 'number') out.userPortal.idleSessionDurationMinutes = idle;
  }
  return out;
}

/**
 * The provider (MSP) an organization belongs to: v1 `organization.provider` (a string; empty
 * or absent when no provider manages it). Only that id is kept of the record's other members.
 */
export function providerIdOf(organization: unknown): string | undefined {
  const provider = (organization as { provider?: unknown } | null)?.provider;
  return typeof provider === 'string' && provider.trim() !== '' ? provider.trim() : undefined;
}

export interface OrganizationRecord {
  settings: OrganizationSecuritySettings;
  providerId?: string;
}

/** `GET /api/organizations/{id}` (no `x-org-id`: JumpCloud refuses it on this path). */
export async function getOrganizationRecord(
  http: JumpCloudHttp,
  orgId: JumpCloudId,
): Promise<OrganizationRecord> {
  const response = await http.request(`/api/organizations/${encodeURIComponent(orgId)}`);
  return { settings: securitySettingsOf(response.body), providerId: providerIdOf(response.body) };
}

export async function getOrganizationSecuritySettings(
  http: JumpCloudHttp,
  orgId: JumpCloudId,
): Promise<OrganizationSecuritySettings> {
  return (await getOrganizationRecord(http, orgId)).settings;
}
