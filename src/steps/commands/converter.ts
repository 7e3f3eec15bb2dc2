import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { COMMAND_FIELDS } from '../../jumpcloud/client';
import { JumpCloudCommand } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { relate } from '../shared/relate';
import { nonBlank, optionalBoolean } from '../shared/values';

/** JumpCloud's run-as id for root (Linux, macOS) and Local System (Windows). */
export const ROOT_USER_ID = '000000000000000000000000';

/** Fields kept in `_rawData`: those requested (never the script, never attached files). */
const RAW_FIELDS = ['_id', 'id', ...COMMAND_FIELDS] as const;

function commandId(command: JumpCloudCommand): string {
  return command.id ?? command._id;
}

function timeoutSeconds(value: JumpCloudCommand['timeout']): number | undefined {
  const number = typeof value === 'number' ? value : Number(nonBlank(value));
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Runs as root when the run-as user is root or sudo is on; not when a named user runs it
 * without sudo; unknown when either is missing and the other does not settle it.
 */
export function runsAsRoot(
  runAs: string | undefined,
  sudo: boolean | undefined,
): boolean | undefined {
  if (runAs === ROOT_USER_ID || sudo === true) return true;
  if (runAs !== undefined && sudo === false) return false;
  return undefined;
}

/**
 * A command as a `Task`: what it is, how and when it runs, and as whom. Never the script
 * (`command`), never attached files: the client does not even request them.
 *
 * `runAsRoot`: the command runs as root (Linux, macOS) or Local System (Windows), JumpCloud's
 * user id `000000000000000000000000`, or with sudo. `/api/commands` declares neither `user`
 * nor `sudo` in its list schema (v1.json `commandslist`): what it does not send is not
 * written, never taken for false.
 */
export function createCommandEntity(
  command: JumpCloudCommand,
  baseUrl: string | undefined,
  orgId: string,
  deviceCount: number,
): Entity {
  const id = commandId(command);
  const name = nonBlank(command.name) ?? id;
  const runAs = nonBlank(command.user);
  const sudo = optionalBoolean(command.sudo);
  return createEntity({
    entityData: {
      source: allowListed(command, RAW_FIELDS),
      assign: {
        _key: id,
        _type: Entities.COMMAND._type,
        _class: Entities.COMMAND._class,
        id,
        orgId,
        name,
        displayName: name,
        description: nonBlank(command.description),
        commandType: nonBlank(command.commandType),
        launchType: nonBlank(command.launchType),
        trigger: nonBlank(command.trigger),
        schedule: nonBlank(command.schedule),
        scheduleRepeatType: nonBlank(command.scheduleRepeatType),
        listensTo: nonBlank(command.listensTo),
        shell: nonBlank(command.shell),
        runAsUser: runAs === ROOT_USER_ID ? 'root' : runAs,
        runAsUserId: runAs !== undefined && runAs !== ROOT_USER_ID ? runAs : undefined,
        sudo,
        runAsRoot: runsAsRoot(runAs, sudo),
        timeoutSeconds: timeoutSeconds(command.timeout),
        timeToLiveSeconds:
          typeof command.timeToLiveSeconds === 'number' ? command.timeToLiveSeconds : undefined,
        templatingRequired: optionalBoolean(command.templatingRequired),
        deviceCount,
        webLink: consoleLink(baseUrl, ['commands', id, 'details']),
      },
    },
  });
}

export function createAccountHasCommandRelationship(
  accountKey: string,
  commandKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_COMMAND, accountKey, commandKey);
}

export function createCommandAssignedDeviceRelationship(
  commandKey: string,
  deviceKey: string,
  direct: boolean,
): Relationship {
  return relate(Relationships.COMMAND_ASSIGNED_DEVICE, commandKey, deviceKey, { direct });
}

export function createCommandAssignedDeviceGroupRelationship(
  commandKey: string,
  deviceGroupKey: string,
): Relationship {
  return relate(Relationships.COMMAND_ASSIGNED_DEVICE_GROUP, commandKey, deviceGroupKey);
}
