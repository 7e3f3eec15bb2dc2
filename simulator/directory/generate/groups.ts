/** User groups (`/v2/usergroups`) and system groups (`/v2/systemgroups`). */
import { DAY_MS, CollectionCode, Rng, hash32 } from '../../shared/random';
import type { GraphAttributes, SystemGroup, UserGroup } from '../../shared/types';
import { type OrgContext, GROUPS_START_MS, makeId, slug } from './context';
import { SYSTEM_GROUP_NAMES, USER_GROUP_NAMES, numberedName } from './names';

export function makeUserGroup(ctx: OrgContext, g: number): UserGroup {
  const rng = new Rng(hash32(ctx.orgSeed, 'userGroup', g));
  const createdMs = GROUPS_START_MS + g * DAY_MS + rng.int(DAY_MS - 1000);
  const id = makeId(ctx, CollectionCode.userGroup, createdMs, g);
  const name = numberedName(USER_GROUP_NAMES, g);
  let attributes: GraphAttributes | null;
  if (g === 0) {
    attributes = {
      ldapGroups: [{ name: slug(name) }],
      posixGroups: [{ id: 10000 + g, name: slug(name) }],
    };
  } else if (g === 1) {
    attributes = {
      sudo: { enabled: true, withoutPassword: false },
      ldapGroups: [{ name: slug(name) }],
    };
  } else if (g === 2) {
    attributes = null;
  } else if (rng.chance(0.35)) {
    attributes = null;
  } else {
    attributes = { ldapGroups: [{ name: slug(name) }] };
    if (rng.chance(0.2)) attributes.sudo = { enabled: true, withoutPassword: rng.chance(0.3) };
    if (rng.chance(0.1)) attributes.sambaEnabled = true;
    if (rng.chance(0.1)) attributes.radius = { reply: [{ name: 'Filter-Id', value: slug(name) }] };
  }
  return {
    id,
    name,
    type: 'user_group',
    description: rng.chance(0.5) ? `${name} team members` : '',
    email: rng.chance(0.5) ? `${slug(name)}@${ctx.domain}` : '',
    attributes,
    membershipMethod: rng.chance(0.85) ? 'STATIC' : 'NOTSET',
    memberQueryExemptions: [],
    memberQueryErrorFlags: [],
    memberSuggestionsNotify: false,
    organizationObjectId: ctx.id,
    suggestionCounts: { add: 0, remove: 0, total: 0 },
  };
}

export function makeSystemGroup(ctx: OrgContext, g: number): SystemGroup {
  const rng = new Rng(hash32(ctx.orgSeed, 'systemGroup', g));
  const createdMs = GROUPS_START_MS + g * DAY_MS + 3_600_000 + rng.int(DAY_MS - 3_601_000);
  const id = makeId(ctx, CollectionCode.systemGroup, createdMs, g);
  const name = numberedName(SYSTEM_GROUP_NAMES, g);
  return {
    id,
    name,
    type: 'system_group',
    description: rng.chance(0.5) ? `${name} managed by IT` : '',
    email: '',
    // No recording shows a system group's attributes: null or an empty object; without
    // attributes the field is left out.
    ...(g === 1 || rng.chance(0.3)
      ? { attributes: { patchWindow: rng.pick(['saturday', 'sunday']) } }
      : {}),
    membershipMethod: rng.chance(0.85) ? 'STATIC' : 'NOTSET',
    memberQueryExemptions: [],
    memberQueryErrorFlags: [],
    memberSuggestionsNotify: false,
    organizationObjectId: ctx.id,
  };
}
