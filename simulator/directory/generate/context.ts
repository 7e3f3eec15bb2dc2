/**
 * One organization's identity and the id scheme: every record id derives from the org's
 * sub-seed, the collection and the record's index, so records never depend on one another.
 */
import { DAY_MS, EPOCH_MS, CollectionCode, Rng, hash32, objectId } from '../../shared/random';
import { COMPANY_FIRST, COMPANY_SECOND } from './names';

export interface OrgContext {
  seed: number;
  index: number;
  orgSeed: number;
  orgTag: number;
  id: string;
  createdMs: number;
  displayName: string;
  domain: string;
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function makeId(
  ctx: OrgContext,
  collection: number,
  createdMs: number,
  index: number,
): string {
  const base = hash32(ctx.orgSeed, 'counter-base', collection) & 0x3fffffff;
  return objectId(createdMs, ctx.orgTag, collection, base + index);
}

export function orgContext(seed: number, index: number): OrgContext {
  const orgSeed = hash32(seed, 'org', index);
  // Distinct for every index below 2^24 (odd multiplier), and independent of other orgs.
  const orgTag = (hash32(seed, 'org-tag') + Math.imul(index, 0x9e3779)) & 0xffffff;
  const rng = new Rng(hash32(orgSeed, 'organization-identity'));
  const createdMs = EPOCH_MS - 6 * 365 * DAY_MS + index * DAY_MS + rng.int(DAY_MS - 1000);
  const partial = { seed, index, orgSeed, orgTag, createdMs, id: '', displayName: '', domain: '' };
  const id = makeId(partial, CollectionCode.organization, createdMs, index);
  const displayName = `${rng.pick(COMPANY_FIRST)} ${rng.pick(COMPANY_SECOND)}${index > 0 ? ` ${index + 1}` : ''}`;
  return { ...partial, id, displayName, domain: `${slug(displayName)}.example.com` };
}

/** Groups and applications are created from this date on. */
export const GROUPS_START_MS = EPOCH_MS - 3 * 365 * DAY_MS;
