import { readFileSync } from 'fs';
import yaml from 'js-yaml';

import { Entities } from '../../src/steps/constants';
import { Graph, GraphEntity, GraphRelationship } from '../query/graph';
import { parseQuery } from '../query/parser';
import {
  answerQuestions,
  DEFAULT_QUESTIONS_FILE,
  Finding,
  loadQuestionDefinitions,
} from './questions';
import {
  account,
  appleMdm,
  application,
  assetDevice,
  DAY_MS,
  device,
  group,
  NOW,
  relate,
  user,
} from '../query/test-graph';

const QUESTIONS = loadQuestionDefinitions();

/** `USERS_WITHOUT_MFA` -> the id of that question in questions.yaml (which must have it). */
function id(name: string): string {
  const questionId = `integration-question-jumpcloud-${name.toLowerCase().replace(/_/g, '-')}`;
  if (!QUESTIONS.some((question) => question.id === questionId)) {
    throw new Error(`no question ${questionId} in questions.yaml`);
  }
  return questionId;
}

/** The findings of one managed question, its J1QL run by the engine on a hand-made graph. */
function ask(
  questionId: string,
  entities: GraphEntity[],
  relationships: GraphRelationship[] = [],
  now = NOW,
): Finding[] {
  const question = QUESTIONS.filter((candidate) => candidate.id === questionId);
  const [answer] = answerQuestions(Graph.from(entities, relationships), question, { now });
  return answer.findings;
}

function keys(findings: Finding[]): string[] {
  return findings.map((finding) => finding.entity._key).sort();
}

