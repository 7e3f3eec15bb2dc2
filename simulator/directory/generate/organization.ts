/** The organization record (`GET /api/organizations/{id}`). */
import { DAY_MS, EPOCH_MS, Rng, hash32, isoDate } from '../../shared/random';
import type { Organization } from '../../shared/types';
import type { OrgContext } from './context';
import type { DirectoryCounts } from './options';
import { FIRST_NAMES, LAST_NAMES } from './names';

export function makeOrganization(ctx: OrgContext, counts: DirectoryCounts): Organization {
  const rng = new Rng(hash32(ctx.orgSeed, 'organization'));
  // The recorded single-tenant org had no logo; give some other orgs one.
  const logoUrl =
    ctx.index > 0 && rng.chance(0.5) ? `https://cdn.jumpcloud.com/logos/${ctx.id}.png` : null;
  const contactFirst = rng.pick(FIRST_NAMES);
  const contactLast = rng.pick(LAST_NAMES);
  return {
    _id: ctx.id,
    id: ctx.id,
    // Recorded: an organization with `displayName: null` (JupiterOne/graph-jumpcloud at
    // f36df07e, src/steps/orgs/__recordings__/fetchOrgs_930931172): the second of several.
    displayName: ctx.index === 1 ? null : ctx.displayName,
    logoUrl,
    created: isoDate(ctx.createdMs),
    accessRestriction: 'none',
    accountsReceivable: '',
    provider: ctx.index > 0 ? 'sim-msp-provider' : '',
    hasCreditCard: rng.chance(0.7),
    hasStripeCustomerId: rng.chance(0.7),
    lastEstimateCalculationTimeStamp: isoDate(EPOCH_MS - DAY_MS),
    lastSfdcSyncStatus: {},
    customEmailSettings: { enabled: false },
    entitlement: {
      billingModel: 'subscription',
      capUserQuantity: false,
      isManuallyBilled: false,
      maxUserQuantity: Math.max(10, counts.users * 2),
      pricePerUserSum: 1500,
      purchaseChannel: 'direct',
      entitlementProducts: [
        {
          committedUsers: counts.users,
          contractType: 'annual',
          maxUserCount: Math.max(10, counts.users * 2),
          name: 'JumpCloud Platform',
          pricePerUser: 1500,
          productCategory: 'platform',
          productCode: 'PLATFORM',
          uncommittedUsers: 0,
        },
      ],
    },
    settings: {
      name: ctx.displayName,
      contactName: `${contactFirst} ${contactLast}`,
      contactEmail: `${contactFirst}.${contactLast}@${ctx.domain}`.toLowerCase(),
      agentVersion: '1.172.0',
      enableManagedUID: true,
      requireAdminMFA: rng.chance(0.8),
      systemUserPasswordExpirationInDays: 90,
      passwordCompliance: 'custom',
      passwordPolicy: {
        enableMaxLoginAttempts: true,
        maxLoginAttempts: 10,
        enablePasswordExpirationInDays: true,
        passwordExpirationInDays: 90,
        minLength: 12,
        needsLowercase: true,
        needsUppercase: true,
        needsNumeric: true,
        needsSymbolic: rng.chance(0.5),
      },
      newSystemUserStateDefaults: {
        applicationImport: 'STAGED',
        csvImport: 'STAGED',
        manualEntry: 'ACTIVATED',
      },
      userPortal: { cookieExpirationType: 'session', idleSessionDurationMinutes: 60 },
      windowsMDM: { autoEnroll: false, enabled: rng.chance(0.5) },
      features: {
        directoryInsights: { enabled: true },
        systemInsights: {
          enabled: true,
          enableNewDarwin: true,
          enableNewLinux: true,
          enableNewWindows: true,
        },
      },
    },
  };
}
