/**
 * The fault knobs and data quirks that make a misbehaving JumpCloud (see test/resilience).
 */
import http from 'http';

import { generateDirectory } from '../directory/generate';
import { applyQuirks, oddId, ORPHAN_SYSTEM_ID, QUIRK_SECRETS } from './quirks';
import { orgAssets } from '../assets/generate';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './server';
import { get } from '../test-helpers';

async function withSimulator(
  options: SimulatorOptions,
  body: (sim: RunningSimulator) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator({ quiet: true, users: 12, systems: 6, ...options });
  try {
    await body(sim);
  } finally {
    await sim.stop();
  }
}

const ids = (items: Array<{ id?: string; to?: { id: string } }>) =>
  items.map((item) => item.id ?? item.to?.id);

/** Raw HTTP: headers, the bytes that arrived, and how the connection ended. */
function raw(
  sim: RunningSimulator,
  path: string,
  waitMs: number,
): Promise<{ status?: number; contentLength?: number; bytes: number; ended: string }> {
  return new Promise((resolve) => {
    const result: { status?: number; contentLength?: number; bytes: number; ended: string } = {
      bytes: 0,
      ended: 'open',
    };
    const req = http.get(`${sim.url}${path}`, { headers: { 'x-api-key': sim.apiKey } }, (res) => {
      result.status = res.statusCode;
      result.contentLength = Number(res.headers['content-length']);
      res.on('data', (chunk: Buffer) => (result.bytes += chunk.length));
      res.on('end', () => (result.ended = 'end'));
      res.on('aborted', () => (result.ended = 'aborted'));
      res.on('error', () => undefined);
    });
    req.on('error', () => (result.ended = 'error'));
    setTimeout(() => {
      req.destroy();
      resolve(result);
    }, waitMs);
  });
}

