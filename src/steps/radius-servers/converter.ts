import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { RADIUS_SERVER_FIELDS } from '../../jumpcloud/client';
import { JumpCloudRadiusServer } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { relate } from '../shared/relate';
import { nonBlank, optionalBoolean } from '../shared/values';

/** Raw data: the fields requested, never the shared secret (it is not even requested). */
const RAW_FIELDS = ['_id', 'id', ...RADIUS_SERVER_FIELDS] as const;

/**
 * A RADIUS server as a `Gateway`: JumpCloud's cloud RADIUS service, reachable from the
 * internet (`public`) from the network source IP, at the network layer, giving remote
 * (Wi-Fi, VPN) access. `mfaRequired` when JumpCloud asks every user for MFA (`REQUIRED`,
 * `ALWAYS`); `ENABLED` asks only users enrolled in TOTP.
 */
export function createRadiusServerEntity(
  server: JumpCloudRadiusServer,
  baseUrl: string | undefined,
  orgId: string,
): Entity {
  const id = server.id ?? server._id;
  const name = nonBlank(server.name) ?? id;
  const mfa = nonBlank(server.mfa);
  return createEntity({
    entityData: {
      source: allowListed(server, RAW_FIELDS),
      assign: {
        _key: id,
        _type: Entities.RADIUS_SERVER._type,
        _class: Entities.RADIUS_SERVER._class,
        id,
        orgId,
        name,
        displayName: name,
        category: ['network'],
        function: ['remote-access-gateway'],
        public: true,
        networkSourceIp: nonBlank(server.networkSourceIp),
        mfa,
        // From `mfa` only when the record gives it (the v1 schema does not require it).
        mfaRequired: mfa === undefined ? undefined : mfa === 'REQUIRED' || mfa === 'ALWAYS',
        mfaEnabled: mfa === undefined ? undefined : mfa !== 'DISABLED',
        userLockoutAction: nonBlank(server.userLockoutAction),
        userPasswordExpirationAction: nonBlank(server.userPasswordExpirationAction),
        authIdp: nonBlank(server.authIdp),
        deviceCertEnabled: optionalBoolean(server.deviceCertEnabled),
        userCertEnabled: optionalBoolean(server.userCertEnabled),
        userPasswordEnabled: optionalBoolean(server.userPasswordEnabled),
        radsecEnabled: optionalBoolean(server.radsecEnabled),
        requireRadsec: optionalBoolean(server.requireRadsec),
        requireTlsAuth: optionalBoolean(server.requireTlsAuth),
        webLink: consoleLink(baseUrl, 'radius'),
      },
    },
  });
}

export function createAccountHasRadiusServerRelationship(
  accountKey: string,
  serverKey: string,
): Relationship {
  return relate(Relationships.ACCOUNT_HAS_RADIUS_SERVER, accountKey, serverKey);
}

export function createGroupAssignedRadiusServerRelationship(
  groupKey: string,
  serverKey: string,
): Relationship {
  return relate(Relationships.GROUP_ASSIGNED_RADIUS_SERVER, groupKey, serverKey);
}
