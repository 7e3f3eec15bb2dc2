import { linksSentence, Report, ReportSection, sectionTable } from './model';

/** Backslash-escapes the characters Markdown (CommonMark/GFM) could read as markup. */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]<>|&~]/g, (character) => `\\${character}`);
}

function link(label: string, url: string | undefined): string {
  // Angle-bracket destinations allow parentheses; URL.href already encodes spaces, < and >.
  return url ? `[${escapeMarkdown(label)}](<${url}>)` : escapeMarkdown(label);
}

function anchorId(anchor: string): string {
  return anchor.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

function fence(code: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(Math.max(3, longestRun + 1));
  return `${marks}\n${code}\n${marks}`;
}

function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function section(report: Report, section: ReportSection): string {
  const parts: string[] = [
    `<a id="${anchorId(section.anchor)}"></a>`,
    '',
    `## ${section.number}. ${escapeMarkdown(section.title)}`,
    '',
    `**${section.count}** ${section.count === 1 ? 'match' : 'matches'} · results are ${section.resultsAre}`,
    '',
    escapeMarkdown(section.description),
    '',
  ];
  for (const query of section.queries) {
    const label = query.name ? `J1QL: ${escapeMarkdown(query.name)}` : 'J1QL';
    parts.push(
      `${label}${query.resultsAre ? ` (${query.resultsAre})` : ''}`,
      '',
      fence(query.query),
      '',
    );
  }
  if (section.rows.length === 0) {
    parts.push('_No matching entities._', '');
    return parts.join('\n');
  }
  const { headers, rows } = sectionTable(report, section, escapeMarkdown, link);
  parts.push(
    table(
      headers,
      rows.map((row) => row.cells),
    ),
    '',
  );
  if (section.omitted > 0) {
    parts.push(`_${section.omitted} more not shown (row limit)._`, '');
  }
  return parts.join('\n');
}

export function renderMarkdown(report: Report): string {
  const organizations = report.organizations
    .map((organization) => link(organization.name, organization.webLink))
    .join(', ');
  const summary = table(
    ['#', 'Question', 'Results are', 'Matches'],
    report.sections.map((s) => [
      String(s.number),
      `[${escapeMarkdown(s.title)}](#${anchorId(s.anchor)})`,
      s.resultsAre,
      String(s.count),
    ]),
  );
  return [
    `# ${escapeMarkdown(report.title)}`,
    '',
    `Evaluated at ${report.evaluatedAt} on the graph in \`${report.graphDirectory.replace(/`/g, "'")}\` ` +
      `(${report.entityCount} entities, ${report.relationshipCount} relationships).`,
    '',
    `Organizations: ${organizations || '_none collected_'}`,
    '',
    'Each question below is a managed JupiterOne question (jupiterone/questions/questions.yaml), ' +
      `answered locally from the collected graph. ${escapeMarkdown(linksSentence(report))}`,
    '',
    summary,
    '',
    ...report.sections.map((s) => section(report, s)),
  ].join('\n');
}
