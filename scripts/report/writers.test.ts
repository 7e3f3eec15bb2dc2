import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import { writeDemoRecord } from '../lib/demo-record';
import { Graph } from '../query/graph';
import { main, parseArguments, ReportOptions, runReport, summarize, UsageError } from './cli';
import { escapeHtml, renderHtml } from './html';
import { escapeMarkdown, renderMarkdown } from './markdown';
import { buildReport, safeWebLink } from './model';
import { answerQuestions, loadQuestionDefinitions } from './questions';
import { account, device, NOW, relate, user } from '../query/test-graph';

const questions = loadQuestionDefinitions();
const QuestionIds = {
  USERS_WITHOUT_MFA: 'integration-question-jumpcloud-users-without-mfa',
  DEVICES_WITHOUT_ENCRYPTION: 'integration-question-jumpcloud-devices-without-encryption',
  LOCKED_USERS: 'integration-question-jumpcloud-locked-users',
  DEVICES_NOT_SEEN: 'integration-question-jumpcloud-devices-not-seen-30-days',
};

function hostileGraph(): Graph {
  const org = account('org', { displayName: 'Org & Co' });
  const evil = user('evil', {
    displayName: '<script>alert(1)</script> | *bold* [x](y)',
    mfaEnabled: false,
    email: 'evil"@example.com',
    webLink: 'javascript:alert(1)',
  });
  const plain = user('plain', {
    displayName: 'Plain User',
    mfaEnabled: false,
    webLink: 'https://console.jumpcloud.com/#/users/plain/details?a=1&b=(2)',
  });
  const laptop = device('laptop', { encrypted: false });
  return Graph.from(
    [org, evil, plain, laptop],
    [relate(org, 'HAS', evil), relate(org, 'HAS', plain), relate(plain, 'HAS', laptop)],
  );
}

function report(graph = hostileGraph(), maxRows?: number) {
  const answers = answerQuestions(graph, questions, { now: NOW });
  return buildReport(graph, answers, {
    graphDirectory: '.j1-integration/graph',
    now: NOW,
    maxRows,
  });
}

describe('buildReport', () => {
  test('one section per question with its count, rows and Admin Console links', () => {
    const built = report();
    expect(built.sections).toHaveLength(questions.length);
    expect(built.evaluatedAt).toBe('2026-03-01T00:00:00.000Z');
    const mfa = built.sections.find((s) => s.id === QuestionIds.USERS_WITHOUT_MFA);
    expect(mfa).toMatchObject({ anchor: 'users-without-mfa', count: 2, resultsAre: 'BAD' });
    expect(mfa?.columns).toEqual(['Username', 'Email', 'State']);
    expect(mfa?.rows.map((r) => [r.key, r.webLink])).toEqual([
      ['evil', undefined],
      ['plain', 'https://console.jumpcloud.com/#/users/plain/details?a=1&b=(2)'],
    ]);
    const owner = built.sections.find((s) => s.id === QuestionIds.DEVICES_WITHOUT_ENCRYPTION);
    expect(owner?.rows[0].values).toEqual([
      'laptop.local',
      'darwin',
      'plain@example.com',
      '2026-02-28',
    ]);
  });

  test('the row limit shortens the lists, never the counts', () => {
    const mfa = report(hostileGraph(), 1).sections.find(
      (s) => s.id === QuestionIds.USERS_WITHOUT_MFA,
    );
    expect(mfa).toMatchObject({ count: 2, omitted: 1 });
    expect(mfa?.rows).toHaveLength(1);
  });

  test('shows the organization column only for several organizations', () => {
    expect(report().showOrganization).toBe(false);
    const graph = hostileGraph();
    graph.addEntity(account('second'));
    const built = report(graph);
    expect(built.showOrganization).toBe(true);
    const mfa = built.sections.find((s) => s.id === QuestionIds.USERS_WITHOUT_MFA);
    expect(mfa?.rows.map((r) => r.organization)).toEqual(['Org & Co', 'Org & Co']);
  });

  test('only http(s) links are kept', () => {
    expect(safeWebLink('javascript:alert(1)')).toBeUndefined();
    expect(safeWebLink('data:text/html,x')).toBeUndefined();
    expect(safeWebLink('not a url')).toBeUndefined();
    expect(safeWebLink(42)).toBeUndefined();
    expect(safeWebLink('https://console.jumpcloud.com/#/users/1')).toBe(
      'https://console.jumpcloud.com/#/users/1',
    );
  });
});

