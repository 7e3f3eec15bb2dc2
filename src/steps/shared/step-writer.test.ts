import { Entity, IntegrationWarnEventName, JobState } from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { StepWriter, writeStep } from './step-writer';

const ORG = '5f0c8d1e2a3b4c5d6e7f8091';
const ID = 'abcdef0123456789abcdef01';
const entity = (key: string, _type = 'jumpcloud_command') =>
  ({ _key: key, _type, _class: ['Task'] }) as Entity;

/** A job state that knows the keys it holds and records what it was given. */
function jobStateHolding(held: Entity[] = []) {
  const keys = new Set(held.map((e) => e._key));
  const written: Entity[] = [];
  const jobState = {
    hasKey: (key: string) => keys.has(key),
    addEntities: async (entities: Entity[]) => {
      for (const e of entities) {
        if (keys.has(e._key)) throw new Error(`duplicate ${e._key}`);
        keys.add(e._key);
      }
      written.push(...entities);
    },
    addRelationships: async () => undefined,
  } as unknown as JobState;
  return { jobState, written };
}

function writerOn(held: Entity[] = []) {
  const { jobState, written } = jobStateHolding(held);
  const logger = createMockIntegrationLogger();
  const warn = jest.spyOn(logger, 'publishWarnEvent');
  return { writer: new StepWriter({ jobState, logger }), jobState, logger, warn, written };
}

const command = { what: 'command', id: ID, orgId: ORG };

describe('StepWriter', () => {
  test('a record listed twice is written once, without a warning', async () => {
    const { writer, warn, written } = writerOn();
    expect(await writer.addRecord(command, () => entity(ID))).toBeDefined();
    expect(await writer.addRecord(command, () => entity(ID))).toBeUndefined();
    expect(writer.isNewRecord(command, 'jumpcloud_command')).toBe(false);
    await writer.finish();
    expect(written.map((e) => e._key)).toEqual([ID]);
    expect(warn).not.toHaveBeenCalled();
  });

  test('an id an earlier step wrote as another type: warned by name, and finish fails', async () => {
    const { writer, warn, written } = writerOn([entity(ID, 'jumpcloud_user')]);
    expect(writer.isNewRecord(command, 'jumpcloud_command')).toBe(false);
    expect(await writer.addRecord(command, () => entity(ID))).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith({
      name: IntegrationWarnEventName.MissingEntity,
      description: expect.stringContaining(`JumpCloud command "${ID}" (organization ${ORG})`),
    });
    await expect(writer.finish()).rejects.toThrow(
      /2 command record\(s\) could not be ingested \("abcdef0123456789abcdef01", /,
    );
    expect(written).toEqual([]);
  });

  test('an id this step wrote as another type: the second record is skipped', async () => {
    const { writer, warn } = writerOn();
    await writer.addRecord({ what: 'IP list', id: ID, orgId: ORG }, () =>
      entity(ID, 'jumpcloud_ip_list'),
    );
    expect(await writer.addRecord(command, () => entity(ID))).toBeUndefined();
    expect(warn.mock.calls[0][0].description).toMatch(/another kind of JumpCloud object/);
    await expect(writer.finish()).rejects.toThrow(/1 command record\(s\)/);
  });

  test('kinds mixed in one step: the failure counts them all', async () => {
    const { writer } = writerOn();
    writer.skip(command, 'it has no id');
    writer.skip({ what: 'policy group', id: 'x', orgId: ORG }, 'it has no id');
    await expect(writer.finish()).rejects.toThrow(/2 JumpCloud record\(s\)/);
  });
});

describe('writeStep', () => {
  test('what was written reaches the job state also when the step fails', async () => {
    const { jobState, written } = jobStateHolding();
    const logger = createMockIntegrationLogger();
    await expect(
      writeStep({ jobState, logger }, async (writer) => {
        await writer.addRecord(command, () => entity(ID));
        throw new Error('list failed');
      }),
    ).rejects.toThrow('list failed');
    expect(written.map((e) => e._key)).toEqual([ID]);
  });

  test('a skipped record fails the step after everything else was written', async () => {
    const { jobState, written } = jobStateHolding();
    const logger = createMockIntegrationLogger();
    await expect(
      writeStep({ jobState, logger }, async (writer) => {
        writer.skip({ what: 'command', id: 'bad', orgId: ORG }, 'it has no id');
        await writer.addRecord(command, () => entity(ID));
      }),
    ).rejects.toMatchObject({ code: 'SKIPPED_INVALID_RECORDS' });
    expect(written.map((e) => e._key)).toEqual([ID]);
  });
});
