/**
 * Ground truth of the access-path questions (commands, authentication policies, directories,
 * reporting lines), computed from the simulator's records. A question with several queries
 * finds the union of their FIND aliases.
 */
import { commandRunsAsRoot, commandSystemIds, orgAccess } from '../../simulator/access/generate';
import { policyApplicationIds, policyEnforcesMfa } from '../../simulator/access/expected';
import type { SimulatedOrg } from '../../simulator/directory/generate';
import type { GroundTruthInput, GroundTruthTable } from './types';

const PREFIX = 'integration-question-jumpcloud-';

/** The "more than N devices" of the commands question. */
export const ROOT_COMMAND_DEVICE_THRESHOLD = 10;

function everyOrg(pick: (org: SimulatedOrg) => string[]) {
  return ({ directory }: GroundTruthInput): string[] =>
    [...new Set(directory.orgs.flatMap(pick))].sort();
}

export const ACCESS_GROUND_TRUTH: GroundTruthTable = {
  [`${PREFIX}commands-run-as-root-on-many-devices`]: everyOrg((org) =>
    orgAccess(org)
      .commands.filter(
        (command) =>
          commandRunsAsRoot(command) &&
          commandSystemIds(org, command.id).length > ROOT_COMMAND_DEVICE_THRESHOLD,
      )
      .map((command) => command.id),
  ),

  [`${PREFIX}applications-without-mfa-policy`]: everyOrg((org) => {
    const covered = new Set(
      orgAccess(org)
        .authnPolicies.filter(policyEnforcesMfa)
        .flatMap((policy) => [...policyApplicationIds(org, policy).keys()]),
    );
    return org.applications.filter((app) => !covered.has(app.id)).map((app) => app.id);
  }),

  [`${PREFIX}disabled-or-monitor-only-auth-policies`]: everyOrg((org) =>
    orgAccess(org)
      .authnPolicies.filter((policy) => policy.disabled || policy.monitorOnly)
      .map((policy) => policy.id),
  ),

  [`${PREFIX}suspended-users-in-directory-synced-groups`]: everyOrg((org) => {
    const groups = new Set(org.userGroups.map((group) => group.id));
    const synced = new Set(
      [...orgAccess(org).directoryUserGroups.values()].flat().filter((id) => groups.has(id)),
    );
    const suspended = new Set(
      org.users.filter((user) => user.state === 'SUSPENDED').map((user) => user.id),
    );
    return org.links.userGroupMembers
      .filter((member) => synced.has(member.userGroupId) && suspended.has(member.userId))
      .map((member) => member.userId);
  }),

  [`${PREFIX}users-with-suspended-or-missing-manager`]: everyOrg((org) => {
    const users = new Map(org.users.map((user) => [user.id, user]));
    return org.users
      .filter((user) => {
        if (user.manager === undefined) return false;
        // Nobody MANAGES a user who names themself: the J1QL finds them as "missing".
        if (user.manager === user.id) return true;
        const manager = users.get(user.manager);
        return manager === undefined || manager.state === 'SUSPENDED';
      })
      .map((user) => user.id);
  }),
};