describe('questions.yaml and the local implementations', () => {
  const questions = loadQuestionDefinitions();

  test('every query of every question is J1QL the engine reads', () => {
    for (const question of questions) {
      for (const query of question.queries) {
        expect(() => parseQuery(query.query)).not.toThrow();
      }
    }
  });

  test('ships at least 12 questions, each with title, description, tags and resultsAre', () => {
    expect(questions.length).toBeGreaterThanOrEqual(12);
    for (const question of questions) {
      expect(question.title).not.toBe('');
      expect(question.description).not.toBe('');
      expect(question.tags).toContain('jumpcloud');
      for (const query of question.queries) {
        expect(['BAD', 'GOOD', 'INFORMATIVE', 'UNKNOWN']).toContain(query.resultsAre);
        expect(query.query).toMatch(/^FIND jumpcloud_/);
      }
    }
  });

  test('queries only name entity types the integration produces', () => {
    const types = new Set(Object.values(Entities).map((entity) => entity._type));
    for (const question of questions) {
      for (const query of question.queries) {
        for (const type of query.query.match(/\bjumpcloud_[a-z_]+/g) ?? []) {
          expect(types).toContain(type);
        }
      }
    }
  });

  test('the file keeps the shape the CLI validator requires', () => {
    const document = yaml.load(readFileSync(DEFAULT_QUESTIONS_FILE, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(document.sourceId).toBe('managed:jumpcloud');
    expect(document.integrationDefinitionId).toBe('${integration_definition_id}');
  });

  test('answerQuestions names the question whose J1QL the engine cannot read', () => {
    const broken = {
      ...questions[0],
      id: 'integration-question-jumpcloud-broken',
      queries: [{ name: 'Broken', query: 'FIND jumpcloud_user WITH state ~ 1' }],
    };
    expect(() => answerQuestions(Graph.from([]), [broken], { now: NOW })).toThrow(
      /integration-question-jumpcloud-broken \("Broken"\): .*line 1/,
    );
  });

  test('answers come in file order, sorted by name, with the question verdict', () => {
    const graph = Graph.from([
      user('zed', { mfaEnabled: false }),
      user('Amy', { mfaEnabled: false }),
      user('bob', { mfaEnabled: false }),
    ]);
    const answers = answerQuestions(graph, questions, { now: NOW });
    expect(answers.map((a) => a.question.id)).toEqual(questions.map((q) => q.id));
    const mfa = answers.find((a) => a.question.id === id('USERS_WITHOUT_MFA'));
    expect(mfa?.findings.map((f) => f.entity._key)).toEqual(['Amy', 'bob', 'zed']);
    expect(mfa?.resultsAre).toBe('BAD');
    const sudo = answers.find((a) => a.question.id === id('USERS_WITH_SUDO'));
    expect(sudo?.resultsAre).toBe('INFORMATIVE');
  });
});

describe('users without MFA and not excluded', () => {
  test('both conditions must hold (AND, not OR)', () => {
    const findings = ask(id('USERS_WITHOUT_MFA'), [
      user('no-mfa', { mfaEnabled: false, mfaExclusion: false }),
      user('no-mfa-excluded', { mfaEnabled: false, mfaExclusion: true }),
      user('mfa', { mfaEnabled: true, mfaExclusion: false }),
      user('mfa-excluded', { mfaEnabled: true, mfaExclusion: true }),
      user('unknown', { mfaEnabled: undefined, mfaExclusion: undefined }),
    ]);
    // `!= true` matches a missing property, as in J1QL.
    expect(keys(findings)).toEqual(['no-mfa', 'unknown']);
  });
});

describe('MFA exclusions without an end date', () => {
  test('only exclusions whose end is missing or null', () => {
    const findings = ask(id('MFA_EXCLUSIONS_WITHOUT_END'), [
      user('forever', { mfaExclusion: true, mfaExclusionEndOn: undefined }),
      user('forever-null', { mfaExclusion: true, mfaExclusionEndOn: null }),
      user('temporary', { mfaExclusion: true, mfaExclusionEndOn: NOW + DAY_MS }),
      user('expired-temporary', { mfaExclusion: true, mfaExclusionEndOn: NOW - DAY_MS }),
      user('not-excluded', { mfaExclusion: false }),
    ]);
    expect(keys(findings)).toEqual(['forever', 'forever-null']);
  });
});

describe('suspended or staged users assigned applications', () => {
  test('needs the state and at least one assigned application present in the graph', () => {
    const app = application('app');
    const suspended = user('suspended', { state: 'suspended' });
    const staged = user('staged', { state: 'staged' });
    const active = user('active', { state: 'activated' });
    const suspendedNoApp = user('suspended-no-app', { state: 'suspended' });
    const suspendedGone = user('suspended-gone-app', { state: 'suspended' });
    const upperCase = user('upper', { state: 'SUSPENDED' });
    const viaGroupOnly = user('via-group-only', { state: 'suspended' });
    const team = group('team');
    const findings = ask(
      id('INACTIVE_USERS_ASSIGNED_APPLICATIONS'),
      [
        app,
        suspended,
        staged,
        active,
        suspendedNoApp,
        suspendedGone,
        upperCase,
        viaGroupOnly,
        team,
      ],
      [
        relate(suspended, 'ASSIGNED', app, { direct: true }),
        relate(staged, 'ASSIGNED', app, { direct: false }),
        relate(active, 'ASSIGNED', app, { direct: true }),
        relate(upperCase, 'ASSIGNED', app, { direct: true }),
        relate(suspendedGone, 'ASSIGNED', {
          _key: 'deleted-app',
          _type: Entities.APPLICATION._type,
        }),
        // Only the user -> application edge counts; the group route alone is not followed.
        relate(team, 'HAS', viaGroupOnly),
        relate(team, 'ASSIGNED', app),
        // A HAS edge to an application is not an assignment.
        relate(suspendedNoApp, 'HAS', app),
      ],
    );
    expect(keys(findings)).toEqual(['staged', 'suspended']);
    expect(findings.find((f) => f.entity._key === 'suspended')?.detail).toBe(
      // The detail shows what the query's RETURN says of the other aliases.
      'app.name: app',
    );
  });
});

describe('users with sudo on any device', () => {
  test('global sudo, or sudo on a binding to a device in the graph', () => {
    const laptop = device('laptop');
    const server = device('server');
    const global = user('global', { sudo: true });
    const bound = user('bound', { sudo: false });
    const boundNoSudo = user('bound-no-sudo', { sudo: false });
    const boundGone = user('bound-gone', { sudo: false });
    const both = user('both', { sudo: true });
    const findings = ask(
      id('USERS_WITH_SUDO'),
      [laptop, server, global, bound, boundNoSudo, boundGone, both],
      [
        relate(bound, 'ASSIGNED', laptop, { sudo: true, direct: false }),
        relate(bound, 'ASSIGNED', server, { sudo: false, direct: true }),
        relate(boundNoSudo, 'ASSIGNED', laptop, { sudo: false, direct: true }),
        relate(
          boundGone,
          'ASSIGNED',
          { _key: 'gone', _type: Entities.DEVICE._type },
          {
            sudo: true,
            direct: true,
          },
        ),
        relate(both, 'ASSIGNED', server, { sudo: true, direct: true }),
      ],
    );
    expect(keys(findings)).toEqual(['both', 'bound', 'global']);
    const details = Object.fromEntries(findings.map((f) => [f.entity._key, f.detail]));
    expect(details).toEqual({
      // With several queries, the detail names the ones that found the user.
      global: 'Users with global sudo',
      bound:
        'Users with sudo on a bound device (d.displayName: laptop; d.hostname: laptop.local; binding.direct: false)',
      both: 'Users with global sudo; Users with sudo on a bound device (d.displayName: server; d.hostname: server.local; binding.direct: true)',
    });
  });
});

describe('devices without disk encryption', () => {
  test('encrypted != true, including a never reported state', () => {
    const findings = ask(id('DEVICES_WITHOUT_ENCRYPTION'), [
      device('on', { encrypted: true }),
      device('off', { encrypted: false }),
      device('unknown', { encrypted: undefined }),
    ]);
    expect(keys(findings)).toEqual(['off', 'unknown']);
  });

  test('Apple MDM devices are not agent systems and are not asked about', () => {
    const mdmDevice: GraphEntity = {
      _key: 'mdm-device',
      _type: Entities.APPLE_DEVICE._type,
      _class: ['Device'],
      encrypted: false,
    };
    expect(ask(id('DEVICES_WITHOUT_ENCRYPTION'), [mdmDevice])).toEqual([]);
  });
});

describe('encrypted devices without an escrowed key', () => {
  test('encrypted AND key not present', () => {
    const findings = ask(id('ENCRYPTED_DEVICES_WITHOUT_RECOVERY_KEY'), [
      device('escrowed', { encrypted: true, isEncryptionKeyPresent: true }),
      device('no-key', { encrypted: true, isEncryptionKeyPresent: false }),
      device('key-unknown', { encrypted: true, isEncryptionKeyPresent: undefined }),
      device('not-encrypted', { encrypted: false, isEncryptionKeyPresent: false }),
    ]);
    expect(keys(findings)).toEqual(['key-unknown', 'no-key']);
  });
});

describe('devices not seen for 30 days', () => {
  test('last contact strictly before now - 30 days, or never seen and registered before it', () => {
    const findings = ask(id('DEVICES_NOT_SEEN_30_DAYS'), [
      device('stale', { lastSeenOn: NOW - 31 * DAY_MS }),
      device('boundary', { lastSeenOn: NOW - 30 * DAY_MS }),
      device('recent', { lastSeenOn: NOW - 29 * DAY_MS }),
      device('never-old', { lastSeenOn: null, createdOn: NOW - 40 * DAY_MS }),
      device('never-new', { lastSeenOn: null, createdOn: NOW - 10 * DAY_MS }),
      device('never-no-date', { lastSeenOn: undefined, createdOn: undefined }),
    ]);
    expect(keys(findings)).toEqual(['never-old', 'stale']);
    expect(Object.fromEntries(findings.map((f) => [f.entity._key, f.detail]))).toEqual({
      'never-old': 'Never contacted, registered more than 30 days ago',
      stale: 'Last contact more than 30 days ago',
    });
  });

  test('"now" comes from the context', () => {
    const entities = [device('d', { lastSeenOn: NOW - 10 * DAY_MS })];
    expect(ask(id('DEVICES_NOT_SEEN_30_DAYS'), entities)).toEqual([]);
    expect(keys(ask(id('DEVICES_NOT_SEEN_30_DAYS'), entities, [], NOW + 25 * DAY_MS))).toEqual([
      'd',
    ]);
  });
});

describe('devices without an owner', () => {
  test('no user HAS device relationship to a user in the graph', () => {
    const owner = user('owner');
    const org = account('org');
    const owned = device('owned');
    const ownedReversed = device('owned-reversed');
    const boundOnly = device('bound-only');
    const ownerGone = device('owner-gone');
    const nothing = device('nothing');
    const findings = ask(
      id('DEVICES_WITHOUT_OWNER'),
      [owner, org, owned, ownedReversed, boundOnly, ownerGone, nothing],
      [
        relate(owner, 'HAS', owned),
        // J1QL traverses relationships in both directions.
        relate(ownedReversed, 'HAS', owner),
        relate(owner, 'ASSIGNED', boundOnly, { sudo: false, direct: true }),
        relate(
          { _key: 'deleted-user', _type: Entities.USER._type } as GraphEntity,
          'HAS',
          ownerGone,
        ),
        relate(org, 'HAS', nothing),
      ],
    );
    expect(keys(findings)).toEqual(['bound-only', 'nothing', 'owner-gone']);
  });
});

describe('devices whose owner is suspended', () => {
  test('the owner (HAS), not a bound user, must be suspended', () => {
    const suspended = user('suspended', { state: 'suspended', email: 'gone@example.com' });
    const active = user('active', { state: 'activated' });
    const ofSuspended = device('of-suspended');
    const ofActive = device('of-active');
    const boundToSuspended = device('bound-to-suspended');
    const noOwner = device('no-owner');
    const findings = ask(
      id('DEVICES_OWNED_BY_SUSPENDED_USERS'),
      [suspended, active, ofSuspended, ofActive, boundToSuspended, noOwner],
      [
        relate(suspended, 'HAS', ofSuspended),
        relate(active, 'HAS', ofActive),
        relate(active, 'HAS', boundToSuspended),
        relate(suspended, 'ASSIGNED', boundToSuspended, { sudo: false, direct: true }),
      ],
    );
    expect(keys(findings)).toEqual(['of-suspended']);
    expect(findings[0].detail).toBe('u.username: suspended; u.email: gone@example.com');
  });
});

describe('Apple MDM DEP token or APNs certificate', () => {
  test('token not valid OR certificate expiring within 30 days (or expired)', () => {
    const findings = ask(id('APPLE_MDM_CERTIFICATES'), [
      appleMdm('healthy', { depServerTokenState: 'valid', apnsCertExpiresOn: NOW + 60 * DAY_MS }),
      appleMdm('expiring', { depServerTokenState: 'valid', apnsCertExpiresOn: NOW + 10 * DAY_MS }),
      appleMdm('expired-cert', { depServerTokenState: 'valid', apnsCertExpiresOn: NOW - DAY_MS }),
      appleMdm('expired-token', {
        depServerTokenState: 'expired',
        apnsCertExpiresOn: NOW + 60 * DAY_MS,
      }),
      appleMdm('missing-token', { depServerTokenState: 'missing' }),
      appleMdm('no-state', { depServerTokenState: undefined }),
      appleMdm('no-cert-date', { depServerTokenState: 'valid', apnsCertExpiresOn: undefined }),
      appleMdm('boundary', { depServerTokenState: 'valid', apnsCertExpiresOn: NOW + 30 * DAY_MS }),
    ]);
    expect(keys(findings)).toEqual([
      'expired-cert',
      'expired-token',
      'expiring',
      'missing-token',
      'no-state',
    ]);
    const details = Object.fromEntries(findings.map((f) => [f.entity._key, f.detail]));
    expect(details['expired-cert']).toBe('APNs certificate expiring within 30 days');
    expect(details.expiring).toBe('APNs certificate expiring within 30 days');
    expect(details['expired-token']).toBe('DEP server token not valid');
  });
});

describe('applications whose IdP certificate expires within 30 days', () => {
  test('expiring or expired, never a missing date', () => {
    const findings = ask(id('APPLICATION_IDP_CERTIFICATES_EXPIRING'), [
      application('soon', { idpCertExpiresOn: NOW + 10 * DAY_MS }),
      application('expired', { idpCertExpiresOn: NOW - 10 * DAY_MS }),
      application('later', { idpCertExpiresOn: NOW + 31 * DAY_MS }),
      application('unknown', { idpCertExpiresOn: undefined }),
    ]);
    expect(keys(findings)).toEqual(['expired', 'soon']);
  });
});

describe('groups without members', () => {
  test('no HAS relationship to a user in the graph', () => {
    const member = user('member');
    const app = application('app');
    const withMember = group('with-member');
    const empty = group('empty');
    const memberGone = group('member-gone');
    const appOnly = group('app-only');
    const findings = ask(
      id('GROUPS_WITHOUT_MEMBERS'),
      [member, app, withMember, empty, memberGone, appOnly],
      [
        relate(withMember, 'HAS', member),
        relate(memberGone, 'HAS', { _key: 'deleted', _type: Entities.USER._type }),
        relate(appOnly, 'ASSIGNED', app),
      ],
    );
    expect(keys(findings)).toEqual(['app-only', 'empty', 'member-gone']);
  });
});

describe('devices allowing SSH root login or password authentication', () => {
  test('either setting (OR)', () => {
    const findings = ask(id('DEVICES_SSH_ROOT_OR_PASSWORD_LOGIN'), [
      device('root', { isSshRootLoginEnabled: true }),
      device('password', { isSshPasswordAuthenticationEnabled: true }),
      device('both', { isSshRootLoginEnabled: true, isSshPasswordAuthenticationEnabled: true }),
      device('hardened'),
    ]);
    expect(keys(findings)).toEqual(['both', 'password', 'root']);
    // One query without RETURN: the row says nothing more than the question.
    expect(findings.find((f) => f.entity._key === 'both')?.detail).toBeUndefined();
  });
});

describe('locked users', () => {
  test('accountLocked = true only', () => {
    const findings = ask(id('LOCKED_USERS'), [
      user('locked', { accountLocked: true }),
      user('open', { accountLocked: false }),
      user('unknown', { accountLocked: undefined }),
    ]);
    expect(keys(findings)).toEqual(['locked']);
  });
});

describe('devices marked lost or retired that are still active', () => {
  test('an out-of-service asset whose system is connected or seen within 30 days', () => {
    const lostConnected = device('lost-connected', { active: true, lastSeenOn: NOW - 90 * DAY_MS });
    const retiredSeen = device('retired-seen', { active: false, lastSeenOn: NOW - 2 * DAY_MS });
    const disposedStale = device('disposed-stale', {
      active: false,
      lastSeenOn: NOW - 45 * DAY_MS,
    });
    const deployedActive = device('deployed-active', { active: true });
    const noAsset = device('no-asset', { active: true });
    const assets = [
      assetDevice('a-lost', { status: 'lost/stolen', assetStatus: 'Stolen' }),
      assetDevice('a-retired', { status: 'decommissioned', assetStatus: 'Retired' }),
      assetDevice('a-disposed', { status: 'disposed', assetStatus: 'Disposed' }),
      assetDevice('a-deployed', { status: 'deployed' }),
    ];
    const findings = ask(
      id('LOST_OR_RETIRED_DEVICES_STILL_ACTIVE'),
      [lostConnected, retiredSeen, disposedStale, deployedActive, noAsset, ...assets],
      [
        relate(lostConnected, 'IS', assets[0]),
        relate(retiredSeen, 'IS', assets[1]),
        relate(disposedStale, 'IS', assets[2]),
        relate(deployedActive, 'IS', assets[3]),
      ],
    );
    expect(keys(findings)).toEqual(['lost-connected', 'retired-seen']);
    expect(findings.find((f) => f.entity._key === 'lost-connected')?.detail).toBe(
      'a.assetStatus: Stolen',
    );
    expect(findings.find((f) => f.entity._key === 'retired-seen')?.detail).toBe(
      'a.assetStatus: Retired',
    );
  });
});

describe('device warranties expiring within 90 days', () => {
  test('after now and before now + 90 days; expired and missing warranties are left out', () => {
    const findings = ask(id('DEVICE_WARRANTY_EXPIRING'), [
      assetDevice('soon', { warrantyExpiresOn: NOW + 45 * DAY_MS }),
      assetDevice('edge', { warrantyExpiresOn: NOW + 90 * DAY_MS }),
      assetDevice('later', { warrantyExpiresOn: NOW + 200 * DAY_MS }),
      assetDevice('expired', { warrantyExpiresOn: NOW - DAY_MS }),
      assetDevice('unknown', { warrantyExpiresOn: undefined }),
      assetDevice('unmanaged-soon', { managed: false, warrantyExpiresOn: NOW + DAY_MS }),
      device('system', { warrantyExpiresOn: NOW + DAY_MS }),
    ]);
    expect(keys(findings)).toEqual(['soon', 'unmanaged-soon']);
    expect(findings.find((f) => f.entity._key === 'soon')?.detail).toBeUndefined();
  });
});

describe('devices whose asset owner is not their primary user', () => {
  test('a user owner that differs, or a system without a primary user', () => {
    const alice = user('alice');
    const bob = user('bob');
    const same = device('same', { primaryUserId: 'alice' });
    const differs = device('differs', { primaryUserId: 'alice' });
    const noPrimary = device('no-primary', { primaryUserId: undefined });
    const groupOwner = device('group-owner', { primaryUserId: 'alice' });
    const noOwner = device('no-owner', { primaryUserId: 'alice' });
    const owned = (key: string, ownerId?: string, ownerType = 'user') =>
      assetDevice(key, {
        ownerId,
        ownerType: ownerId ? ownerType : undefined,
        owner: ownerId ? `${ownerId}@example.com` : undefined,
      });
    const assets = [
      owned('a-same', 'alice'),
      owned('a-differs', 'bob'),
      owned('a-no-primary', 'bob'),
      owned('a-group', 'team', 'user_group'),
      owned('a-none'),
    ];
    const findings = ask(
      id('DEVICE_ASSET_OWNER_DIFFERS'),
      [alice, bob, same, differs, noPrimary, groupOwner, noOwner, ...assets],
      [
        relate(alice, 'HAS', same),
        relate(alice, 'HAS', differs),
        relate(alice, 'HAS', groupOwner),
        relate(alice, 'HAS', noOwner),
        relate(same, 'IS', assets[0]),
        relate(differs, 'IS', assets[1]),
        relate(noPrimary, 'IS', assets[2]),
        relate(groupOwner, 'IS', assets[3]),
        relate(noOwner, 'IS', assets[4]),
      ],
    );
    expect(keys(findings)).toEqual(['differs', 'no-primary']);
    expect(findings.find((f) => f.entity._key === 'differs')?.detail).toBe(
      'a.owner: bob@example.com',
    );
    expect(findings.find((f) => f.entity._key === 'no-primary')?.detail).toBe(
      'a.owner: bob@example.com',
    );
  });
});
