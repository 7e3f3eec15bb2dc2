import { IncompleteListError, Page, paginate } from './paginate';

/** A list of `size` numbers served `pageCap` at a time, recording each request. */
function fakeList(size: number, options: { pageCap?: number; reportTotal?: boolean } = {}) {
  const calls: Array<{ skip: number; limit: number }> = [];
  const fetchPage = async (skip: number, limit: number): Promise<Page<number>> => {
    calls.push({ skip, limit });
    const take = Math.min(limit, options.pageCap ?? limit);
    const items = Array.from({ length: size }, (_, i) => i).slice(skip, skip + take);
    return { items, total: options.reportTotal === false ? undefined : size };
  };
  return { calls, fetchPage };
}

async function collect(
  fetchPage: (skip: number, limit: number) => Promise<Page<number>>,
  prefetchPages = 1,
) {
  const seen: number[] = [];
  const result = await paginate(
    fetchPage,
    (item) => {
      seen.push(item);
    },
    { prefetchPages },
  );
  return { seen, result };
}

describe('paginate', () => {
  test('stops on the total without asking for an empty page', async () => {
    const list = fakeList(250);
    const { seen, result } = await collect(list.fetchPage);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(list.calls).toEqual([
      { skip: 0, limit: 100 },
      { skip: 100, limit: 100 },
      { skip: 200, limit: 100 },
    ]);
    expect(result).toEqual({ count: 250, repeated: 0, total: 250, pages: 3 });
  });

  test('a full last page costs one more request: the total may be too low', async () => {
    const list = fakeList(200);
    await collect(list.fetchPage);
    expect(list.calls.map((c) => c.skip)).toEqual([0, 100, 200]);
  });

  test('a total that is too low: reads on while pages are full, then until an empty page', async () => {
    const items = Array.from({ length: 230 }, (_, i) => i);
    const calls: number[] = [];
    const fetchPage = async (skip: number, limit: number): Promise<Page<number>> => {
      calls.push(skip);
      return { items: items.slice(skip, skip + limit), total: 150 };
    };
    for (const prefetch of [1, 4]) {
      calls.length = 0;
      const { seen, result } = await collect(fetchPage, prefetch);
      expect(seen).toEqual(items);
      expect(result.count).toBe(230);
      // 200 records of a claimed 150: the total is proven wrong, only an empty page ends it.
      expect(calls).toEqual([0, 100, 200, 230]);
    }
  });

  test('a list that gives more records than its total on a short first page reads on', async () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const fetchPage = async (skip: number, limit: number): Promise<Page<number>> => ({
      items: items.slice(skip, skip + limit),
      total: 15,
    });
    // 30 of a claimed 15 on one short page: the short page ends it, with all 30.
    const { seen } = await collect(fetchPage);
    expect(seen).toEqual(items);
  });

  test('a server that ignores skip: the repeated page is an incomplete list, never a loop', async () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}` }));
    let calls = 0;
    const fetchPage = async (): Promise<Page<{ id: string }>> => {
      calls += 1;
      // A bound of the test's own: a broken guard fails here instead of looping forever.
      if (calls > 5) throw new Error('test bound: more than 5 pages requested');
      return { items: records, total: 300 };
    };
    const passed: string[] = [];
    const error = await paginate(fetchPage, (item) => {
      passed.push(item.id);
    }).catch((e) => e);
    expect(error).toBeInstanceOf(IncompleteListError);
    expect(error.message).toMatch(/skip=100 repeated records already read/);
    // Page 2 came back full, so page 3 was requested before page 2 was found repeated.
    expect(calls).toBe(3);
    expect(passed).toHaveLength(100);
  });

  test('a record listed twice, within a page or across pages, is passed once', async () => {
    const pages: Record<number, string[]> = {
      0: ['a', 'b', 'c', 'c'],
      4: ['c', 'd', 'e', 'f'],
      8: ['f', 'g'],
    };
    const fetchPage = async (skip: number): Promise<Page<{ id: string }>> => ({
      items: (pages[skip] ?? []).map((id) => ({ id })),
      total: 7,
    });
    const passed: string[] = [];
    const result = await paginate(
      fetchPage,
      (item) => {
        passed.push(item.id);
      },
      { pageSize: 4 },
    );
    expect(passed).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(result.count).toBe(7);
  });

  test('members are identified by their target', async () => {
    const member = { to: { id: 'u1', type: 'user' } };
    const passed: unknown[] = [];
    await paginate(
      async (skip) => ({ items: skip === 0 ? [member, { ...member }] : [], total: 1 }),
      (item) => {
        passed.push(item);
      },
    );
    expect(passed).toHaveLength(1);
  });

  test('a short page alone does not end the list', async () => {
    const list = fakeList(95, { pageCap: 40 });
    const { seen } = await collect(list.fetchPage);
    expect(seen).toHaveLength(95);
    // A short page that was not the end: the server caps pages, only an empty page ends it.
    expect(list.calls.map((c) => c.skip)).toEqual([0, 40, 80, 95]);
  });

  test('pages capped below the limit and a total too low: read until an empty page, nothing lost', async () => {
    // 30 records, 7 a page when 100 are asked, a total of half the real count.
    for (const size of [30, 28, 15]) {
      const items = Array.from({ length: size }, (_, i) => i);
      const calls: number[] = [];
      const fetchPage = async (skip: number): Promise<Page<number>> => {
        calls.push(skip);
        return { items: items.slice(skip, skip + 7), total: Math.ceil(size / 2) };
      };
      const { seen } = await collect(fetchPage);
      expect([size, seen]).toEqual([size, items]);
      expect(calls[calls.length - 1]).toBe(size);
    }
  });

  test('a total that counts repeated copies is reached when that many records were served', async () => {
    // 30 records, every fourth listed twice: 38 served, and a total of 38.
    const served = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}` })).flatMap((record, i) =>
      i % 4 === 0 ? [record, record] : [record],
    );
    expect(served).toHaveLength(38);
    const fetchPage = async (skip: number, limit: number): Promise<Page<{ id: string }>> => ({
      items: served.slice(skip, skip + limit),
      total: served.length,
    });
    const passed: string[] = [];
    const result = await paginate(
      fetchPage,
      (item) => {
        passed.push(item.id);
      },
      { pageSize: 10 },
    );
    expect(passed).toEqual(Array.from({ length: 30 }, (_, i) => `r${i}`));
    expect(result).toEqual({ count: 30, repeated: 8, total: 38, pages: 4 });
  });

  test('a list that ends exactly one record short of its total is incomplete', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const fetchPage = async (skip: number, limit: number): Promise<Page<number>> => ({
      items: items.slice(skip, skip + limit),
      total: 11,
    });
    for (const prefetch of [1, 4]) {
      const error = await paginate(fetchPage, () => undefined, {
        pageSize: 5,
        prefetchPages: prefetch,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(IncompleteListError);
      expect(error.message).toBe('list ended after 10 of 11 records');
    }
  });

  test('without a total it reads until an empty page', async () => {
    const list = fakeList(130, { reportTotal: false, pageCap: 60 });
    const { seen, result } = await collect(list.fetchPage);
    expect(seen).toHaveLength(130);
    expect(list.calls.map((c) => c.skip)).toEqual([0, 60, 120, 130]);
    expect(result.total).toBeUndefined();
  });

  test('an empty list costs one request', async () => {
    const list = fakeList(0);
    const { result } = await collect(list.fetchPage);
    expect(list.calls).toHaveLength(1);
    expect(result.count).toBe(0);
  });

  test('a list that ends before its reported total throws instead of coming back short', async () => {
    const fetchPage = async (skip: number): Promise<Page<number>> =>
      skip === 0 ? { items: [1, 2, 3], total: 10 } : { items: [], total: 10 };
    await expect(collect(fetchPage)).rejects.toBeInstanceOf(IncompleteListError);
    await expect(collect(fetchPage)).rejects.toThrow('list ended after 3 of 10 records');
  });

  test('with a known total, pages are fetched ahead but reach the iteratee in order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const calls: number[] = [];
    const fetchPage = async (skip: number, limit: number): Promise<Page<number>> => {
      calls.push(skip);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // later pages answer sooner, so order must come from the paginator
      await new Promise((resolve) => setTimeout(resolve, 20 - skip / 100));
      inFlight -= 1;
      const items = Array.from({ length: 1050 }, (_, i) => i).slice(skip, skip + limit);
      return { items, total: 1050 };
    };
    const { seen, result } = await collect(fetchPage, 4);
    expect(seen).toEqual(Array.from({ length: 1050 }, (_, i) => i));
    expect(result.pages).toBe(11);
    expect([...calls].sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i * 100));
    expect(maxInFlight).toBe(4);
  });

  test('a short page while fetching ahead falls back to page after page from the real position', async () => {
    const list = fakeList(230, { pageCap: 100 });
    // The server caps page 2 at 30 items once: the paginator must re-read from 130.
    let capped = false;
    const fetchPage = async (skip: number, limit: number) => {
      const page = await list.fetchPage(skip, limit);
      if (skip === 100 && !capped) {
        capped = true;
        return { ...page, items: page.items.slice(0, 30) };
      }
      return page;
    };
    const { seen } = await collect(fetchPage, 4);
    expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => i));
  });

  test('a failing page fetched ahead fails the list and leaves nothing unhandled', async () => {
    const fetchPage = async (skip: number): Promise<Page<number>> => {
      if (skip >= 200) throw new Error(`page at ${skip} failed`);
      return { items: Array.from({ length: 100 }, (_, i) => skip + i), total: 600 };
    };
    await expect(collect(fetchPage, 4)).rejects.toThrow('page at 200 failed');
  });

  test('iteratee errors propagate and stop paging', async () => {
    const list = fakeList(300);
    await expect(
      paginate(list.fetchPage, (item) => {
        if (item === 150) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // page after page by default: nothing past the page after the failing one was requested
    // (that one was requested because the failing page came back full)
    expect(list.calls.map((c) => c.skip)).toEqual([0, 100, 200]);
  });

  test('page after page, the page after a full page is requested before the full page is converted', async () => {
    const events: string[] = [];
    const fetchPage = async (skip: number): Promise<Page<number>> => {
      events.push(`request ${skip}`);
      const items = Array.from(
        { length: Math.max(0, Math.min(100, 250 - skip)) },
        (_, i) => skip + i,
      );
      return { items };
    };
    await paginate(fetchPage, (item) => {
      if (item % 100 === 0) events.push(`convert ${item}`);
    });
    // No total: only an empty page ends the list, and the page after a short one is asked
    // for only once the short one is read (a short page may be the end).
    expect(events).toEqual([
      'request 0',
      'request 100',
      'convert 0',
      'request 200',
      'convert 100',
      'convert 200',
      'request 250',
    ]);
  });

  test('a total too low: past the pages ahead, the page after a full one is still requested before it is converted', async () => {
    const events: string[] = [];
    // 350 records, but the API says 200.
    const fetchPage = async (skip: number): Promise<Page<number>> => {
      events.push(`request ${skip}`);
      const size = Math.max(0, Math.min(100, 350 - skip));
      return { items: Array.from({ length: size }, (_, i) => skip + i), total: 200 };
    };
    const seen: number[] = [];
    await paginate(
      fetchPage,
      (item) => {
        seen.push(item);
        if (item % 100 === 0) events.push(`convert ${item}`);
      },
      { prefetchPages: 4 },
    );
    expect(seen).toEqual(Array.from({ length: 350 }, (_, i) => i));
    expect(events).toEqual([
      'request 0',
      'request 100',
      // 200 is a whole number of pages: the page after them is fetched ahead too.
      'request 200',
      'convert 0',
      'convert 100',
      // That page came back full: the next one goes out before it is converted.
      'request 300',
      'convert 200',
      'convert 300',
      // More records than the total: only an empty page ends the list.
      'request 350',
    ]);
  });

  test('with a known total, the pages ahead are requested before the first page is converted', async () => {
    const events: string[] = [];
    const fetchPage = async (skip: number): Promise<Page<number>> => {
      events.push(`request ${skip}`);
      return {
        items: Array.from({ length: Math.min(100, 300 - skip) }, (_, i) => skip + i),
        total: 300,
      };
    };
    await paginate(
      fetchPage,
      (item) => {
        if (item % 100 === 0) events.push(`convert ${item}`);
      },
      { prefetchPages: 4 },
    );
    // 300 is a whole number of pages: the empty page after it is read anyway, so fetched ahead.
    expect(events).toEqual([
      'request 0',
      'request 100',
      'request 200',
      'request 300',
      'convert 0',
      'convert 100',
      'convert 200',
    ]);
  });
});
