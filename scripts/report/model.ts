/**
 * The report as data: what both writers (Markdown and HTML) render. Building it is pure, so
 * the writers only format and escape.
 */
import { Entities } from '../../src/steps/constants';
import { compareText, Graph, GraphEntity } from '../query/graph';
import {
  entityLabel,
  formatDate,
  Match,
  QuestionAnswer,
  QuestionQuery,
  ResultsAre,
} from './questions';

export interface ReportRow {
  key: string;
  label: string;
  /** Admin Console link, only when it is an http(s) URL. */
  webLink?: string;
  organization?: string;
  /** Values of the section's `columns`, in order: the entity's, then this match's own. */
  values: string[];
  /** Why it matched, when the columns do not say it (kept for callers; not set by buildReport). */
  detail?: string;
}

export interface ReportSection {
  id: string;
  /** Short anchor for links inside the report, e.g. `users-without-mfa`. */
  anchor: string;
  number: number;
  title: string;
  description: string;
  resultsAre: ResultsAre;
  queries: QuestionQuery[];
  /** Entities that match (one may be several rows). */
  count: number;
  columns: string[];
  /** One per match: an entity and one result row of the query that found it. */
  rows: ReportRow[];
  /** Rows left out by the row limit. */
  omitted: number;
}

export interface Report {
  title: string;
  evaluatedAt: string;
  graphDirectory: string;
  entityCount: number;
  relationshipCount: number;
  entityCounts: Record<string, number>;
  organizations: Array<{ name: string; webLink?: string }>;
  showOrganization: boolean;
  sections: ReportSection[];
  /**
   * Set for simulated data (`npm run demo`): the origin its links point at, the simulator
   * that served the demo, which stopped when the demo ended.
   */
  simulatedAt?: string;
}

/**
 * A section's table, for either writer: the name (linked), the organization when the report
 * spans several, the question's columns, and why, when any row says; every cell escaped by the
 * writer's `escape`, the name linked by its `link`.
 */
export function sectionTable(
  report: Pick<Report, 'showOrganization'>,
  section: Pick<ReportSection, 'rows' | 'columns'>,
  escape: (text: string) => string,
  link: (label: string, url: string | undefined) => string,
): { headers: string[]; rows: Array<{ key: string; cells: string[] }> } {
  const withDetail = section.rows.some((row) => row.detail);
  const headers = [
    'Name',
    ...(report.showOrganization ? ['Organization'] : []),
    ...section.columns,
    ...(withDetail ? ['Why'] : []),
  ].map(escape);
  const rows = section.rows.map((row) => ({
    key: row.key,
    cells: [
      link(row.label, row.webLink),
      ...(report.showOrganization ? [escape(row.organization ?? '')] : []),
      ...row.values.map(escape),
      ...(withDetail ? [escape(row.detail ?? '')] : []),
    ],
  }));
  return { headers, rows };
}

/** Where the report's links go, said once at its top. */
export function linksSentence(report: Pick<Report, 'simulatedAt'>): string {
  return report.simulatedAt
    ? `Simulated data: names link to the simulator that served it, ${report.simulatedAt}, ` +
        "and open only while it runs (the demo's simulator stopped when the demo ended). On a " +
        'collection of your own organization they open the JumpCloud Admin Console.'
    : 'Names link to the JumpCloud Admin Console.';
}

interface Column {
  header: string;
  value: (entity: GraphEntity, graph: Graph) => unknown;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  return String(value);
}

function owner(device: GraphEntity, graph: Graph): string {
  const owners = graph.related(device._key, 'HAS', Entities.USER._type).map((n) => n.entity);
  if (owners.length > 0)
    return owners.map((user) => text(user.email) || entityLabel(user)).join(', ');
  return text(device.owner ?? device.email);
}

const COLUMNS_BY_TYPE: Record<string, Column[]> = {
  [Entities.USER._type]: [
    { header: 'Username', value: (e) => e.username },
    { header: 'Email', value: (e) => e.email },
    { header: 'State', value: (e) => e.state },
  ],
  [Entities.DEVICE._type]: [
    { header: 'Hostname', value: (e) => e.hostname },
    { header: 'Platform', value: (e) => e.platform },
    { header: 'Owner', value: owner },
    { header: 'Last contact', value: (e) => formatDate(e.lastSeenOn) },
  ],
  [Entities.APPLICATION._type]: [
    { header: 'SSO type', value: (e) => e.ssoType },
    { header: 'Active', value: (e) => e.active },
    { header: 'IdP certificate expires', value: (e) => formatDate(e.idpCertExpiresOn) },
  ],
  [Entities.GROUP._type]: [
    { header: 'Membership', value: (e) => e.membershipMethod },
    { header: 'Description', value: (e) => e.description },
  ],
  [Entities.ASSET_DEVICE._type]: [
    { header: 'Status', value: (e) => e.assetStatus },
    { header: 'Serial', value: (e) => e.serial },
    { header: 'Owner', value: (e) => e.owner ?? e.ownerName },
    { header: 'Warranty expires', value: (e) => formatDate(e.warrantyExpiresOn) },
  ],
  [Entities.APPLE_MDM._type]: [
    { header: 'DEP token', value: (e) => e.depServerTokenState },
    { header: 'APNs certificate expires', value: (e) => formatDate(e.apnsCertExpiresOn) },
  ],
};

