/**
 * The managed questions of jupiterone/questions/questions.yaml, answered from a local graph.
 *
 * The YAML file is the one place for ids, titles, descriptions and J1QL; this module holds
 * one plain function per question id that gives the same answer as its J1QL would in
 * JupiterOne (no query engine: each function reads the graph directly). Conventions carried
 * over from J1QL:
 * - `prop != true` also matches a missing property; `prop = undefined` matches missing or null;
 * - `<` and `>` on dates only match numbers (a missing date never matches);
 * - `date.now - 30 days` is 30 x 24 hours before "now";
 * - `THAT <CLASS> <type>` follows relationships of that class in either direction, and only to
 *   entities present in the graph; `THAT !<CLASS> <type>` means no such relationship.
 */
import { readFileSync } from 'fs';
import path from 'path';
import yaml from 'js-yaml';

import { Entities } from '../../src/steps/constants';
import { compareText, Graph, GraphEntity } from './graph';

export const DEFAULT_QUESTIONS_FILE = path.resolve(
  __dirname,
  '../../jupiterone/questions/questions.yaml',
);

export type ResultsAre = 'BAD' | 'GOOD' | 'INFORMATIVE' | 'UNKNOWN';

export interface QuestionQuery {
  name?: string;
  query: string;
  resultsAre?: ResultsAre;
}

export interface QuestionDefinition {
  id: string;
  title: string;
  description: string;
  tags: string[];
  queries: QuestionQuery[];
}

/** One matching entity, with a short human explanation of why it matched. */
export interface Finding {
  entity: GraphEntity;
  detail?: string;
}

export interface EvaluationContext {
  /** Epoch milliseconds used for `date.now`. */
  now: number;
}

export type QuestionImplementation = (graph: Graph, context: EvaluationContext) => Finding[];

const DAY_MS = 24 * 60 * 60 * 1000;
const PREFIX = 'integration-question-jumpcloud-';

export const QuestionIds = {
  USERS_WITHOUT_MFA: `${PREFIX}users-without-mfa`,
  MFA_EXCLUSIONS_WITHOUT_END: `${PREFIX}mfa-exclusions-without-end`,
  INACTIVE_USERS_ASSIGNED_APPLICATIONS: `${PREFIX}inactive-users-assigned-applications`,
  USERS_WITH_SUDO: `${PREFIX}users-with-sudo`,
  DEVICES_WITHOUT_ENCRYPTION: `${PREFIX}devices-without-encryption`,
  ENCRYPTED_DEVICES_WITHOUT_RECOVERY_KEY: `${PREFIX}encrypted-devices-without-recovery-key`,
  DEVICES_NOT_SEEN_30_DAYS: `${PREFIX}devices-not-seen-30-days`,
  DEVICES_WITHOUT_OWNER: `${PREFIX}devices-without-owner`,
  DEVICES_OWNED_BY_SUSPENDED_USERS: `${PREFIX}devices-owned-by-suspended-users`,
  APPLE_MDM_CERTIFICATES: `${PREFIX}apple-mdm-certificates`,
  APPLICATION_IDP_CERTIFICATES_EXPIRING: `${PREFIX}application-idp-certificates-expiring`,
  GROUPS_WITHOUT_MEMBERS: `${PREFIX}groups-without-members`,
  DEVICES_SSH_ROOT_OR_PASSWORD_LOGIN: `${PREFIX}devices-ssh-root-or-password-login`,
  LOCKED_USERS: `${PREFIX}locked-users`,
  LOST_OR_RETIRED_DEVICES_STILL_ACTIVE: `${PREFIX}lost-or-retired-devices-still-active`,
  DEVICE_WARRANTY_EXPIRING: `${PREFIX}device-warranty-expiring`,
  DEVICE_ASSET_OWNER_DIFFERS: `${PREFIX}device-asset-owner-differs`,
  UNMANAGED_LOCAL_ADMINISTRATORS: `${PREFIX}unmanaged-local-administrators`,
  DEVICES_UNENCRYPTED_VOLUME: `${PREFIX}devices-unencrypted-volume`,
  DEVICES_FIREWALL_OFF: `${PREFIX}devices-firewall-off`,
  SSH_KEY_ON_MANY_DEVICES: `${PREFIX}ssh-key-on-many-devices`,
  DEVICES_RUNNING_APPLICATION_BELOW_VERSION: `${PREFIX}devices-running-application-below-version`,
  STALE_LOCAL_ACCOUNTS: `${PREFIX}stale-local-accounts`,
} as const;

