/**
 * Pure, deterministic generation of simulated JumpCloud organizations.
 *
 * - Same seed and counts give deep-equal data, byte-identical once serialized.
 * - Each organization comes from its own sub-seed (seed, org index): an org is the same
 *   whatever other orgs are generated.
 * - Each record comes from its own generator (org seed, collection, index): user #7 is the same
 *   whether the org has 10 or 100,000 users, and its fields never depend on other collections.
 *   Links (group members, bindings) necessarily depend on the counts of both sides.
 * - The first records of each collection are fixed edge cases (staged user without `mfa`,
 *   system without `fde`, certificate expiring in 12 days, ...), so even a tiny org covers them.
 *
 * Layout: options.ts (counts and modes), directory.ts (the generated shape, assembly of an org), context.ts (org
 * identity and ids), names.ts (word lists), one file per collection (organization, users,
 * groups, applications, systems, apple-mdm) and links.ts (memberships and bindings).
 */
export {
  DEFAULT_COUNTS,
  type AppleMdmMode,
  type DirectoryCounts,
  type DirectoryOptions,
} from './options';
export {
  generateDirectory,
  resolveDirectoryOptions,
  type SimulatedDirectory,
  type SimulatedOrg,
} from './directory';
export {
  MAX_DIRECT_APP_USERS,
  MAX_SYSTEM_GROUP_SIZE,
  MAX_USER_GROUP_SIZE,
  type ApplicationUserBinding,
  type ApplicationUserGroupBinding,
  type OrgLinks,
  type SystemGroupMembership,
  type UserGroupMembership,
  type UserGroupSystemBinding,
  type UserGroupSystemGroupBinding,
  type UserSystemBinding,
  type UserSystemGroupBinding,
} from './links';
