import { IncompleteListError, paginateSearchAfter, SearchAfterPage } from './paginate';

interface Row {
  t: number;
  id: string;
}

const rows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    t: 1000 + Math.floor(i / 3),
    id: `e${String(i).padStart(5, '0')}`,
  }));
const place = (r: Row) => `${String(r.t).padStart(13, '0')}|${r.id}`;

/** A server that pages `all` by search_after as the guide says, with knobs to misbehave. */
function server(
  all: Row[],
  limit: number,
  knobs: {
    ignoreToken?: boolean;
    dropHeaderOnFull?: boolean;
    wrongCount?: boolean;
    noLimit?: boolean;
  } = {},
) {
  const calls: Array<unknown[] | undefined> = [];
  const fetchPage = async (after: unknown[] | undefined): Promise<SearchAfterPage<Row>> => {
    calls.push(after);
    let start = 0;
    if (after && !knobs.ignoreToken) start = all.findIndex((r) => r.id === after[1]) + 1;
    const items = all.slice(start, start + limit);
    const last = items[items.length - 1];
    return {
      items,
      resultCount: knobs.wrongCount ? items.length + 1 : items.length,
      limit: knobs.noLimit ? undefined : limit,
      searchAfter:
        knobs.dropHeaderOnFull && items.length === limit
          ? undefined
          : last
            ? [last.t, last.id]
            : [],
    };
  };
  return { calls, fetchPage };
}

async function read(
  fetchPage: (a: unknown[] | undefined) => Promise<SearchAfterPage<Row>>,
  total?: number,
) {
  const seen: Row[] = [];
  const result = await paginateSearchAfter(fetchPage, (r) => void seen.push(r), { place, total });
  return { seen, result };
}

describe('paginateSearchAfter', () => {
  test('reads every row once, sending back each X-Search_after, until a short page', async () => {
    const all = rows(25);
    const s = server(all, 10);
    const { seen, result } = await read(s.fetchPage, 25);
    expect(seen).toEqual(all);
    expect(result).toEqual({ count: 25, total: 25, pages: 3 });
    expect(s.calls).toEqual([undefined, [all[9].t, all[9].id], [all[19].t, all[19].id]]);
  });

  test('the page after a full page is asked for before its rows are handed on, and no other', async () => {
    const all = rows(25);
    const s = server(all, 10);
    // Requests made when each row reached the iteratee.
    const requestsAtRow: number[] = [];
    await paginateSearchAfter(s.fetchPage, () => void requestsAtRow.push(s.calls.length), {
      place,
    });
    expect(requestsAtRow).toEqual([...Array(10).fill(2), ...Array(15).fill(3)]);
    expect(s.calls).toEqual([undefined, [all[9].t, all[9].id], [all[19].t, all[19].id]]);
  });

  test('a list of exactly full pages ends on the empty page after them', async () => {
    const s = server(rows(20), 10);
    const { result } = await read(s.fetchPage);
    expect(result.pages).toBe(3);
    expect(result.count).toBe(20);
  });

  test('the floor: ceil((rows + 1) / limit) pages', async () => {
    for (const n of [0, 1, 9999, 10000, 25001]) {
      const s = server(rows(n), 10_000);
      const { result } = await read(s.fetchPage, n);
      expect(result.pages).toBe(Math.floor(n / 10_000) + 1);
    }
  });

  test.each([
    ['a server that ignores search_after', { ignoreToken: true }, /repeated/],
    ['a full page without X-Search_after', { dropHeaderOnFull: true }, /without X-Search_after/],
    ['X-Result-Count different from the rows', { wrongCount: true }, /X-Result-Count/],
    ['no X-Limit', { noLimit: true }, /X-Limit/],
  ])('%s is an incomplete list, never a loop nor the end', async (_name, knobs, message) => {
    const s = server(rows(25), 10, knobs);
    const error = await read(s.fetchPage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteListError);
    expect((error as Error).message).toMatch(message);
    expect(s.calls.length).toBeLessThanOrEqual(2);
  });

  test('a repeated token is caught even when the rows look new', async () => {
    let n = 0;
    const fetchPage = async (): Promise<SearchAfterPage<Row>> => {
      n += 1;
      const items = rows(30).slice((n - 1) * 10, n * 10);
      return { items, resultCount: 10, limit: 10, searchAfter: [1, 'same'] };
    };
    await expect(read(fetchPage)).rejects.toThrow(/X-Search_after \[1,"same"\] repeated/);
    expect(n).toBe(2);
  });

  test('fewer or more rows than the count said is an incomplete list', async () => {
    await expect(read(server(rows(25), 10).fetchPage, 26)).rejects.toThrow(/count said 26/);
    await expect(read(server(rows(25), 10).fetchPage, 24)).rejects.toThrow(/count said 24/);
  });
});
