import { createHash } from 'crypto';

import {
  Entity,
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { getCurrentClient, resetClient } from '../../jumpcloud';
import { buildStepTestConfigForStep, RECORDING_SIMULATORS } from '../../../test/config';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { generateDirectory } from '../../../simulator/directory/generate';
import { secretValues } from '../../../simulator/directory/expected';
import { orgPosture } from '../../../simulator/posture/generate';
import type { SimulatorOptions } from '../../../simulator';
import { Entities, Relationships, Steps } from '../constants';
import { fetchDevices } from '../devices';
import { fetchLocalAccounts, LOCAL_ACCOUNT_TYPES } from '.';
import {
  featureStepContext,
  outcomeOf,
  SMALL_SYSTEMS_ORG,
  withFeatureSimulator,
} from '../../../test/optional-feature';

/** The simulator behind the recordings: the ground truth, computed, not recorded. */
const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];
const posture = orgPosture(org);

function fingerprint(blob: string): string {
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

function ofType<T extends Entity | Relationship>(objects: T[], _type: string): T[] {
  return objects.filter((object) => object._type === _type);
}

describe(Steps.LOCAL_ACCOUNTS.id, () => {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });

  test('every login account, its admin right, its JumpCloud user and its keys', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: 'fetch-local-accounts' });
    const result = await executeStepWithDependencies(
      buildStepTestConfigForStep(Steps.LOCAL_ACCOUNTS.id),
    );
    const entities = result.collectedEntities;
    const relationships = result.collectedRelationships;

    // Bulk only: each table once for this org (fewer than 10,000 rows), nothing per system.
    const requests = getCurrentClient()!.stats.byEndpoint;
    for (const table of ['users', 'user_groups', 'authorized_keys']) {
      expect([table, requests[`GET /api/v2/systeminsights/${table}`]]).toEqual([table, 1]);
    }

    // Every login account of the simulator, and nothing else: system and service accounts
    // are skipped, root with an authorized key is kept.
    const accounts = ofType(entities, Entities.LOCAL_ACCOUNT._type);
    const expected = posture.accounts.filter((a) => a.interactive);
    expect(accounts.map((a) => a._key).sort()).toEqual(
      expected.map((a) => `jumpcloud_local_account:${a.systemId}:${a.uid}`).sort(),
    );
    expect(posture.accounts.some((a) => !a.interactive)).toBe(true);
    expect(expected.some((a) => a.uid === '0')).toBe(true);

    // Every row's effect: username, admin (also from user_groups for older agents), last
    // login, suspension, and the USES edge with the same admin flag.
    const byKey = new Map(accounts.map((a) => [a._key, a]));
    const uses = new Map(
      ofType(relationships, Relationships.LOCAL_ACCOUNT_USES_DEVICE._type).map((r) => [
        String(r._fromEntityKey),
        r,
      ]),
    );
    for (const truth of expected) {
      const key = `jumpcloud_local_account:${truth.systemId}:${truth.uid}`;
      const account = byKey.get(key)!;
      expect([key, account.username, account.admin, account.lastLoginOn ?? null]).toEqual([
        key,
        truth.username,
        truth.admin,
        truth.lastLoginMs,
      ]);
      expect(uses.get(key)).toMatchObject({ _toEntityKey: truth.systemId, admin: truth.admin });
      expect(account).toMatchGraphObjectSchema({
        _class: Entities.LOCAL_ACCOUNT._class,
        schema: Entities.LOCAL_ACCOUNT.schema,
      });
    }
    expect(uses.size).toBe(expected.length);

    // IS edges: exactly the accounts JumpCloud manages (a bound user, same local name); an
    // account named like an unbound user is not linked.
    const isEdges = ofType(relationships, Relationships.USER_IS_LOCAL_ACCOUNT._type)
      .map((r) => `${r._fromEntityKey} ${r._toEntityKey}`)
      .sort();
    expect(isEdges).toEqual(
      expected
        .filter((a) => a.jumpcloudUserId)
        .map((a) => `${a.jumpcloudUserId} jumpcloud_local_account:${a.systemId}:${a.uid}`)
        .sort(),
    );
    expect(
      expected.some(
        (a) => !a.jumpcloudUserId && org.users.some((u) => u.systemUsername === a.username),
      ),
    ).toBe(true);

    // Keys: one entity per fingerprint, one HAS edge per (account, key), shared keys on many.
    const keyEdges = ofType(relationships, Relationships.LOCAL_ACCOUNT_HAS_SSH_KEY._type)
      .map((r) => `${r._fromEntityKey} ${String(r._toEntityKey).split(':').slice(2).join(':')}`)
      .sort();
    expect(keyEdges).toEqual(
      [
        ...new Set(
          posture.keys.map(
            (k) => `jumpcloud_local_account:${k.systemId}:${k.uid} ${fingerprint(k.blob)}`,
          ),
        ),
      ].sort(),
    );
    const keys = ofType(entities, Entities.SSH_KEY._type);
    expect(keys.map((k) => k.fingerprint).sort()).toEqual(
      [...new Set(posture.keys.map((k) => fingerprint(k.blob)))].sort(),
    );
    for (const key of keys) {
      const truth = posture.keys.find((k) => fingerprint(k.blob) === key.fingerprint)!;
      const systems = new Set(
        posture.keys.filter((k) => fingerprint(k.blob) === key.fingerprint).map((k) => k.systemId),
      );
      // JumpCloud's rows carry no comment: the key is named by its fingerprint.
      expect([key.algorithm, key.comment, key.name, key.deviceCount]).toEqual([
        truth.algorithm,
        undefined,
        key.fingerprint,
        systems.size,
      ]);
    }

    // Never key material, in properties or raw data.
    const serialized = JSON.stringify([entities, relationships]);
    for (const blob of new Set(posture.keys.map((k) => k.blob))) {
      expect(serialized.includes(blob)).toBe(false);
    }
    for (const secret of secretValues(org)) expect(serialized.includes(secret)).toBe(false);

    expect({
      ...result,
      collectedEntities: entities.filter((e) =>
        [Entities.LOCAL_ACCOUNT._type, Entities.SSH_KEY._type].includes(e._type),
      ),
      collectedRelationships: relationships.filter((r) => LOCAL_ACCOUNT_TYPES.includes(r._type)),
    }).toMatchStepMetadata(buildStepTestConfigForStep(Steps.LOCAL_ACCOUNTS.id));
  });
});

