/**
 * Every managed question of jupiterone/questions/questions.yaml, answered by the J1QL engine
 * (scripts/query) on a graph the whole integration collected from the simulator and wrote to
 * disk as `npm start` does, must return exactly the entities its ground truth
 * (test/ground-truth, computed from the simulator's generated data) says. A question without
 * ground truth fails; a ground truth without a question fails.
 */
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import { FileSystemGraphObjectStore } from '@jupiterone/integration-sdk-runtime';

import { EPOCH_MS, RunningSimulator, startSimulator } from '../simulator';
import { runIntegration } from '../scripts/lib/run-integration';
import { loadDocumentedDataModel } from '../scripts/query/data-model';
import { runQuery } from '../scripts/query/evaluate';
import { Graph, loadGraph } from '../scripts/query/graph';
import { runReport } from '../scripts/report/cli';
import { DEFAULT_QUESTIONS_FILE, loadQuestionDefinitions } from '../scripts/report/questions';
import { GROUND_TRUTH } from './ground-truth';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The simulator dates everything from its epoch; the demo asks "as of" ten days after it. */
const NOW = EPOCH_MS + 10 * DAY_MS;
const SIZES = { users: 60, groups: 8, apps: 8, systems: 40, systemGroups: 4, appleDevices: 8 };

const questions = loadQuestionDefinitions();

describe('managed questions on a simulated organization collected to disk', () => {
  let simulator: RunningSimulator;
  let storage: string;
  let graph: Graph;

  beforeAll(async () => {
    storage = await fs.mkdtemp(path.join(os.tmpdir(), 'questions-'));
    // A provider's key: the administrators question also sees mfaEnabled (issue 25).
    simulator = await startSimulator({
      seed: 3,
      orgs: 2,
      ...SIZES,
      providerAdministrators: 'provider',
      quiet: true,
    });
    const run = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      storageDirectory: storage,
      // The store `j1-integration collect` uses: graph files under <storage>/graph/<stepId>/.
      graphObjectStore: new FileSystemGraphObjectStore(),
    });
    expect(run.stepResults.map((s) => [s.id, s.status])).toEqual(
      run.stepResults.map((s) => [s.id, 'success']),
    );
    graph = await loadGraph(path.join(storage, 'graph'));
  });

  afterAll(async () => {
    await simulator?.stop();
    if (storage) await fs.rm(storage, { recursive: true, force: true });
  });

  test('every question has ground truth, and every ground truth a question', () => {
    const questionIds = questions.map((question) => question.id).sort();
    expect(questionIds.filter((id) => !GROUND_TRUTH[id])).toEqual([]);
    expect(Object.keys(GROUND_TRUTH).filter((id) => !questionIds.includes(id))).toEqual([]);
  });

  test.each(questions.map((question) => [question.id, question] as const))(
    '%s: the J1QL finds exactly the ground truth',
    (id, question) => {
      const truth = GROUND_TRUTH[id];
      if (!truth) throw new Error(`${id} has no ground truth in test/ground-truth`);
      const expected = truth({ directory: simulator.data, now: NOW });
      expect(expected).toEqual([...new Set(expected)].sort());

      const dataModel = loadDocumentedDataModel();
      const found = new Set<string>();
      for (const { query } of question.queries) {
        const result = runQuery(graph, query, { now: NOW, dataModel });
        // A managed query names only properties the data model has.
        expect(result.warnings).toEqual([]);
        for (const entity of result.entities) found.add(entity._key);
      }
      expect([...found].sort()).toEqual(expected);
      // Every question has something to show on this organization, so an empty answer
      // cannot pass by accident.
      expect([id, expected.length > 0]).toEqual([id, true]);
    },
  );

  test('npm run report writes both pages with the same counts from the collected directory', async () => {
    const out = path.join(storage, 'out');
    const result = await runReport({
      graph: storage,
      out,
      now: NOW,
      questionsFile: DEFAULT_QUESTIONS_FILE,
    });
    const html = await fs.readFile(result.htmlFile, 'utf8');
    const markdown = await fs.readFile(result.markdownFile, 'utf8');
    expect(result.warnings).toEqual([]);
    expect(result.report.sections.map((section) => [section.id, section.count])).toEqual(
      questions.map((question) => [
        question.id,
        GROUND_TRUTH[question.id]?.({ directory: simulator.data, now: NOW }).length,
      ]),
    );
    for (const section of result.report.sections) {
      expect(html).toContain(`data-question-id="${section.id}" data-count="${section.count}"`);
      // Every link goes to the organization's console; SSH keys and software have no page.
      const links = section.rows.filter((row) => row.webLink !== undefined);
      expect(links.every((row) => row.webLink?.startsWith(simulator.url))).toBe(true);
    }
    expect(result.report.organizations).toHaveLength(2);
    expect(result.report.showOrganization).toBe(true);
    expect(markdown).toContain(`](<${simulator.url}/#/`);
  });
});
