import { JumpCloudAppleMdmDevice } from '../../jumpcloud/types';
import { runMemory } from '../shared/collected';
import { readList, replayList } from '../shared/read-list';
import { macFileVaultBySerial } from './read';

/** An MDM device record as `GET /api/v2/applemdms/{id}/devices` serves one (v2 spec fields). */
function device(fields: Partial<JumpCloudAppleMdmDevice>): JumpCloudAppleMdmDevice {
  return { id: `d-${fields.serialNumber}`, mdmOsFamily: 'macos', enrolled: true, ...fields };
}

function remember(devices: JumpCloudAppleMdmDevice[]): object {
  const run = {};
  runMemory(run).appleMdm = new Map([
    ['org', { mdms: { records: [] }, devices: new Map([['mdm', { records: devices }]]) }],
  ]);
  return run;
}

describe("Apple MDM's FileVault status by serial number", () => {
  test('an enrolled Mac with FileVault on or off: its status, by upper-case serial', () => {
    const run = remember([
      device({ serialNumber: 'c02aaa', securityInfo: { filevaultEnabled: true } }),
      device({ serialNumber: 'C02BBB', securityInfo: { filevaultEnabled: false } }),
    ]);
    expect([...macFileVaultBySerial(run)]).toEqual([
      ['C02AAA', true],
      ['C02BBB', false],
    ]);
  });

  test('no status from a Mac not enrolled, without security info, an iPhone, or records that disagree', () => {
    const run = remember([
      device({ serialNumber: 'C1', enrolled: false, securityInfo: { filevaultEnabled: true } }),
      device({ serialNumber: 'C2', securityInfo: {} }),
      device({ serialNumber: 'C3' }),
      device({
        serialNumber: 'F4',
        mdmOsFamily: 'ios',
        modelFamily: 'iPhone',
        securityInfo: { filevaultEnabled: false },
      }),
      device({ serialNumber: 'C5', securityInfo: { filevaultEnabled: true } }),
      device({ id: 'again', serialNumber: 'C5', securityInfo: { filevaultEnabled: false } }),
      device({ serialNumber: 'C6', enrolled: undefined, securityInfo: { filevaultEnabled: true } }),
    ]);
    expect([...macFileVaultBySerial(run)]).toEqual([]);
  });

  test('Apple MDM not read (source off, or a step run alone): no status', () => {
    expect(macFileVaultBySerial({}).size).toBe(0);
  });
});

describe('a list read by one step and written by another', () => {
  test('replayed: the same records in order, then the same error', async () => {
    const failure = new Error('503 after retries');
    const read = await readList<number>(async (iteratee) => {
      await iteratee(1);
      await iteratee(2);
      throw failure;
    });
    expect(read).toEqual({ records: [1, 2], error: failure });
    const seen: number[] = [];
    await expect(
      replayList(read, async (n) => {
        seen.push(n);
      }),
    ).rejects.toBe(failure);
    expect(seen).toEqual([1, 2]);
  });

  test('a list read whole replays without an error', async () => {
    const read = await readList<string>(async (iteratee) => {
      await iteratee('a');
    });
    expect('error' in read).toBe(false);
    const seen: string[] = [];
    await replayList(read, async (s) => {
      seen.push(s);
    });
    expect(seen).toEqual(['a']);
  });
});