const USER = Entities.USER._type;
const GROUP = Entities.GROUP._type;
const APPLICATION = Entities.APPLICATION._type;
const DEVICE = Entities.DEVICE._type;
const APPLE_MDM = Entities.APPLE_MDM._type;
const ASSET_DEVICE = Entities.ASSET_DEVICE._type;

const HAS = 'HAS';
const ASSIGNED = 'ASSIGNED';
const IS = 'IS';

/** Device `status` values of an asset that is out of service: lost, stolen, retired, disposed. */
const OUT_OF_SERVICE = new Set(['lost/stolen', 'decommissioned', 'disposed']);

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function formatDate(epochMs: unknown): string {
  return isNumber(epochMs) ? new Date(epochMs).toISOString().slice(0, 10) : '';
}

/** Best human label of an entity. */
export function entityLabel(entity: GraphEntity): string {
  for (const candidate of [entity.displayName, entity.name, entity.username, entity.hostname]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  return entity._key;
}

function listLabels(entities: GraphEntity[], max = 5): string {
  const labels = [...new Set(entities.map(entityLabel))].sort(compareText);
  const shown = labels.slice(0, max).join(', ');
  return labels.length > max ? `${shown} and ${labels.length - max} more` : shown;
}

function where(
  graph: Graph,
  type: string,
  match: (entity: GraphEntity) => string | boolean,
): Finding[] {
  const findings: Finding[] = [];
  for (const entity of graph.entitiesOfType(type)) {
    const result = match(entity);
    if (result === false) continue;
    findings.push(typeof result === 'string' ? { entity, detail: result } : { entity });
  }
  return findings;
}

export const questionImplementations: Record<string, QuestionImplementation> = {
  // FIND jumpcloud_user WITH mfaEnabled != true AND mfaExclusion != true
  [QuestionIds.USERS_WITHOUT_MFA]: (graph) =>
    where(graph, USER, (user) => user.mfaEnabled !== true && user.mfaExclusion !== true),

  // FIND jumpcloud_user WITH mfaExclusion = true AND mfaExclusionEndOn = undefined
  [QuestionIds.MFA_EXCLUSIONS_WITHOUT_END]: (graph) =>
    where(graph, USER, (user) => user.mfaExclusion === true && isMissing(user.mfaExclusionEndOn)),

  // FIND jumpcloud_user WITH state = ('suspended' OR 'staged') THAT ASSIGNED jumpcloud_application
  [QuestionIds.INACTIVE_USERS_ASSIGNED_APPLICATIONS]: (graph) =>
    where(graph, USER, (user) => {
      if (user.state !== 'suspended' && user.state !== 'staged') return false;
      const applications = graph.related(user._key, ASSIGNED, APPLICATION);
      if (applications.length === 0) return false;
      return `${user.state}; assigned ${listLabels(applications.map((n) => n.entity))}`;
    }),

  // FIND jumpcloud_user WITH sudo = true
  // + FIND jumpcloud_user THAT ASSIGNED AS binding jumpcloud_device WHERE binding.sudo = true
  [QuestionIds.USERS_WITH_SUDO]: (graph) =>
    where(graph, USER, (user) => {
      const devices = graph
        .related(user._key, ASSIGNED, DEVICE)
        .filter((neighbour) => neighbour.relationship.sudo === true)
        .map((neighbour) => neighbour.entity);
      const reasons: string[] = [];
      if (user.sudo === true) reasons.push('global sudo');
      if (devices.length > 0) reasons.push(`sudo on ${listLabels(devices)}`);
      return reasons.length > 0 ? reasons.join('; ') : false;
    }),

  // FIND jumpcloud_device WITH encrypted != true
  [QuestionIds.DEVICES_WITHOUT_ENCRYPTION]: (graph) =>
    where(graph, DEVICE, (device) =>
      device.encrypted === true
        ? false
        : device.encrypted === false
          ? 'encryption off'
          : 'encryption state never reported',
    ),

  // FIND jumpcloud_device WITH encrypted = true AND isEncryptionKeyPresent != true
  [QuestionIds.ENCRYPTED_DEVICES_WITHOUT_RECOVERY_KEY]: (graph) =>
    where(
      graph,
      DEVICE,
      (device) => device.encrypted === true && device.isEncryptionKeyPresent !== true,
    ),

  // FIND jumpcloud_device WITH lastSeenOn < date.now - 30 days
  // + FIND jumpcloud_device WITH lastSeenOn = undefined AND createdOn < date.now - 30 days
  [QuestionIds.DEVICES_NOT_SEEN_30_DAYS]: (graph, { now }) => {
    const cutoff = now - 30 * DAY_MS;
    return where(graph, DEVICE, (device) => {
      if (isNumber(device.lastSeenOn)) {
        return device.lastSeenOn < cutoff ? `last contact ${formatDate(device.lastSeenOn)}` : false;
      }
      if (isMissing(device.lastSeenOn) && isNumber(device.createdOn) && device.createdOn < cutoff) {
        return `never contacted; registered ${formatDate(device.createdOn)}`;
      }
      return false;
    });
  },

  // FIND jumpcloud_device THAT !HAS jumpcloud_user
  [QuestionIds.DEVICES_WITHOUT_OWNER]: (graph) =>
    where(graph, DEVICE, (device) => graph.related(device._key, HAS, USER).length === 0),

  // FIND jumpcloud_device THAT HAS jumpcloud_user WITH state = 'suspended'
  [QuestionIds.DEVICES_OWNED_BY_SUSPENDED_USERS]: (graph) =>
    where(graph, DEVICE, (device) => {
      const owners = graph
        .related(device._key, HAS, USER)
        .map((neighbour) => neighbour.entity)
        .filter((user) => user.state === 'suspended');
      if (owners.length === 0) return false;
      const names = owners.map((user) =>
        typeof user.email === 'string' ? `${entityLabel(user)} <${user.email}>` : entityLabel(user),
      );
      return `suspended owner ${[...new Set(names)].sort(compareText).join(', ')}`;
    }),

  // FIND jumpcloud_apple_mdm WITH depServerTokenState != 'valid'
  // + FIND jumpcloud_apple_mdm WITH apnsCertExpiresOn < date.now + 30 days
  [QuestionIds.APPLE_MDM_CERTIFICATES]: (graph, { now }) =>
    where(graph, APPLE_MDM, (mdm) => {
      const reasons: string[] = [];
      if (mdm.depServerTokenState !== 'valid') {
        reasons.push(
          typeof mdm.depServerTokenState === 'string'
            ? `DEP token ${mdm.depServerTokenState}`
            : 'DEP token state unknown',
        );
      }
      if (isNumber(mdm.apnsCertExpiresOn) && mdm.apnsCertExpiresOn < now + 30 * DAY_MS) {
        const verb = mdm.apnsCertExpiresOn < now ? 'expired' : 'expires';
        reasons.push(`APNs certificate ${verb} ${formatDate(mdm.apnsCertExpiresOn)}`);
      }
      return reasons.length > 0 ? reasons.join('; ') : false;
    }),

  // FIND jumpcloud_application WITH idpCertExpiresOn < date.now + 30 days
  [QuestionIds.APPLICATION_IDP_CERTIFICATES_EXPIRING]: (graph, { now }) =>
    where(graph, APPLICATION, (application) => {
      const expiresOn = application.idpCertExpiresOn;
      if (!isNumber(expiresOn) || expiresOn >= now + 30 * DAY_MS) return false;
      return `IdP certificate ${expiresOn < now ? 'expired' : 'expires'} ${formatDate(expiresOn)}`;
    }),

  // FIND jumpcloud_group THAT !HAS jumpcloud_user
  [QuestionIds.GROUPS_WITHOUT_MEMBERS]: (graph) =>
    where(graph, GROUP, (group) => graph.related(group._key, HAS, USER).length === 0),

  // FIND jumpcloud_device WITH isSshRootLoginEnabled = true OR isSshPasswordAuthenticationEnabled = true
  [QuestionIds.DEVICES_SSH_ROOT_OR_PASSWORD_LOGIN]: (graph) =>
    where(graph, DEVICE, (device) => {
      const reasons: string[] = [];
      if (device.isSshRootLoginEnabled === true) reasons.push('root login');
      if (device.isSshPasswordAuthenticationEnabled === true)
        reasons.push('password authentication');
      return reasons.length > 0 ? `SSH ${reasons.join(' and ')} allowed` : false;
    }),

  // FIND jumpcloud_user WITH accountLocked = true
  [QuestionIds.LOCKED_USERS]: (graph) => where(graph, USER, (user) => user.accountLocked === true),

  // FIND jumpcloud_device WITH active = true OR lastSeenOn > date.now - 30 days
  //   THAT IS jumpcloud_asset_device WITH status = ('lost/stolen' OR 'decommissioned' OR 'disposed')
  [QuestionIds.LOST_OR_RETIRED_DEVICES_STILL_ACTIVE]: (graph, { now }) =>
    where(graph, DEVICE, (device) => {
      const seenRecently = isNumber(device.lastSeenOn) && device.lastSeenOn > now - 30 * DAY_MS;
      if (device.active !== true && !seenRecently) return false;
      const assets = graph
        .related(device._key, IS, ASSET_DEVICE)
        .map((neighbour) => neighbour.entity)
        .filter((asset) => typeof asset.status === 'string' && OUT_OF_SERVICE.has(asset.status));
      if (assets.length === 0) return false;
      const marked = [
        ...new Set(assets.map((asset) => String(asset.assetStatus ?? asset.status))),
      ].sort(compareText);
      const activity =
        device.active === true
          ? 'agent connected'
          : `last contact ${formatDate(device.lastSeenOn)}`;
      return `marked ${marked.join(', ')} in Asset Management; ${activity}`;
    }),

  // FIND jumpcloud_asset_device WITH warrantyExpiresOn > date.now AND warrantyExpiresOn < date.now + 90 days
  [QuestionIds.DEVICE_WARRANTY_EXPIRING]: (graph, { now }) =>
    where(graph, ASSET_DEVICE, (asset) => {
      const expiresOn = asset.warrantyExpiresOn;
      if (!isNumber(expiresOn) || expiresOn <= now || expiresOn >= now + 90 * DAY_MS) return false;
      return `warranty expires ${formatDate(expiresOn)}`;
    }),

  // FIND jumpcloud_device AS d THAT IS jumpcloud_asset_device WITH ownerType = 'user' AS a
  // WHERE a.ownerId != d.primaryUserId
  [QuestionIds.DEVICE_ASSET_OWNER_DIFFERS]: (graph) =>
    where(graph, DEVICE, (device) => {
      const owners = graph
        .related(device._key, IS, ASSET_DEVICE)
        .map((neighbour) => neighbour.entity)
        .filter(
          (asset) =>
            asset.ownerType === 'user' &&
            typeof asset.ownerId === 'string' &&
            asset.ownerId !== device.primaryUserId,
        );
      if (owners.length === 0) return false;
      const names = [
        ...new Set(
          owners.map((asset) => text(asset.owner) || text(asset.ownerName) || text(asset.ownerId)),
        ),
      ].sort(compareText);
      const primary = graph
        .related(device._key, HAS, USER)
        .map((neighbour) => text(neighbour.entity.email) || entityLabel(neighbour.entity));
      return `asset owner ${names.join(', ')}; primary user ${primary.length > 0 ? primary.join(', ') : text(device.primaryUserId) || 'none'}`;
    }),
};

// Endpoint posture (System Insights). Minimal local answers until the J1QL engine replaces
// these functions.
Object.assign(questionImplementations, {
  // FIND jumpcloud_local_account WITH admin = true AND suspended != true THAT !IS jumpcloud_user
  [QuestionIds.UNMANAGED_LOCAL_ADMINISTRATORS]: (graph: Graph) =>
    where(graph, Entities.LOCAL_ACCOUNT._type, (account) => {
      if (account.admin !== true || account.suspended === true) return false;
      if (graph.related(account._key, IS, USER).length > 0) return false;
      const devices = graph.related(account._key, 'USES', DEVICE).map((n) => n.entity);
      return `local administrator on ${listLabels(devices)}`;
    }),

  // FIND jumpcloud_device WITH allVolumesEncrypted = false
  [QuestionIds.DEVICES_UNENCRYPTED_VOLUME]: (graph: Graph) =>
    where(graph, DEVICE, (device) =>
      device.allVolumesEncrypted === false
        ? `not encrypted: ${(device.unencryptedVolumes as string[] | undefined)?.join(', ') ?? '?'}` +
          (device.encrypted === true ? ' (agent summary claims encryption)' : '')
        : false,
    ),

  // FIND jumpcloud_device WITH firewallEnabled = false
  [QuestionIds.DEVICES_FIREWALL_OFF]: (graph: Graph) =>
    where(graph, DEVICE, (device) => device.firewallEnabled === false),

  // FIND jumpcloud_ssh_key WITH deviceCount > 5
  [QuestionIds.SSH_KEY_ON_MANY_DEVICES]: (graph: Graph) =>
    where(graph, Entities.SSH_KEY._type, (key) =>
      isNumber(key.deviceCount) && key.deviceCount > 5
        ? `authorized on ${key.deviceCount} devices`
        : false,
    ),

  // FIND jumpcloud_device THAT INSTALLED jumpcloud_software
  //   WITH name = 'Google Chrome' AND versionMajor < 131
  [QuestionIds.DEVICES_RUNNING_APPLICATION_BELOW_VERSION]: (graph: Graph) =>
    where(graph, DEVICE, (device) => {
      const old = graph
        .related(device._key, 'INSTALLED', Entities.SOFTWARE._type)
        .map((n) => n.entity)
        .filter(
          (software) =>
            software.name === 'Google Chrome' &&
            isNumber(software.versionMajor) &&
            software.versionMajor < 131,
        );
      return old.length > 0 ? `runs ${listLabels(old)}` : false;
    }),

  // FIND jumpcloud_local_account WITH lastLoginOn < date.now - 90 days
  [QuestionIds.STALE_LOCAL_ACCOUNTS]: (graph: Graph, { now }: EvaluationContext) =>
    where(graph, Entities.LOCAL_ACCOUNT._type, (account) =>
      isNumber(account.lastLoginOn) && account.lastLoginOn < now - 90 * DAY_MS
        ? `last login ${formatDate(account.lastLoginOn)}`
        : false,
    ),
} satisfies Record<string, QuestionImplementation>);

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

const RESULTS_ARE = new Set<string>(['BAD', 'GOOD', 'INFORMATIVE', 'UNKNOWN']);

/** Reads the managed question file; throws on anything the report cannot use. */
export function loadQuestionDefinitions(file = DEFAULT_QUESTIONS_FILE): QuestionDefinition[] {
  const document = yaml.load(readFileSync(file, 'utf8')) as { questions?: unknown } | undefined;
  if (!document || !Array.isArray(document.questions)) {
    throw new Error(`${file}: no "questions" list`);
  }
  return document.questions.map((raw: unknown, index: number): QuestionDefinition => {
    const question = raw as Partial<QuestionDefinition>;
    const location = `${file}: question #${index + 1}`;
    for (const field of ['id', 'title', 'description'] as const) {
      if (typeof question[field] !== 'string' || question[field]?.trim() === '') {
        throw new Error(`${location}: "${field}" must be a non-empty string`);
      }
    }
    if (!Array.isArray(question.queries) || question.queries.length === 0) {
      throw new Error(`${location}: "queries" must be a non-empty list`);
    }
    const queries = question.queries.map((query) => {
      if (typeof query?.query !== 'string') throw new Error(`${location}: a query has no "query"`);
      const resultsAre =
        typeof query.resultsAre === 'string' ? query.resultsAre.toUpperCase() : undefined;
      if (resultsAre !== undefined && !RESULTS_ARE.has(resultsAre)) {
        throw new Error(`${location}: unknown resultsAre "${query.resultsAre}"`);
      }
      return {
        name: query.name,
        query: query.query.trim(),
        resultsAre: resultsAre as ResultsAre | undefined,
      };
    });
    return {
      id: question.id as string,
      title: (question.title as string).trim(),
      description: (question.description as string).replace(/\s+/g, ' ').trim(),
      tags: Array.isArray(question.tags) ? question.tags.map(String) : [],
      queries,
    };
  });
}

/**
 * The verdict of a question as a whole: BAD if any of its queries' results are bad, else the
 * first declared value, else UNKNOWN.
 */
export function questionResultsAre(question: QuestionDefinition): ResultsAre {
  const values = question.queries.map((query) => query.resultsAre).filter(Boolean) as ResultsAre[];
  if (values.includes('BAD')) return 'BAD';
  return values[0] ?? 'UNKNOWN';
}

export interface QuestionAnswer {
  question: QuestionDefinition;
  resultsAre: ResultsAre;
  findings: Finding[];
}

/**
 * Answers every question of the file, in file order. Throws when the file and the
 * implementations disagree, so neither can drift alone.
 */
export function answerQuestions(
  graph: Graph,
  questions: QuestionDefinition[],
  context: EvaluationContext,
  implementations: Record<string, QuestionImplementation> = questionImplementations,
): QuestionAnswer[] {
  const missing = questions.filter((question) => !implementations[question.id]);
  const ids = new Set(questions.map((question) => question.id));
  const unused = Object.keys(implementations).filter((id) => !ids.has(id));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      [
        missing.length > 0 &&
          `questions without a local implementation: ${missing.map((q) => q.id).join(', ')}`,
        unused.length > 0 && `implementations without a question: ${unused.join(', ')}`,
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
  return questions.map((question) => ({
    question,
    resultsAre: questionResultsAre(question),
    findings: implementations[question.id](graph, context).sort(
      (a, b) =>
        compareText(entityLabel(a.entity).toLowerCase(), entityLabel(b.entity).toLowerCase()) ||
        compareText(a.entity._key, b.entity._key),
    ),
  }));
}
