import { JobState } from '@jupiterone/integration-sdk-core';

import { Entities } from './constants';

export interface CollectedOrganization {
  /** The JumpCloud organization id, sent as `x-org-id`. */
  orgId: string;
  /** `_key` of its `jumpcloud_account` entity. */
  accountKey: string;
}

/**
 * The organizations the account step collected, read back from the job state (not from
 * `setData`, which the CLI's step cache does not restore).
 */
export async function getCollectedOrganizations(
  jobState: JobState,
): Promise<CollectedOrganization[]> {
  const organizations: CollectedOrganization[] = [];
  await jobState.iterateEntities({ _type: Entities.ACCOUNT._type }, (account) => {
    organizations.push({ orgId: String(account.id), accountKey: account._key });
  });
  return organizations.sort((a, b) => a.orgId.localeCompare(b.orgId));
}
