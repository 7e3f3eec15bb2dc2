/**
 * The access ground truth agrees with the collected graph: a collection from the simulator,
 * answered by the local report's implementations, finds exactly the keys the ground truth
 * computes from the simulator's records, and each question finds something.
 */
import { EPOCH_MS, generateDirectory, startSimulator } from '../../simulator';
import { runIntegration } from '../../scripts/lib/run-integration';
import { Graph, GraphRelationship } from '../../scripts/report/graph';
import { loadQuestionDefinitions, questionImplementations } from '../../scripts/report/questions';
import { ACCESS_GROUND_TRUTH } from './access';

const OPTIONS = { seed: 3, orgs: 2, users: 60, groups: 8, apps: 8, systems: 40, systemGroups: 4 };

test('every access question: the collected graph finds exactly the ground truth', async () => {
  const ids = Object.keys(ACCESS_GROUND_TRUTH);
  const defined = new Set(loadQuestionDefinitions().map((q) => q.id));
  for (const id of ids) expect([id, defined.has(id)]).toEqual([id, true]);

  const simulator = await startSimulator({ ...OPTIONS, quiet: true });
  try {
    const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
    const graph = Graph.from(run.entities, run.relationships as GraphRelationship[]);
    const input = { directory: generateDirectory(OPTIONS), now: EPOCH_MS };
    for (const id of ids) {
      const expected = ACCESS_GROUND_TRUTH[id](input);
      const found = questionImplementations[id](graph, { now: EPOCH_MS })
        .map((finding) => finding.entity._key)
        .sort();
      expect([id, found]).toEqual([id, expected]);
      expect([id, expected.length > 0]).toEqual([id, true]);
    }
  } finally {
    await simulator.stop();
  }
});
