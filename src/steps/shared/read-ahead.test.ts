import { readAheadOr, startReadAhead } from './read-ahead';

/** A list of `n` numbered records handed over one by one, counting what was handed. */
function numbers(n: number, failAfter?: number) {
  const handed: number[] = [];
  const iterate = async (onRecord: (record: number) => Promise<void>) => {
    for (let i = 0; i < n; i++) {
      if (i === failAfter) throw new Error(`failed after ${i}`);
      handed.push(i);
      await onRecord(i);
    }
    return { count: n };
  };
  return { iterate, handed };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('read-ahead', () => {
  it('reads before it is taken, then hands every record in order', async () => {
    const run = {};
    const list = numbers(50);
    startReadAhead(run, 'list', list.iterate);
    await settle();
    // Read whole before the taker came.
    expect(list.handed).toHaveLength(50);
    const got: number[] = [];
    const direct = jest.fn();
    await readAheadOr(run, 'list', direct, async (record: number) => {
      got.push(record);
    });
    expect(got).toEqual([...Array(50).keys()]);
    expect(direct).not.toHaveBeenCalled();
  });

  it('hands records that arrive while it is being replayed', async () => {
    const run = {};
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    startReadAhead(run, 'list', async (onRecord: (record: number) => Promise<void>) => {
      await onRecord(0);
      await gate;
      await onRecord(1);
      await onRecord(2);
    });
    const got: number[] = [];
    const replay = readAheadOr(run, 'list', jest.fn(), async (record: number) => {
      got.push(record);
    });
    await settle();
    expect(got).toEqual([0]);
    release();
    await replay;
    expect(got).toEqual([0, 1, 2]);
  });

  it("hands the records read, then throws the list's error", async () => {
    const run = {};
    const list = numbers(10, 4);
    startReadAhead(run, 'list', list.iterate);
    await settle();
    const got: number[] = [];
    await expect(
      readAheadOr(run, 'list', jest.fn(), async (record: number) => {
        got.push(record);
      }),
    ).rejects.toThrow('failed after 4');
    expect(got).toEqual([0, 1, 2, 3]);
  });

  it('holds at most maxRecords until taken, then reads on', async () => {
    const run = {};
    const list = numbers(10);
    startReadAhead(run, 'list', list.iterate, 3);
    await settle();
    expect(list.handed).toEqual([0, 1, 2]);
    const got: number[] = [];
    await readAheadOr(run, 'list', jest.fn(), async (record: number) => {
      got.push(record);
    });
    expect(got).toEqual([...Array(10).keys()]);
  });

  it('reads directly when nothing was started, or once it was taken', async () => {
    const run = {};
    const list = numbers(3);
    startReadAhead(run, 'list', list.iterate);
    await readAheadOr(run, 'list', jest.fn(), async () => undefined);
    const direct = numbers(2);
    const got: number[] = [];
    await readAheadOr(run, 'list', direct.iterate, async (record: number) => {
      got.push(record);
    });
    expect(got).toEqual([0, 1]);
    // Started for another run: not this run's.
    const other = numbers(4);
    startReadAhead({}, 'list', numbers(9).iterate);
    const mine: number[] = [];
    await readAheadOr(run, 'list', other.iterate, async (record: number) => {
      mine.push(record);
    });
    expect(mine).toEqual([0, 1, 2, 3]);
  });
});