describe('fault knobs', () => {
  it('the first N requests answer 429 with Retry-After, then everything is served', async () => {
    await withSimulator({ throttleFirstRequests: 3, retryAfterSeconds: 2 }, async (sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await get(sim, '/api/systemusers');
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get('retry-after')).toBe('2');
      }
      expect(statuses).toEqual([429, 429, 429, 200, 200]);
      expect(sim.stats().rateLimitedByReason.atStart).toBe(3);
    });
  });

  it('kind 429 carries the configured Retry-After (an absurd one too)', async () => {
    await withSimulator(
      { failRate: 1, failKinds: ['429'], retryAfterSeconds: 100000 },
      async (sim) => {
        const res = await get(sim, '/api/systemusers');
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('100000');
      },
    );
  });

  it('cut-short announces the whole length, sends half, and closes', async () => {
    await withSimulator({ failRate: 1, failKinds: ['cut-short'] }, async (sim) => {
      const result = await raw(sim, '/api/systemusers', 300);
      expect(result.status).toBe(200);
      expect(result.bytes).toBeGreaterThan(0);
      expect(result.bytes).toBeLessThan(result.contentLength ?? 0);
      expect(result.ended).not.toBe('end');
    });
  });

  it('hang never answers; trickle sends headers and then a byte a second', async () => {
    await withSimulator({ failRate: 1, failKinds: ['hang'] }, async (sim) => {
      const result = await raw(sim, '/api/systemusers', 300);
      expect(result.status).toBeUndefined();
      expect(sim.stats().faults.byKind.hang).toBe(1);
    });
    await withSimulator({ failRate: 1, failKinds: ['trickle'] }, async (sim) => {
      const result = await raw(sim, '/api/systemusers', 2_300);
      expect(result.status).toBe(200);
      expect(result.bytes).toBeGreaterThanOrEqual(1);
      expect(result.bytes).toBeLessThanOrEqual(3);
      expect(result.ended).toBe('open');
    });
  });

  it('ignoreSkip answers page 1 whatever skip says', async () => {
    await withSimulator({ ignoreSkipPathPattern: '^/api/systemusers$' }, async (sim) => {
      const first = await get<{ results: Array<{ id: string }> }>(sim, '/api/systemusers?limit=5');
      const later = await get<{ results: Array<{ id: string }> }>(
        sim,
        '/api/systemusers?limit=5&skip=5',
      );
      expect(ids(later.json.results)).toEqual(ids(first.json.results));
    });
  });

  it('lowTotal halves totalCount and x-total-count, records unchanged', async () => {
    await withSimulator(
      { lowTotalPathPattern: '^/api/(systemusers|v2/usergroups)$', groups: 4 },
      async (sim) => {
        const users = await get<{ totalCount: number; results: unknown[] }>(
          sim,
          '/api/systemusers?limit=100',
        );
        expect(users.json.totalCount).toBe(6);
        expect(users.json.results).toHaveLength(12);
        const groups = await get<unknown[]>(sim, '/api/v2/usergroups?limit=100');
        expect(groups.headers.get('x-total-count')).toBe('2');
        expect(groups.json).toHaveLength(4);
      },
    );
  });

  it('duplicate repeats the last record of the page before, and the first of a short page', async () => {
    await withSimulator({ duplicatePathPattern: '^/api/systemusers$' }, async (sim) => {
      const all = sim.data.orgs[0].users.map((u) => u.id);
      const page1 = await get<{ results: Array<{ id: string }> }>(sim, '/api/systemusers?limit=5');
      const page2 = await get<{ results: Array<{ id: string }> }>(
        sim,
        '/api/systemusers?limit=5&skip=5',
      );
      const last = await get<{ results: Array<{ id: string }> }>(
        sim,
        '/api/systemusers?limit=5&skip=10',
      );
      expect(ids(page1.json.results)).toEqual(all.slice(0, 5));
      expect(ids(page2.json.results)).toEqual(all.slice(4, 9));
      expect(ids(last.json.results)).toEqual([...all.slice(9, 12), all[9]]);
    });
  });

  it('countedCopies lists every fourth record twice, and the total counts the copies', async () => {
    await withSimulator({ countedCopiesPathPattern: '^/api/systemusers$' }, async (sim) => {
      const all = sim.data.orgs[0].users.map((u) => u.id);
      const served: string[] = [];
      let total = 0;
      for (let skip = 0; skip < 30; skip += 4) {
        const page = await get<{ totalCount: number; results: Array<{ id: string }> }>(
          sim,
          `/api/systemusers?limit=4&skip=${skip}`,
        );
        total = page.json.totalCount;
        served.push(...(ids(page.json.results) as string[]));
      }
      // 12 users: 0, 4 and 8 twice.
      expect(total).toBe(15);
      expect(served).toEqual(all.flatMap((id, i) => (i % 4 === 0 ? [id, id] : [id])));
    });
  });

  it('pageCap serves at most that many records a page, whatever limit asks', async () => {
    await withSimulator(
      { pageCap: 7, pageCapPathPattern: '^/api/v2/usergroups$', groups: 10 },
      async (sim) => {
        const groups = await get<unknown[]>(sim, '/api/v2/usergroups?limit=100');
        expect(groups.json).toHaveLength(7);
        expect(groups.headers.get('x-total-count')).toBe('10');
        const users = await get<{ results: unknown[] }>(sim, '/api/systemusers?limit=100');
        expect(users.json.results).toHaveLength(12);
      },
    );
  });

  it('a storm answers 429 without Retry-After on its paths for its seconds, from the first request', async () => {
    await withSimulator(
      { stormPathPattern: '^/api/systemusers$', stormSeconds: 0.3 },
      async (sim) => {
        const during = await get(sim, '/api/systemusers');
        const other = await get(sim, '/api/systems');
        expect(during.status).toBe(429);
        expect(during.headers.get('retry-after')).toBeNull();
        expect(other.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 350));
        expect((await get(sim, '/api/systemusers')).status).toBe(200);
        expect(sim.stats().rateLimitedByReason.storm).toBe(1);
      },
    );
  });

  it('a paging fault answers 400 once a path had its request cap: a looping client fails', async () => {
    await withSimulator(
      { ignoreSkipPathPattern: '^/api/systemusers$', pagingFaultRequestCap: 3 },
      async (sim) => {
        const statuses: number[] = [];
        for (let skip = 0; skip < 500; skip += 100) {
          statuses.push((await get(sim, `/api/systemusers?limit=100&skip=${skip}`)).status);
        }
        expect(statuses).toEqual([200, 200, 200, 400, 400]);
      },
    );
  });

  it('echoApiKey puts the key into error bodies', async () => {
    await withSimulator({ failRate: 1, failKinds: ['500'], echoApiKey: true }, async (sim) => {
      const res = await get(sim, '/api/systemusers');
      expect(res.status).toBe(500);
      expect(res.text).toContain(sim.apiKey);
    });
  });
});

