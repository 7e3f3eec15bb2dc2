import fetch from 'node-fetch';
import { startSimulator, type RunningSimulator } from './server';

/** `longestChain`: requests answered one after another, however many there were in all. */
describe('simulator: the longest chain of requests', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, seed: 5, users: 30, latencyMs: 30 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.resetStats());

  const get = async (path: string) => {
    const response = await fetch(`${sim.url}${path}`, { headers: { 'x-api-key': sim.apiKey } });
    await response.text();
    expect(response.status).toBe(200);
  };

  it('counts requests sent one after another', async () => {
    for (let i = 0; i < 3; i++) await get('/api/systemusers');
    expect(sim.stats().requests.total).toBe(3);
    expect(sim.stats().longestChain).toBe(3);
  });

  it('counts requests sent together once', async () => {
    await Promise.all([get('/api/systemusers'), get('/api/v2/usergroups'), get('/api/systems')]);
    expect(sim.stats().requests.total).toBe(3);
    expect(sim.stats().longestChain).toBe(1);
  });

  it('counts the longest of several chains', async () => {
    // Two chains side by side: three requests and one; then one after both.
    await Promise.all([
      (async () => {
        for (let i = 0; i < 3; i++) await get('/api/systemusers');
      })(),
      get('/api/v2/usergroups'),
    ]);
    await get('/api/systems');
    expect(sim.stats().requests.total).toBe(5);
    expect(sim.stats().longestChain).toBe(4);
    // The chain itself: the three users pages, then the systems; not the groups beside them.
    const links = sim.longestChainLinks();
    expect(links.map((l) => l.endpoint)).toEqual([
      'GET /api/systemusers',
      'GET /api/systemusers',
      'GET /api/systemusers',
      'GET /api/systems',
    ]);
    for (const [i, link] of links.entries()) {
      if (i > 0) expect(link.start).toBeGreaterThanOrEqual(links[i - 1].end);
    }
    // The same over HTTP, and nothing after a reset.
    const response = await fetch(`${sim.url}/__simulator/chain`);
    expect(await response.json()).toEqual(links);
    sim.resetStats();
    expect(sim.longestChainLinks()).toEqual([]);
  });
});
