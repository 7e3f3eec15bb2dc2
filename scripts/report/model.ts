/**
 * The report as data: what both writers (Markdown and HTML) render. Building it is pure, so
 * the writers only format and escape.
 */
import { Entities } from '../../src/steps/constants';
import { compareText, Graph, GraphEntity } from '../query/graph';
import { entityLabel, formatDate, QuestionAnswer, QuestionQuery, ResultsAre } from './questions';

export interface ReportRow {
  key: string;
  label: string;
  /** Admin Console link, only when it is an http(s) URL. */
  webLink?: string;
  organization?: string;
  /** Values of the section's `columns`, in order. */
  values: string[];
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
  count: number;
  columns: string[];
  rows: ReportRow[];
  /** Matches left out of `rows` by the row limit. */
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

export interface BuildReportOptions {
  graphDirectory: string;
  now: number;
  /** Maximum rows per question; the count always covers every match. */
  maxRows?: number;
  title?: string;
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
    const shown = answer.findings.slice(0, maxRows);
    return {
      id: answer.question.id,
      anchor: answer.question.id.replace(/^integration-question-jumpcloud-/, ''),
      number: index + 1,
      title: answer.question.title,
      description: answer.question.description,
      resultsAre: answer.resultsAre,
      queries: answer.question.queries,
      count: answer.findings.length,
      columns: columns.map((column) => column.header),
      rows: shown.map(({ entity, detail }) => ({
        key: entity._key,
        label: entityLabel(entity),
        webLink: safeWebLink(entity.webLink),
        organization: names.get(entity._key),
        values: columns.map((column) => text(column.value(entity, graph))),
        detail,
      })),
      omitted: answer.findings.length - shown.length,
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
  };
}