describe('data quirks', () => {
  const options = { seed: 3, users: 10, groups: 3, systems: 8, systemGroups: 2 };

  it('without quirks the directory is the very same object', () => {
    const directory = generateDirectory(options);
    expect(applyQuirks(directory, [])).toBe(directory);
  });

  it('odd-ids renames a user and a system everywhere they are referenced', async () => {
    const plain = generateDirectory(options).orgs[0];
    await withSimulator({ ...options, quirks: ['odd-ids'] }, async (sim) => {
      const userId = oddId(plain.users[0].id);
      expect(userId).toMatch(/ .*#.*\//);
      const user = await get<{ id: string }>(sim, `/api/systemusers/${encodeURIComponent(userId)}`);
      expect(user.json.id).toBe(userId);
      const systems = await get<Array<{ id: string }>>(
        sim,
        `/api/v2/users/${encodeURIComponent(userId)}/systems?limit=100`,
      );
      expect(systems.status).toBe(200);
    });
  });

  it('shared-id gives the last system the id of the first user', () => {
    const org = applyQuirks(generateDirectory(options), ['shared-id']).orgs[0];
    expect(org.systems[org.systems.length - 1].id).toBe(org.users[0].id);
  });

  it('short-id, old-agents and credential-attributes change what they say', () => {
    const org = applyQuirks(generateDirectory(options), [
      'short-id',
      'old-agents',
      'credential-attributes',
    ]).orgs[0];
    expect(org.systems[1].id).toBe('sys-0001');
    const clients = org.systems.filter((s) => s.os === 'Windows' || s.os === 'Mac OS X');
    expect(clients.length).toBeGreaterThan(0);
    for (const system of clients) expect(system).not.toHaveProperty('desktopCapable');
    expect(JSON.stringify(org.users)).toContain(QUIRK_SECRETS[0]);
    expect(JSON.stringify(org.systems)).toContain(QUIRK_SECRETS[1]);
  });

  it("non-user-member lists a system among a user group's members (first page only)", async () => {
    await withSimulator({ ...options, quirks: ['non-user-member'] }, async (sim) => {
      const group = sim.data.orgs[0].userGroups[0].id;
      const members = await get<Array<{ to: { type: string } }>>(
        sim,
        `/api/v2/usergroups/${group}/members?limit=100`,
      );
      expect(members.json.map((m) => m.to.type)).toContain('system');
      const later = await get<unknown[]>(
        sim,
        `/api/v2/usergroups/${group}/members?limit=100&skip=100`,
      );
      expect(later.json).toEqual([]);
    });
  });

  it('orphan-asset points one managed asset at a system that is not listed', () => {
    const org = applyQuirks(generateDirectory(options), ['orphan-asset']).orgs[0];
    const orphans = orgAssets(org).devices.filter((a) => a.jcSystemId === ORPHAN_SYSTEM_ID);
    expect(orphans).toHaveLength(1);
    expect(org.systems.some((s) => s.id === ORPHAN_SYSTEM_ID)).toBe(false);
    // The memoised assets of the unquirked org are untouched.
    const plain = generateDirectory(options).orgs[0];
    expect(orgAssets(plain).devices.some((a) => a.jcSystemId === ORPHAN_SYSTEM_ID)).toBe(false);
  });
});
