/**
 * The posture questions' ground truth against a real collection: the whole integration runs
 * against a simulator started here, and each question's local answer (scripts/report) must be
 * exactly the ground truth computed from the simulator's data.
 */
import { generateDirectory, startSimulator, type RunningSimulator } from '../../simulator';
import { runIntegration, type IntegrationRun } from '../../scripts/lib/run-integration';
import { Graph, type GraphRelationship } from '../../scripts/report/graph';
import { questionImplementations } from '../../scripts/report/questions';
import { EPOCH_MS } from '../../simulator/random';
import { POSTURE_GROUND_TRUTH } from './posture';

/** As of ten days after the simulator's epoch. */
const NOW = EPOCH_MS + 10 * 24 * 60 * 60 * 1000;

const OPTIONS = {
  seed: 4,
  users: 60,
  groups: 5,
  apps: 2,
  systems: 70,
  systemGroups: 3,
  appleDevices: 2,
};

describe('posture questions: local answers equal the ground truth', () => {
  let simulator: RunningSimulator;
  let run: IntegrationRun;
  beforeAll(async () => {
    simulator = await startSimulator({ ...OPTIONS, quiet: true });
    run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
  }, 120_000);
  afterAll(() => simulator?.stop());

  test.each(Object.keys(POSTURE_GROUND_TRUTH))('%s', (id) => {
    const directory = generateDirectory(OPTIONS);
    const expected = POSTURE_GROUND_TRUTH[id]({ directory, now: NOW });
    const graph = Graph.from(run.entities, run.relationships as GraphRelationship[]);
    const found = questionImplementations[id](graph, { now: NOW })
      .map((finding) => finding.entity._key)
      .sort();
    expect(found).toEqual(expected);
    // Each question finds something in this organization.
    expect(expected.length).toBeGreaterThan(0);
  });
});
