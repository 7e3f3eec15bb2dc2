/**
 * Local accounts and authorized SSH keys from System Insights (`users`, `user_groups`,
 * `authorized_keys`): pure converters.
 */
import { createHash } from 'crypto';

import { Entity, parseTimePropertyValue, Relationship } from '@jupiterone/integration-sdk-core';

import { createEntity } from '../shared/entity';
import { SystemInsightsAuthorizedKey, SystemInsightsUser } from '../../jumpcloud/types';
import { Entities, Relationships } from '../constants';
import { consoleLink } from '../shared/links';
import { allowListed } from '../shared/raw-data';
import { relate } from '../shared/relate';
import { nonBlank, optionalBoolean } from '../shared/values';

export type Platform = 'darwin' | 'windows' | 'linux' | 'other';

/** Groups whose members are local administrators, by platform (gid as osquery gives it). */
export const ADMIN_GROUP_IDS: Record<Platform, readonly string[]> = {
  darwin: ['80'], // admin
  windows: ['544'], // BUILTIN\Administrators
  linux: ['27', '10'], // sudo (Debian, Ubuntu), wheel (Red Hat-like)
  other: [],
};

/** uid as a number, when it is a whole number (osquery sends strings). */
export function parseUid(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : nonBlank(value);
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const uid = Number(text);
  return Number.isSafeInteger(uid) ? uid : undefined;
}

/** Windows' built-in Guest, DefaultAccount and WDAGUtilityAccount (well-known RIDs). */
const WINDOWS_BUILT_IN_SERVICE_RIDS = new Set([501, 503, 504]);
/** nobody and nfsnobody: 65534 on Linux, -2 (as unsigned) on macOS. */
const NOBODY_UIDS = new Set([65534, 4294967294, 4294967295]);

/**
 * Whether a `users` row is a login account (a person's, or a shared admin account) rather
 * than a system or service account. In order:
 *
 * 1. An account with an authorized SSH key is a login account, whatever its uid (root with a
 *    deploy key is exactly what a security team needs to see).
 * 2. The agent's `real_user`, when it sends one.
 * 3. Otherwise (older agents) by platform: Windows skips `special` accounts (SYSTEM, LOCAL
 *    SERVICE, NETWORK SERVICE), RIDs below 500 and the built-in Guest, DefaultAccount and
 *    WDAGUtilityAccount (501, 503, 504), and keeps the built-in Administrator (500) and every
 *    RID from 1000; macOS skips uids below 500 and `_`-prefixed daemon accounts; Linux and
 *    others skip uids below 1000. `nobody` is skipped everywhere.
 */
export function isLoginAccount(
  row: SystemInsightsUser,
  platform: Platform,
  hasAuthorizedKey: boolean,
): boolean {
  if (hasAuthorizedKey) return true;
  const realUser = optionalBoolean(row.real_user);
  if (realUser !== undefined) return realUser;
  const uid = parseUid(row.uid);
  if (uid === undefined || NOBODY_UIDS.has(uid)) return false;
  const type = nonBlank(row.type)?.toLowerCase();
  if (platform === 'windows') {
    if (type === 'special') return false;
    return uid === 500 || (uid >= 1000 && !WINDOWS_BUILT_IN_SERVICE_RIDS.has(uid));
  }
  if (platform === 'darwin') {
    return uid >= 500 && !nonBlank(row.username)?.startsWith('_');
  }
  return uid >= 1000;
}

/**
 * Local administrator: the agent's `admin` when sent; else uid 0, or membership of the
 * platform's administrators group (`user_groups`); unknown when neither can tell.
 */
export function isLocalAdmin(
  row: SystemInsightsUser,
  inAdminGroup: boolean | undefined,
): boolean | undefined {
  const admin = optionalBoolean(row.admin);
  if (admin !== undefined) return admin;
  if (parseUid(row.uid) === 0) return true;
  return inAdminGroup;
}

/** `last_login` (Unix seconds, as a string) in ms; undefined when never or unknown. */
export function parseLastLogin(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : nonBlank(value);
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  const seconds = Number(text);
  return seconds > 0 ? parseTimePropertyValue(seconds, 'sec') : undefined;
}

export function localAccountKey(systemId: string, uid: number): string {
  return `jumpcloud_local_account:${systemId}:${uid}`;
}

/** Fields of a `users` row kept in `_rawData`: identity and state, no secrets exist there. */
const USER_ROW_FIELDS = [
  'system_id',
  'uid',
  'gid',
  'username',
  'type',
  'description',
  'directory',
  'shell',
  'uuid',
  'real_user',
  'admin',
  'suspended',
  'managed',
  'ad_managed',
  'last_login',
  'collection_time',
] as const;

export interface LocalAccountContext {
  orgId: string;
  systemId: string;
  /** The device's name, for a readable display name ("root on SRV-00003"). */
  deviceName?: string;
  baseUrl?: string;
  admin: boolean | undefined;
}