describe(`${Steps.LOCAL_ACCOUNTS.id} without System Insights`, () => {
  async function run(systemInsights: SimulatorOptions['systemInsights']) {
    return withFeatureSimulator({ ...SMALL_SYSTEMS_ORG, systemInsights }, async (simulator) => {
      const { context, warn } = featureStepContext(simulator);
      await fetchDevices(context);
      const outcome = await outcomeOf(fetchLocalAccounts(context));
      return { simulator, context, warn, outcome, stats: simulator.stats() };
    });
  }

  test('an organization without System Insights (404): one warning in the run, nothing partial', async () => {
    const { warn, outcome, context, stats } = await run('off');
    expect(outcome).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({ name: IntegrationWarnEventName.MissingEntity });
    // The devices step found out with system_info; this step asked nothing more.
    expect(stats.requests.byStatus['404']).toBe(1);
    expect(
      context.jobState.collectedEntities.filter((e) => e._type === Entities.LOCAL_ACCOUNT._type),
    ).toEqual([]);
  });

  test('a key that may not read System Insights (403): one warning, the step fails with its types partial', async () => {
    const { warn, outcome } = await run('forbidden');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(outcome).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect((outcome as IntegrationProviderAuthorizationError).message).toContain(
      Entities.LOCAL_ACCOUNT._type,
    );
  });
});
