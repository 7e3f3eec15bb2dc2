import { runIntegration } from '../scripts/lib/run-integration';
import { startSimulator } from '../simulator';
const ORG = { seed: 31, users: 230, groups: 6, apps: 5, systems: 30, systemGroups: 4, appleDevices: 8 };
test.each([
  ['hang /api/v2/applemdms', { failKinds: ['hang'] as const, failPathPattern: '^/api/v2/applemdms$' }],
  ['hang every /api/v2/systems/{id}/users', { failKinds: ['hang'] as const, failPathPattern: '^/api/v2/systems/[^/]+/users$' }],
])('%s with default deadlines', async (_n, o) => {
  const sim = await startSimulator({ ...ORG, quiet: true, failRate: 1, failKinds: [...o.failKinds], failPathPattern: o.failPathPattern });
  const t = Date.now();
  const run = await runIntegration({ apiKey: sim.apiKey, baseUrl: sim.url, concurrency: 8 });
  const s = (Date.now() - t) / 1000;
  await sim.stop();
  process.stderr.write(`RESULT ${_n}: ${s.toFixed(1)} s ${JSON.stringify(run.stepResults.filter(x => x.status !== 'success').map(x => [x.id, x.status]))} partial=${run.partialTypes.length}\n`);
}, 400000);