describe('renderHtml', () => {
  const html = renderHtml(report());

  test('is self-contained: no script, no external resource', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).toContain("default-src 'none'");
  });

  test('escapes entity text and drops unsafe links', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | *bold* [x](y)');
    expect(html).toContain('evil&quot;@example.com');
    expect(html).not.toContain('javascript:');
    expect(html).toContain(
      '<a href="https://console.jumpcloud.com/#/users/plain/details?a=1&amp;b=(2)" target="_blank" rel="noopener noreferrer">Plain User</a>',
    );
  });

  test('has a count per question, in the summary and in the sections', () => {
    for (const question of questions) {
      expect(html).toContain(`data-question-id="${question.id}"`);
      expect(html).toContain(escapeHtml(question.title));
    }
    expect(html).toContain(`data-question-id="${QuestionIds.USERS_WITHOUT_MFA}" data-count="2"`);
    expect(html).toContain(`data-question-id="${QuestionIds.LOCKED_USERS}" data-count="0"`);
  });

  test('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(report());

  test('a summary table and one section per question with its J1QL', () => {
    expect(markdown).toMatch(/^# JumpCloud security questions/);
    for (const question of questions) {
      expect(markdown).toContain(
        `## ${questions.indexOf(question) + 1}. ${escapeMarkdown(question.title)}`,
      );
      for (const query of question.queries) expect(markdown).toContain(query.query);
    }
    expect(markdown).toContain(
      '| 1 | [Which JumpCloud users have no MFA and are not excluded from MFA?](#users-without-mfa) | BAD | 2 |',
    );
  });

  test('escapes table cells and links only to http(s)', () => {
    expect(markdown).toContain(
      '| \\<script\\>alert(1)\\</script\\> \\| \\*bold\\* \\[x\\](y) | evil |',
    );
    expect(markdown).not.toContain('javascript:');
    expect(markdown).toContain(
      '| [Plain User](<https://console.jumpcloud.com/#/users/plain/details?a=1&b=(2)>) | plain |',
    );
    expect(markdown).toContain('_No matching entities._');
  });

  test('escapeMarkdown keeps a cell on one line', () => {
    expect(escapeMarkdown('a\nb|c')).toBe('a b\\|c');
  });
});

describe('report CLI', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'report-cli-'));
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  test('parseArguments: defaults, flags, --flag=value, errors', () => {
    expect(parseArguments([], () => 5)).toMatchObject({ graph: '.j1-integration', now: 5 });
    expect(parseArguments(['--graph-dir', '/tmp/store/graph'])).toMatchObject({
      graph: '/tmp/store/graph',
    });
    expect(
      parseArguments([
        '--graph',
        'g',
        '--out=o',
        '--now',
        '2026-01-15T00:00:00Z',
        '--max-rows',
        '3',
      ]),
    ).toMatchObject({ graph: 'g', out: 'o', now: Date.parse('2026-01-15T00:00:00Z'), maxRows: 3 });
    expect(parseArguments(['--help'])).toBe('help');
    expect(() => parseArguments(['--now', 'yesterday'])).toThrow(UsageError);
    expect(() => parseArguments(['--max-rows', '-1'])).toThrow(UsageError);
    expect(() => parseArguments(['--graph'])).toThrow(UsageError);
    expect(() => parseArguments(['--bogus'])).toThrow(/unknown option --bogus/);
  });

  test('runReport writes report.md and report.html next to the graph', async () => {
    const alice = user('alice', { mfaEnabled: false });
    await fs.mkdir(path.join(root, 'graph/fetch-users/entities'), { recursive: true });
    await fs.writeFile(
      path.join(root, 'graph/fetch-users/entities/1.json'),
      JSON.stringify({ entities: [alice] }),
    );
    const result = await runReport({
      graph: root,
      now: NOW,
      questionsFile: loadQuestionDefinitionsFile(),
    });
    expect(result.markdownFile).toBe(path.join(root, 'report.md'));
    expect(result.htmlFile).toBe(path.join(root, 'report.html'));
    expect(await fs.readFile(result.markdownFile, 'utf8')).toContain('alice');
    expect(await fs.readFile(result.htmlFile, 'utf8')).toContain(
      `data-question-id="${QuestionIds.USERS_WITHOUT_MFA}" data-count="1"`,
    );
  });

  test('without --now, a graph from the demo is evaluated as of its demo.json, real data as of now', async () => {
    await fs.mkdir(path.join(root, 'graph/fetch-users/entities'), { recursive: true });
    await fs.writeFile(
      path.join(root, 'graph/fetch-users/entities/1.json'),
      JSON.stringify({ entities: [user('alice', { mfaEnabled: false })] }),
    );
    // Seen on 2026-01-10: recent as of the demo's date, long gone as of 2030.
    await fs.mkdir(path.join(root, 'graph/fetch-devices/entities'), { recursive: true });
    await fs.writeFile(
      path.join(root, 'graph/fetch-devices/entities/1.json'),
      JSON.stringify({
        entities: [device('laptop', { lastSeenOn: Date.UTC(2026, 0, 10), createdOn: 1 })],
      }),
    );
    const stale = (result: Awaited<ReturnType<typeof runReport>>) =>
      result.report.sections.find((s) => s.id === QuestionIds.DEVICES_NOT_SEEN)?.count;
    const clock = () => Date.UTC(2030, 0, 1);
    const real = await runReport({ ...parseOptions(['--graph', root], clock) });
    expect(real.report.evaluatedAt).toBe('2030-01-01T00:00:00.000Z');
    expect(real.demoAsOf).toBeUndefined();
    expect(stale(real)).toBe(1);

    await writeDemoRecord(root, { asOf: '2026-01-11T00:00:00.000Z', seed: 42, simulator: {} });
    const demo = await runReport({ ...parseOptions(['--graph', root], clock) });
    expect(demo.report.evaluatedAt).toBe('2026-01-11T00:00:00.000Z');
    expect(summarize(demo)).toContain('demo.json');
    // The questions themselves are asked as of the demo's date, not only the header.
    expect(stale(demo)).toBe(0);

    const pinned = await runReport({
      ...parseOptions(['--graph', root, '--now', '2027-05-05T00:00:00Z'], clock),
    });
    expect(pinned.report.evaluatedAt).toBe('2027-05-05T00:00:00.000Z');
  });

  test('main: 0 on --help, 2 on a usage error, with the usage on stderr', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--help'])).toBe(0);
      expect(stdout.mock.calls.join('')).toContain('Usage: npm run report');
      expect(await main(['--graph', path.join(root, 'nothing')])).toBe(2);
      expect(stderr.mock.calls.join('')).toContain('No collected graph under');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  test('runReport explains what to do when no graph was collected', async () => {
    await expect(
      runReport({
        graph: path.join(root, 'nothing'),
        now: NOW,
        questionsFile: loadQuestionDefinitionsFile(),
      }),
    ).rejects.toThrow(/npm run demo/);
  });
});

