import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import {
  OrganizationSecuritySettings,
  PasswordPolicySettings,
} from '../../jumpcloud/organization-settings';
import { Entities, Relationships } from '../constants';
import { relate } from '../shared/relate';

/**
 * The organization's password policy (v1 `settings.passwordPolicy`), one per organization.
 * JupiterOne's PasswordPolicy properties are derived only where the API decides them:
 * - `minLength`: when `enableMinLength` is not false (the simulator's and real records may
 *   omit `enableMinLength` and still give `minLength`);
 * - `requireLowercase/Uppercase/Numbers/Symbols`: `needsLowercase/...` as given;
 * - `maxAgeDays`: `passwordExpirationInDays` when expiry is on, 0 when it is off
 *   (`enablePasswordExpirationInDays: false`; 0 is the class's "never expires");
 * - `historyCount`: `maxHistory` when on, 0 when off; `minAgeMins` likewise from
 *   `minChangePeriodInDays`.
 * Every JumpCloud member kept (PASSWORD_POLICY_FIELDS) is also a property under its own name.
 * `passwordCompliance` tells whether the policy applies at all (`custom`).
 */
export function createPasswordPolicyEntity(
  orgId: string,
  settings: OrganizationSecuritySettings,
): Entity {
  const policy: PasswordPolicySettings = settings.passwordPolicy ?? {};
  const switched = (enabled: unknown, value: unknown, scale = 1): number | undefined => {
    if (enabled === false) return 0;
    return typeof value === 'number' ? value * scale : undefined;
  };
  return createEntity({
    entityData: {
      source: { passwordCompliance: settings.passwordCompliance, passwordPolicy: policy },
      assign: {
        ...policy,
        _key: `jumpcloud_password_policy:${orgId}`,
        _type: Entities.PASSWORD_POLICY._type,
        _class: Entities.PASSWORD_POLICY._class,
        id: orgId,
        orgId,
        name: 'JumpCloud password policy',
        displayName: 'JumpCloud password policy',
        passwordCompliance: settings.passwordCompliance,
        minLength:
          policy.enableMinLength === false
            ? undefined
            : typeof policy.minLength === 'number'
              ? policy.minLength
              : undefined,
        requireLowercase: bool(policy.needsLowercase),
        requireUppercase: bool(policy.needsUppercase),
        requireNumbers: bool(policy.needsNumeric),
        requireSymbols: bool(policy.needsSymbolic),
        maxAgeDays: switched(
          policy.enablePasswordExpirationInDays,
          policy.passwordExpirationInDays,
        ),
        historyCount: switched(policy.enableMaxHistory, policy.maxHistory),
        minAgeMins: switched(
          policy.enableMinChangePeriodInDays,
          policy.minChangePeriodInDays,
          1440,
        ),
      },
    },
  });
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function createAccountHasPasswordPolicyRelationship(
  accountKey: string,
  policyKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_PASSWORD_POLICY, accountKey, policyKey);
}

/** What the account shows of the settings: MFA required for administrators, User Portal session. */
export function accountSecurityProperties(
  settings: OrganizationSecuritySettings | undefined,
): Record<string, string | number | boolean | undefined> {
  if (!settings) return {};
  return {
    requireAdminMfa: settings.requireAdminMFA,
    userPortalCookieExpirationType: settings.userPortal?.cookieExpirationType,
    userPortalIdleSessionDurationMinutes: settings.userPortal?.idleSessionDurationMinutes,
    passwordCompliance: settings.passwordCompliance,
  };
}
