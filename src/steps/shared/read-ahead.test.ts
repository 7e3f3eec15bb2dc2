import {
  openReadAheadQueue,
  queueReadAhead,
  ListsAfterFirst,
  readAheadOr,
  startReadAhead,
} from './read-ahead';

/** A list of `n` numbered records handed over one by one, counting what was handed. */
function numbers(n: number, failAfter?: number) {
  const handed: number[] = [];
  const iterate = async (onRecord: (record: number) => Promise<void> | void) => {
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
    startReadAhead(run, 'list', async (onRecord: (record: number) => Promise<void> | void) => {
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

  describe('queued', () => {
    /** A list of `n` records that stays open until `finish()`, recording when it started. */
    function held(n: number, log: string[], name: string) {
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const iterate = jest.fn(async (onRecord: (record: string) => Promise<void> | void) => {
        log.push(name);
        for (let i = 0; i < n; i++) await onRecord(`${name}${i}`);
        await finished;
      });
      return { iterate, finish };
    }

    const take = async (run: object, key: string, direct = jest.fn()) => {
      const got: string[] = [];
      await readAheadOr(run, key, direct, async (record: string) => {
        got.push(record);
      });
      return got;
    };

    it('requests nothing until the queue is opened; a list taken before reads itself', async () => {
      const run = {};
      const log: string[] = [];
      const a = held(2, log, 'a');
      a.finish();
      queueReadAhead(run, 'a', a.iterate);
      await settle();
      expect(a.iterate).not.toHaveBeenCalled();
      const direct = numbers(3);
      const got: number[] = [];
      await readAheadOr(run, 'a', direct.iterate, async (record: number) => {
        got.push(record);
      });
      // Read by the taker, never by the queue, even once it opens.
      expect(got).toEqual([0, 1, 2]);
      openReadAheadQueue(run, 4);
      await settle();
      expect(a.iterate).not.toHaveBeenCalled();
    });

    it('once open, reads `lists` at a time in queue order, and each is replayed whole', async () => {
      const run = {};
      const log: string[] = [];
      const lists = ['a', 'b', 'c', 'd', 'e'].map((name) => held(2, log, name));
      lists.forEach((list, i) => queueReadAhead(run, 'abcde'[i], list.iterate));
      openReadAheadQueue(run, 2);
      await settle();
      expect(log).toEqual(['a', 'b']);
      lists[1].finish();
      await settle();
      expect(log).toEqual(['a', 'b', 'c']);
      // Taken before its turn: read by its taker, skipped by the queue.
      const direct = jest.fn(async () => undefined);
      await take(run, 'd', direct);
      expect(direct).toHaveBeenCalledTimes(1);
      lists[0].finish();
      await settle();
      expect(log).toEqual(['a', 'b', 'c', 'e']);
      expect(lists[3].iterate).not.toHaveBeenCalled();
      for (const list of lists) list.finish();
      expect(await take(run, 'a')).toEqual(['a0', 'a1']);
      expect(await take(run, 'e')).toEqual(['e0', 'e1']);
    });

    it('starts no list while maxRecords wait for their takers; reads on as they are taken', async () => {
      const run = {};
      const log: string[] = [];
      const lists = ['a', 'b', 'c'].map((name) => held(3, log, name));
      for (const list of lists) list.finish();
      lists.forEach((list, i) => queueReadAhead(run, 'abc'[i], list.iterate));
      // One at a time, so that each list starts after the one before holds its records.
      openReadAheadQueue(run, 1, 5);
      await settle();
      // a and b hold 6 records: c waits.
      expect(log).toEqual(['a', 'b']);
      expect(await take(run, 'a')).toEqual(['a0', 'a1', 'a2']);
      await settle();
      expect(log).toEqual(['a', 'b', 'c']);
      expect(await take(run, 'c')).toEqual(['c0', 'c1', 'c2']);
      expect(await take(run, 'b')).toEqual(['b0', 'b1', 'b2']);
    });

    it("hands a queued list's error to its taker", async () => {
      const run = {};
      queueReadAhead(run, 'list', numbers(10, 4).iterate);
      openReadAheadQueue(run, 1);
      await settle();
      const got: number[] = [];
      await expect(
        readAheadOr(run, 'list', jest.fn(), async (record: number) => {
          got.push(record);
        }),
      ).rejects.toThrow('failed after 4');
      expect(got).toEqual([0, 1, 2, 3]);
    });
  });
});

describe("ListsAfterFirst: a step's later lists", () => {
  it('reads nothing until the first list answers, then every later list at once, each handed over in its order', async () => {
    const second = numbers(30);
    const third = numbers(20);
    const later = new ListsAfterFirst();
    const takeSecond = later.readAfter(second.iterate);
    const takeThird = later.readAfter(third.iterate);
    await settle();
    // The first list has not answered: it may be a 404, and then nothing more is asked.
    expect(second.handed).toHaveLength(0);
    expect(third.handed).toHaveLength(0);
    later.begin();
    await settle();
    expect(second.handed).toHaveLength(30);
    expect(third.handed).toHaveLength(20);
    const got: string[] = [];
    await takeSecond((record: number) => void got.push(`b${record}`));
    await takeThird((record: number) => void got.push(`c${record}`));
    expect(got).toEqual([
      ...[...Array(30).keys()].map((i) => `b${i}`),
      ...[...Array(20).keys()].map((i) => `c${i}`),
    ]);
  });

  it('taking one before the first list answered (it ended empty) starts every later list', async () => {
    const second = numbers(5);
    const third = numbers(5);
    const later = new ListsAfterFirst();
    const takeSecond = later.readAfter(second.iterate);
    later.readAfter(third.iterate);
    await takeSecond(() => undefined);
    await settle();
    expect(third.handed).toHaveLength(5);
  });

  it('holds at most maxRecords of a list not taken yet, and meets its error where it is taken', async () => {
    const later = new ListsAfterFirst();
    later.begin();
    const long = numbers(100);
    later.readAfter(long.iterate, 10);
    await settle();
    expect(long.handed.length).toBeLessThanOrEqual(11);

    const failing = numbers(10, 4);
    const take = later.readAfter(failing.iterate);
    const got: number[] = [];
    await expect(take((record: number) => void got.push(record))).rejects.toThrow('failed after 4');
    expect(got).toEqual([0, 1, 2, 3]);
  });
});

describe('queued read-aheads wait for later', () => {
  it('their requests are for later until their taker takes them', async () => {
    const run = {};
    let seen: { later: boolean } | undefined;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    queueReadAhead<number>(run, 'members', async (onRecord, reading) => {
      seen = reading;
      await gate;
      await onRecord(1);
    });
    openReadAheadQueue(run, 1);
    await settle();
    expect(seen).toEqual({ later: true });
    const got: number[] = [];
    const taking = readAheadOr<number>(run, 'members', jest.fn(), (record) => {
      got.push(record);
    });
    // Its taker waits for it now: the rest of its requests go first again.
    expect(seen).toEqual({ later: false });
    release();
    await taking;
    expect(got).toEqual([1]);
  });
});