function loadQuestionDefinitionsFile(): string {
  return path.resolve(__dirname, '../../jupiterone/questions/questions.yaml');
}

function parseOptions(argv: string[], clock: () => number): ReportOptions {
  const options = parseArguments(argv, clock);
  if (options === 'help') throw new Error('unexpected help');
  return { ...options, questionsFile: loadQuestionDefinitionsFile() };
}

// A newcomer's report listed one user's devices, hostnames and bindings as separate lists in
// a "Why" column ("and 19 more"), so no one could tell which binding was direct.
describe('one row per match, with its own values', () => {
  const sudoQuestion = questions.filter(
    (q) => q.id === 'integration-question-jumpcloud-users-with-sudo',
  );

  test("a user with sudo on three devices: three rows, each binding's own direct", () => {
    const admin = user('admin', { username: 'admin', email: 'admin@example.com', sudo: false });
    const laptops = [1, 2, 3].map((n) =>
      device(`d${n}`, { displayName: `Laptop ${n}`, hostname: `laptop-${n}` }),
    );
    const graph = Graph.from(
      [account('org'), admin, ...laptops],
      laptops.map((laptop, n) =>
        relate(admin, 'ASSIGNED', laptop, { sudo: true, direct: n !== 1 }),
      ),
    );
    const report = buildReport(graph, answerQuestions(graph, sudoQuestion, { now: NOW }), {
      graphDirectory: 'g',
      now: NOW,
    });
    const [section] = report.sections;
    expect(section.count).toBe(1); // one user
    const column = (name: string) => section.columns.indexOf(name);
    expect(column('d.hostname')).toBeGreaterThanOrEqual(0);
    expect(column('binding.direct')).toBeGreaterThanOrEqual(0);
    const rows = section.rows.map((row) => [
      row.label,
      row.values[column('Found by')],
      row.values[column('d.hostname')],
      row.values[column('binding.direct')],
    ]);
    expect(rows.sort()).toEqual([
      ['admin', 'Users with sudo on a bound device', 'laptop-1', 'true'],
      ['admin', 'Users with sudo on a bound device', 'laptop-2', 'false'],
      ['admin', 'Users with sudo on a bound device', 'laptop-3', 'true'],
    ]);
    const markdown = renderMarkdown(report);
    expect(markdown).not.toMatch(/\| Why \|/);
    expect(markdown).not.toMatch(/and \d+ more/);
    expect(markdown).toContain('| laptop-2 | false |');
  });

  test('a demo graph says its links point at the stopped simulator', () => {
    const org = account('org', { webLink: 'http://127.0.0.1:40123/#/home' });
    const graph = Graph.from([org], []);
    const simulated = buildReport(graph, [], { graphDirectory: 'g', now: NOW, simulated: true });
    expect(renderMarkdown(simulated)).toContain(
      'names link to the simulator that served it, http://127.0.0.1:40123, and open only while it runs',
    );
    expect(renderHtml(simulated)).toContain('stopped when the demo ended');
    const real = buildReport(graph, [], { graphDirectory: 'g', now: NOW });
    expect(renderMarkdown(real)).toContain('Names link to the JumpCloud Admin Console.');
    expect(renderMarkdown(real)).not.toContain('simulator');
  });
});
