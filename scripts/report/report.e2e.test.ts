/**
 * The acceptance test: collect a demo organization from the simulator with the whole
 * integration, writing the graph to disk as `npm start` does, answer every question from that
 * directory, and compare each answer with the set computed straight from the simulator's
 * generated records (never from the graph).
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import { FileSystemGraphObjectStore } from '@jupiterone/integration-sdk-runtime';

import { runIntegration } from '../lib/run-integration';
import {
  EPOCH_MS,
  expectedUserApplicationAccess,
  orgAssets,
  expectedUserSystemAccess,
  orgPosture,
  installedSoftware,
  RunningSimulator,
  SimulatedOrg,
  startSimulator,
} from '../../simulator';
import { runReport } from './cli';
import { loadGraph } from './graph';
import { answerQuestions, loadQuestionDefinitions, QuestionIds } from './questions';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The simulator dates everything relative to its epoch; "now" is ten days after it. */
const NOW = EPOCH_MS + 10 * DAY_MS;
const SIZES = { users: 60, groups: 8, apps: 8, systems: 40, systemGroups: 4, appleDevices: 8 };

type Expectation = (org: SimulatedOrg) => string[];

const ids = <T extends { id: string }>(records: T[]): string[] => records.map((r) => r.id);
const time = (iso: string | null | undefined): number | undefined =>
  iso ? Date.parse(iso) : undefined;

/** The name of a reference value of an asset field (Status, Owner, ...), and its id. */
function referenceOf(
  fields: Record<string, { value: unknown }>,
  label: string,
): { id: string; name: string; type: string } | undefined {
  const value = fields[label]?.value;
  return value && typeof value === 'object' && 'type' in value
    ? (value as { id: string; name: string; type: string })
    : undefined;
}

/** The simulator's Status options that mean lost, stolen, retired or disposed of. */
const OUT_OF_SERVICE_OPTIONS = new Set(['Lost', 'Stolen', 'Retired', 'Disposed']);

/**
 * What each question must return, from the API records as the simulator generated them and the
 * data model's definitions (DATA-MODEL.md): `mfaEnabled` = totp_enabled or an ENROLLED MFA
 * enrolment, `encrypted` = fde.active, `isEncryptionKeyPresent` = fde.keyPresent, owner =
 * primarySystemUser, per-system sudo = any binding route granting sudo.
 */
