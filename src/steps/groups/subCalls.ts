import {
  IntegrationLogger,
  IntegrationWarnEventName,
  JobState,
} from '@jupiterone/integration-sdk-core';

import { isNotFoundError } from '../../jumpcloud';

/**
 * Helpers for steps that make one sub-call per collected object (group members,
 * application users). Shared by the groups and applications steps.
 */

/**
 * Sub-calls in flight per step. The client enforces the run-wide limit; this only keeps
 * enough work queued to use it.
 */
export const SUB_CALL_CONCURRENCY = 8;

/** What a sub-call needs of a collected object: its key, its id and the org to ask. */
export interface CollectedObject {
  key: string;
  id: string;
  orgId: string;
}

/** Reads the collected entities of one type back as small in-memory records. */
export async function listCollected(jobState: JobState, _type: string): Promise<CollectedObject[]> {
  const objects: CollectedObject[] = [];
  await jobState.iterateEntities({ _type }, (entity) => {
    objects.push({ key: entity._key, id: String(entity.id), orgId: String(entity.orgId) });
  });
  return objects;
}

/**
 * Runs a sub-call about one object (a group's members, an application's users). A 404
 * means the object was deleted between the list and the sub-call: that is a warning, and
 * the step goes on. Any other failure propagates, so the step fails and JupiterOne keeps
 * the previous data instead of deleting edges on a partial read.
 *
 * Returns false when the object was gone.
 */
export async function readUnlessDeleted(
  logger: IntegrationLogger,
  object: { kind: string; id: string; orgId: string },
  read: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    logger.publishWarnEvent({
      name: IntegrationWarnEventName.MissingEntity,
      description:
        `JumpCloud ${object.kind} ${object.id} (organization ${object.orgId}) was deleted ` +
        `while the integration was reading it; its relationships were skipped in this run.`,
    });
    return false;
  }
}
