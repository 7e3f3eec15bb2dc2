import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { collectedIndex } from '../shared/collected';
import { relate } from '../shared/relate';
import { writeStep } from '../shared/step-writer';

interface ReportingUser {
  key: string;
  id: string;
  orgId?: string;
  managerId?: string;
}

/**
 * Reporting lines from what the users step already collected: manager MANAGES user, from
 * each user's `manager` (the manager's JumpCloud id). No request.
 *
 * A manager that is not a collected user, or one of another organization (a multi-tenant key
 * sees several), is skipped with a debug log: never a dangling edge.
 */
export function buildReportingLines(
  users: ReportingUser[],
  onSkip: (user: ReportingUser, reason: string) => void = () => undefined,
): Relationship[] {
  const byId = new Map(users.map((user) => [user.id, user]));
  const relationships: Relationship[] = [];
  for (const user of users) {
    if (!user.managerId) continue;
    const manager = byId.get(user.managerId);
    if (!manager) onSkip(user, 'manager is not a collected user');
    else if (manager.orgId !== user.orgId) onSkip(user, 'manager belongs to another organization');
    else if (manager.key === user.key) onSkip(user, 'user is their own manager');
    else relationships.push(relate(Relationships.USER_MANAGES_USER, manager.key, user.key));
  }
  return relationships;
}

export async function buildUserManagers({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const users: ReportingUser[] = [];
  for (const user of await collectedIndex({ jobState, instance }, Entities.USER._type)) {
    users.push({ key: user._key, id: user.id, orgId: user.orgId, managerId: user.manager });
  }
  let skipped = 0;
  const relationships = buildReportingLines(users, (user, reason) => {
    skipped += 1;
    logger.debug({ userId: user.id, managerId: user.managerId }, `Manager skipped: ${reason}`);
  });
  await writeStep({ jobState, logger }, (writer) => writer.addRelationships(relationships));
  logger.info({ reportingLines: relationships.length, skipped }, 'Built user reporting lines');
}

export const userManagerSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USER_MANAGERS.id,
    name: Steps.USER_MANAGERS.name,
    entities: [],
    relationships: [Relationships.USER_MANAGES_USER],
    dependsOn: [Steps.USERS.id],
    executionHandler: buildUserManagers,
  },
];