const EXPECTED: Record<string, Expectation> = {
  [QuestionIds.USERS_WITHOUT_MFA]: (org) =>
    ids(
      org.users.filter(
        (u) =>
          !(u.totp_enabled === true || u.mfaEnrollment?.overallStatus === 'ENROLLED') &&
          u.mfa?.exclusion !== true,
      ),
    ),
  [QuestionIds.MFA_EXCLUSIONS_WITHOUT_END]: (org) =>
    ids(org.users.filter((u) => u.mfa?.exclusion === true && !u.mfa.exclusionUntil)),
  [QuestionIds.INACTIVE_USERS_ASSIGNED_APPLICATIONS]: (org) => {
    const withApplications = new Set(expectedUserApplicationAccess(org).map((a) => a.userId));
    return ids(
      org.users.filter(
        (u) => (u.state === 'SUSPENDED' || u.state === 'STAGED') && withApplications.has(u.id),
      ),
    );
  },
  [QuestionIds.USERS_WITH_SUDO]: (org) => {
    const sudoOnASystem = new Set(
      expectedUserSystemAccess(org)
        .filter((a) => a.sudo)
        .map((a) => a.userId),
    );
    return ids(org.users.filter((u) => u.sudo === true || sudoOnASystem.has(u.id)));
  },
  [QuestionIds.DEVICES_WITHOUT_ENCRYPTION]: (org) =>
    ids(org.systems.filter((s) => s.fde?.active !== true)),
  [QuestionIds.ENCRYPTED_DEVICES_WITHOUT_RECOVERY_KEY]: (org) =>
    ids(org.systems.filter((s) => s.fde?.active === true && s.fde.keyPresent !== true)),
  [QuestionIds.DEVICES_NOT_SEEN_30_DAYS]: (org) =>
    ids(
      org.systems.filter((s) => {
        const lastContact = time(s.lastContact);
        const cutoff = NOW - 30 * DAY_MS;
        return lastContact !== undefined ? lastContact < cutoff : Date.parse(s.created) < cutoff;
      }),
    ),
  [QuestionIds.DEVICES_WITHOUT_OWNER]: (org) => {
    const userIds = new Set(ids(org.users));
    return ids(org.systems.filter((s) => !userIds.has(s.primarySystemUser?.id ?? '')));
  },
  [QuestionIds.DEVICES_OWNED_BY_SUSPENDED_USERS]: (org) => {
    const suspended = new Set(ids(org.users.filter((u) => u.state === 'SUSPENDED')));
    return ids(org.systems.filter((s) => suspended.has(s.primarySystemUser?.id ?? '')));
  },
  [QuestionIds.APPLE_MDM_CERTIFICATES]: (org) =>
    org.appleMdm &&
    (org.appleMdm.depServerTokenState !== 'valid' ||
      Date.parse(org.appleMdm.apnsCertExpiry) < NOW + 30 * DAY_MS)
      ? [org.appleMdm.id]
      : [],
  [QuestionIds.APPLICATION_IDP_CERTIFICATES_EXPIRING]: (org) =>
    ids(
      org.applications.filter((a) => {
        const expires = time(a.sso?.idpCertExpirationAt);
        return expires !== undefined && expires < NOW + 30 * DAY_MS;
      }),
    ),
  [QuestionIds.GROUPS_WITHOUT_MEMBERS]: (org) => {
    const withMembers = new Set(org.links.userGroupMembers.map((m) => m.userGroupId));
    return ids(org.userGroups.filter((g) => !withMembers.has(g.id)));
  },
  [QuestionIds.DEVICES_SSH_ROOT_OR_PASSWORD_LOGIN]: (org) =>
    ids(
      org.systems.filter(
        (s) => s.allowSshRootLogin === true || s.allowSshPasswordAuthentication === true,
      ),
    ),
  [QuestionIds.LOCKED_USERS]: (org) => ids(org.users.filter((u) => u.account_locked === true)),
  [QuestionIds.LOST_OR_RETIRED_DEVICES_STILL_ACTIVE]: (org) => {
    const outOfService = new Set(
      orgAssets(org)
        .devices.filter((d) =>
          OUT_OF_SERVICE_OPTIONS.has(referenceOf(d.fields, 'Status')?.name ?? ''),
        )
        .map((d) => d.jcSystemId),
    );
    return ids(
      org.systems.filter(
        (s) =>
          outOfService.has(s.id) && (s.active || (time(s.lastContact) ?? 0) > NOW - 30 * DAY_MS),
      ),
    );
  },
  [QuestionIds.DEVICE_WARRANTY_EXPIRING]: (org) =>
    ids(
      orgAssets(org).devices.filter((d) => {
        const value = d.fields['Warranty Expiry Date']?.value;
        const expires = typeof value === 'string' ? Date.parse(`${value}T00:00:00Z`) : NaN;
        return expires > NOW && expires < NOW + 90 * DAY_MS;
      }),
    ),
  // Endpoint posture, from the simulator's System Insights rows (simulator/posture.ts).
  [QuestionIds.UNMANAGED_LOCAL_ADMINISTRATORS]: (org) => {
    const posture = orgPosture(org);
    const suspended = new Set(
      posture.users.filter((u) => u.suspended === true).map((u) => `${u.system_id}:${u.uid}`),
    );
    return posture.accounts
      .filter((a) => a.interactive && a.admin && !a.jumpcloudUserId)
      .filter((a) => !suspended.has(`${a.systemId}:${a.uid}`))
      .map((a) => `jumpcloud_local_account:${a.systemId}:${a.uid}`);
  },
  [QuestionIds.DEVICES_UNENCRYPTED_VOLUME]: (org) => [
    ...new Set(
      orgPosture(org)
        .volumes.filter((v) => v.encrypted === false)
        .map((v) => v.systemId),
    ),
  ],
  [QuestionIds.DEVICES_FIREWALL_OFF]: (org) =>
    [...orgPosture(org).firewall].filter(([, on]) => !on).map(([id]) => id),
  [QuestionIds.SSH_KEY_ON_MANY_DEVICES]: (org) => {
    const systems = new Map<string, Set<string>>();
    for (const key of orgPosture(org).keys) {
      const id = `SHA256:${createHash('sha256').update(Buffer.from(key.blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
      systems.set(id, (systems.get(id) ?? new Set()).add(key.systemId));
    }
    return [...systems]
      .filter(([, on]) => on.size > 5)
      .map(([id]) => `jumpcloud_ssh_key:${org.id}:${id}`);
  },
  [QuestionIds.STALE_LOCAL_ACCOUNTS]: (org) =>
    orgPosture(org)
      .accounts.filter(
        (a) => a.interactive && a.lastLoginMs !== null && a.lastLoginMs < NOW - 90 * DAY_MS,
      )
      .map((a) => `jumpcloud_local_account:${a.systemId}:${a.uid}`),
  [QuestionIds.DEVICES_RUNNING_APPLICATION_BELOW_VERSION]: (org) => [
    ...new Set(
      installedSoftware(org)
        .filter((s) => s.name === 'Google Chrome' && Number(s.version.split('.')[0]) < 131)
        .map((s) => s.systemId),
    ),
  ],
  [QuestionIds.DEVICE_ASSET_OWNER_DIFFERS]: (org) => {
    const ownerBySystem = new Map(
      orgAssets(org).devices.flatMap((d) => {
        const owner = referenceOf(d.fields, 'Owner');
        return d.jcSystemId && owner?.type === 'user' ? [[d.jcSystemId, owner.id] as const] : [];
      }),
    );
    return ids(
      org.systems.filter(
        (s) => ownerBySystem.has(s.id) && ownerBySystem.get(s.id) !== s.primarySystemUser?.id,
      ),
    );
  },
};

describe('the report on a demo organization collected from the simulator', () => {
  let simulator: RunningSimulator;
  let storage: string;

  beforeAll(async () => {
    storage = await fs.mkdtemp(path.join(os.tmpdir(), 'report-e2e-'));
    simulator = await startSimulator({ seed: 3, orgs: 2, ...SIZES, quiet: true });
    const run = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      storageDirectory: storage,
      // The store `j1-integration collect` uses: graph files under <storage>/graph/<stepId>/.
      graphObjectStore: new FileSystemGraphObjectStore(),
    });
    expect(run.stepResults.map((s) => [s.id, s.status])).toEqual(
      run.stepResults.map((s) => [s.id, 'success']),
    );
  });

  afterAll(async () => {
    await simulator?.stop();
    if (storage) await fs.rm(storage, { recursive: true, force: true });
  });

  test('each question returns exactly the expected entities', async () => {
    const graph = await loadGraph(path.join(storage, 'graph'));
    const answers = answerQuestions(graph, loadQuestionDefinitions(), { now: NOW });
    expect(answers.map((a) => a.question.id).sort()).toEqual(Object.keys(EXPECTED).sort());

    for (const answer of answers) {
      const expected = simulator.data.orgs.flatMap(EXPECTED[answer.question.id]).sort();
      const actual = answer.findings.map((f) => f.entity._key).sort();
      expect([answer.question.id, actual]).toEqual([answer.question.id, expected]);
      // Every question has something to show on the demo organization.
      expect([answer.question.id, actual.length > 0]).toEqual([answer.question.id, true]);
      for (const finding of answer.findings) {
        if (answer.question.id === QuestionIds.SSH_KEY_ON_MANY_DEVICES) continue; // no console page
        expect(finding.entity.webLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\//);
      }
    }
  });

  test('npm run report writes both pages from the collected directory', async () => {
    const out = path.join(storage, 'out');
    const result = await runReport({
      graph: storage,
      out,
      now: NOW,
      questionsFile: path.resolve(__dirname, '../../jupiterone/questions/questions.yaml'),
    });
    const html = await fs.readFile(result.htmlFile, 'utf8');
    const markdown = await fs.readFile(result.markdownFile, 'utf8');
    for (const section of result.report.sections) {
      expect(html).toContain(`data-question-id="${section.id}" data-count="${section.count}"`);
      // SSH keys have no page of their own in the Admin Console.
      if (section.id === QuestionIds.SSH_KEY_ON_MANY_DEVICES) continue;
      expect(section.rows.every((row) => row.webLink?.startsWith(simulator.url))).toBe(true);
    }
    expect(result.report.organizations).toHaveLength(2);
    expect(result.report.showOrganization).toBe(true);
    expect(markdown).toContain(`](<${simulator.url}/#/`);
  });
});