const DEFAULT_COLUMNS: Column[] = [{ header: 'Type', value: (e) => e._type }];

export function safeWebLink(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function organizationsByEntityKey(graph: Graph): {
  names: Map<string, string>;
  organizations: Report['organizations'];
} {
  const names = new Map<string, string>();
  const accounts = [...graph.entitiesOfType(Entities.ACCOUNT._type)];
  accounts.sort((a, b) => compareText(entityLabel(a), entityLabel(b)));
  for (const account of accounts) {
    for (const type of Object.keys(COLUMNS_BY_TYPE)) {
      for (const { entity } of graph.related(account._key, 'HAS', type)) {
        if (!names.has(entity._key)) names.set(entity._key, entityLabel(account));
      }
    }
  }
  return {
    names,
    organizations: accounts.map((account) => ({
      name: entityLabel(account),
      webLink: safeWebLink(account.webLink),
    })),
  };
}

/** The origin the accounts' links point at (the simulator's address for a demo graph). */
function simulatorOrigin(organizations: Report['organizations']): string {
  for (const organization of organizations) {
    if (organization.webLink) return new URL(organization.webLink).origin;
  }
  return 'a local address';
}

export interface BuildReportOptions {
  graphDirectory: string;
  now: number;
  /** Maximum rows per question; the count always covers every match. */
  maxRows?: number;
  title?: string;
  /** The graph came from the demo: its links point at the (stopped) simulator. */
  simulated?: boolean;
}

export function buildReport(
  graph: Graph,
  answers: QuestionAnswer[],
  options: BuildReportOptions,
): Report {
  const { names, organizations } = organizationsByEntityKey(graph);
  const showOrganization = organizations.length > 1;
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;

  const sections = answers.map((answer, index): ReportSection => {
    const types = [...new Set(answer.findings.map((finding) => finding.entity._type))];
    const columns =
      types.length === 1 ? (COLUMNS_BY_TYPE[types[0]] ?? DEFAULT_COLUMNS) : DEFAULT_COLUMNS;
    // One row per match: an entity found by several result rows (a user bound to three
    // devices) gets a row for each, with that row's own values in their own columns.
    const matchColumns: string[] = [];
    for (const finding of answer.findings) {
      for (const match of finding.matches) {
        for (const name of Object.keys(match.values)) {
          if (!matchColumns.includes(name)) matchColumns.push(name);
        }
      }
    }
    const byQuery = answer.findings.some((f) => f.matches.some((m) => m.query));
    const all = answer.findings.flatMap(({ entity, matches }) =>
      (matches.length > 0 ? matches : [{ values: {} } as Match]).map((match) => ({
        entity,
        match,
      })),
    );
    const shown = all.slice(0, maxRows);
    return {
      id: answer.question.id,
      anchor: answer.question.id.replace(/^integration-question-jumpcloud-/, ''),
      number: index + 1,
      title: answer.question.title,
      description: answer.question.description,
      resultsAre: answer.resultsAre,
      queries: answer.question.queries,
      count: answer.findings.length,
      columns: [
        ...columns.map((column) => column.header),
        ...(byQuery ? ['Found by'] : []),
        ...matchColumns,
      ],
      rows: shown.map(({ entity, match }) => ({
        key: entity._key,
        label: entityLabel(entity),
        webLink: safeWebLink(entity.webLink),
        organization: names.get(entity._key),
        values: [
          ...columns.map((column) => text(column.value(entity, graph))),
          ...(byQuery ? [match.query ?? ''] : []),
          ...matchColumns.map((name) => match.values[name] ?? ''),
        ],
      })),
      omitted: all.length - shown.length,
    };
  });

  return {
    title: options.title ?? 'JumpCloud security questions',
    evaluatedAt: new Date(options.now).toISOString(),
    graphDirectory: options.graphDirectory,
    entityCount: graph.entityCount,
    relationshipCount: graph.relationshipCount,
    entityCounts: graph.typeCounts().entities,
    organizations,
    showOrganization,
    sections,
    ...(options.simulated ? { simulatedAt: simulatorOrigin(organizations) } : {}),
  };
}