export function createLocalAccountEntity(
  row: SystemInsightsUser,
  uid: number,
  context: LocalAccountContext,
): Entity {
  const username = nonBlank(row.username) ?? String(uid);
  const suspended = optionalBoolean(row.suspended);
  return createEntity({
    entityData: {
      source: allowListed(row, USER_ROW_FIELDS),
      assign: {
        _key: localAccountKey(context.systemId, uid),
        _type: Entities.LOCAL_ACCOUNT._type,
        _class: Entities.LOCAL_ACCOUNT._class,
        id: `${context.systemId}:${uid}`,
        orgId: context.orgId,
        systemId: context.systemId,
        name: username,
        displayName: context.deviceName ? `${username} on ${context.deviceName}` : username,
        description: nonBlank(row.description),
        username,
        uid,
        accountType: nonBlank(row.type),
        homeDirectory: nonBlank(row.directory),
        shell: nonBlank(row.shell),
        admin: context.admin,
        suspended,
        active: suspended === undefined ? undefined : !suspended,
        // What the agent says; the IS edge from jumpcloud_user is the integration's own check.
        managed: optionalBoolean(row.managed),
        adManaged: optionalBoolean(row.ad_managed),
        lastLoginOn: parseLastLogin(row.last_login),
        // The console shows local accounts on the device's page (System Insights).
        webLink: consoleLink(context.baseUrl, ['devices', context.systemId, 'details']),
      },
    },
  });
}

export function createLocalAccountUsesDeviceRelationship(
  accountKey: string,
  deviceKey: string,
  admin: boolean | undefined,
): Relationship {
  return relate(Relationships.LOCAL_ACCOUNT_USES_DEVICE, accountKey, deviceKey, { admin });
}

export function createUserIsLocalAccountRelationship(
  userKey: string,
  accountKey: string,
): Relationship {
  return relate(Relationships.USER_IS_LOCAL_ACCOUNT, userKey, accountKey);
}

// ---- SSH keys ---------------------------------------------------------------------------

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface AuthorizedKey {
  /** `SHA256:` + unpadded base64 of the SHA-256 of the key blob, as `ssh-keygen -l` shows. */
  fingerprint: string;
  algorithm?: string;
  comment?: string;
}

/**
 * The fingerprint, algorithm and comment of an `authorized_keys` row. `key` is the base64
 * blob (or, tolerated, a whole `algorithm blob comment` line); the blob is hashed and then
 * dropped, never stored. Undefined when there is no readable key.
 */
export function readAuthorizedKey(row: SystemInsightsAuthorizedKey): AuthorizedKey | undefined {
  const text = nonBlank(row.key);
  if (!text) return undefined;
  const tokens = text.split(/\s+/);
  const blobIndex = tokens.findIndex((token) => token.startsWith('AAAA') && BASE64.test(token));
  const blobText = blobIndex >= 0 ? tokens[blobIndex] : tokens.length === 1 ? tokens[0] : '';
  if (!BASE64.test(blobText)) return undefined;
  const blob = Buffer.from(blobText, 'base64');
  if (blob.length < 16) return undefined;
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  const algorithm =
    nonBlank(row.algorithm) ?? (blobIndex > 0 ? nonBlank(tokens[blobIndex - 1]) : undefined);
  // JumpCloud's `authorized_keys` has no `comment` column (osquery's has): a comment is read
  // only from a whole `algorithm blob comment` line in `key`.
  const comment = blobIndex >= 0 ? nonBlank(tokens.slice(blobIndex + 1).join(' ')) : undefined;
  return { fingerprint, algorithm, comment };
}

export function sshKeyKey(orgId: string, fingerprint: string): string {
  return `jumpcloud_ssh_key:${orgId}:${fingerprint}`;
}

/**
 * `deviceCount`: on how many of the organization's devices the key is authorized (for some
 * login account), so "one key on more than N servers" is a plain property filter.
 */
export function createSshKeyEntity(
  key: AuthorizedKey,
  orgId: string,
  deviceCount?: number,
): Entity {
  return createEntity({
    entityData: {
      // The blob and any `options` (forced commands) are never kept.
      source: allowListed(key, ['fingerprint', 'algorithm', 'comment']),
      assign: {
        _key: sshKeyKey(orgId, key.fingerprint),
        _type: Entities.SSH_KEY._type,
        _class: Entities.SSH_KEY._class,
        id: key.fingerprint,
        orgId,
        name: key.comment ?? key.fingerprint,
        displayName: key.comment ? `${key.comment} (${key.fingerprint})` : key.fingerprint,
        fingerprint: key.fingerprint,
        algorithm: key.algorithm,
        comment: key.comment,
        usage: 'ssh',
        deviceCount,
      },
    },
  });
}

export function createLocalAccountHasSshKeyRelationship(
  accountKey: string,
  sshKeyEntityKey: string,
  keyFile: string | undefined,
): Relationship {
  return relate(Relationships.LOCAL_ACCOUNT_HAS_SSH_KEY, accountKey, sshKeyEntityKey, {
    keyFile,
  });
}
