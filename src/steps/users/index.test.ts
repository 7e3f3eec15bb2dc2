import { getRawData } from '@jupiterone/integration-sdk-core';
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import {
  buildStepTestConfigForStep,
  multiTenantConfig,
  RECORDING_SIMULATORS,
} from '../../../test/config';
import { generateDirectory } from '../../../simulator/directory/generate';
import { Recording, setupJumpCloudRecording } from '../../../test/recording';
import { JumpCloudClient, JumpCloudUser, resetClient } from '../../jumpcloud';
import { Entities, Relationships, Steps } from '../constants';

let recording: Recording;

afterEach(async () => {
  await recording.stop();
  jest.restoreAllMocks();
  resetClient();
});

describe(Steps.USERS.id, () => {
  test('collects every user of the organization, hung off its account', async () => {
    recording = setupJumpCloudRecording({ directory: __dirname, name: Steps.USERS.id });
    const stepConfig = buildStepTestConfigForStep(Steps.USERS.id);
    // Keep the records as the API sent them, to look for their secrets and PII in the output.
    const received: JumpCloudUser[] = [];
    const iterateUsers = JumpCloudClient.prototype.iterateUsers;
    jest.spyOn(JumpCloudClient.prototype, 'iterateUsers').mockImplementation(function (
      this: JumpCloudClient,
      orgId,
      iteratee,
    ) {
      return iterateUsers.call(this, orgId, (user) => {
        received.push(user);
        return iteratee(user);
      });
    });

    const result = await executeStepWithDependencies(stepConfig);

    const users = result.collectedEntities.filter((e) => e._type === Entities.USER._type);
    expect(users.length).toBeGreaterThan(0);

    // Every user hangs off the one account (keyed by the organization id), once.
    const accountEdges = result.collectedRelationships.filter(
      (r) => r._type === Relationships.ACCOUNT_HAS_USER._type,
    );
    expect(accountEdges).toHaveLength(users.length);
    expect(new Set(accountEdges.map((r) => r._toEntityKey))).toEqual(
      new Set(users.map((u) => u._key)),
    );
    const accountKeys = new Set(accountEdges.map((r) => r._fromEntityKey));
    expect(accountKeys.size).toBe(1);
    const [orgId] = accountKeys;

    for (const user of users) {
      expect(user.orgId).toBe(orgId);
      expect(user.name).toEqual(expect.any(String));
      expect(user.name).not.toMatch(/undefined|null/);
      // As the simulator's record gives them: a user without `mfa` has neither (absent, not false).
      const served = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0].users.find(
        (u) => (u.id ?? u._id) === user._key,
      );
      expect(served).toBeDefined();
      expect(user.mfaConfigured).toBe(served?.mfa?.configured ?? undefined);
      expect(user.mfaExclusion).toBe(served?.mfa?.exclusion ?? undefined);
      expect(user.webLink).toBe(`${stepConfig.instanceConfig.baseUrl}/#/users/${user.id}/details`);
      const rawData = getRawData(user) as Record<string, unknown>;
      for (const field of [
        'ssh_keys',
        'public_key',
        'addresses',
        'phoneNumbers',
        'recoveryEmail',
      ]) {
        expect(rawData).not.toHaveProperty(field);
      }
    }

    // Every user against the simulator's data, not a sample.
    const org = generateDirectory(RECORDING_SIMULATORS.singleTenant).orgs[0];
    expect(
      Object.fromEntries(
        users.map((u) => [u._key, [u.suspended, u.active, u.state, u.username, u.email ?? null]]),
      ),
    ).toEqual(
      Object.fromEntries(
        org.users.map((u) => [
          u.id,
          [
            u.suspended === true || u.state === 'SUSPENDED',
            u.state === 'ACTIVATED',
            u.state.toLowerCase(),
            u.username,
            u.email || null,
          ],
        ]),
      ),
    );

    // The simulator's fixed edge cases reach the graph as expected.
    const states = new Set(users.map((u) => u.state));
    expect(states).toEqual(new Set(['activated', 'staged', 'suspended']));
    const staged = users.find((u) => u.state === 'staged');
    expect(staged).toMatchObject({ active: false, suspended: false });
    const suspended = users.find((u) => u.state === 'suspended');
    expect(suspended).toMatchObject({ active: false, suspended: true });
    // At least one user has no `mfa` object in the API, and gets no value for its flags.
    expect(
      users.some(
        (u) =>
          (getRawData(u) as Record<string, unknown>).mfa === undefined &&
          u.mfaConfigured === undefined &&
          u.mfaExclusion === undefined,
      ),
    ).toBe(true);
    expect(users.some((u) => u.mfaEnabled === true)).toBe(true);
    expect(users.some((u) => u.mfaEnabled === false)).toBe(true);
    // SSH keys and phone numbers were in the API records; none reaches the graph.
    const sshKeys = received.flatMap((user) => [
      ...((user.ssh_keys as Array<{ public_key: string }> | undefined) ?? []).map(
        (key) => key.public_key,
      ),
      ...(typeof user.public_key === 'string' && user.public_key ? [user.public_key] : []),
    ]);
    const phoneNumbers = received.flatMap((user) =>
      ((user.phoneNumbers as Array<{ number: string }> | undefined) ?? []).map((p) => p.number),
    );
    expect(sshKeys.length).toBeGreaterThan(0);
    expect(phoneNumbers.length).toBeGreaterThan(0);
    const serialized = JSON.stringify(result.collectedEntities);
    for (const value of [...sshKeys, ...phoneNumbers]) {
      expect(serialized).not.toContain(value);
    }

    expect({ ...result }).toMatchStepMetadata({ ...stepConfig });
  });

  test('multi-tenant key: each organization gets its own users', async () => {
    recording = setupJumpCloudRecording({
      directory: __dirname,
      name: `${Steps.USERS.id}-multi-tenant`,
    });
    const stepConfig = buildStepTestConfigForStep(Steps.USERS.id, multiTenantConfig);

    const result = await executeStepWithDependencies(stepConfig);

    const users = result.collectedEntities.filter((e) => e._type === Entities.USER._type);
    const accountOfUser = new Map(
      result.collectedRelationships
        .filter((r) => r._type === Relationships.ACCOUNT_HAS_USER._type)
        .map((r) => [r._toEntityKey, r._fromEntityKey]),
    );
    // Accounts are keyed by organization id.
    const orgIds = new Set(accountOfUser.values());
    expect(orgIds.size).toBe(2);

    for (const orgId of orgIds) {
      const own = users.filter((u) => u.orgId === orgId);
      expect(own.length).toBeGreaterThan(0);
      for (const user of own) {
        expect(accountOfUser.get(user._key)).toBe(orgId);
        // JumpCloud's own `organization` field agrees with the org we listed it in.
        expect((getRawData(user) as Record<string, unknown>).organization).toBe(orgId);
      }
    }
    expect(accountOfUser.size).toBe(users.length);

    expect({ ...result }).toMatchStepMetadata({ ...stepConfig });
  });
});
