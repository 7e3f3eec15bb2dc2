import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudCommand } from '../../jumpcloud';
import { OptionalFeature, readUnlessDeleted } from '../shared/optional-data';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { collectedIndex, getCollectedOrganizations } from '../shared/collected';
import { createProgress } from '../shared/progress';
import { writeStep } from '../shared/step-writer';
import { isDirectBinding } from '../shared/traversal';
import { allSettledOrFirstError } from '../../jumpcloud/settle';
import { forEachInOrder, subCallConcurrency } from '../shared/sub-calls';
import {
  createAccountHasCommandRelationship,
  createCommandAssignedDeviceGroupRelationship,
  createCommandAssignedDeviceRelationship,
  createCommandEntity,
} from './converter';

/** Every type of the step: what JupiterOne must keep when commands could not be read. */
export const COMMAND_TYPES = [
  Entities.COMMAND._type,
  Relationships.ACCOUNT_HAS_COMMAND._type,
  Relationships.COMMAND_ASSIGNED_DEVICE._type,
  Relationships.COMMAND_ASSIGNED_DEVICE_GROUP._type,
];

interface CommandBindings {
  /** false when the command was deleted between the list and its sub-calls. */
  found: boolean;
  systems: Array<{ id: string; direct: boolean }>;
  systemGroupIds: string[];
}

/**
 * Commands of every collected organization (never their scripts), the systems each runs on
 * (directly or through a system group: `direct` on the edge) and the system groups it is bound
 * to.
 *
 * Requests: one list page per 100 commands, then two traversals per command
 * (`/commands/{id}/systems` and `/commands/{id}/systemgroups`, one more page per further 100
 * results): never one per system. An organization without commands (404) warns; a key that
 * may not read them (403) warns and the step then fails with its types partial.
 */
export async function fetchCommands({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const devices = await collectedIndex({ jobState, instance }, Entities.DEVICE._type);
  const deviceGroups = await collectedIndex({ jobState, instance }, Entities.DEVICE_GROUP._type);
  const progress = createProgress(logger, 'commands');
  const feature = new OptionalFeature(logger, {
    name: 'Commands',
    collects: 'commands and the devices they run on',
    howToGetIt: 'Give the administrator a role that can read commands (for example Read Only).',
    partialTypes: COMMAND_TYPES,
  });
  let skipped = 0;

  const organizations = await getCollectedOrganizations({ jobState, instance });
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      await feature.read(orgId, () =>
        forEachInOrder<JumpCloudCommand, CommandBindings>(
          (onCommand) => client.iterateCommands(orgId, onCommand),
          async (command) => {
            const id = command.id ?? command._id;
            const bindings: CommandBindings = { found: false, systems: [], systemGroupIds: [] };
            bindings.found = await readUnlessDeleted(
              logger,
              { kind: 'command', id, orgId },
              // The two traversals depend on none of each other: they go out together.
              () =>
                allSettledOrFirstError([
                  client.iterateCommandSystems(orgId, id, (item) => {
                    if (item.type === 'system') {
                      bindings.systems.push({ id: item.id, direct: isDirectBinding(item) });
                    }
                  }),
                  client.iterateCommandSystemGroups(orgId, id, (item) => {
                    if (item.type === 'system_group') bindings.systemGroupIds.push(item.id);
                  }),
                ]),
            );
            return bindings;
          },
          async (command, bindings) => {
            const id = command.id ?? command._id;
            if (!bindings.found) return;
            const relationships: Relationship[] = [];
            const seen = new Set<string>();
            for (const system of bindings.systems) {
              const device = devices.inOrganization(system.id, orgId);
              if (!device || seen.has(device._key)) {
                if (!device) {
                  skipped += 1;
                  logger.debug({ commandId: id, systemId: system.id }, 'System not collected');
                }
                continue;
              }
              seen.add(device._key);
              relationships.push(
                createCommandAssignedDeviceRelationship(id, device._key, system.direct),
              );
            }
            const deviceCount = relationships.length;
            for (const groupId of new Set(bindings.systemGroupIds)) {
              const group = deviceGroups.inOrganization(groupId, orgId);
              if (!group) {
                skipped += 1;
                logger.debug(
                  { commandId: id, systemGroupId: groupId },
                  'System group not collected',
                );
                continue;
              }
              relationships.push(createCommandAssignedDeviceGroupRelationship(id, group._key));
            }
            // Undefined when listed twice (the first is kept) or skipped with a warning.
            const entity = await writer.addRecord({ what: 'command', id, orgId }, () =>
              createCommandEntity(command, config.baseUrl, orgId, deviceCount),
            );
            if (!entity) return;
            await writer.addRelationships([
              createAccountHasCommandRelationship(accountKey, entity._key),
              ...relationships,
            ]);
            progress.tick();
          },
          subCallConcurrency(client),
        ),
      );
    }
    progress.done({ skipped, skippedCommands: writer.skippedCount });
    feature.finish();
  });
}

export const commandSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.COMMANDS.id,
    name: Steps.COMMANDS.name,
    entities: [Entities.COMMAND],
    relationships: [
      Relationships.ACCOUNT_HAS_COMMAND,
      Relationships.COMMAND_ASSIGNED_DEVICE,
      Relationships.COMMAND_ASSIGNED_DEVICE_GROUP,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.DEVICES.id, Steps.DEVICE_GROUPS.id],
    ingestionSourceId: IngestionSources.COMMANDS,
    executionHandler: fetchCommands,
  },
];
